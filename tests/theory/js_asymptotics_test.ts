import assert from "node:assert";
import {
  fDivergence,
  jensenShannon,
  pearsonGenerator,
  triangularDiscrimination,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { randomDistribution } from "./_arbitraries.ts";

Deno.test("JS / (chi^2(P_t||Q) / 4) -> 1 along P_t = Q + t (P - Q), t -> 0 (the note's 1.5.5)", () => {
  const rng = new Rng(9);
  for (let trial = 0; trial < 10; trial++) {
    // Q kept away from 0, so the asymptotic regime starts at moderate t
    const q = randomDistribution(rng, 6).map((v) => 0.5 * v + 0.5 / 6);
    const p = randomDistribution(rng, 6);
    let previous = Infinity;
    for (const t of [0.1, 0.01, 1e-3, 1e-4, 1e-5]) {
      const pt = q.map((v, i) => v + t * (p[i] - v));
      const js = jensenShannon(pt, q);
      const gap = Math.abs(js / (fDivergence(pt, q, pearsonGenerator) / 4) - 1);
      // the gap is O(t): it shrinks about 10-fold per 10-fold step of t
      assert.ok(gap < previous / 5, `t=${t}: |ratio - 1| = ${gap}`);
      previous = gap;
      // JS ~ Delta / 2 as well (Topsoe), at the same rate
      assert.ok(Math.abs(js / (triangularDiscrimination(pt, q) / 2) - 1) < 3 * gap + 1e-9);
    }
    assert.ok(previous < 1e-4, `|ratio - 1| at t = 1e-5: ${previous}`);
  }
});
