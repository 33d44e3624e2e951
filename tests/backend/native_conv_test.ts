/**
 * The native backend's convolution kernels (lib/backend/native_conv.ts) against the cpu
 * backend's: conv2d, conv2dTranspose and their gradients over strides, paddings (same, valid,
 * explicit), odd sizes, channels and batches, to float32 tolerance; the cases left to the cpu
 * kernel (dilation) give its numbers exactly.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { openBlas } from "../../lib/backend/blas.ts";
import { isPendingProduct, pendingProductCount } from "../../lib/backend/native_matmul.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose } from "../_helpers.ts";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
const blas = registerNativeBackend();
// The library object the backend calls (openBlas() returns the one already opened).
const blasObject = openBlas([blas.path]);

function normal(seed: number, shape: number[], std = 1): { values: Float32Array; shape: number[] } {
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  new Rng(seed).fillNormal(values);
  for (let i = 0; i < values.length; i++) values[i] *= std;
  return { values, shape };
}

/**
 * A filter `[kh, kw, a, b]` with the usual 1/sqrt(fan-in) scale, so that outputs and gradients
 * stay near 1 and float32's rounding (which grows with the terms' sizes) stays within the
 * tolerance however wide the case.
 */
function filter(seed: number, shape: number[]): { values: Float32Array; shape: number[] } {
  return normal(seed, shape, 1 / Math.sqrt(shape[0] * shape[1] * Math.max(shape[2], shape[3])));
}

/** `f` on `backend` from the same inputs: each output's values. */
async function on(
  backend: string,
  inputs: { values: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor[],
): Promise<{ shape: number[]; data: Float32Array }[]> {
  assert.ok(await tf.setBackend(backend));
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const out = tf.tidy(() => f(...xs));
  const result = await Promise.all(
    out.map(async (t) => ({ shape: t.shape, data: (await t.data()) as Float32Array })),
  );
  tf.dispose([...xs, ...out]);
  return result;
}

async function sameOnBoth(
  inputs: { values: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor[],
  exact = false,
): Promise<void> {
  const cpu = await on("cpu", inputs, f);
  const native = await on(NATIVE_BACKEND, inputs, f);
  assert.strictEqual(native.length, cpu.length);
  for (let i = 0; i < cpu.length; i++) {
    assert.deepStrictEqual(native[i].shape, cpu[i].shape);
    if (exact) assert.deepStrictEqual(native[i].data, cpu[i].data);
    else {assertAllClose(native[i].data, cpu[i].data, {
        rtol: 1e-4,
        atol: 1e-4,
        msg: `output ${i}`,
      });}
  }
}

type Pad = "same" | "valid" | number;
const CASES: { x: number[]; k: number[]; stride: number | [number, number]; pad: Pad }[] = [
  { x: [2, 9, 7, 3], k: [3, 3, 3, 4], stride: 1, pad: "same" },
  { x: [3, 14, 14, 5], k: [5, 5, 5, 6], stride: 2, pad: "same" },
  { x: [1, 8, 11, 2], k: [4, 2, 2, 3], stride: [2, 3], pad: "valid" },
  { x: [2, 7, 6, 1], k: [3, 3, 1, 2], stride: 1, pad: 2 },
  { x: [1, 5, 5, 4], k: [1, 1, 4, 7], stride: 1, pad: "valid" },
  // A filter row's run of 16 or more values is copied into the patch matrix another way.
  { x: [2, 6, 6, 17], k: [3, 3, 17, 5], stride: 2, pad: "same" },
  // Runs of kw * C >= 128 values are added back by BLAS in the input's gradient.
  { x: [2, 8, 8, 32], k: [5, 5, 32, 4], stride: 2, pad: "same" },
  // A patch matrix of 102,400 values an image: built and multiplied 2 images at a time (3
  // blocks, the last with 1 image), the filter's gradient summed over the blocks.
  { x: [5, 16, 16, 16], k: [5, 5, 16, 8], stride: 1, pad: "same" },
  // Padding wider than the filter: some patches lie wholly outside the image.
  { x: [1, 4, 5, 2], k: [3, 2, 2, 3], stride: 1, pad: 4 },
];

Deno.test("native conv2d and its two gradients equal the cpu kernels", async () => {
  for (const [i, c] of CASES.entries()) {
    const x = normal(10 + i, c.x), k = filter(20 + i, c.k);
    await sameOnBoth([x, k], (xt, kt) => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).square().sum();
      const y = tf.conv2d(xt as tf.Tensor4D, kt as tf.Tensor4D, c.stride, c.pad);
      const [dx, dk] = tf.grads(f)([xt, kt]);
      return [y, dx, dk];
    });
  }
});

