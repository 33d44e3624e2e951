/**
 * Where the compiled paper-MNIST step (simultaneous, batch 100, synthetic data) spends its sgemm
 * time: every product's shape, ms per step and GFLOP/s, and the step's total against its sgemm
 * part. Usage: `deno run -A bench/sgemm_shapes.ts [threads=1]`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../lib/backend/mod.ts";
import { openBlas } from "../lib/backend/blas.ts";
import { paperMnistGan } from "../lib/models/mod.ts";
import { uniformPrior } from "../lib/latent/mod.ts";
import { nonSaturatingLoss } from "../lib/losses/minimax.ts";
import { createTrainer, sgdMomentum } from "../lib/train/mod.ts";
import type { Rng } from "../lib/random.ts";
const threads = Number(Deno.args[0] ?? 1);
const info = registerNativeBackend({ threads });
await tf.setBackend(NATIVE_BACKEND);
// The library object the backend calls (openBlas returns the opened object for its path).
const blas = openBlas([info.path]);
const orig = blas.sgemm.bind(blas);
const stats = new Map<string, { ms: number; n: number; flop: number }>();
let on = false;
blas.sgemm = (...args: Parameters<typeof orig>) => {
  const [ta, tb, m, n, k] = args;
  const t0 = performance.now();
  orig(...args);
  if (!on) return;
  const key = `${ta ? "T" : "N"}${tb ? "T" : "N"} ${m}x${n}x${k}`;
  const s = stats.get(key) ?? { ms: 0, n: 0, flop: 0 };
  s.ms += performance.now() - t0;
  s.n++;
  s.flop += 2 * m * n * k;
  stats.set(key, s);
};
const data = Float32Array.from({ length: 100 * 784 }, (_, i) => (i % 7) / 7);
const { generator, discriminator } = paperMnistGan({ seed: 7 });
const t = createTrainer({
  generator,
  discriminator,
  loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
  prior: uniformPrior(100),
  sampleReal: (m: number, _rng: Rng) => tf.tensor2d(data.slice(), [m, 784]),
  batchSize: 100,
  dOptimizer: sgdMomentum(),
  gOptimizer: sgdMomentum(),
  seed: 7,
  update: "simultaneous",
});
await t.train(3);
on = true;
const steps = 30;
const t0 = performance.now();
await t.train(steps);
const total = (performance.now() - t0) / steps;
let sms = 0, sf = 0;
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  sms += s.ms;
  sf += s.flop;
  console.log(
    k.padEnd(22),
    (s.ms / steps).toFixed(2),
    "ms/step",
    (s.flop / s.ms / 1e6).toFixed(1),
    "GFLOP/s",
    s.n / steps,
    "calls/step",
  );
}
console.log(
  `step ${total.toFixed(1)} ms; sgemm ${(sms / steps).toFixed(1)} ms, ${
    (sf / steps / 1e9).toFixed(3)
  } GFLOP/step, ${(sf / sms / 1e6).toFixed(1)} GFLOP/s`,
);
