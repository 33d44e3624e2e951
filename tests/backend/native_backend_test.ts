import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { assertAllClose } from "../_helpers.ts";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { openBlas } from "../../lib/backend/blas.ts";
import { pendingProductCount } from "../../lib/backend/native_matmul.ts";
import { Rng } from "../../lib/random.ts";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
const blas = registerNativeBackend();
// The library object the backend calls (openBlas() returns the one already opened).
const blasObject = openBlas([blas.path]);
// float32 sums of up to ~50 products of N(0,1) values, summed in another order by BLAS than
// by the cpu kernel: differences are a few ulps of the partial sums (~1e-6 of values ~5).
const TOL = { atol: 2e-5, rtol: 1e-5 };

function randomValues(rng: Rng, size: number): Float32Array {
  const values = new Float32Array(size);
  rng.fillNormal(values);
  return values;
}

/** Runs `f` on `backend` with inputs built there from the same values; returns the data. */
async function runOn(
  backend: string,
  inputs: { values: Float32Array | Int32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  assert.ok(await tf.setBackend(backend), `switch to ${backend}`);
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const out = tf.tidy(() => f(...xs));
  const list = Array.isArray(out) ? out : [out];
  const data = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
  tf.dispose([...xs, ...list]);
  return data;
}

async function assertNativeEqualsCpu(
  inputs: { values: Float32Array | Int32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  msg: string,
): Promise<void> {
  const expected = await runOn("cpu", inputs, f);
  const actual = await runOn(NATIVE_BACKEND, inputs, f);
  assert.strictEqual(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assertAllClose(actual[i], expected[i], { ...TOL, msg });
}

Deno.test("registerNativeBackend() opens an OpenBLAS library and registers the native backend", () => {
  assert.match(blas.path, /blas/i);
  assert.strictEqual(blas.threads, 1);
  assert.ok(tf.findBackendFactory(NATIVE_BACKEND) !== null);
  assert.ok(tf.getKernel("BatchMatMul", NATIVE_BACKEND) !== undefined);
  assert.ok(tf.getKernel("Relu", NATIVE_BACKEND) !== undefined, "cpu kernels copied");
});

Deno.test("native matMul equals the hand-computed product", async () => {
  await tf.setBackend(NATIVE_BACKEND);
  const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const b = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  const c = tf.matMul(a, b);
  assert.deepStrictEqual(await c.array(), [[4, 5], [10, 11]]);
  tf.dispose([a, b, c]);
});

Deno.test("native matMul equals cpu for every transpose combination", async () => {
  const rng = new Rng(11);
  const [m, k, n] = [7, 13, 5];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const a = { values: randomValues(rng, m * k), shape: transposeA ? [k, m] : [m, k] };
      const b = { values: randomValues(rng, k * n), shape: transposeB ? [n, k] : [k, n] };
      await assertNativeEqualsCpu(
        [a, b],
        (x, y) => tf.matMul(x, y, transposeA, transposeB),
        `transposeA=${transposeA} transposeB=${transposeB}`,
      );
    }
  }
});

Deno.test("native matMul equals cpu with batch dims, broadcast batches and empty shapes", async () => {
  const rng = new Rng(12);
  const cases: [number[], number[], boolean, boolean][] = [
    [[2, 3, 4, 6], [2, 3, 6, 5], false, false],
    [[2, 3, 6, 4], [2, 3, 5, 6], true, true],
    [[1, 4, 6], [3, 6, 5], false, false],
    [[3, 4, 6], [6, 5], false, false],
    [[0, 6], [6, 5], false, false],
    [[4, 0], [0, 5], false, false],
  ];
  for (const [aShape, bShape, transposeA, transposeB] of cases) {
    const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
    const a = { values: randomValues(rng, size(aShape)), shape: aShape };
    const b = { values: randomValues(rng, size(bShape)), shape: bShape };
    await assertNativeEqualsCpu(
      [a, b],
      (x, y) => tf.matMul(x, y, transposeA, transposeB),
      `${aShape} x ${bShape}`,
    );
  }
});

Deno.test("native fused matMul (bias, activations) equals cpu", async () => {
  const rng = new Rng(13);
  const [m, k, n] = [6, 9, 4];
  const a = { values: randomValues(rng, m * k), shape: [m, k] };
  const b = { values: randomValues(rng, n * k), shape: [n, k] };
  const bias = { values: randomValues(rng, n), shape: [n] };
  const bias2d = { values: randomValues(rng, m * n), shape: [m, n] };
  const alpha = { values: randomValues(rng, n), shape: [n] };
  const activations = ["linear", "relu", "sigmoid", "elu", "relu6", "leakyrelu", "prelu"] as const;
  for (const activation of activations) {
    for (const [biasInput, label] of [[bias, "bias [n]"], [bias2d, "bias [m,n]"]] as const) {
      await assertNativeEqualsCpu(
        [a, b, biasInput, alpha],
        (x, y, z, w) =>
          tf.fused.matMul({
            a: x,
            b: y,
            transposeB: true,
            bias: z,
            activation,
            preluActivationWeights: activation === "prelu" ? w : undefined,
            leakyreluAlpha: 0.3,
          }),
        `${activation}, ${label}`,
      );
    }
  }
  await assertNativeEqualsCpu(
    [a, b],
    (x, y) => tf.fused.matMul({ a: x, b: y, transposeB: true }),
    "no bias",
  );
});

Deno.test("gradients through native matMul and fused matMul equal cpu's", async () => {
  const rng = new Rng(14);
  const x = { values: randomValues(rng, 8 * 10), shape: [8, 10] };
  const w1 = { values: randomValues(rng, 10 * 12), shape: [10, 12] };
  const b1 = { values: randomValues(rng, 12), shape: [12] };
  const w2 = { values: randomValues(rng, 12 * 3), shape: [12, 3] };
  const loss = (xs: tf.Tensor, v1: tf.Tensor, c1: tf.Tensor, v2: tf.Tensor) => {
    const h = tf.fused.matMul({
      a: xs as tf.Tensor2D,
      b: v1 as tf.Tensor2D,
      bias: c1,
      activation: "relu",
    });
    return tf.sum(tf.square(tf.matMul(h, v2)));
  };
  await assertNativeEqualsCpu(
    [x, w1, b1, w2],
    (...xs) => tf.grads(loss)(xs),
    "gradients",
  );
});

Deno.test("native matMul of int32 tensors falls back to the cpu kernel (exact)", async () => {
  await tf.setBackend(NATIVE_BACKEND);
  const a = tf.tensor2d([[1, 2], [3, 4]], [2, 2], "int32");
  const c = tf.matMul(a, a);
  assert.strictEqual(c.dtype, "int32");
  assert.deepStrictEqual(await c.array(), [[7, 10], [15, 22]]);
  tf.dispose([a, c]);
});

Deno.test("native training-like loops leak no tensors or backend data", async () => {
  await tf.setBackend(NATIVE_BACKEND);
  const w = tf.variable(tf.randomNormal([20, 30], 0, 1, "float32", 1));
  const x = tf.ones([5, 20]);
  const opt = tf.train.sgd(0.01);
  const run = () =>
    tf.tidy(() => {
      opt.minimize(() =>
        tf.sum(tf.fused.matMul({ a: x as tf.Tensor2D, b: w, activation: "relu" })) as tf.Scalar
      );
    });
  run();
  const tensors = tf.memory().numTensors;
  const dataIds = tf.engine().backend.numDataIds();
  for (let i = 0; i < 10; i++) run();
  assert.strictEqual(tf.memory().numTensors, tensors);
  assert.strictEqual(tf.engine().backend.numDataIds(), dataIds);
  tf.dispose([w, x]);
  opt.dispose();
});

Deno.test("openBlas() with a wrong path fails naming the path", () => {
  const path = "/nonexistent/libnot-a-blas.so";
  assert.throws(() => openBlas([path]), (error: Error) => {
    assert.ok(error.message.includes(path), error.message);
    return true;
  });
  assert.throws(() => registerNativeBackend({ blasPaths: [path] }), new RegExp(path));
  // The earlier library stays in use.
  assert.ok(tf.findBackendFactory(NATIVE_BACKEND) !== null);
});

Deno.test("registerNativeBackend() rejects a bad thread count", () => {
  assert.throws(() => registerNativeBackend({ threads: 0 }), RangeError);
});

Deno.test("gradients the tape discards are never multiplied: a dense layer's data gradient", async () => {
  await tf.setBackend(NATIVE_BACKEND);
  const rng = new Rng(11);
  const w = tf.variable(tf.tensor(randomValues(rng, 6 * 4), [6, 4]));
  const bias = tf.variable(tf.zeros([4]));
  const x = tf.tensor(randomValues(rng, 5 * 6), [5, 6]);
  const shapes: number[][] = [];
  const sgemm = blasObject.sgemm;
  blasObject.sgemm = (transA, transB, m, n, k, a, b, c) => {
    shapes.push([m, n, k]);
    sgemm(transA, transB, m, n, k, a, b, c);
  };
  try {
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.fused.matMul({ a: x as tf.Tensor2D, b: w, bias })) as tf.Scalar,
      [w, bias],
    );
    const dw = await grads[w.name].data();
    // Forward [5,4] = x[5,6] w[6,4] and dW[6,4] = x^T dy when read; never dX[5,6] = dy w^T.
    assert.deepStrictEqual(shapes, [[5, 4, 6], [6, 4, 5]]);
    assert.strictEqual(pendingProductCount(), 0);
    const expected = tf.tidy(() => tf.matMul(x, tf.ones([5, 4]), true, false));
    assertAllClose(dw, await expected.data(), TOL);
    tf.dispose([expected, ...Object.values(grads)]);
  } finally {
    blasObject.sgemm = sgemm;
  }
  tf.dispose([w, bias, x]);
});

