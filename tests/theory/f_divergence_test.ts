import assert from "node:assert";
import fc from "fast-check";
import {
  alphaGenerator,
  fDivergence,
  fenchelLowerBound,
  type FGenerator,
  fGenerators,
  ganGenerator,
  jensenShannon,
  jensenShannonGenerator,
  klDivergence,
  klGenerator,
  l1Generator,
  neymanGenerator,
  pearsonGenerator,
  reverseKlGenerator,
  squaredHellingerGenerator,
  totalVariationGenerator,
} from "../../lib/theory/mod.ts";
import { assertClose } from "../_helpers.ts";
import { distributionPair } from "./_arbitraries.ts";

const ALL: FGenerator[] = [
  ...Object.values(fGenerators),
  alphaGenerator(2),
  alphaGenerator(0.5),
  alphaGenerator(-1),
  alphaGenerator(3),
];

/** Direct sums, written independently of fDivergence (p, q > 0 where used). */
function direct(name: string, p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const [a, b] = [p[i], q[i]];
    if (name === "total-variation") d += Math.abs(a - b) / 2;
    if (name === "l1") d += Math.abs(a - b);
    if (name === "pearson") d += (a - b) ** 2 / b;
    if (name === "neyman") d += (a - b) ** 2 / a;
    if (name === "squared-hellinger") d += (Math.sqrt(a) - Math.sqrt(b)) ** 2;
  }
  return d;
}

Deno.test("fDivergence() with the JS generator equals jensenShannon(), on random pairs", () => {
  fc.assert(
    fc.property(distributionPair(), ([p, q]) => {
      const viaF = fDivergence(p, q, jensenShannonGenerator);
      const gan = fDivergence(p, q, ganGenerator);
      const js = jensenShannon(p, q);
      // The GAN generator gives JS - log 4 (f-GAN Table 1: 2 JSD - log 4).
      return Math.abs(viaF - js) <= 1e-12 && Math.abs(gan - (js - 2 * Math.LN2)) <= 1e-12;
    }),
    { seed: 16, numRuns: 1000 },
  );
});

Deno.test("fDivergence() matches KL, reverse KL and the direct sums of the named generators", () => {
  fc.assert(
    fc.property(distributionPair(), ([p, q]) => {
      const kl = klDivergence(p, q);
      const fkl = fDivergence(p, q, klGenerator);
      const rkl = klDivergence(q, p);
      const frkl = fDivergence(p, q, reverseKlGenerator);
      const close = (x: number, y: number) => x === y || Math.abs(x - y) <= 1e-12 * (1 + y);
      if (!close(fkl, kl) || !close(frkl, rkl)) return false;
      const positive = p.every((v, i) => v > 0 && q[i] > 0);
      if (!positive) return true;
      for (const name of ["total-variation", "l1", "pearson", "neyman", "squared-hellinger"]) {
        if (!close(fDivergence(p, q, fGenerators[name]), direct(name, p, q))) return false;
      }
      return true;
    }),
    { seed: 17, numRuns: 1000 },
  );
  // Total variation is half the seed's |u - 1| version.
  assertClose(fDivergence([1, 0], [0, 1], totalVariationGenerator), 1, { atol: 1e-15 });
  assertClose(fDivergence([1, 0], [0, 1], l1Generator), 2, { atol: 1e-15 });
  // alpha = 2 is half of Pearson chi^2; alpha = 1/2 is twice squared Hellinger:
  // (sqrt u - 1 - (u - 1)/2) / (-1/4) = 2 (sqrt u - 1)^2.
  const [p, q] = [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]];
  assertClose(fDivergence(p, q, alphaGenerator(2)), fDivergence(p, q, pearsonGenerator) / 2, {
    atol: 1e-15,
  });
  assertClose(
    fDivergence(p, q, alphaGenerator(0.5)),
    2 * fDivergence(p, q, squaredHellingerGenerator),
    { atol: 1e-15 },
  );
});

Deno.test("fDivergence() uses f(0) and lim f(u)/u on disjoint supports", () => {
  const [p, q] = [[1, 0], [0, 1]];
  assert.strictEqual(fDivergence(p, q, klGenerator), Infinity);
  assert.strictEqual(fDivergence(p, q, reverseKlGenerator), Infinity);
  assert.strictEqual(fDivergence(p, q, neymanGenerator), Infinity);
  assertClose(fDivergence(p, q, squaredHellingerGenerator), 2, { atol: 1e-15 });
  assertClose(fDivergence(p, q, jensenShannonGenerator), 2 * Math.LN2, { atol: 1e-15 });
  // A plain function needs slopeAtInfinity for p > 0 = q.
  assert.throws(() => fDivergence(p, q, (u) => Math.abs(u - 1)), /slopeAtInfinity/);
  assert.strictEqual(fDivergence(p, q, (u) => Math.abs(u - 1), { slopeAtInfinity: 1 }), 2);
});

