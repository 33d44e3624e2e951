import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { gradientPenalty, wassersteinLoss, wganGpLoss } from "../../lib/losses/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose, useBackend } from "../_helpers.ts";

const W = [0.5, -1, 2]; // ||w|| = sqrt(5.25) = 2.29129
const NORM_W = Math.hypot(...W);

function linearCritic(w: tf.Tensor, b: tf.Tensor) {
  return (x: tf.Tensor) => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
}

Deno.test("gradientPenalty() on a linear critic w.x + b equals lambda (||w|| - 1)^2", async () => {
  await useBackend("cpu");
  const w = tf.tensor2d(W, [3, 1]);
  const b = tf.scalar(0.7);
  const real = tf.tensor2d([[1, 2, 3], [-1, 0, 4], [0.5, 0.5, 0.5], [9, -9, 1]]);
  const fake = tf.tensor2d([[0, 0, 0], [3, 3, 3], [-2, 1, 0], [1, 1, 1]]);
  const eps = tf.tensor1d([0, 0.3, 0.9, 1]);
  for (const lambda of [10, 1, 0]) {
    const p = gradientPenalty(linearCritic(w, b), real, fake, eps, { lambda });
    // lambda (2.2912878 - 1)^2 = lambda * 1.6674244; 16.674244 for the default lambda = 10.
    assertClose(p.dataSync()[0], lambda * (NORM_W - 1) ** 2, { rtol: 1e-6, atol: 1e-7 });
    p.dispose();
  }
  const pDefault = gradientPenalty(linearCritic(w, b), real, fake, eps);
  assertClose(pDefault.dataSync()[0], 16.674244, { rtol: 1e-6 });
  tf.dispose([w, b, real, fake, eps, pDefault]);
});

Deno.test("double backprop: d penalty / d w of a linear critic equals 2 lambda (||w|| - 1) w / ||w||, on cpu and wasm", async () => {
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const w = tf.variable(tf.tensor2d(W, [3, 1]), true, `gp_linear_w_${backend}`);
    const b = tf.variable(tf.scalar(0.7), true, `gp_linear_b_${backend}`);
    const real = tf.tensor2d([[1, 2, 3], [-1, 0, 4]]);
    const fake = tf.tensor2d([[0, 0, 0], [3, 3, 3]]);
    const eps = tf.tensor1d([0.2, 0.8]);
    const lambda = 10;
    const { value, grads } = tf.variableGrads(
      () => gradientPenalty(linearCritic(w, b), real, fake, eps, { lambda }),
      [w],
    );
    const expected = W.map((wi) => 2 * lambda * (NORM_W - 1) * wi / NORM_W);
    // [5.6356, -11.2712, 22.5424]; float32 relative precision.
    assertAllClose(await grads[w.name].data(), expected, { rtol: 1e-5, atol: 1e-6, msg: backend });
    assertClose((await value.data())[0], lambda * (NORM_W - 1) ** 2, { rtol: 1e-6 });
    tf.dispose([value, grads[w.name], w, b, real, fake, eps]);
  }
  await useBackend("cpu");
});

Deno.test("gradientPenalty() broadcasts one epsilon per sample over [m, 2, 2, 1] samples", async () => {
  await useBackend("cpu");
  // critic(x) = 1/2 ||x||^2 per sample, so grad = x_hat and the penalty is
  // lambda mean_i (||x_hat_i|| - 1)^2, with x_hat_i = e_i x_i + (1 - e_i) x~_i, in float64.
  const rng = new Rng(3);
  const m = 3, d = 4;
  const realData = Array.from({ length: m * d }, () => rng.normal());
  const fakeData = Array.from({ length: m * d }, () => rng.normal());
  const epsData = [0.1, 0.5, 0.95];
  let expected = 0;
  for (let i = 0; i < m; i++) {
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const r = Math.fround(realData[i * d + j]), f = Math.fround(fakeData[i * d + j]);
      sq += (epsData[i] * r + (1 - epsData[i]) * f) ** 2;
    }
    expected += 10 * (Math.sqrt(sq) - 1) ** 2 / m;
  }
  const real = tf.tensor4d(realData, [m, 2, 2, 1]);
  const fake = tf.tensor4d(fakeData, [m, 2, 2, 1]);
  const eps = tf.tensor1d(epsData);
  const critic = (x: tf.Tensor) => tf.mul(tf.sum(tf.square(x), [1, 2, 3]), 0.5);
  const p = wganGpLoss().penalty!(critic, real, fake, eps);
  assertClose(p.dataSync()[0], expected, { rtol: 1e-5 });
  tf.dispose([real, fake, eps, p]);
});

