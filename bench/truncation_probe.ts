/**
 * Exploration for issue 12 (beyond the paper): the sampling temperature of a trained MNIST G.
 * Loads a checkpoint of `bench/mnist_seeds.ts` (with `--average`, the averaged G is scored; else
 * G) and scores samples drawn with the noise scaled by each `--scales` entry (z ~ c U(-sqrt 3,
 * sqrt 3)^100: c < 1 is the "truncation trick" of Brock et al. 2019 / the temperature of Kingma &
 * Dhariwal 2018), with the paper's Parzen protocol and the classifier-feature Frechet distance,
 * one JSON line each. Training is not touched: this only changes how samples are drawn.
 *
 *   deno run -A bench/truncation_probe.ts --from WORK/simultaneous-avg0.9999-seed1/eval-step160000 \
 *     --average 0.9999 --scales 1,0.9,0.8 --out truncation.jsonl
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { paperMnistTrainer } from "../experiments/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist } from "../lib/data/mnist.ts";
import { Rng } from "../lib/random.ts";
import { generateRows } from "../experiments/samples.ts";
import { appendRow, scoreSamples } from "./probe_score.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    from: { type: "string" },
    average: { type: "string" },
    scales: { type: "string", default: "1,0.9,0.8" },
    "held-out": { type: "boolean", default: false },
    out: { type: "string", default: "truncation.jsonl" },
  },
});
if (!values.from) throw new TypeError("truncation_probe needs --from CHECKPOINT_DIR");
await initBackend();
const mnist = await loadMnist();
const trainer = paperMnistTrainer(mnist, {
  seed: 1,
  update: "simultaneous",
  ...(values.average ? { generatorAverage: { decay: Number(values.average) } } : {}),
});
await trainer.restore(values.from);
const g = trainer.averagedGenerator ?? trainer.generator;

/** The trainer's prior with every draw multiplied by `c`. */
function scaled(prior: NoisePrior, c: number): NoisePrior {
  const fill = (out: Float32Array, n: number, rng: Rng) => {
    prior.fill(out, n, rng);
    for (let i = 0; i < n * prior.dim; i++) out[i] *= c;
    return out;
  };
  return {
    kind: prior.kind,
    dim: prior.dim,
    fill,
    sample: (n, rng) => tf.tensor2d(fill(new Float32Array(n * prior.dim), n, rng), [n, prior.dim]),
    toJSON: () => ({ ...prior.toJSON(), scale: c }),
  };
}

for (const c of values.scales.split(",").map(Number)) {
  // The same noise stream as bench/mnist_seeds.ts's evaluation at this step, scaled.
  const rng = new Rng(1).fork(`eval-${trainer.stepCount}`);
  const samples = await generateRows(g, scaled(trainer.prior, c), 10000, rng);
  await appendRow(values.out, {
    from: values.from,
    step: trainer.stepCount,
    scored: values.average ? `average ${values.average}` : "G",
    scale: c,
    ...await scoreSamples(samples, mnist, values["held-out"]),
  });
}
trainer.dispose();
Deno.exit(0);
