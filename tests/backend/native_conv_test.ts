/**
 * The native backend's convolution kernels (lib/backend/native_conv.ts) against the cpu
 * backend's: conv2d, conv2dTranspose and their gradients over strides, paddings (same, valid,
 * explicit), odd sizes, channels and batches, to float32 tolerance; the cases left to the cpu
 * kernel (dilation) give its numbers exactly.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose } from "../_helpers.ts";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

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
