import assert from "node:assert";
import { binnedJensenShannon } from "../../lib/eval/mod.ts";
import { ringMixture } from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

Deno.test("binnedJensenShannon() is 0 for identical sets and 2 log 2 for disjoint cells", () => {
  const pts = [[0.1, 0.1], [0.9, 0.2], [0.4, 0.8]];
  assert.strictEqual(binnedJensenShannon(pts, pts, { bins: 4 }), 0);
  assertClose(
    binnedJensenShannon([[0.1, 0.1]], [[0.9, 0.9]], { bins: 2, box: [0, 1, 0, 1] }),
    2 * Math.log(2),
    { atol: 1e-15 },
  );
});

Deno.test("binnedJensenShannon() matches a hand computation on a 2x2 grid", () => {
  // P = (1/2, 1/2, 0, 0), Q = (1/2, 0, 0, 1/2) in cells (iy * 2 + ix).
  const p = [[0.2, 0.2], [0.7, 0.2]];
  const q = [[0.2, 0.2], [0.7, 0.7]];
  // JS = sum p log(2p/(p+q)) + q log(2q/(p+q)): cell 0 gives 0, cells 1 and 3 give 1/2 log 2 each.
  assertClose(binnedJensenShannon(p, q, { bins: 2, box: [0, 1, 0, 1] }), Math.log(2), {
    atol: 1e-15,
  });
});

Deno.test("binnedJensenShannon() is small for two samples of the ring and large for a collapsed one", () => {
  const ring = ringMixture();
  const box = [-1.5, 1.5, -1.5, 1.5] as const;
  const a = ring.sampleWithModes(20000, new Rng(1)).x;
  const b = ring.sampleWithModes(20000, new Rng(2)).x;
  const same = binnedJensenShannon(a, b, { bins: 30, box });
  const collapsed = binnedJensenShannon(a, Array.from({ length: 1000 }, () => [1, 0]), {
    bins: 30,
    box,
  });
  // Finite-sample noise alone: JS ~ (cells used - 1) / (4 N) per set, ~1e-4 here. Collapsed: Q
  // is one cell holding mass p0 <= 1/8 of P, so JS = (1 - p0) log 2 + p0 log(2 p0 / (p0 + 1))
  // + log(2 / (p0 + 1)) >= 0.994 (its value at p0 = 1/8; it decreases in p0).
  assert.ok(same < 0.01, `same=${same}`);
  assert.ok(collapsed > 0.99, `collapsed=${collapsed}`);
});

Deno.test("binnedJensenShannon() rejects empty or malformed sample sets", () => {
  assert.throws(() => binnedJensenShannon([], [[0, 0]]), /generated must not be empty/);
  assert.throws(() => binnedJensenShannon([[0, 0]], [1, 2, 3]), /real must have even length/);
  assert.throws(() => binnedJensenShannon([[0, 0]], [[1, 1]], { bins: 0 }), RangeError);
});