type Activation = { kind: "leaky"; alpha: number } | { kind: "maxout"; pieces: number };

interface Params {
  W1: number[][]; // [units * pieces][d]
  b1: number[]; // [units * pieces]
  w2: number[]; // [units]
}

/**
 * Float64 reference for critic(x) = w2 . act(W1 x + b1): its input gradient
 * is sum_k w2_k * slope_k * W1[active piece of k], and the penalty is
 * lambda mean_i (||grad_i|| - 1)^2.
 */
function penalty64(p: Params, xHat: number[][], act: Activation, lambda: number): number {
  const pieces = act.kind === "maxout" ? act.pieces : 1;
  let total = 0;
  for (const x of xHat) {
    const grad = new Array(x.length).fill(0);
    p.w2.forEach((w2k, k) => {
      let best = -Infinity, row = 0;
      for (let q = 0; q < pieces; q++) {
        const r = k * pieces + q;
        const pre = p.W1[r].reduce((s, wij, j) => s + wij * x[j], p.b1[r]);
        if (pre > best) [best, row] = [pre, r];
      }
      const slope = act.kind === "leaky" && best <= 0 ? act.alpha : 1;
      p.W1[row].forEach((wij, j) => grad[j] += w2k * slope * wij);
    });
    total += lambda * (Math.hypot(...grad) - 1) ** 2;
  }
  return total / xHat.length;
}

function centralDifference(
  p: Params,
  f: (q: Params) => number,
  at: (q: Params) => number[],
  i: number,
): number {
  const h = 1e-6;
  const plus = structuredClone(p), minus = structuredClone(p);
  at(plus)[i] += h;
  at(minus)[i] -= h;
  return (f(plus) - f(minus)) / (2 * h);
}

Deno.test("double backprop of the penalty through dense + leakyRelu / relu / maxout critics matches float64 finite differences", async () => {
  await useBackend("cpu");
  const m = 4, d = 3, units = 4, lambda = 10;
  const activations: Activation[] = [
    { kind: "leaky", alpha: 0.2 },
    { kind: "leaky", alpha: 0 }, // relu
    { kind: "maxout", pieces: 3 }, // the paper's discriminator unit
  ];
  for (const act of activations) {
    const rng = new Rng(11);
    const randn = (n: number, s: number) =>
      Array.from({ length: n }, () => Math.fround(s * rng.normal()));
    const pieces = act.kind === "maxout" ? act.pieces : 1;
    const params: Params = {
      W1: Array.from({ length: units * pieces }, () => randn(d, 0.8)),
      b1: randn(units * pieces, 0.3),
      w2: randn(units, 0.8),
    };
    const real = Array.from({ length: m }, () => randn(d, 1));
    const fake = Array.from({ length: m }, () => randn(d, 1));
    const eps = [0.15, 0.4, 0.65, 0.9];
    const xHat = real.map((r, i) => r.map((rj, j) => eps[i] * rj + (1 - eps[i]) * fake[i][j]));

    const vW1 = tf.variable(tf.transpose(tf.tensor2d(params.W1))); // [d, units * pieces]
    const vb1 = tf.variable(tf.tensor1d(params.b1));
    const vw2 = tf.variable(tf.tensor2d(params.w2, [units, 1]));
    const critic = (x: tf.Tensor) => {
      const pre = tf.add(tf.matMul(x as tf.Tensor2D, vW1), vb1);
      const hidden = act.kind === "maxout"
        ? tf.max(tf.reshape(pre, [-1, units, pieces]), 2)
        : act.alpha === 0
        ? tf.relu(pre)
        : tf.leakyRelu(pre, act.alpha);
      return tf.matMul(hidden as tf.Tensor2D, vw2);
    };
    const tReal = tf.tensor2d(real), tFake = tf.tensor2d(fake), tEps = tf.tensor1d(eps);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => gradientPenalty(critic, tReal, tFake, tEps, { lambda }),
      [vW1, vb1, vw2],
    );
    const f = (q: Params) => penalty64(q, xHat, act, lambda);
    assertClose(value.dataSync()[0], f(params), {
      rtol: 1e-5,
      msg: `${JSON.stringify(act)} value`,
    });
    // float32 gradients vs float64 central differences (h = 1e-6, no pre-activation within
    // 1e-6 of a kink): tolerance 1e-4 relative, 1e-4 absolute on O(1..10) entries.
    const tol = { rtol: 1e-4, atol: 1e-4 };
    const gW1 = grads[vW1.name].arraySync() as number[][]; // [d][units * pieces]
    const gb1 = grads[vb1.name].dataSync();
    const gw2 = grads[vw2.name].dataSync();
    let nonZero = 0;
    for (let r = 0; r < units * pieces; r++) {
      for (let j = 0; j < d; j++) {
        const ref = centralDifference(params, f, (q) => q.W1[r], j);
        assertClose(gW1[j][r], ref, { ...tol, msg: `${act.kind} W1[${r}][${j}]` });
        if (Math.abs(ref) > 1e-3) nonZero++;
      }
      // The input gradient does not depend on b1 except through which piece is active.
      assertClose(gb1[r], centralDifference(params, f, (q) => q.b1, r), tol);
    }
    for (let k = 0; k < units; k++) {
      assertClose(gw2[k], centralDifference(params, f, (q) => q.w2, k), {
        ...tol,
        msg: `w2[${k}]`,
      });
    }
    assert.ok(nonZero >= d, `${act.kind}: the check must see non-zero gradients (${nonZero})`);
    tf.dispose([value, ...Object.values(grads)]);
    assert.strictEqual(tf.memory().numTensors, before, "variableGrads over the penalty leaks");

    // The whole WGAN-GP critic loss differentiates at once, and by linearity its gradient is
    // the Wasserstein part's plus the penalty's.
    const loss = wganGpLoss({ lambda });
    const whole = tf.variableGrads(() =>
      tf.add(
        loss.discriminator(critic(tReal), critic(tFake)),
        loss.penalty!(critic, tReal, tFake, tEps),
      ) as tf.Scalar, [vw2]);
    const partW = tf.variableGrads(() => loss.discriminator(critic(tReal), critic(tFake)), [vw2]);
    assertAllClose(
      whole.grads[vw2.name].dataSync(),
      Array.from(partW.grads[vw2.name].dataSync(), (g, k) => g + gw2[k]),
      { atol: 1e-4, rtol: 1e-5 },
    );
    tf.dispose([
      whole.value,
      partW.value,
      ...Object.values(whole.grads),
      ...Object.values(partW.grads),
    ]);
    tf.dispose([vW1, vb1, vw2, tReal, tFake, tEps]);
  }
});

