import assert from "node:assert";
import fc from "fast-check";
import { featureStatistics, frechetDistance } from "../../lib/eval/mod.ts";
import { symmetricEigen } from "../../lib/eval/symmetric_eigen.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose } from "../_helpers.ts";
import fixture from "./frechet_fixture.json" with { type: "json" };

/** A A^T for a random [d, r] matrix A: PSD of rank <= r. */
function randomPsd(d: number, r: number, rng: Rng): Float64Array {
  const a = Float64Array.from({ length: d * r }, () => rng.normal());
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < r; k++) c[i * d + j] += a[i * r + k] * a[j * r + k];
    }
  }
  return c;
}

const diag = (v: number[]) => {
  const d = v.length, c = new Float64Array(d * d);
  v.forEach((x, i) => c[i * d + i] = x);
  return c;
};

Deno.test("symmetricEigen() reconstructs A = V diag(w) V^T with orthonormal V", () => {
  const rng = new Rng(5);
  for (const [d, r] of [[1, 1], [7, 7], [30, 4], [64, 64]]) {
    const a = randomPsd(d, r, rng);
    const { values, vectors } = symmetricEigen(a, d);
    let scale = 0;
    a.forEach((x) => scale = Math.max(scale, Math.abs(x)));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let rec = 0, dot = 0;
        for (let k = 0; k < d; k++) {
          rec += vectors[i * d + k] * values[k] * vectors[j * d + k];
          dot += vectors[k * d + i] * vectors[k * d + j];
        }
        assertClose(rec, a[i * d + j], { atol: 1e-12 * scale, msg: `A d=${d} [${i},${j}]` });
        assertClose(dot, i === j ? 1 : 0, { atol: 1e-12, msg: `V^T V d=${d} [${i},${j}]` });
      }
    }
  }
});

Deno.test("frechetDistance() is (mu1 - mu2)^2 + (s1 - s2)^2 in 1-D", () => {
  for (const [m1, s1, m2, s2] of [[0, 1, 0, 1], [1, 2, 3, 3], [-2, 0, 5, 0.5], [0, 1e-3, 0, 1e3]]) {
    const d = frechetDistance([m1], [s1 * s1], [m2], [s2 * s2]);
    assertClose(d, (m1 - m2) ** 2 + (s1 - s2) ** 2, { rtol: 1e-12, atol: 1e-15 });
  }
});

Deno.test("frechetDistance() of diagonal covariances is ||mu1-mu2||^2 + sum (sqrt a - sqrt b)^2", () => {
  const a = [4, 1, 0, 9, 2.5], b = [1, 1, 3, 16, 0.1];
  const mu1 = [1, 2, 3, 4, 5], mu2 = [0, 2, 1, 4, 7];
  const expected = 1 + 4 + 4 +
    a.reduce((s, x, i) => s + (Math.sqrt(x) - Math.sqrt(b[i])) ** 2, 0);
  assertClose(frechetDistance(mu1, diag(a), mu2, diag(b)), expected, { rtol: 1e-12 });
});

Deno.test("frechetDistance() of identical distributions is 0, also singular ones (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (
      d,
      r,
      seed,
    ) => {
      const rng = new Rng(seed);
      const c = randomPsd(d, r, rng), mu = Float64Array.from({ length: d }, () => rng.normal());
      const trace = Array.from({ length: d }, (_, i) => c[i * d + i]).reduce((s, x) => s + x);
      assertClose(frechetDistance(mu, c, mu, c), 0, { atol: 1e-10 * trace });
    }),
    { seed: 7, numRuns: 60 },
  );
});

Deno.test("frechetDistance() is symmetric and agrees with commuting covariances' closed form", () => {
  const rng = new Rng(9), d = 12;
  const c1 = randomPsd(d, d, rng), c2 = randomPsd(d, 5, rng);
  const mu1 = new Float64Array(d), mu2 = new Float64Array(d).fill(0.5);
  // C2 is singular: sqrt amplifies rounding near eigenvalue 0 (sqrt(1e-16) = 1e-8), so the two
  // orders agree to ~1e-9 relative, not to the last digit.
  assertClose(frechetDistance(mu1, c1, mu2, c2), frechetDistance(mu2, c2, mu1, c1), {
    rtol: 1e-8,
  });
  // C2 = 4 C1 commutes with C1: d^2 = ||mu1 - mu2||^2 + tr(C1) (1 - 2)^2 = 3 + tr(C1).
  const trace = Array.from({ length: d }, (_, i) => c1[i * d + i]).reduce((s, x) => s + x);
  assertClose(frechetDistance(mu1, c1, mu2, c1.map((x) => 4 * x)), 3 + trace, { rtol: 1e-10 });
});

Deno.test(`frechetDistance() matches scipy.linalg.sqrtm (scipy ${fixture.scipy}), also with a singular covariance`, () => {
  for (const { d, mu1, cov1, mu2, cov2, frechet } of fixture.cases) {
    assertClose(frechetDistance(mu1, cov1, mu2, cov2), frechet, { rtol: 1e-7, msg: `d=${d}` });
  }
});

Deno.test("featureStatistics() gives the mean and the n-1 covariance (numpy np.cov)", () => {
  const rng = new Rng(2), n = 50, dim = 3;
  const x = Float32Array.from({ length: n * dim }, () => rng.normal());
  const { mean, cov } = featureStatistics(x, n, dim);
  for (let i = 0; i < dim; i++) {
    let m = 0;
    for (let r = 0; r < n; r++) m += x[r * dim + i];
    assertClose(mean[i], m / n, { atol: 1e-14 });
  }
  const expected: number[] = [];
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += (x[r * dim + i] - mean[i]) * (x[r * dim + j] - mean[j]);
      expected.push(s / (n - 1));
    }
  }
  assertAllClose(cov, expected, { atol: 1e-13 });
});

Deno.test("frechetDistance() and featureStatistics() reject bad input, naming the argument", () => {
  const c = [1, 0, 0, 1];
  assert.throws(() => frechetDistance("x" as unknown as number[], c, [0, 0], c), {
    name: "TypeError",
    message: /mu1 must be a Float64Array/,
  });
  assert.throws(() => frechetDistance([0, 0], c, [0], c), { name: "RangeError", message: /mu2/ });
  assert.throws(() => frechetDistance([0, 0], [1, 0, 0], [0, 0], c), {
    name: "RangeError",
    message: /cov1 must be \[d, d\]/,
  });
  assert.throws(() => frechetDistance([0, 0], c, [0, 0], [1, 2, 0, 1]), {
    name: "RangeError",
    message: /cov2 must be symmetric/,
  });
  assert.throws(() => frechetDistance([0, 0], c, [0, 0], [1, 0, 0, -1]), {
    name: "RangeError",
    message: /cov2 must be positive semi-definite/,
  });
  assert.throws(() => frechetDistance([NaN, 0], c, [0, 0], c), {
    name: "RangeError",
    message: /mu1 must be finite: mu1\[0\]=NaN/,
  });
  assert.throws(() => frechetDistance([], [], [], []), { name: "RangeError", message: /empty/ });
  assert.throws(() => featureStatistics([1, 2], 1, 2), { name: "RangeError", message: /n=1/ });
  assert.throws(() => featureStatistics([1, 2, 3], 2, 2), {
    name: "RangeError",
    message: /features.length=3/,
  });
  assert.throws(() => featureStatistics([1, 2], 2, 0), { name: "RangeError", message: /dim=0/ });
});
