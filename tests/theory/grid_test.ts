import assert from "node:assert";
import {
  gridDensity1d,
  gridDensity2d,
  histogram1d,
  histogram2d,
  jensenShannon,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose } from "../_helpers.ts";

const normal = (m: number, s: number) => (x: number) =>
  Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

Deno.test("gridDensity1d() puts midpoints and normalised masses on the grid", () => {
  const g = gridDensity1d((x) => x, { min: 0, max: 2, n: 4 });
  assertAllClose(g.points, [0.25, 0.75, 1.25, 1.75], { atol: 1e-15 });
  assertAllClose(g.masses, [1 / 16, 3 / 16, 5 / 16, 7 / 16], { atol: 1e-15 });
  assert.strictEqual(g.dx, 0.5);
  assertClose(g.total, 2, { atol: 1e-15 }); // the midpoint rule is exact for a line
  // A truncated normal: total is the mass inside [-1, 1], about 0.6827.
  assertClose(gridDensity1d(normal(0, 1), { min: -1, max: 1, n: 2000 }).total, 0.682689492137, {
    atol: 1e-7,
  });
});

Deno.test("gridDensity2d() lays out cells as iy * nx + ix", () => {
  const g = gridDensity2d((x, y) => x + 10 * y, { xMin: 0, xMax: 3, yMin: 0, yMax: 2, n: [3, 2] });
  assertAllClose(g.xs, [0.5, 1.5, 2.5], { atol: 0 });
  assertAllClose(g.ys, [0.5, 1.5], { atol: 0 });
  const raw = [5.5, 6.5, 7.5, 15.5, 16.5, 17.5];
  const sum = raw.reduce((a, b) => a + b);
  assertAllClose(g.masses, raw.map((v) => v / sum), { atol: 1e-15 });
  assertClose(g.total, sum, { atol: 1e-12 });
});

Deno.test("histogram1d() bins, clamps or drops out-of-range samples, and adds pseudocounts", () => {
  const x = [-1, 0, 0.24, 0.25, 0.5, 0.99, 1, 3];
  assertAllClose(histogram1d(x, { min: 0, max: 1, bins: 4 }), [3 / 8, 1 / 8, 1 / 8, 3 / 8], {
    atol: 1e-15,
  });
  assertAllClose(histogram1d(x, { min: 0, max: 1, bins: 4, outside: "drop" }), [
    2 / 6,
    1 / 6,
    1 / 6,
    2 / 6,
  ], { atol: 1e-15 });
  assertAllClose(histogram1d([0.1], { min: 0, max: 1, bins: 2, pseudocount: 1 }), [2 / 3, 1 / 3], {
    atol: 1e-15,
  });
  assert.ok(
    histogram1d(new Float32Array([0.5]), { min: 0, max: 1, bins: 3 }) instanceof Float64Array,
  );
});

Deno.test("histogram1d() of normal samples approaches the grid density (JS shrinks with n)", () => {
  const rng = new Rng(99);
  const grid = { min: -4, max: 4, n: 20 };
  const exact = gridDensity1d(normal(0, 1), grid).masses;
  let previous = Infinity;
  for (const n of [1000, 100_000]) {
    const x = new Float64Array(n).map(() => rng.normal());
    const js = jensenShannon(histogram1d(x, { ...grid, bins: 20 }), exact, { normalize: true });
    // Midpoint masses differ from bin integrals by O(dx^2) ~ 1e-3 relative; sampling adds
    // ~ bins / (4 n) to JS; so JS falls with n but levels off near ~1e-5.
    assert.ok(js < previous, `n=${n}: JS=${js}`);
    assert.ok(js < 20 / n + 1e-4, `n=${n}: JS=${js}`);
    previous = js;
  }
});

Deno.test("histogram2d() accepts pairs or interleaved coordinates, rows along y", () => {
  const pairs = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.9, 0.95], [5, -5]];
  const opts = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, bins: 2 } as const;
  const h = histogram2d(pairs, opts);
  assertAllClose(h, [1 / 5, 2 / 5, 0, 2 / 5], { atol: 1e-15 }); // (5, -5) clamps to (ix 1, iy 0)
  assertAllClose(histogram2d(pairs.flat(), opts), h, { atol: 0 });
  assertAllClose(histogram2d(pairs, { ...opts, bins: [1, 2], outside: "drop" }), [0.5, 0.5], {
    atol: 1e-15,
  });
});