Deno.test("native conv2dTranspose (the DCGAN generator's layer) and its gradients equal cpu", async () => {
  // [batch, h, w, inChannels] -> outputShape with the filter [kh, kw, outChannels, inChannels].
  const cases = [
    { x: [2, 7, 7, 6], k: [5, 5, 3, 6], out: [2, 14, 14, 3], stride: 2, pad: "same" as const },
    { x: [1, 4, 5, 2], k: [3, 3, 4, 2], out: [1, 4, 5, 4], stride: 1, pad: "same" as const },
    { x: [3, 3, 3, 2], k: [2, 2, 1, 2], out: [3, 6, 6, 1], stride: 2, pad: "valid" as const },
    // The DCGAN generator's wide layer in small: runs of 5 * 32 values added by BLAS.
    { x: [2, 4, 4, 16], k: [5, 5, 32, 16], out: [2, 8, 8, 32], stride: 2, pad: "same" as const },
  ];
  for (const [i, c] of cases.entries()) {
    const x = normal(30 + i, c.x), k = filter(40 + i, c.k);
    await sameOnBoth([x, k], (xt, kt) => {
      const t = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2dTranspose(
          a as tf.Tensor4D,
          b as tf.Tensor4D,
          c.out as [number, number, number, number],
          c.stride,
          c.pad,
        );
      const y = t(xt, kt);
      const [dx, dk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => t(a, b).square().sum())([xt, kt]);
      return [y, dx, dk];
    });
  }
});

Deno.test("native fused conv2d (bias, activation) equals the cpu kernel", async () => {
  const x = normal(70, [2, 9, 9, 3]), k = normal(71, [5, 5, 3, 4]), b = normal(72, [4]);
  const prelu = normal(73, [4]);
  for (const activation of ["linear", "relu", "leakyrelu", "sigmoid", "elu", "prelu"] as const) {
    await sameOnBoth([x, k, b, prelu], (xt, kt, bt, pt) => [
      tf.fused.conv2d({
        x: xt as tf.Tensor4D,
        filter: kt as tf.Tensor4D,
        strides: 2,
        pad: "same",
        bias: bt,
        activation,
        preluActivationWeights: activation === "prelu" ? pt : undefined,
        leakyreluAlpha: 0.3,
      }),
    ]);
  }
});

Deno.test("native convolutions leave dilation to the cpu kernel: its numbers exactly", async () => {
  const x = normal(50, [1, 9, 9, 2]), k = normal(51, [3, 3, 2, 2]);
  await sameOnBoth(
    [x, k],
    (xt, kt) => [tf.conv2d(xt as tf.Tensor4D, kt as tf.Tensor4D, 1, "same", "NHWC", 2)],
    true,
  );
});

Deno.test("native convolutions keep tensor counts flat and read pending matMul products", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.tensor(normal(60, [2, 8, 8, 3]).values, [2, 8, 8, 3]) as tf.Tensor4D;
  const k = tf.tensor(normal(61, [3, 3, 3, 4]).values, [3, 3, 3, 4]) as tf.Tensor4D;
  const step = () =>
    tf.tidy(() => {
      tf.grads((a: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, k, 2, "same").sum())([x]);
    });
  step(); // tfjs caches a few constants on first use
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) step();
  assert.strictEqual(tf.memory().numTensors, before);
  // The input of a conv as a deferred product (matMul) is computed when the conv reads it.
  const viaProduct = tf.tidy(() =>
    tf.conv2d(
      tf.matMul(tf.eye(128), x.reshape([128, 3])).reshape([2, 8, 8, 3]) as tf.Tensor4D,
      k,
      1,
      "valid",
    )
  );
  const direct = tf.conv2d(x, k, 1, "valid");
  assertAllClose(await viaProduct.data(), await direct.data(), { rtol: 1e-6, atol: 1e-6 });
  tf.dispose([x, k, viaProduct, direct]);
});

