import assert from "node:assert";
import fc from "fast-check";
import { jensenShannon, klDivergence, minimizeKlSum } from "../../lib/theory/mod.ts";
import { distributionPair, normalise } from "./_arbitraries.ts";

Deno.test("minimizeKlSum() finds R = M and the minimum JS, on random pairs", () => {
  fc.assert(
    fc.property(distributionPair(16), ([p, q]) => {
      const { r, value, converged } = minimizeKlSum(p, q);
      let err = 0;
      for (let i = 0; i < p.length; i++) err = Math.max(err, Math.abs(r[i] - (p[i] + q[i]) / 2));
      return converged && err < 1e-10 && Math.abs(value - jensenShannon(p, q)) < 1e-10;
    }),
    { seed: 31, numRuns: 300 },
  );
});

Deno.test("minimizeKlSum()'s minimum is below KL(P||R) + KL(Q||R) at other R", () => {
  fc.assert(
    fc.property(
      distributionPair(8),
      fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
      ([p, q], raw) => {
        const other = normalise(raw.slice(0, p.length));
        const atOther = klDivergence(p, other) + klDivergence(q, other);
        const m = p.map((v, i) => (v + q[i]) / 2);
        // The identity behind the variational form: F(R) = JS + 2 KL(M||R).
        const identity = jensenShannon(p, q) + 2 * klDivergence(m, other);
        return minimizeKlSum(p, q).value <= atOther + 1e-12 &&
          Math.abs(atOther - identity) < 1e-10;
      },
    ),
    { seed: 32, numRuns: 300 },
  );
});

Deno.test("minimizeKlSum() starts anywhere positive and reports non-convergence honestly", () => {
  const p = [0.7, 0.2, 0.1, 0], q = [0, 0.1, 0.3, 0.6];
  const far = minimizeKlSum(p, q, { init: [0.97, 0.01, 0.01, 0.01] });
  assert.ok(far.converged);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(far.r[i] - (p[i] + q[i]) / 2) < 1e-10);
  const short = minimizeKlSum(p, q, { init: [0.97, 0.01, 0.01, 0.01], maxIterations: 1 });
  assert.strictEqual(short.converged, false);
  assert.strictEqual(short.iterations, 1);
});