Deno.test("a weight used twice gets the sum of both products as its gradient, as on cpu", async () => {
  const rng = new Rng(12);
  const inputs = [
    { values: randomValues(rng, 7 * 5), shape: [7, 5] },
    { values: randomValues(rng, 4 * 5), shape: [4, 5] },
    { values: randomValues(rng, 5 * 3), shape: [5, 3] },
  ];
  // d/dW of sum(x1 W) + sum((x2 W)^2): two uses of W, two gradient products summed by the tape.
  const f = (x1: tf.Tensor, x2: tf.Tensor, w: tf.Tensor) =>
    tf.grad((v: tf.Tensor) =>
      tf.add(tf.sum(tf.matMul(x1, v)), tf.sum(tf.square(tf.matMul(x2, v))))
    )(w);
  const betas: number[] = [];
  const sgemm = blasObject.sgemm;
  blasObject.sgemm = (transA, transB, m, n, k, a, b, c, beta) => {
    betas.push(beta ?? 0);
    sgemm(transA, transB, m, n, k, a, b, c, beta);
  };
  try {
    await assertNativeEqualsCpu(inputs, f, "gradient of a weight used twice");
  } finally {
    blasObject.sgemm = sgemm;
  }
  // Two forward products, then dW: the first use's product, the second added into it (beta 1).
  assert.deepStrictEqual(betas, [0, 0, 0, 1]);
  assert.strictEqual(pendingProductCount(), 0);
});
