/**
 * Exploration for issue 12 (beyond the paper): a uniform average of G's weights over saved
 * snapshots (stochastic weight averaging on snapshots, Izmailov et al. 2018), computed after the
 * fact from the `eval-stepN` checkpoints that `bench/mnist_seeds.ts` writes. The mean is taken in
 * float64 over G's own weights (the iterate, not the run's moving average) of every listed
 * checkpoint, and scored with the paper's Parzen protocol and the classifier-feature Frechet
 * distance on the evaluation noise stream of the last checkpoint's step (`--noise-seed` other than
 * 1 draws another set of 10,000 samples, to see how much the score moves with the samples); one
 * JSON line. `--figure PATH` also saves Figure 2 of the averaged G there (PNG; drawn from the
 * evaluation stream after the scored samples, as bench/mnist_seeds.ts does).
 *
 *   deno run -A bench/snapshot_average.ts --work WORK/simultaneous-avg0.9999-seed1 \
 *     --steps 105000,110000,...,200000 --out snapshots.jsonl
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { mnistFigure2, mnistOutputBias, paperMnistTrainer } from "../experiments/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist } from "../lib/data/mnist.ts";
import { Rng } from "../lib/random.ts";
import { generateRows } from "../experiments/samples.ts";
import { appendRow, scoreSamples } from "./probe_score.ts";
import { savePng } from "../lib/display/files.ts";
import { paperMnistGenerator } from "../lib/models/paper.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    work: { type: "string" },
    steps: { type: "string" },
    "held-out": { type: "boolean", default: false },
    out: { type: "string", default: "snapshot_average.jsonl" },
    "noise-seed": { type: "string", default: "1" },
    figure: { type: "string" },
  },
});
if (!values.work || !values.steps) {
  throw new TypeError("snapshot_average needs --work DIR and --steps S1,S2,...");
}
const steps = values.steps.split(",").map(Number);
if (steps.some((s) => !Number.isInteger(s) || s <= 0)) {
  throw new RangeError(`--steps must be positive integers: --steps=${values.steps}`);
}
await initBackend();
const mnist = await loadMnist();
const trainer = paperMnistTrainer(mnist, { seed: 1, update: "simultaneous" });
let sums: Float64Array[] | null = null;
for (const step of steps) {
  await trainer.restore(join(values.work, `eval-step${step}`));
  if (trainer.stepCount !== step) {
    throw new RangeError(`checkpoint eval-step${step} holds step ${trainer.stepCount}`);
  }
  const ws = trainer.generator.getWeights();
  const data = await Promise.all(ws.map((w) => w.data() as Promise<Float32Array>));
  sums ??= data.map((d) => new Float64Array(d.length));
  data.forEach((d, i) => d.forEach((v, j) => sums![i][j] += v));
}
const shapes = trainer.generator.getWeights().map((w) => w.shape);
const mean = sums!.map((s, i) =>
  tf.tensor(Float32Array.from(s, (v) => v / steps.length), shapes[i])
);
const evalG = paperMnistGenerator({ seed: 1, outputBias: mnistOutputBias(mnist) });
evalG.setWeights(mean);
tf.dispose(mean);
const last = steps.at(-1)!;
const noiseSeed = Number(values["noise-seed"]);
const rng = new Rng(noiseSeed).fork(`eval-${last}`);
const samples = await generateRows(evalG, trainer.prior, 10000, rng);
const scores = await scoreSamples(samples, mnist, values["held-out"]);
if (values.figure) {
  const fig = await mnistFigure2(evalG, trainer.prior, mnist, rng);
  await savePng(values.figure, fig.figure2);
}
const row = {
  work: values.work,
  snapshots: steps,
  noiseSeed,
  ...scores,
};
await appendRow(values.out, row);
trainer.dispose();
Deno.exit(0);
