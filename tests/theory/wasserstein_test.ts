import assert from "node:assert";
import fc from "fast-check";
import {
  jensenShannon,
  klDivergence,
  optimalTransport,
  parallelLines,
  wasserstein1,
  wasserstein1d,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

interface Case {
  u: number[] | number[][];
  v: number[] | number[][];
  uWeights?: number[];
  vWeights?: number[];
  w1: number;
}
const FIXTURE: { oneD: Case[]; nD: Case[] } = JSON.parse(
  await Deno.readTextFile(new URL("./wasserstein_fixture.json", import.meta.url)),
);

Deno.test("wasserstein1d() matches scipy.stats.wasserstein_distance, with and without weights", () => {
  assert.strictEqual(FIXTURE.oneD.length, 7);
  for (const c of FIXTURE.oneD) {
    const w = wasserstein1d(c.u as number[], c.v as number[], {
      uWeights: c.uWeights,
      vWeights: c.vWeights,
    });
    assertClose(w, c.w1, { rtol: 1e-12, atol: 1e-14 });
  }
});

Deno.test("wasserstein1d() has the closed forms of shifts, point masses and two-point laws", () => {
  const rng = new Rng(7);
  const u = Array.from({ length: 50 }, () => rng.normal());
  // A shift by c moves every unit of mass by |c|.
  assertClose(wasserstein1d(u, u.map((x) => x - 2.5)), 2.5, { atol: 1e-12 });
  assert.strictEqual(wasserstein1d(u, u.slice().reverse()), 0);
  assert.strictEqual(wasserstein1d([3], [-1]), 4);
  // Bernoulli(a) vs Bernoulli(b) on {0, 1}: |a - b|.
  assertClose(wasserstein1d([0, 1], [0, 1], { uWeights: [0.7, 0.3], vWeights: [0.2, 0.8] }), 0.5, {
    atol: 1e-15,
  });
  // Weights are normalised: scaling them changes nothing.
  assertClose(
    wasserstein1d([0, 1, 4], [2], { uWeights: [1, 1, 2] }),
    wasserstein1d([0, 1, 4], [2], { uWeights: [0.25, 0.25, 0.5] }),
    { atol: 1e-15 },
  );
  // Zero weights remove points.
  assert.strictEqual(wasserstein1d([0, 100], [1], { uWeights: [1, 0] }), 1);
});

Deno.test("optimalTransport() returns a coupling with the right marginals and the assignment optimum", () => {
  const rng = new Rng(11);
  const perms = (n: number): number[][] =>
    n === 0
      ? [[]]
      : perms(n - 1).flatMap((p) =>
        Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)])
      );
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + (trial % 6);
    const cost = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.next()));
    const uniform = new Array(n).fill(1 / n);
    const { cost: c, plan } = optimalTransport(uniform, uniform, cost);
    // Birkhoff: with uniform marginals an optimal plan is a permutation; brute-force it.
    const best = Math.min(
      ...perms(n).map((p) => p.reduce((s, j, i) => s + cost[i][j], 0) / n),
    );
    assertClose(c, best, { atol: 1e-12, msg: `n=${n}` });
    for (let i = 0; i < n; i++) {
      assertClose(plan[i].reduce((s, x) => s + x, 0), 1 / n, { atol: 1e-12 });
      assertClose(plan.reduce((s, row) => s + row[i], 0), 1 / n, { atol: 1e-12 });
      for (const x of plan[i]) assert.ok(x >= 0);
    }
  }
});

Deno.test("optimalTransport() with |x - y| costs equals wasserstein1d() on random weighted points", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.integer({ min: 0, max: 100 }),
        ),
        {
          minLength: 1,
          maxLength: 9,
        },
      ),
      fc.array(
        fc.tuple(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.integer({ min: 0, max: 100 }),
        ),
        {
          minLength: 1,
          maxLength: 9,
        },
      ),
      (a, b) => {
        fc.pre(a.some(([, w]) => w > 0) && b.some(([, w]) => w > 0));
        const [x, p] = [a.map(([v]) => v), a.map(([, w]) => w)];
        const [y, q] = [b.map(([v]) => v), b.map(([, w]) => w)];
        const ot = optimalTransport(p, q, x.map((xi) => y.map((yj) => Math.abs(xi - yj)))).cost;
        const exact = wasserstein1d(x, y, { uWeights: p, vWeights: q });
        assertClose(ot, exact, { atol: 1e-10, rtol: 1e-10 });
      },
    ),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("optimalTransport() solves a 40 x 30 weighted problem on a line exactly", () => {
  const rng = new Rng(21);
  const x = Array.from({ length: 40 }, () => 3 * rng.normal());
  const y = Array.from({ length: 30 }, () => rng.normal() + 1);
  const p = x.map(() => rng.next()), q = y.map(() => rng.next());
  const { cost } = optimalTransport(p, q, x.map((a) => y.map((b) => Math.abs(a - b))));
  assertClose(cost, wasserstein1d(x, y, { uWeights: p, vWeights: q }), { rtol: 1e-11 });
});

