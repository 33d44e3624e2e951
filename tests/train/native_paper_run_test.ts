import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { paperMnistGan } from "../../lib/models/mod.ts";
import { uniformPrior } from "../../lib/latent/mod.ts";
import { nonSaturatingLoss } from "../../lib/losses/minimax.ts";
import { createTrainer, sgdMomentum } from "../../lib/train/mod.ts";
import type { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

// Needs a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

/** Three steps of the paper's MNIST preset (as runMnist builds it) at batch 10 on `backend`. */
async function paperRun(backend: string) {
  assert.ok(await tf.setBackend(backend));
  const { generator, discriminator } = paperMnistGan({ seed: 7 });
  const trainer = createTrainer({
    generator,
    discriminator,
    loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
    prior: uniformPrior(100),
    // Pixel-like data in [0, 1) from the trainer's data stream: no MNIST files needed.
    sampleReal: (m: number, rng: Rng) =>
      tf.tensor2d(Float32Array.from({ length: m * 784 }, () => rng.next()), [m, 784]),
    batchSize: 10,
    dOptimizer: sgdMomentum(),
    gOptimizer: sgdMomentum(),
    seed: 7,
  });
  const records = await trainer.train(3);
  const g0 = await generator.weights[0].read().data();
  trainer.dispose();
  generator.dispose();
  discriminator.dispose();
  return { records, g0: Array.from(g0.slice(0, 50)) };
}

Deno.test("a seeded paper-preset run gives the same losses on native (fused, in place) and cpu", async () => {
  const cpu = await paperRun("cpu");
  const native = await paperRun(NATIVE_BACKEND);
  // The only differences: BLAS sums products in another order than the cpu kernel (float32
  // rounding of 784- to 1200-term dot products, ~1e-7 relative), amplified over 3 steps.
  for (const [i, a] of native.records.entries()) {
    const b = cpu.records[i];
    for (const key of ["dLoss", "gLoss", "dReal", "dFake", "dGradNorm", "gGradNorm"] as const) {
      assertClose(a[key], b[key], { rtol: 1e-4, atol: 0, msg: `step ${i + 1} ${key}` });
    }
  }
  for (let j = 0; j < cpu.g0.length; j++) {
    assertClose(native.g0[j], cpu.g0[j], { rtol: 1e-4, atol: 1e-7, msg: `G weight ${j}` });
  }
  assert.strictEqual(native.records.length, 3);
});
