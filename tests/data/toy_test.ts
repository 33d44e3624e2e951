import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { gaussian1d, gaussianMixture2d, gridMixture, ringMixture } from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose, useBackend } from "../_helpers.ts";

Deno.test("gaussian1d() has the normal density and matching sample moments", async () => {
  await useBackend("cpu");
  const p = gaussian1d({ mean: 4, std: 0.5 });
  // Fixture: python3 -c "from scipy.stats import norm; print(norm(4, 0.5).pdf(3.3))" (scipy 1.17).
  assertClose(p.pdf(3.3), 0.2994549312714896, { rtol: 1e-14 });
  const n = 20000;
  const x = p.sample(n, new Rng(1));
  assert.deepStrictEqual(x.shape, [n, 1]);
  const v = x.dataSync() as Float32Array;
  x.dispose();
  const mean = v.reduce((s, a) => s + a, 0) / n;
  const variance = v.reduce((s, a) => s + (a - mean) ** 2, 0) / n;
  // Standard errors: mean 0.5 / sqrt(n) = 0.0035; variance 0.25 sqrt(2 / n) = 0.0025.
  assertClose(mean, 4, { atol: 4 * 0.0035 });
  assertClose(variance, 0.25, { atol: 4 * 0.0025 });
  assert.throws(() => gaussian1d({ std: 0 }), /std=0/);
});

Deno.test("ringMixture() and gridMixture() place the PacGAN modes", () => {
  const ring = ringMixture();
  assert.strictEqual(ring.std, 0.01);
  assert.strictEqual(ring.centres.length, 8);
  for (const [x, y] of ring.centres) assertClose(Math.hypot(x, y), 1, { atol: 1e-15 });
  assertClose(ring.centres[2][1], 1, { atol: 1e-15 });
  const grid = gridMixture();
  assert.strictEqual(grid.std, 0.05);
  const coords = new Set(grid.centres.map(([x, y]) => `${x},${y}`));
  for (const x of [-4, -2, 0, 2, 4]) {
    for (const y of [-4, -2, 0, 2, 4]) assert.ok(coords.has(`${x},${y}`));
  }
  assert.strictEqual(coords.size, 25);
  assert.strictEqual(ringMixture({ modes: 3, radius: 2, std: 0.1 }).centres.length, 3);
  assert.throws(() => ringMixture({ modes: 0 }), /modes=0/);
  assert.throws(() => gridMixture({ spacing: -1 }), /spacing=-1/);
});

Deno.test("gaussianMixture2d().pdf integrates to 1 and logPdf stays finite far away", () => {
  const p = gaussianMixture2d([[0, 0], [1, 0.5]], { std: 0.2, weights: [1, 3] });
  // Midpoint rule on [-2, 3]^2 with h = 0.01: error far below 1e-6 for these smooth bumps.
  const h = 0.01;
  let total = 0;
  for (let x = -2 + h / 2; x < 3; x += h) {
    for (let y = -2 + h / 2; y < 3; y += h) total += p.pdf(x, y) * h * h;
  }
  assertClose(total, 1, { atol: 1e-6 });
  // Weights normalise to (0.25, 0.75); at (1, 0.5) the first bump is 1.25 away in squared distance.
  const expected = (0.75 + 0.25 * Math.exp(-1.25 / (2 * 0.04))) / (2 * Math.PI * 0.04);
  assertClose(p.pdf(1, 0.5), expected, { rtol: 1e-12 });
  // 100 std away exp underflows; the log-sum-exp form does not.
  const far = p.logPdf(20, 0);
  assert.ok(Number.isFinite(far) && far < -4000, `far=${far}`);
});

Deno.test("gaussianMixture2d() samples modes with their weights and the right spread", async () => {
  await useBackend("cpu");
  const p = gaussianMixture2d([[0, 0], [5, 5], [-5, 5]], { std: 0.3, weights: [0.5, 0.3, 0.2] });
  const n = 30000;
  const { x, modes } = p.sampleWithModes(n, new Rng(6));
  const counts = [0, 0, 0];
  let sq = 0;
  for (let i = 0; i < n; i++) {
    counts[modes[i]]++;
    const [cx, cy] = p.centres[modes[i]];
    sq += (x[2 * i] - cx) ** 2 + (x[2 * i + 1] - cy) ** 2;
  }
  // Binomial sd sqrt(n w (1 - w)) <= 87; allow 4 sd.
  [0.5, 0.3, 0.2].forEach((w, k) =>
    assert.ok(Math.abs(counts[k] - n * w) < 4 * 87, `counts=${counts}`)
  );
  // E||v - c||^2 = 2 std^2 = 0.18, sd of the mean 0.18 / sqrt(n).
  assertClose(sq / n, 0.18, { atol: 4 * 0.18 / Math.sqrt(n) });
  // Same seed, same samples; the tensor form matches the arrays.
  const t = p.sample(10, new Rng(6));
  assert.deepStrictEqual(Array.from(t.dataSync()), Array.from(x.subarray(0, 20)));
  t.dispose();
  assert.strictEqual(tf.memory().numTensors, 0);
});

Deno.test("gaussianMixture2d() rejects empty centres, bad std and bad weights", () => {
  assert.throws(() => gaussianMixture2d([], { std: 1 }), /centres.length=0/);
  assert.throws(() => gaussianMixture2d([[0, NaN]], { std: 1 }), /centres\[0\]=\[0,null\]/);
  assert.throws(() => gaussianMixture2d([[0, 0]], { std: -1 }), /std=-1/);
  assert.throws(() => gaussianMixture2d([[0, 0]], { std: 1, weights: [1, 2] }), /weights=\[1,2\]/);
  assert.throws(() => gaussianMixture2d([[0, 0]], { std: 1, weights: [0] }), /weights=\[0\]/);
  assert.throws(() => ringMixture().sample(0, new Rng(0)), /m=0/);
});

Deno.test("the data factories refuse misspelt option keys, naming the key and the nearest valid one", () => {
  const cases: Array<[() => unknown, string, string]> = [
    [() => gridMixture({ size: 0 } as never), "size", "side"],
    [() => ringMixture({ mode: 4 } as never), "mode", "modes"],
    [() => gaussian1d({ stddev: 2 } as never), "stddev", "std"],
    [() => gaussianMixture2d([[0, 0]], { std: 1, weight: [1] } as never), "weight", "weights"],
  ];
  for (const [build, key, nearest] of cases) {
    assert.throws(build, (e: Error) => {
      assert.ok(e instanceof TypeError, String(e));
      assert.ok(
        e.message.includes(`option "${key}" is unknown (did you mean "${nearest}"?`),
        e.message,
      );
      return true;
    });
  }
  assert.throws(() => gridMixture({ side: 0 }), /side must be a positive integer: side=0/);
  assert.throws(() => ringMixture({ std: -1 }), /std must be positive and finite: std=-1/);
});
