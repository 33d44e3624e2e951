/**
 * The compiled step against tfjs's op chain, in one process on the native backend: two trainers
 * built alike (`compiled: true` / `false`) step in alternation, one step each per cycle, so drift
 * hits both; prints the median ms per step of each, their median per-cycle ratio, and how far
 * their records drifted apart (float32 rounding only: the updates are the same).
 *
 * Usage: `deno run -A bench/compiled_ab.ts [--steps=N] [--models=toy2d,toy2d-adam,mnist]`
 * (mnist: the paper preset with the simultaneous step, on MNIST; needs the MNIST files).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist, ringMixture } from "../lib/data/mod.ts";
import { gaussianPrior } from "../lib/latent/mod.ts";
import { ganLoss } from "../lib/losses/mod.ts";
import { mlpDiscriminator, mlpGenerator } from "../lib/models/mod.ts";
import { adam, createTrainer, sgdMomentum, type Trainer } from "../lib/train/mod.ts";
import { paperMnistTrainer } from "../experiments/mnist.ts";

const args = new Map(Deno.args.map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const steps = Number(args.get("steps") ?? 60);
const models = (args.get("models") ?? "toy2d,toy2d-adam,mnist").split(",");

const info = await initBackend({ backend: "native" });

function toy(compiled: boolean, withAdam: boolean): Trainer {
  const init = { kind: "uniform" as const, scale: 0.15 };
  const ring = ringMixture();
  const optimizer = withAdam ? adam({ lr: 1e-3, beta1: 0.5, beta2: 0.999 }) : sgdMomentum({
    lr: 0.01,
  });
  return createTrainer({
    generator: mlpGenerator({ latentDim: 2, outputShape: [2], hidden: [128, 128], init, seed: 0 }),
    discriminator: mlpDiscriminator({ inputShape: [2], hidden: [128, 128], init, seed: 1 }),
    loss: ganLoss("non-saturating"),
    prior: gaussianPrior(2),
    sampleReal: (m, rng) => ring.sample(m, rng),
    batchSize: 100,
    dOptimizer: optimizer,
    gOptimizer: optimizer,
    seed: 0,
    compiled,
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `# compiled step vs op chain, ${info.backend} (${info.threads} thread), ${steps} cycles`,
);
console.log(
  "model      | compiled ms | op chain ms | op chain / compiled | max rel. diff of losses",
);
console.log(
  "-----------|-------------|-------------|---------------------|------------------------",
);
for (const model of models) {
  let pair: [Trainer, Trainer];
  if (model === "mnist") {
    const mnist = await loadMnist();
    pair = [
      paperMnistTrainer(mnist, { seed: 1, compiled: true }),
      paperMnistTrainer(mnist, { seed: 1, compiled: false }),
    ];
  } else {
    pair = [toy(true, model === "toy2d-adam"), toy(false, model === "toy2d-adam")];
  }
  const [a, b] = pair;
  if (!a.compiledStep.compiled) throw new Error(`not compiled: ${a.compiledStep.reason}`);
  await a.train(3);
  await b.train(3);
  const ta: number[] = [], tb: number[] = [], ratios: number[] = [];
  let drift = 0;
  for (let i = 0; i < steps; i++) {
    const first = i % 2 === 0 ? a : b;
    const second = first === a ? b : a;
    const r1 = await first.step(), r2 = await second.step();
    const [ra, rb] = first === a ? [r1, r2] : [r2, r1];
    ta.push(ra.ms);
    tb.push(rb.ms);
    ratios.push(rb.ms / ra.ms);
    for (const key of ["dLoss", "gLoss"] as const) {
      drift = Math.max(drift, Math.abs(ra[key] - rb[key]) / Math.max(Math.abs(rb[key]), 1e-6));
    }
  }
  console.log(
    `${model.padEnd(10)} | ${median(ta).toFixed(2).padStart(11)} | ${
      median(tb).toFixed(2).padStart(11)
    } | ${median(ratios).toFixed(2).padStart(19)} | ${drift.toExponential(1)}`,
  );
  for (const t of pair) t.dispose();
  tf.disposeVariables();
}
