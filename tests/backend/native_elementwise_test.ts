import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { Rng } from "../../lib/random.ts";

registerNativeBackend();

const OPS: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ["add", tf.add],
  ["sub", tf.sub],
  ["mul", tf.mul],
  ["div", tf.div],
  ["squaredDifference", tf.squaredDifference],
  ["equal", tf.equal],
  ["greater", tf.greater],
  ["less", tf.less],
];

/** `f` on `backend` from the same values; returns dtype, shape and data. */
async function on(
  backend: string,
  inputs: { values: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor,
): Promise<{ dtype: string; shape: number[]; data: number[] }> {
  assert.ok(await tf.setBackend(backend));
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const y = tf.tidy(() => f(...xs));
  const out = { dtype: y.dtype, shape: y.shape, data: Array.from(await y.data()) };
  tf.dispose([...xs, y]);
  return out;
}

/** Random broadcast-compatible pair of shapes (rank <= 4, dims <= 4, some dims 1 or dropped). */
const shapePair = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })),
  {
    minLength: 0,
    maxLength: 4,
  },
).chain((dims) =>
  fc.tuple(fc.integer({ min: 0, max: dims.length }), fc.integer({ min: 0, max: dims.length })).map(
    ([dropA, dropB]) => {
      // kind 0: both full; 1: a has 1; 2: b has 1; 3: both full.
      const a = dims.map(([d, kind]) => (kind === 1 ? 1 : d)).slice(dropA);
      const b = dims.map(([d, kind]) => (kind === 2 ? 1 : d)).slice(dropB);
      return [a, b] as [number[], number[]];
    },
  )
);

Deno.test("native binary kernels equal cpu's exactly, for any broadcast shapes", async () => {
  const rng = new Rng(41);
  const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
  await fc.assert(
    fc.asyncProperty(shapePair, async ([aShape, bShape]) => {
      // Small integers make ties (equal) common; each output is one float32 op on both
      // backends, so results must be identical.
      const a = Float32Array.from({ length: size(aShape) }, () => rng.int(5) - 2);
      const b = Float32Array.from({ length: size(bShape) }, () => rng.int(5) - 2 || 0.5);
      for (const [name, op] of OPS) {
        const inputs = [{ values: a, shape: aShape }, { values: b, shape: bShape }];
        const expected = await on("cpu", inputs, op);
        const actual = await on(NATIVE_BACKEND, inputs, op);
        assert.deepStrictEqual(actual, expected, `${name} ${aShape} ${bShape}`);
      }
    }),
    { seed: 42, numRuns: 60 },
  );
});

Deno.test("native binary kernels read a bool tensor cast to float32 (shared, uncopied data)", async () => {
  const a = new Float32Array([1, -2, 3, 4, 5, 6]);
  const f = (x: tf.Tensor) => tf.mul(tf.cast(tf.greater(x, 2), "float32"), tf.reshape(x, [3, 2]));
  const expected = await on("cpu", [{ values: a, shape: [3, 2] }], f);
  const actual = await on(NATIVE_BACKEND, [{ values: a, shape: [3, 2] }], f);
  assert.deepStrictEqual(actual, expected);
  assert.deepStrictEqual(actual.data, [0, -0, 3, 4, 5, 6]); // 0 * -2 = -0 on both
});

Deno.test("native sum equals cpu's exactly over contiguous and split axes", async () => {
  const rng = new Rng(43);
  const shape = [3, 4, 5, 2];
  const values = new Float32Array(3 * 4 * 5 * 2);
  rng.fillNormal(values);
  const axesList: (number | number[])[] = [0, 1, 3, -1, [1, 2], [0, 1, 2, 3], [0, 2], []];
  for (const axis of axesList) {
    for (const keepDims of [false, true]) {
      const f = (x: tf.Tensor) => tf.sum(x, axis, keepDims);
      const expected = await on("cpu", [{ values, shape }], f);
      const actual = await on(NATIVE_BACKEND, [{ values, shape }], f);
      assert.deepStrictEqual(actual, expected, `axis=${axis} keepDims=${keepDims}`);
    }
  }
});

