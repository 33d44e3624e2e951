import assert from "node:assert";
import { modeMetrics } from "../../lib/eval/mod.ts";
import { gridMixture, ringMixture } from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

// A 2-D isotropic Gaussian sample lies within r = 3 std of its centre with probability
// P(chi^2_2 <= 9) = 1 - exp(-9/2). Neighbouring modes are >= 25 std apart here, so the chance
// of a sample being nearer another mode is negligible (< 1e-30).
const P_WITHIN_3_STD = 1 - Math.exp(-4.5); // 0.988891

for (
  const [name, mixture, n] of [["ring", ringMixture(), 20000], [
    "grid",
    gridMixture(),
    25000,
  ]] as const
) {
  Deno.test(`modeMetrics() of true ${name} samples: all modes, ${P_WITHIN_3_STD.toFixed(4)} high quality`, () => {
    const { x } = mixture.sampleWithModes(n, new Rng(8));
    const m = modeMetrics(x, mixture);
    assert.strictEqual(m.modesCaptured, mixture.centres.length);
    // Binomial standard error sqrt(p (1 - p) / n) ~ 7e-4; allow 4 of them.
    const se = Math.sqrt(P_WITHIN_3_STD * (1 - P_WITHIN_3_STD) / n);
    assertClose(m.highQualityFraction, P_WITHIN_3_STD, { atol: 4 * se });
    // Multinomial noise alone gives E[KL] ~ (K - 1) / (2 N); allow 10x.
    assert.ok(
      m.reverseKL < (10 * (mixture.centres.length - 1)) / (2 * n),
      `reverseKL=${m.reverseKL}`,
    );
  });
}

Deno.test("modeMetrics() of a one-mode generator: 1 mode, reverse KL log K", () => {
  const ring = ringMixture();
  const rng = new Rng(4);
  const [cx, cy] = ring.centres[3];
  const samples = Array.from(
    { length: 500 },
    () => [cx + 0.01 * rng.normal(), cy + 0.01 * rng.normal()],
  );
  const m = modeMetrics(samples, ring);
  assert.strictEqual(m.modesCaptured, 1);
  assert.ok(m.counts[3] > 0 && m.counts.every((c, i) => i === 3 || c === 0));
  assertClose(m.reverseKL, Math.log(8), { atol: 1e-15 });
});

Deno.test("modeMetrics() matches hand counts on a constructed example", () => {
  const spec = { centres: [[0, 0], [2, 0], [0, 2], [2, 2]] as [number, number][], std: 0.1 };
  // High quality within 3 * 0.1 = 0.3 of the nearest mode.
  const samples = [
    [0.1, 0], // mode 0, high quality
    [0.29, 0], // mode 0, high quality
    [0.31, 0], // mode 0, too far
    [2, 2.2], // mode 3, high quality
    [1.1, 1.2], // mode 3 (1.45 vs 1.85 and 2.25 squared), too far
  ];
  const m = modeMetrics(samples, spec);
  assert.deepStrictEqual(Array.from(m.nearestMode), [0, 0, 0, 3, 3]);
  assert.deepStrictEqual(Array.from(m.counts), [2, 0, 0, 1]);
  assert.deepStrictEqual([m.n, m.modes, m.modesCaptured, m.highQualityCount], [5, 4, 2, 3]);
  assert.strictEqual(m.highQualityFraction, 0.6);
  assertClose(m.reverseKL, (2 / 3) * Math.log(8 / 3) + (1 / 3) * Math.log(4 / 3), { atol: 1e-15 });
  // A wider threshold admits the two far samples.
  const wide = modeMetrics(samples, spec, { threshold: 20 });
  assert.deepStrictEqual(Array.from(wide.counts), [3, 0, 0, 2]);
  // Interleaved input gives the same result.
  assert.deepStrictEqual(modeMetrics(samples.flat(), spec), m);
});

Deno.test("modeMetrics() gives NaN reverse KL when no sample is high quality", () => {
  const m = modeMetrics([10, 10], ringMixture());
  assert.deepStrictEqual([m.modesCaptured, m.highQualityCount], [0, 0]);
  assert.ok(Number.isNaN(m.reverseKL));
});

Deno.test("modeMetrics() rejects empty, odd or non-finite samples and bad specs", () => {
  const ring = ringMixture();
  assert.throws(() => modeMetrics([], ring), /samples must not be empty: samples.length=0/);
  assert.throws(() => modeMetrics([1, 2, 3], ring), /even length: samples.length=3/);
  assert.throws(() => modeMetrics([[1, 2, 3]], ring), /2-D points: samples\[0\]=\[1,2,3\]/);
  assert.throws(() => modeMetrics([1, NaN], ring), /must be finite: value NaN at flat index 1/);
  assert.throws(
    () => modeMetrics([0, 0], { centres: [], std: 1 }),
    /spec.centres must not be empty/,
  );
  assert.throws(() => modeMetrics([0, 0], { centres: [[0, 0]], std: 0 }), /spec.std=0/);
  assert.throws(() => modeMetrics([0, 0], ring, { threshold: -1 }), /threshold=-1/);
  assert.throws(() => modeMetrics(null as unknown as number[], ring), TypeError);
});
