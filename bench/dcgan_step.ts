/**
 * The DCGAN training step on 28 x 28 images (the package's `dcganGenerator` and
 * `dcganDiscriminator`, batch 64, Adam, non-saturating loss, synthetic data) on the native
 * backend: ms per step after two warm-up steps, and the slowest kernels of one profiled step.
 * Usage: `deno run -A bench/dcgan_step.ts [steps=10] [threads=1]`; with `serve` for steps
 * (bench/dcgan_paired.ts), a ready line and then one timed step per "step" line on stdin,
 * answered with `{"ms": ...}`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../lib/backend/mod.ts";
import { dcganDiscriminator, dcganGenerator } from "../lib/models/mod.ts";
import { uniformPrior } from "../lib/latent/mod.ts";
import { nonSaturatingLoss } from "../lib/losses/minimax.ts";
import { adam, createTrainer } from "../lib/train/mod.ts";
import type { Rng } from "../lib/random.ts";
import { median } from "./timing.ts";
import { serveSteps } from "./paired.ts";

const serve = Deno.args[0] === "serve";
const steps = serve ? 0 : Number(Deno.args[0] ?? 10);
const threads = Number(Deno.args[1] ?? 1);
registerNativeBackend({ threads });
if (!(await tf.setBackend(NATIVE_BACKEND))) throw new Error("the native backend did not start");
const batch = 64;
const data = Float32Array.from({ length: batch * 784 }, (_, i) => (i % 7) / 7);
const trainer = createTrainer({
  generator: dcganGenerator({ latentDim: 100, imageShape: [28, 28, 1], seed: 1 }),
  discriminator: dcganDiscriminator({ imageShape: [28, 28, 1], seed: 2 }),
  loss: nonSaturatingLoss(),
  prior: uniformPrior(100),
  sampleReal: (m: number, _rng: Rng) => tf.tensor4d(data.slice(0, m * 784), [m, 28, 28, 1]),
  batchSize: batch,
  dOptimizer: adam(),
  gOptimizer: adam(),
  seed: 1,
});
await trainer.train(2);
if (serve) {
  await serveSteps({ backend: NATIVE_BACKEND, threads }, () => trainer.step());
  Deno.exit(0);
}
const ms: number[] = [];
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  await trainer.step();
  ms.push(performance.now() - t0);
}
console.log(
  `DCGAN step (28x28, batch ${batch}, native, ${threads} thread(s)): median ${
    median(ms).toFixed(0)
  } ms over ${steps} steps`,
);
const profile = await tf.profile(async () => {
  await trainer.step();
});
const byKernel = new Map<string, number>();
for (const k of profile.kernels) {
  if (!k.name.endsWith("__op")) {
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  }
}
console.log(
  "slowest kernels of one step (ms): " +
    [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", "),
);