/** Runs `f` with the backend's sgemm calls recorded as `[m, n, k, beta]` (passed to it too). */
function recordingProducts<T>(f: (products: number[][]) => T): { result: T; products: number[][] } {
  const products: number[][] = [];
  const sgemm = blasObject.sgemm;
  blasObject.sgemm = (transA, transB, m, n, k, a, b, c, beta) => {
    products.push([m, n, k, beta ?? 0]);
    sgemm(transA, transB, m, n, k, a, b, c, beta);
  };
  try {
    return { result: f(products), products };
  } finally {
    blasObject.sgemm = sgemm;
  }
}

Deno.test("conv gradients the tape discards are never computed (a conv layer's own filter in G's step)", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  // A conv layer with a bias, as D's layers: tfjs's fused conv gradient makes the input's and
  // the filter's gradients together; asking only for the input's (what G's step needs from D),
  // the filter's product must not run.
  const xv = normal(80, [2, 8, 8, 3]), kv = filter(81, [3, 3, 3, 4]), bv = normal(82, [4]);
  const x = tf.tensor4d(xv.values, [2, 8, 8, 3]);
  const k = tf.tensor4d(kv.values, [3, 3, 3, 4]);
  const b = tf.tensor(bv.values, bv.shape);
  const layer = (a: tf.Tensor) =>
    tf.fused.conv2d({ x: a as tf.Tensor4D, filter: k, strides: 2, pad: "same", bias: b }).sum();
  const pendingBefore = pendingProductCount();
  const { result: dx, products } = recordingProducts(() => {
    const g = tf.grad(layer)(x);
    g.dataSync();
    return g;
  });
  // Forward [2*4*4, 4] = P[32, 27] W[27, 4]; the input's gradient dY W^T [32, 27] from 4.
  // Never the filter's, P^T dY [27, 4] from 32.
  assert.deepStrictEqual(products, [[32, 4, 27, 0], [32, 27, 4, 0]]);
  assert.strictEqual(pendingProductCount(), pendingBefore);
  const expected = tf.tidy(() => {
    const dy = tf.ones([2, 4, 4, 4]) as tf.Tensor4D;
    return tf.conv2dTranspose(dy, k, [2, 8, 8, 3], 2, "same");
  });
  assertAllClose(await dx.data(), await expected.data(), { rtol: 1e-5, atol: 1e-5 });
  tf.dispose([x, k, b, dx, expected]);
});

Deno.test("conv gradients are pending until read, and two uses of a filter add into one product", async () => {
  const xa = normal(83, [2, 7, 7, 3]), xb = normal(84, [3, 7, 7, 3]);
  const kv = filter(85, [3, 3, 3, 5]);
  // d/dW and d/dx of sum(conv(xa, W)) + sum(conv(xb, W)^2): the tape adds W's two gradients.
  const f = (a: tf.Tensor, c: tf.Tensor, w: tf.Tensor) =>
    tf.grads((u: tf.Tensor, v: tf.Tensor) =>
      tf.add(
        tf.sum(tf.conv2d(a as tf.Tensor4D, v as tf.Tensor4D, 2, "same")),
        tf.sum(tf.square(tf.conv2d(u as tf.Tensor4D, v as tf.Tensor4D, 2, "same"))),
      )
    )([c, w]);
  await sameOnBoth([xa, xb, kv], f);
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const [a, c, w] = [xa, xb, kv].map(({ values, shape }) => tf.tensor(values, shape));
  const filterProduct = ([m, n]: number[]) => m === 27 && n === 5;
  const { result: grads, products } = recordingProducts((products) => {
    const grads = f(a, c, w);
    // Both gradients pending, the filter's product not yet run.
    assert.ok(grads.every((g) => isPendingProduct(g.dataId)));
    assert.deepStrictEqual(products.filter(filterProduct), []);
    grads[1].dataSync();
    return grads;
  });
  // The filter's gradient: one product, then the second added into it (beta 1).
  assert.deepStrictEqual(products.filter(filterProduct).map((p) => p[3]), [0, 1]);
  tf.dispose([a, c, w, ...grads]);
  assert.strictEqual(pendingProductCount(), 0);
});