Deno.test("native mean equals cpu's exactly (batch norm's moments among the axes)", async () => {
  const rng = new Rng(44);
  const shape = [6, 5, 7, 3];
  const values = new Float32Array(6 * 5 * 7 * 3);
  rng.fillNormal(values);
  for (let i = 0; i < values.length; i += 17) values[i] *= 1e6; // order-sensitive sums
  const axesList: (number | number[])[] = [[0, 1, 2], 0, 3, [1, 2], [0, 1, 2, 3], [0, 2]];
  for (const axis of axesList) {
    for (const keepDims of [false, true]) {
      const f = (x: tf.Tensor) => tf.mean(x, axis, keepDims);
      const expected = await on("cpu", [{ values, shape }], f);
      const actual = await on(NATIVE_BACKEND, [{ values, shape }], f);
      assert.deepStrictEqual(actual, expected, `axis=${axis} keepDims=${keepDims}`);
    }
  }
  // tf.moments (batch normalisation) on both.
  const m = (x: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.concat([mean, variance]);
  };
  assert.deepStrictEqual(
    await on(NATIVE_BACKEND, [{ values, shape }], m),
    await on("cpu", [{ values, shape }], m),
  );
});

Deno.test("native binary kernels fall back to cpu for int32 inputs", async () => {
  await tf.setBackend(NATIVE_BACKEND);
  const a = tf.tensor1d([7, 8], "int32");
  const c = tf.add(a, tf.scalar(1, "int32"));
  assert.strictEqual(c.dtype, "int32");
  assert.deepStrictEqual(Array.from(await c.data()), [8, 9]);
  tf.dispose([a, c]);
});

Deno.test("native unary kernels equal cpu's exactly, NaN, infinities and -0 included", async () => {
  const rng = new Rng(44);
  const values = new Float32Array(200);
  rng.fillNormal(values);
  values.set([NaN, Infinity, -Infinity, -0, 0, 1e-30, -90, 90], 0);
  const ops: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ["sigmoid", tf.sigmoid],
    ["exp", tf.exp],
    ["log", (x) => tf.log(tf.abs(x))],
    ["log1p", (x) => tf.log1p(tf.abs(x))],
    ["sqrt", (x) => tf.sqrt(tf.abs(x))],
    ["tanh", tf.tanh],
    ["relu", tf.relu],
    ["step", (x) => tf.step(x, 0.25)],
    ["square", tf.square],
    ["leakyRelu", (x) => tf.leakyRelu(x, 0.2)],
    ["leakyRelu, slope above 1", (x) => tf.leakyRelu(x, 1.5)],
    ["leakyRelu, negative slope", (x) => tf.leakyRelu(x, -0.3)],
  ];
  for (const [name, op] of ops) {
    const inputs = [{ values, shape: [20, 10] }];
    const expected = await on("cpu", inputs, op);
    const actual = await on(NATIVE_BACKEND, inputs, op);
    assert.deepStrictEqual(actual, expected, name);
  }
});

Deno.test("native sigmoid (table exp) equals cpu's Math.exp formula on 4M seeded values", async () => {
  const rng = new Rng(45);
  const values = new Float32Array(1 << 22);
  rng.fillNormal(values);
  // Scales from 0.1 to 60 (standard normals times 10^(-1..1.8)): saturated, linear and
  // denormal-output regions; then the branch edges and specials.
  for (let i = 0; i < values.length; i++) values[i] *= 10 ** ((i % 29) / 10 - 1);
  values.set([-40, -39.99, 40, 708.9, -708.9, 709, -709, 88.72, 103.97, 104, 1e-30, -0, NaN], 0);
  const inputs = [{ values, shape: [values.length] }];
  const expected = await on("cpu", inputs, tf.sigmoid);
  const actual = await on(NATIVE_BACKEND, inputs, tf.sigmoid);
  let mismatches = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) mismatches++;
  }
  assert.strictEqual(mismatches, 0);
});

Deno.test("native column sums (bias gradients) equal cpu's exactly, order-sensitive values", async () => {
  const rng = new Rng(46);
  for (const [rows, cols] of [[103, 37], [4, 5], [7, 1200], [200, 3]]) {
    const values = new Float32Array(rows * cols);
    rng.fillNormal(values);
    // Some +-1e20 among values of order 1: the big ones cancel and what survives of the small
    // ones depends on the order of the float64 additions.
    for (let i = 0; i < values.length; i++) {
      if (rng.next() < 0.3) values[i] = rng.next() < 0.5 ? 1e20 : -1e20;
    }
    const inputs = [{ values, shape: [rows, cols] }];
    const f = (x: tf.Tensor) => tf.sum(x, 0);
    assert.deepStrictEqual(await on(NATIVE_BACKEND, inputs, f), await on("cpu", inputs, f));
  }
});
