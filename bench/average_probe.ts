/**
 * Exploration for issue 12 (beyond the paper): from a checkpoint of the main MNIST run, keep
 * training the authors' recipe (optionally with the learning rate annealed linearly over
 * `--anneal` steps, to 1/100 of the starting rate) and score exponential moving averages of G's
 * weights (one per `--decays` entry) next to G itself, every `--eval-every` steps: Parzen with
 * the paper's protocol and the classifier-feature Frechet distance, one JSON line each.
 *
 *   deno run -A bench/average_probe.ts --from WORK/simultaneous-seed1/eval-step100000 \
 *     --steps 10000 --eval-every 2000 --decays 0.999,0.9999 [--anneal 10000] --out probe.jsonl
 *
 * The averages are kept here with plain tfjs variables (`avg <- beta avg + (1 - beta) theta`),
 * independently of the library's `generatorAverage`, so the two can be compared on the same
 * trajectory. The training itself is the preset's; the averages do not feed back.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { mnistOutputBias, paperMnistTrainer } from "../experiments/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist } from "../lib/data/mnist.ts";
import { Rng } from "../lib/random.ts";
import { generateRows } from "../experiments/samples.ts";
import { paperMnistGenerator } from "../lib/models/paper.ts";
import { setLearningRate } from "../lib/train/optimizers.ts";
import { appendRow, scoreSamples } from "./probe_score.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    from: { type: "string" },
    steps: { type: "string", default: "10000" },
    "eval-every": { type: "string", default: "2500" },
    decays: { type: "string", default: "0.999,0.9999" },
    anneal: { type: "string", default: "0" },
    out: { type: "string", default: "average_probe.jsonl" },
  },
});
await initBackend();
const mnist = await loadMnist();
const trainer = paperMnistTrainer(mnist, { seed: 1, update: "simultaneous" });
if (values.from) await trainer.restore(values.from);
const start = trainer.stepCount;
const steps = Number(values.steps), every = Number(values["eval-every"]);
const decays = values.decays.split(",").map(Number);
const anneal = Number(values.anneal);
const gw = trainer.generator.trainableWeights.map((w) => w.read());
const emas = decays.map((d) => ({ d, w: gw.map((w) => tf.variable(w.clone(), false)) }));
const evalG = paperMnistGenerator({ seed: 1, outputBias: mnistOutputBias(mnist) });
const lr0 = 0.1 / Math.pow(1.000004, start);
async function score(name: string, g: typeof evalG) {
  const rng = new Rng(1).fork(`eval-${trainer.stepCount}`);
  const samples = await generateRows(g, trainer.prior, 10000, rng);
  await appendRow(values.out, {
    step: trainer.stepCount,
    name,
    ...await scoreSamples(samples, mnist, false),
  });
}
let t = 0;
await trainer.train(steps, {
  onStep: async () => {
    t++;
    if (anneal > 0) {
      const f = Math.max(0.01, 1 - t / anneal);
      setLearningRate(trainer.gOptimizer, lr0 * f);
      setLearningRate(trainer.dOptimizer, lr0 * f);
    }
    tf.tidy(() => {
      const cur = trainer.generator.trainableWeights.map((w) => w.read());
      for (const e of emas) {
        e.w.forEach((v, i) => v.assign(v.mul(e.d).add(cur[i].mul(1 - e.d))));
      }
    });
    if (t % every === 0) {
      await score("G", trainer.generator);
      for (const e of emas) {
        evalG.setWeights(e.w);
        await score(`ema${e.d}`, evalG);
      }
    }
  },
});