Deno.test("each generator's conjugate equals sup_u (t u - f(u)) numerically", () => {
  // Maximise t u - f(u) on a log-spaced grid of u in [1e-8, 1e8], then refine by golden section.
  const sup = (g: FGenerator, t: number) => {
    let best = -Infinity;
    let bestU = 0;
    const candidates = [0];
    for (let k = -800; k <= 800; k++) candidates.push(Math.pow(10, k / 100));
    for (const u of candidates) {
      const v = t * u - g.f(u);
      if (v > best) [best, bestU] = [v, u];
    }
    let [lo, hi] = [bestU / 1.03, bestU * 1.03 + 1e-12];
    for (let i = 0; i < 200; i++) {
      const a = hi - (hi - lo) / 1.618033988749895, b = lo + (hi - lo) / 1.618033988749895;
      if (t * a - g.f(a) > t * b - g.f(b)) hi = b;
      else lo = a;
    }
    return Math.max(best, t * lo - g.f(lo));
  };
  for (const g of ALL) {
    const { min, max } = g.conjugateDomain;
    // Points well inside the domain, where the supremum is attained at a finite u.
    const inner = [-3, -1, -0.3, 0, 0.2, 0.45].filter((t) =>
      t > Math.max(min, -1e9) + 0.05 && t < Math.min(max, 1e9) - 0.05
    );
    assert.ok(inner.length >= 3, g.name);
    for (const t of inner) {
      const exact = g.conjugate(t);
      assertClose(exact, sup(g, t), { atol: 1e-6, rtol: 1e-6, msg: `${g.name} t=${t}` });
      // Fenchel-Young: f*(t) >= t u - f(u) for every u.
      for (const u of [0, 0.1, 1, 7]) {
        assert.ok(exact >= t * u - g.f(u) - 1e-12, `${g.name} t=${t} u=${u}`);
      }
    }
    if (max < Infinity && !g.conjugateDomain.maxInclusive) {
      assert.strictEqual(g.conjugate(max + 0.01), Infinity, `${g.name} beyond max`);
    }
  }
});

Deno.test("each generator's activation lands in its conjugate's domain, for v in [-30, 30]", () => {
  for (const g of ALL) {
    const { min, max, minInclusive, maxInclusive } = g.conjugateDomain;
    for (let v = -30; v <= 30; v += 0.25) {
      const t = g.activation(v);
      const inside = (minInclusive ? t >= min : t > min) && (maxInclusive ? t <= max : t < max);
      assert.ok(inside || (t === max && v > 20), `${g.name}: g_f(${v})=${t}`);
      assert.ok(Number.isFinite(g.conjugate(t)) || v > 20, `${g.name}: f*(g_f(${v}))`);
    }
  }
});

Deno.test("fenchelLowerBound() never exceeds D_f and is tight at T = f'(p/q)", () => {
  const fPrime: Record<string, (u: number) => number> = {
    kl: (u) => 1 + Math.log(u),
    "reverse-kl": (u) => -1 / u,
    pearson: (u) => 2 * (u - 1),
    "squared-hellinger": (u) => 1 - 1 / Math.sqrt(u),
    "jensen-shannon": (u) => Math.log((2 * u) / (u + 1)),
    gan: (u) => Math.log(u / (u + 1)),
  };
  fc.assert(
    fc.property(
      distributionPair(),
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }),
      ([p, q], raw) => {
        for (const [name, d] of Object.entries(fPrime)) {
          const g = fGenerators[name];
          const t = Array.from(p, (_, i) => g.activation(raw[i]));
          if (fenchelLowerBound(p, q, t, g) > fDivergence(p, q, g) + 1e-9) return false;
          if (p.every((v, i) => v > 0 && q[i] > 0)) {
            const tight = Array.from(p, (v, i) => d(v / q[i]));
            const bound = fenchelLowerBound(p, q, tight, g);
            if (Math.abs(bound - fDivergence(p, q, g)) > 1e-9) return false;
          }
        }
        return true;
      },
    ),
    { seed: 2016, numRuns: 300 },
  );
});