Deno.test("wasserstein1() matches scipy.stats.wasserstein_distance_nd on points in R^2 and R^3", () => {
  assert.strictEqual(FIXTURE.nD.length, 5);
  for (const c of FIXTURE.nD) {
    const w = wasserstein1(c.u as number[][], c.v as number[][], {
      uWeights: c.uWeights,
      vWeights: c.vWeights,
    });
    // scipy solves the same linear program with HiGHS (tolerance ~1e-9)
    assertClose(w, c.w1, { rtol: 1e-8 });
  }
});

Deno.test("wasserstein1() is a metric: symmetric, zero on equal laws, triangle inequality", () => {
  const rng = new Rng(3);
  const cloud = (n: number) => Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  for (let t = 0; t < 10; t++) {
    const [a, b, c] = [cloud(5), cloud(6), cloud(4)];
    assertClose(wasserstein1(a, b), wasserstein1(b, a), { atol: 1e-12 });
    assert.ok(wasserstein1(a, c) <= wasserstein1(a, b) + wasserstein1(b, c) + 1e-12);
    assert.ok(Math.abs(wasserstein1(a, a.slice().reverse())) < 1e-12);
  }
});

Deno.test("parallelLines(): JS = 2 log 2 and KL infinite for every offset != 0, W1 = |offset|", () => {
  for (const offset of [-1, -0.25, 1e-6, 0.1, 0.5, 2]) {
    const { support, p, q } = parallelLines(offset, { points: 8 });
    assertClose(jensenShannon(p, q), 2 * Math.LN2, { atol: 1e-15 });
    assert.strictEqual(klDivergence(p, q), Infinity);
    assertClose(wasserstein1(support, support, { uWeights: p, vWeights: q }), Math.abs(offset), {
      atol: 1e-12,
    });
  }
  const same = parallelLines(0, { points: 8 });
  assert.strictEqual(jensenShannon(same.p, same.q), 0);
  assert.strictEqual(wasserstein1(same.support, same.support, { uWeights: same.p }), 0);
});

Deno.test("Wasserstein functions reject bad input naming the argument and value", () => {
  const throwsWith = (fn: () => unknown, type: typeof RangeError | typeof TypeError, re: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof type && re.test((e as Error).message));
  throwsWith(() => wasserstein1d([], [1]), RangeError, /u must not be empty: u.length=0/);
  throwsWith(() => wasserstein1d([NaN], [1]), RangeError, /u must be finite: u\[0\]=NaN/);
  throwsWith(() => wasserstein1d("ab" as never, [1]), TypeError, /u must be an array of numbers/);
  throwsWith(
    () => wasserstein1d([1, 2], [1], { uWeights: [1] }),
    RangeError,
    /uWeights must have one weight per value: uWeights.length=1, u.length=2/,
  );
  throwsWith(
    () => wasserstein1d([1], [1], { vWeights: [-1] }),
    RangeError,
    /vWeights must be finite and non-negative: vWeights\[0\]=-1/,
  );
  throwsWith(() => wasserstein1d([1], [1], { vWeights: [0] }), RangeError, /sum\(vWeights\)=0/);
  throwsWith(
    () => optimalTransport([1], [1, 0], [[0]]),
    RangeError,
    /cost\[0\] must have one entry per entry of q: cost\[0\].length=1, q.length=2/,
  );
  throwsWith(
    () => optimalTransport([1], [1], [[Infinity]]),
    RangeError,
    /costs must be finite: cost\[0\]\[0\]=Infinity/,
  );
  throwsWith(() => optimalTransport([1], [1], 3 as never), TypeError, /cost must be an array/);
  throwsWith(
    () => wasserstein1([[0, 0]], [[1]]),
    RangeError,
    /u and v must have points of one dimension: u\[0\].length=2, v\[0\].length=1/,
  );
  throwsWith(
    () => wasserstein1([[0, 0], [1]], [[1, 1]]),
    RangeError,
    /u's points must have one dimension: u\[0\].length=2, u\[1\].length=1/,
  );
  throwsWith(
    () => wasserstein1([[0]], [[1]], { uWeights: [1, 1] }),
    RangeError,
    /uWeights must have one weight per point: uWeights.length=2, u.length=1/,
  );
  throwsWith(() => parallelLines(NaN), TypeError, /offset must be a finite number: offset=NaN/);
  throwsWith(() => parallelLines(1, { points: 0 }), RangeError, /points=0/);
});
