import assert from "node:assert";
import fc from "fast-check";
import { crossEntropy, entropy, gridDensity1d, klDivergence } from "../../lib/theory/mod.ts";
import { assertClose } from "../_helpers.ts";
import { distributionPair } from "./_arbitraries.ts";

// Fixtures from scipy 1.17.1 / numpy 2.4.6, produced with python3:
//   from scipy.stats import entropy; from scipy.special import rel_entr
//   entropy(v) for each vector; entropy(a, b) (= KL, natural log); rel_entr(a, b).sum()
const P = [0.1, 0.2, 0.3, 0.4];
const Q = [0.25, 0.25, 0.4, 0.1];
const R = [0.5, 0.0, 0.25, 0.25];
const S = [0.05, 0.15, 0.0, 0.8];
const SCIPY_ENTROPY: Array<[number[], number]> = [
  [P, 1.2798542258336676],
  [Q, 1.2899219826090118],
  [R, 1.0397207708399179],
  [S, 0.6128694524619496],
];
const SCIPY_KL: Array<[number[], number[], number]> = [
  [P, Q, 0.3319553392621645],
  [Q, P, 0.2613019636658146],
  [P, R, Infinity],
  [R, S, Infinity],
  [P, S, Infinity],
];
// rng = np.random.default_rng(2014); a = rng.dirichlet(np.ones(10)); b = rng.dirichlet(np.ones(10) * 0.5)
const A = [
  0.30906843512713983,
  0.05587198636065837,
  0.005737366721830631,
  0.05221930883282243,
  0.18230935486045247,
  0.11250080215752473,
  0.08755685253334347,
  0.06746522412908773,
  0.013769445853257577,
  0.11350122342388277,
];
const B = [
  0.0030837148898282744,
  0.0006270636184926193,
  0.030262223374722896,
  0.029936400703417465,
  0.5793172564513768,
  0.004967914125049098,
  0.13110778588256194,
  0.04706179348292951,
  0.05855421867184028,
  0.11508162879978111,
];
// entropy(a), entropy(b), entropy(a, b), entropy(b, a), rel_entr(a, b).sum()
const AB = { ha: 1.965062575193199, hb: 1.401144865102724, klab: 1.8020451751187285 };
const BA_KL = 0.7932506094523551;

Deno.test("entropy() equals log n, for the uniform distribution", () => {
  for (const n of [1, 2, 3, 10, 1000]) {
    assertClose(entropy(new Float64Array(n).fill(1 / n)), Math.log(n), { atol: 1e-12 });
  }
  assert.strictEqual(entropy([0, 1, 0]), 0); // 0 log 0 = 0, a point mass has no entropy
});

Deno.test("entropy() and klDivergence() match scipy.stats.entropy on fixed vectors", () => {
  for (const [v, h] of SCIPY_ENTROPY) assertClose(entropy(v), h, { rtol: 1e-14 });
  for (const [a, b, kl] of SCIPY_KL) {
    if (kl === Infinity) assert.strictEqual(klDivergence(a, b), Infinity);
    else assertClose(klDivergence(a, b), kl, { rtol: 1e-14 });
  }
  assertClose(entropy(A), AB.ha, { rtol: 1e-14 });
  assertClose(entropy(B), AB.hb, { rtol: 1e-14 });
  assertClose(klDivergence(A, B), AB.klab, { rtol: 1e-14 }); // also scipy.special.rel_entr(a, b).sum()
  assertClose(klDivergence(B, A), BA_KL, { rtol: 1e-14 });
});

Deno.test("klDivergence() is Infinity only without absolute continuity, 0 log 0 = 0", () => {
  assert.strictEqual(klDivergence([0.5, 0.5, 0], [0.5, 0.25, 0.25]), 0.5 * Math.log(2));
  assert.strictEqual(klDivergence([0.5, 0.5], [1, 0]), Infinity);
  assert.strictEqual(klDivergence([0.3, 0.7], [0.3, 0.7]), 0);
});

Deno.test("crossEntropy() equals H(P) + KL(P||Q), on random distributions", () => {
  fc.assert(
    fc.property(distributionPair(), ([p, q]) => {
      const kl = klDivergence(p, q);
      const ce = crossEntropy(p, q);
      if (kl === Infinity) return ce === Infinity;
      return Math.abs(ce - (entropy(p) + kl)) <= 1e-12 * (1 + ce);
    }),
    { seed: 11, numRuns: 500 },
  );
});

Deno.test("klDivergence() of two Gaussians on a fine grid equals the analytic value", () => {
  // KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
  const normal = (m: number, s: number) => (x: number) =>
    Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
  const cases = [[0, 1, 1, 2], [0.5, 0.7, -1, 1.3], [0, 1, 0, 1]];
  for (const [m1, s1, m2, s2] of cases) {
    const grid = { min: -15, max: 15, n: 6000 };
    const p = gridDensity1d(normal(m1, s1), grid).masses;
    const q = gridDensity1d(normal(m2, s2), grid).masses;
    const exact = Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
    // The midpoint rule on a smooth, fast-decaying integrand: error far below 1e-9 at dx = 0.005.
    assertClose(klDivergence(p, q), exact, { atol: 1e-9 });
  }
  // Entropy of the discretised N(0, 1): h - log dx with h = 1/2 log(2 pi e).
  const g = gridDensity1d(normal(0, 1), { min: -15, max: 15, n: 6000 });
  assertClose(entropy(g.masses), 0.5 * Math.log(2 * Math.PI * Math.E) - Math.log(g.dx), {
    atol: 1e-9,
  });
});
