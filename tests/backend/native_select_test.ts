/**
 * The native backend's `Select` (lib/backend/native_select.ts) against the cpu kernel: the
 * same bits, NaN payloads and signed zeros included; the cases it leaves to the cpu kernel
 * give the cpu's numbers.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { selectInto } from "../../lib/backend/native_select.ts";
import { Rng } from "../../lib/random.ts";

registerNativeBackend();

/** `f` on `backend` from the same inputs: dtype, shape and the values' bits. */
async function on(
  backend: string,
  inputs: { values: Float32Array | Uint8Array | Int32Array; shape: number[]; dtype: tf.DataType }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor,
) {
  assert.ok(await tf.setBackend(backend));
  const xs = inputs.map(({ values, shape, dtype }) => tf.tensor(values, shape, dtype));
  const y = tf.tidy(() => f(...xs));
  const data = await y.data();
  const bits = data instanceof Float32Array
    ? Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length))
    : Array.from(data);
  const out = { dtype: y.dtype, shape: y.shape, bits };
  tf.dispose([...xs, y]);
  return out;
}

/** Float32 values with NaNs of two payloads, both zeros and both infinities among normals. */
function awkward(rng: Rng, n: number): Float32Array {
  const values = new Float32Array(n);
  rng.fillNormal(values);
  const bits = new Uint32Array(values.buffer);
  for (let i = 0; i < n; i += 5) {
    const kind = rng.int(6);
    if (kind === 0) bits[i] = 0x7fc00001; // a quiet NaN with a payload
    else if (kind === 1) bits[i] = 0xffc00000; // a negative NaN
    else if (kind === 2) values[i] = -0;
    else if (kind === 3) values[i] = Infinity;
    else if (kind === 4) values[i] = -Infinity;
  }
  return values;
}

Deno.test("native select equals cpu's bit for bit, for any shape", async () => {
  const rng = new Rng(90);
  const shape = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(shape, async (dims) => {
      const n = dims.reduce((p, q) => p * q, 1);
      const condition = Uint8Array.from({ length: n }, () => rng.int(2));
      const inputs = [
        { values: condition, shape: dims, dtype: "bool" as const },
        { values: awkward(rng, n), shape: dims, dtype: "float32" as const },
        { values: awkward(rng, n), shape: dims, dtype: "float32" as const },
      ];
      const where = (c: tf.Tensor, t: tf.Tensor, e: tf.Tensor) => tf.where(c, t, e);
      assert.deepStrictEqual(
        await on(NATIVE_BACKEND, inputs, where),
        await on("cpu", inputs, where),
      );
    }),
    { seed: 91, numRuns: 60 },
  );
});

Deno.test("selectInto picks t where the mask is 1 and e where it is 0", () => {
  const t = Float32Array.of(1, -0, NaN, 4);
  const e = Float32Array.of(-1, 0, 7, -Infinity);
  const out = new Float32Array(4);
  selectInto(Uint8Array.of(1, 1, 0, 0), t, e, out);
  assert.ok(Object.is(out[0], 1) && Object.is(out[1], -0));
  assert.ok(Object.is(out[2], 7) && Object.is(out[3], -Infinity));
  selectInto(Uint8Array.of(0, 0, 1, 1), t, e, out);
  assert.ok(Object.is(out[0], -1) && Object.is(out[1], 0));
  assert.ok(Number.isNaN(out[2]) && out[3] === 4);
});

Deno.test("native select leaves a row-choosing rank-1 condition and int32 to the cpu kernel", async () => {
  const rng = new Rng(92);
  const rows = [
    { values: Uint8Array.of(1, 0, 1), shape: [3], dtype: "bool" as const },
    { values: awkward(rng, 12), shape: [3, 4], dtype: "float32" as const },
    { values: awkward(rng, 12), shape: [3, 4], dtype: "float32" as const },
  ];
  const ints = [
    { values: Uint8Array.of(1, 0, 0, 1), shape: [4], dtype: "bool" as const },
    { values: Int32Array.of(1, 2, 3, 4), shape: [4], dtype: "int32" as const },
    { values: Int32Array.of(-1, -2, -3, -4), shape: [4], dtype: "int32" as const },
  ];
  // tf.where broadcasts its condition; the kernel itself takes a rank-1 one choosing rows.
  const where = (c: tf.Tensor, t: tf.Tensor, e: tf.Tensor) =>
    tf.engine().runKernel("Select", { condition: c, t, e }) as tf.Tensor;
  for (const inputs of [rows, ints]) {
    assert.deepStrictEqual(await on(NATIVE_BACKEND, inputs, where), await on("cpu", inputs, where));
  }
  assert.deepStrictEqual((await on(NATIVE_BACKEND, ints, where)).bits, [1, -2, -3, 4]);
});

Deno.test("leaky ReLU's gradient (a select) equals cpu's, and keeps tensor counts flat", async () => {
  const rng = new Rng(93);
  const x = { values: awkward(rng, 600), shape: [20, 30], dtype: "float32" as const };
  const dy = { values: awkward(rng, 600), shape: [20, 30], dtype: "float32" as const };
  const grad = (a: tf.Tensor, b: tf.Tensor) =>
    tf.grad((v: tf.Tensor) => tf.leakyRelu(v, 0.2))(a, b);
  assert.deepStrictEqual(await on(NATIVE_BACKEND, [x, dy], grad), await on("cpu", [x, dy], grad));
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const c = tf.tensor(Uint8Array.of(1, 0, 1, 0), [4], "bool");
  const t = tf.ones([4]), e = tf.zeros([4]);
  const run = () => tf.tidy(() => void tf.where(c, t, e).dataSync());
  run();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) run();
  assert.strictEqual(tf.memory().numTensors, before);
  tf.dispose([c, t, e]);
});
