import assert from "node:assert";
import fc from "fast-check";
import {
  jensenShannon,
  klDivergence,
  lemmaF,
  lemmaFDerivative,
  lemmaFMaximum,
  lemmaG,
  lemmaL,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";
import { randomDistribution } from "./_arbitraries.ts";

const nonNegative = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.double({ min: 1e-8, max: 1e4, noNaN: true }) },
);

Deno.test("sqrt L(p, q) <= sqrt L(p, r) + sqrt L(r, q) on random (p, q, r) in R_+^3", () => {
  fc.assert(
    fc.property(nonNegative, nonNegative, nonNegative, (p, q, r) => {
      const lhs = Math.sqrt(lemmaL(p, q));
      const rhs = lemmaF(p, q, r);
      // rounding of L is relative to p + q + r (cancellation near p = q)
      assert.ok(lhs <= rhs + 1e-12 * Math.sqrt(1 + p + q + r), `p=${p} q=${q} r=${r}`);
    }),
    { seed: 15, numRuns: 5000 },
  );
});

Deno.test("lemmaFDerivative() (eq. 2 via g) matches eq. 2's first form and central differences", () => {
  const rng = new Rng(2);
  for (let t = 0; t < 300; t++) {
    const p = 10 * rng.next(), q = 10 * rng.next(), r = 10 * rng.next() + 1e-3;
    if (Math.abs(r - p) < 1e-2 || Math.abs(r - q) < 1e-2) continue;
    const d = lemmaFDerivative(p, q, r);
    // first line of eq. 2: dL/dr (p, r) = log(2r / (p + r)), by symmetry of L also for (r, q)
    const direct = Math.log(2 * r / (p + r)) / (2 * Math.sqrt(lemmaL(p, r))) +
      Math.log(2 * r / (r + q)) / (2 * Math.sqrt(lemmaL(r, q)));
    assertClose(d, direct, { rtol: 1e-9, atol: 1e-12, msg: `p=${p} q=${q} r=${r}` });
    const h = 1e-6 * r;
    const fd = (lemmaF(p, q, r + h) - lemmaF(p, q, r - h)) / (2 * h);
    assertClose(d, fd, { rtol: 1e-5, atol: 1e-6, msg: `finite difference p=${p} q=${q} r=${r}` });
  }
});

Deno.test("f(p, q, .) has equal minima sqrt L(p, q) at p and q and one maximum between", () => {
  for (const [p, q] of [[1, 4], [0.2, 0.3], [7, 0.01], [1e-3, 1e3]]) {
    const floor = Math.sqrt(lemmaL(p, q));
    assertClose(lemmaF(p, q, p), floor, { atol: 1e-15 });
    assertClose(lemmaF(p, q, q), floor, { atol: 1e-15 });
    const { r: top, value } = lemmaFMaximum(p, q);
    const [lo, hi] = [Math.min(p, q), Math.max(p, q)];
    assert.ok(top > lo && top < hi);
    // eq. 2 is 0 there; f rises from lo to top, falls to hi, rises again beyond hi
    assert.ok(Math.abs(lemmaG(p / top) + lemmaG(q / top)) < 1e-9);
    const grid = Array.from({ length: 401 }, (_, i) => lo * Math.pow(hi / lo, -0.5 + i / 200));
    const f = grid.map((r) => lemmaF(p, q, r));
    for (let i = 1; i < grid.length; i++) {
      const [a, b, r] = [grid[i - 1], grid[i], grid[i]];
      if ([lo, top, hi].some((x) => a <= x && x <= b)) continue; // a turning point in [a, b]
      const rising = (a > lo && b < top) || a > hi;
      if (rising) assert.ok(f[i] > f[i - 1], `not rising at r=${r} (p=${p}, q=${q})`);
      else assert.ok(f[i] < f[i - 1], `not falling at r=${r} (p=${p}, q=${q})`);
      assert.ok(f[i] >= floor - 1e-14);
      assert.ok(f[i] <= value + 1e-14 || r < lo || r > hi);
    }
  }
});

Deno.test("g maps (0, 1) into (0, 1) and (1, inf) into (-1, 0), so eq. 2's sign follows", () => {
  for (let i = 1; i < 1000; i++) {
    const x = i / 1000;
    assert.ok(lemmaG(x) > 0 && lemmaG(x) < 1, `g(${x})`);
    const y = 1 + Math.pow(10, -6 + (12 * i) / 1000);
    assert.ok(lemmaG(y) < 0 && lemmaG(y) > -1, `g(${y})`);
  }
});

Deno.test("KL fails the triangle inequality and is asymmetric; sqrt JS satisfies it there", () => {
  const p = [1, 0], q = [0.5, 0.5], r = [0.25, 0.75];
  // KL(P||R) = log 4 > KL(P||Q) + KL(Q||R) = log 2 + (log 2 + log(2/3)) / 2
  assertClose(klDivergence(p, r), Math.log(4), { atol: 1e-15 });
  assert.ok(klDivergence(p, r) > klDivergence(p, q) + klDivergence(q, r) + 0.5);
  assert.ok(Math.abs(klDivergence(q, r) - klDivergence(r, q)) > 0.01);
  assert.strictEqual(klDivergence(q, p), Infinity);
  const d = (a: number[], b: number[]) => Math.sqrt(jensenShannon(a, b));
  assert.ok(d(p, r) <= d(p, q) + d(q, r));
  // and on random triples
  const rng = new Rng(5);
  for (let t = 0; t < 500; t++) {
    const [a, b, c] = [0, 1, 2].map(() => [...randomDistribution(rng, 4)]);
    assert.ok(d(a, c) <= d(a, b) + d(b, c) + 1e-12);
  }
});

Deno.test("lemma f functions reject bad input naming the argument and value", () => {
  assert.throws(() => lemmaF(-1, 1, 1), /p must be a finite number >= 0: p=-1/);
  assert.throws(() => lemmaF(1, 1, NaN), /r must be a finite number >= 0: r=NaN/);
  assert.throws(() => lemmaFDerivative(1, 2, 1), RangeError);
  assert.throws(() => lemmaFDerivative(1, 2, 0), /r must be positive and differ from p and q/);
  assert.throws(() => lemmaFMaximum(0, 1), /p must be a positive finite number: p=0/);
  assert.throws(() => lemmaFMaximum(2, 2), /p and q must differ/);
  // the note writes g on (-1, inf) minus {1}; L(x, 1) is undefined for x < 0
  assert.throws(() => lemmaG(-0.5), /x must be a finite number >= 0: x=-0.5/);
});
