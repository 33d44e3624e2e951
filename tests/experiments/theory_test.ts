import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  chiSquareCurve,
  jensenShannonChecks,
  lemmaCurve,
  powerTriangleCurve,
  runProposition1,
  runTheory,
  searchPowerTriangle,
  theorem1Curves,
} from "../../experiments/mod.ts";
import { initBackend } from "../../lib/backend/mod.ts";
import { assertClose } from "../_helpers.ts";

// Small MLPs: wasm is the fastest backend for them here; every run below names it too.
await initBackend({ backend: "wasm" });

Deno.test("jensenShannonChecks() passes every property of the note, for several seeds", () => {
  for (const seed of [0, 1, 2]) {
    const rows = jensenShannonChecks({ seed, trials: 300 });
    assert.ok(rows.length >= 16, `rows=${rows.length}`);
    for (const r of rows) assert.ok(r.passed, `seed ${seed}: ${r.property}: ${r.value}`);
  }
});

Deno.test("jensenShannonChecks() rejects a bad trial count", () => {
  assert.throws(() => jensenShannonChecks({ trials: 0 }), RangeError);
  assert.throws(() => jensenShannonChecks({ support: 1 }), RangeError);
});

Deno.test("theorem1Curves() gives C(G) = -log 4 + JS, minimal at P_g = P_data, matching scipy", () => {
  const t = theorem1Curves();
  assert.strictEqual(t.minimum.theta, 0);
  assertClose(t.minimum.c, -2 * Math.LN2, { atol: 1e-12 });
  assert.ok(t.identityError < 1e-12, `identityError=${t.identityError}`);
  // scipy.integrate.quad of JS(N(0,1), N(1,1)) on [-20, 20] (note's convention) = 0.22284296436947237,
  // so C = -log 4 + JS = -1.163451396750418; the grid has 0.01-wide cells on [-10, 10].
  const i = t.shift.theta.indexOf(1);
  assertClose(t.shift.c[i], -1.163451396750418, { atol: 1e-5 });
  // symmetric in theta, and the scale family is minimal at sigma = 1
  assertClose(t.shift.c[t.shift.theta.indexOf(-1)], t.shift.c[i], { atol: 1e-12 });
  const j = t.scale.c.indexOf(Math.min(...t.scale.c));
  assert.strictEqual(t.scale.sigma[j], 1);
});

Deno.test("searchPowerTriangle() finds the JS^0.55 counterexample and none at 0.5", () => {
  const fail = searchPowerTriangle(0.55);
  // numpy: JS(P,R)^a / (JS(P,Q)^a + JS(Q,R)^a) for P,Q,R = (.48,.52), (.5,.5), (.52,.48)
  assert.deepStrictEqual([fail.p, fail.q, fail.r], [0.48, 0.5, 0.52]);
  assertClose(fail.ratio, 1.071655522820217, { atol: 1e-12 });
  const hold = searchPowerTriangle(0.5);
  assert.ok(hold.ratio <= 1, `ratio at 0.5 = ${hold.ratio}`);
  assertClose(hold.ratio, 0.9998999616395, { atol: 1e-12 });
  const curve = powerTriangleCurve();
  const crossing = curve.x.find((_, i) => curve.y.ratio[i] > 1)!;
  assertClose(crossing, 0.55, { atol: 1e-12 });
});

Deno.test("chiSquareCurve() ratios tend to 1 and lemmaCurve() is increasing on each branch", () => {
  const c = chiSquareCurve();
  assert.ok(Math.abs(c.y.delta[0] - 1) < 1e-6 && Math.abs(c.y.chi2[0] - 1) < 1e-3);
  assert.ok(Math.abs(c.y.delta.at(-1)! - 1) > Math.abs(c.y.delta[0] - 1));
  const g = lemmaCurve();
  const left = g.x.map((x, i) => [x, g.y.g[i]]).filter(([x, v]) => x < 1 && Number.isFinite(v));
  const right = g.x.map((x, i) => [x, g.y.g[i]]).filter(([x, v]) => x > 1 && Number.isFinite(v));
  for (const branch of [left, right]) {
    for (let i = 1; i < branch.length; i++) assert.ok(branch[i][1] > branch[i - 1][1]);
  }
  assertClose(left[0][1], Math.sqrt(Math.LN2), { atol: 0.01 });
  assert.match(g.figure.toSvgString(), /^<svg/);
});

Deno.test("runProposition1() trains D close to D* = p_data / (p_data + p_g)", async () => {
  const before = tf.memory().numTensors;
  const r = await runProposition1({ quick: true, seed: 0, backend: "wasm" });
  assert.strictEqual(r.backend, "wasm");
  // 600 Adam steps of 256 samples: D is within 0.15 of D* where the densities live (0.07 seen)
  assert.ok(r.maxAbsError < 0.15, `maxAbsError=${r.maxAbsError}`);
  assert.ok(r.meanAbsError < 0.03, `meanAbsError=${r.meanAbsError}`);
  // C(G) by scipy: -log 4 + JS(p_data, p_g) = -0.9685338871849342 (grid: 181 cells on [-4, 5])
  assertClose(r.valueAtOptimum, -0.9685338871849342, { atol: 1e-3 });
  assert.ok(r.value <= r.valueAtOptimum + 1e-9, "D* maximises V");
  assert.ok(r.value > r.valueAtOptimum - 0.01, `V(D)=${r.value}`);
  assert.strictEqual(tf.memory().numTensors, before, "no tensors left behind");
});

Deno.test("runTheory() returns the table, the curves and comparison rows", async () => {
  const r = await runTheory({ quick: true, seed: 1, steps: 30, backend: "wasm" });
  assert.ok(r.allPassed);
  assert.match(r.table.toHtml(), /<table>.*16 of 16 checks passed/s);
  assert.strictEqual(r.comparison.length, 3);
  assert.ok(r.comparison[0].ok && r.comparison[1].ok);
  for (const f of [r.theorem1.figure, r.lemma.figure, r.powerTriangle.figure, r.chiSquare.figure]) {
    assert.match(f.toSvgString(), /^<svg[^>]*xmlns/);
  }
  assert.strictEqual(r.proposition1.steps, 30);
});
