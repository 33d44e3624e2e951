/**
 * The native backend's `FusedBatchNorm` (lib/backend/native_batch_norm.ts) against the cpu
 * kernel: the same bits, with and without scale and offset, per-channel and single-value
 * terms, NaN and extreme values; the cases left to the cpu kernel give its numbers.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { Rng } from "../../lib/random.ts";
import { CHANNEL_MOMENTS } from "../../lib/ops/kernels.ts";

registerNativeBackend();

type Input = { values: Float32Array; shape: number[] };

function normal(rng: Rng, shape: number[], scale = 1, shift = 0): Input {
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  rng.fillNormal(values);
  for (let i = 0; i < values.length; i++) values[i] = values[i] * scale + shift;
  return { values, shape };
}

/** `f` on `backend` from the same inputs: the output's shape and values (Object.is-equal). */
async function on(backend: string, inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor) {
  assert.ok(await tf.setBackend(backend));
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const y = tf.tidy(() => f(...xs));
  const out = { shape: y.shape, data: Array.from(await y.data()) };
  tf.dispose([...xs, y]);
  return out;
}

async function sameBits(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor, msg: string) {
  assert.deepStrictEqual(await on(NATIVE_BACKEND, inputs, f), await on("cpu", inputs, f), msg);
}

Deno.test("native batchNorm equals cpu's exactly: [N,H,W,C] with [C] terms, scale and offset optional", async () => {
  const rng = new Rng(100);
  const x = normal(rng, [3, 5, 4, 6], 3, 1);
  x.values.set([NaN, Infinity, -Infinity, -0, 1e30, -1e-30], 0);
  const mean = normal(rng, [6]), offset = normal(rng, [6]), scale = normal(rng, [6]);
  const variance = { values: Float32Array.from(normal(rng, [6]).values, Math.abs), shape: [6] };
  variance.values[2] = 0; // epsilon alone under the root
  type T = tf.Tensor;
  const cases: [string, Input[], (...xs: T[]) => T][] = [
    [
      "all terms",
      [x, mean, variance, offset, scale],
      (a, m, v, o, s) => tf.batchNorm(a, m, v, o, s, 1e-5),
    ],
    [
      "default epsilon",
      [x, mean, variance, offset, scale],
      (a, m, v, o, s) => tf.batchNorm(a, m, v, o, s),
    ],
    [
      "no scale",
      [x, mean, variance, offset],
      (a, m, v, o) => tf.batchNorm(a, m, v, o, undefined, 1e-3),
    ],
    [
      "no offset",
      [x, mean, variance, scale],
      (a, m, v, s) => tf.batchNorm(a, m, v, undefined, s, 1e-3),
    ],
    ["neither", [x, mean, variance], (a, m, v) => tf.batchNorm(a, m, v)],
    [
      "single-value mean and variance",
      [
        x,
        { values: Float32Array.of(0.5), shape: [1] },
        { values: Float32Array.of(2), shape: [1] },
        offset,
      ],
      (a, m, v, o) => tf.batchNorm(a, m, v, o),
    ],
  ];
  for (const [msg, inputs, f] of cases) await sameBits(inputs, f, msg);
});

Deno.test("native batchNorm leaves terms of other lengths to the cpu kernel: its numbers exactly", async () => {
  const rng = new Rng(101);
  // Terms of shape [W, C] against [N, H, W, C]: every row of W*C values, as the cpu kernel's
  // wrapping indices read them; and terms of two different lengths (1 and 4*6), which also
  // fit the rows. A period that does not divide x ([5] against [..., 6]) goes to cpu.
  const x = normal(rng, [2, 3, 4, 6]);
  const wide = normal(rng, [4, 6]), wideVar = normal(rng, [4, 6], 0.1, 1);
  await sameBits([x, wide, wideVar], (a, m, v) => tf.batchNorm(a, m, v), "[W, C] terms");
  const odd = normal(rng, [5]), oddVar = normal(rng, [5], 0.1, 1);
  const x2 = normal(rng, [4, 6]);
  await sameBits(
    [{ values: x2.values, shape: [24] }, odd, oddVar],
    (a, m, v) => tf.batchNorm(a.reshape([24]), m.reshape([5]), v.reshape([5])),
    "a period that does not divide x",
  );
});

Deno.test("a batch normalisation layer trains the same on native as on cpu (forward and gradients)", async () => {
  const rng = new Rng(102);
  const x = normal(rng, [4, 3, 3, 5], 2, 0.5);
  const gamma = normal(rng, [5], 0.1, 1), beta = normal(rng, [5], 0.1);
  const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const grads = tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => {
      const { mean, variance } = tf.moments(u, [0, 1, 2]);
      return tf.sum(tf.square(tf.batchNorm(u, mean, variance, w, v, 1e-5)));
    })([a, g, b]);
    return tf.concat(grads.map((t) => t.flatten()));
  };
  const native = await on(NATIVE_BACKEND, [x, gamma, beta], f);
  const cpu = await on("cpu", [x, gamma, beta], f);
  assert.deepStrictEqual(native, cpu);
});

Deno.test("native channel moments equal tf.moments on cpu exactly (order-sensitive values)", async () => {
  const rng = new Rng(103);
  for (const shape of [[6, 5, 7, 3], [9, 4], [2, 3, 8]]) {
    const x = normal(rng, shape, 2, 0.5);
    for (let i = 0; i < x.values.length; i += 13) x.values[i] *= 1e6; // order matters
    const expected = await on("cpu", [x], (t) => {
      const { mean, variance } = tf.moments(t, shape.slice(0, -1).map((_, i) => i));
      return tf.concat([mean, variance]);
    });
    const actual = await on(NATIVE_BACKEND, [x], (t) => {
      const [mean, variance] = tf.engine().runKernel(CHANNEL_MOMENTS, { x: t }) as tf.Tensor[];
      return tf.concat([mean, variance]);
    });
    assert.deepStrictEqual(actual, expected, JSON.stringify(shape));
  }
});
