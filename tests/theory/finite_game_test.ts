import assert from "node:assert";
import {
  jensenShannon,
  nonparametricGame,
  optimalDiscriminator,
  parametricGame,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose } from "../_helpers.ts";
import { randomDistribution } from "./_arbitraries.ts";

const P_DATA = [0.05, 0.3, 0.1, 0.05, 0.4, 0.1];

Deno.test("nonparametricGame() with D = D* reaches JS < 1e-6 from random starts", () => {
  const rng = new Rng(1);
  for (let t = 0; t < 20; t++) {
    const pData = randomDistribution(rng, 8);
    const init = randomDistribution(rng, 8, 3);
    const trace = nonparametricGame(pData, { init, rounds: 15 });
    assert.strictEqual(trace.js.length, 16);
    assert.ok(trace.js[15] < 1e-6, `JS after 15 rounds: ${trace.js[15]}`);
    for (let k = 1; k < trace.js.length; k++) assert.ok(trace.js[k] <= trace.js[k - 1]);
  }
});

Deno.test("nonparametricGame(): a step with D = D* and eta = 1 is p_g <- (p_data + p_g) / 2", () => {
  const init = [0, 0.1, 0.2, 0.3, 0.1, 0.3];
  const trace = nonparametricGame(P_DATA, { init, rounds: 3 });
  let expected = init.slice();
  for (let k = 1; k <= 3; k++) {
    expected = expected.map((g, i) => (g + P_DATA[i]) / 2);
    assertAllClose(trace.pG[k], expected, { atol: 1e-15 });
  }
  // D is D* of the p_g it faced, and V(D*, G) = C(G) = -2 log 2 + JS
  assertAllClose(trace.d[1], optimalDiscriminator(P_DATA, trace.pG[1]), { atol: 1e-15 });
  for (let k = 0; k < 3; k++) {
    assertClose(trace.value[k], -2 * Math.LN2 + trace.js[k], { atol: 1e-14 });
  }
});

Deno.test("nonparametricGame(): other step sizes converge too, more slowly below eta = 1", () => {
  const half = nonparametricGame(P_DATA, { stepSize: 0.5, rounds: 40 });
  assert.ok(half.js[40] < 1e-6);
  const one = nonparametricGame(P_DATA, { stepSize: 1, rounds: 40 });
  assert.ok(half.js[10] > one.js[10]);
});

Deno.test("nonparametricGame(): a cut-short inner loop (k = 1) has V < C(G) and stalls above 1e-6", () => {
  const trace = nonparametricGame(P_DATA, { dSteps: 1, rounds: 40 });
  for (let k = 0; k < 40; k++) {
    // a non-optimal D sees less than C(G)
    assert.ok(trace.value[k] <= -2 * Math.LN2 + trace.js[k] + 1e-15);
  }
  assert.ok(Math.min(...trace.js.slice(20)) > 1e-6, `min JS ${Math.min(...trace.js.slice(20))}`);
  // more D steps per round restore convergence
  const many = nonparametricGame(P_DATA, { dSteps: 20, dStepSize: 5, rounds: 40 });
  assert.ok(many.js[40] < 1e-6);
});

Deno.test("nonparametricGame(): G trained far against a stale D overshoots and oscillates", () => {
  const trace = nonparametricGame(P_DATA, { gSteps: 20, rounds: 20 });
  // most of G's mass lands where D is highest (the note: many z mapped to one x)
  const top = trace.pG.slice(1).map((p) => Math.max(...p));
  assert.ok(Math.max(...top) > 0.9, `max mass ${Math.max(...top)}`);
  assert.ok(Math.min(...trace.js.slice(10)) > 0.1);
  // k = 0: D stays at 1/2, whose gradient is uniform: p_g never moves
  const frozen = nonparametricGame(P_DATA, { dSteps: 0, rounds: 5 });
  assertAllClose(frozen.pG[5], new Array(6).fill(1 / 6), { atol: 1e-15 });
});

Deno.test("parametricGame(): a two-parameter family leaves a residual JS; a rich one does not", () => {
  // p_data bimodal on 21 points; the family: one discretised Gaussian (mean, log std)
  const xs = Array.from({ length: 21 }, (_, i) => -4 + 0.4 * i);
  const gauss = (m: number, s: number) => {
    const w = xs.map((x) => Math.exp(-0.5 * ((x - m) / s) ** 2));
    const z = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / z);
  };
  const a = gauss(-2, 0.6), b = gauss(2, 0.6);
  const pData = a.map((v, i) => 0.5 * v + 0.5 * b[i]);
  const family = (th: number[]) => gauss(th[0], Math.exp(th[1]));
  const trace = parametricGame(pData, family, [0.5, 0], { rounds: 300, stepSize: 0.5 });
  assert.strictEqual(trace.theta.length, 301);
  const best = trace.js[300];
  assert.ok(best > 0.05, `residual JS ${best}`);
  // no member of the family does much better: a grid search
  let gridBest = Infinity;
  for (let m = -3; m <= 3; m += 0.1) {
    for (let ls = -1; ls <= 1.5; ls += 0.05) {
      gridBest = Math.min(gridBest, jensenShannon(pData, family([m, ls])));
    }
  }
  assert.ok(best < gridBest + 0.02, `game ${best} vs grid ${gridBest}`);
  // a softmax family contains p_data: the residual vanishes
  const softmax = (th: number[]) => {
    const e = th.map(Math.exp);
    const z = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / z);
  };
  const rich = parametricGame(P_DATA, softmax, new Array(6).fill(0), {
    rounds: 400,
    stepSize: 3,
  });
  assert.ok(rich.js[400] < 1e-6, `softmax family ${rich.js[400]}`);
});

Deno.test("finite games reject bad input naming the argument and value", () => {
  assert.throws(
    () => nonparametricGame(P_DATA, { init: [0.5, 0.5] }),
    /init must have the length of pData: init.length=2, pData.length=6/,
  );
  assert.throws(() => nonparametricGame(P_DATA, { rounds: 0 }), /rounds=0/);
  assert.throws(() => nonparametricGame(P_DATA, { dSteps: -1 }), /dSteps must be "optimal"/);
  assert.throws(() => nonparametricGame(P_DATA, { stepSize: 0 }), /stepSize=0/);
  assert.throws(() => nonparametricGame([0.5, 0.6]), RangeError);
  assert.throws(() => parametricGame(P_DATA, 3 as never, [0]), TypeError);
  assert.throws(() => parametricGame(P_DATA, () => [1], []), /theta0 must be a non-empty/);
  assert.throws(
    () => parametricGame(P_DATA, () => [0.5, 0.5], [0]),
    /family\(theta\) must have the length of pData/,
  );
});