Deno.test("gradientPenalty() leaks no tensors across repeated calls", async () => {
  await useBackend("cpu");
  const w = tf.tensor2d(W, [3, 1]);
  const critic = (x: tf.Tensor) => tf.relu(tf.matMul(x as tf.Tensor2D, w));
  const real = tf.ones([4, 3]), fake = tf.zeros([4, 3]), eps = tf.fill([4], 0.5);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 25; i++) gradientPenalty(critic, real, fake, eps).dispose();
  assert.strictEqual(tf.memory().numTensors, before);
  tf.dispose([w, real, fake, eps]);
});

Deno.test("gradientPenalty() rejects mismatched shapes, a bad epsilon, a bad critic output or lambda", async () => {
  await useBackend("cpu");
  const critic = (x: tf.Tensor) => tf.sum(x, 1);
  const a = tf.zeros([4, 3]), b = tf.zeros([4, 2]), e = tf.zeros([4]), e2 = tf.zeros([4, 1]);
  assert.throws(
    () => gradientPenalty(critic, a, b, e),
    /real and fake must share.*\[4, 3\].*\[4, 2\]/,
  );
  assert.throws(
    () => gradientPenalty(critic, a, a, e2),
    /epsilon must have shape \[m\] with m = real.shape\[0\] = 4: epsilon.shape=\[4, 1\]/,
  );
  assert.throws(
    () => gradientPenalty(critic, tf.zeros([0, 3]), tf.zeros([0, 3]), tf.zeros([0])),
    TypeError,
  );
  assert.throws(
    () => gradientPenalty((x) => x, a, a, e),
    /critic must return shape \[m\] or \[m, 1\] with m = 4: critic\(x\).shape=\[4, 3\]/,
  );
  assert.throws(() => gradientPenalty(critic, a, a, e, { lambda: NaN }), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => gradientPenalty("critic" as any, a, a, e), /critic must be a function/);
  tf.dispose([a, b, e, e2]);
  assert.strictEqual(wassersteinLoss().penalty, undefined);
});
