import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { tileInto } from "../../lib/backend/native_tile.ts";

registerNativeBackend();

/** `tf.tile(x, reps)` on `backend`: dtype, shape and values. */
async function tileOn(
  backend: string,
  values: number[],
  shape: number[],
  dtype: "float32" | "int32" | "bool",
  reps: number[],
) {
  assert.ok(await tf.setBackend(backend));
  const x = tf.tensor(values, shape, dtype);
  const y = tf.tile(x, reps);
  const out = { dtype: y.dtype, shape: y.shape, data: Array.from(await y.data()) };
  tf.dispose([x, y]);
  return out;
}

Deno.test("native Tile gives the cpu kernel's values, shape and dtype for ranks 0-5, every dtype and zero-size axes", async () => {
  const axis = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }));
  await fc.assert(
    fc.asyncProperty(
      fc.array(axis, { minLength: 0, maxLength: 5 }),
      fc.constantFrom("float32" as const, "int32" as const, "bool" as const),
      fc.integer({ min: 1, max: 1000 }),
      async (axes, dtype, seed) => {
        const shape = axes.map(([n]) => n), reps = axes.map(([, r]) => r);
        const size = shape.reduce((a, b) => a * b, 1);
        // Distinct values (a wrong source index shows); negative zero and NaN ride along.
        const values = Array.from(
          { length: size },
          (_, i) =>
            dtype === "bool"
              ? (i * seed) % 3 === 0 ? 1 : 0
              : dtype === "int32"
              ? i * 7 - seed
              : i === 1
              ? -0
              : i === 2
              ? NaN
              : (i + 0.5) * seed,
        );
        const want = await tileOn("cpu", values, shape, dtype, reps);
        const got = await tileOn(NATIVE_BACKEND, values, shape, dtype, reps);
        assert.deepStrictEqual(got, want, `shape=${shape} reps=${reps} ${dtype}`);
      },
    ),
    { seed: 17, numRuns: 300 },
  );
});

Deno.test("native Tile: batch norm's per-channel tile and its gradient match the cpu backend", async () => {
  const run = async (backend: string) => {
    assert.ok(await tf.setBackend(backend));
    const v = tf.tensor1d([0.5, -1.25, 3, 2e-8, -0]);
    const [y, g] = tf.tidy(() => {
      const f = (t: tf.Tensor) => tf.tile(t.reshape([1, 1, 1, 5]), [3, 4, 2, 1]);
      const w = tf.range(0, 3 * 4 * 2 * 5).reshape([3, 4, 2, 5]);
      return [f(v), tf.grad((t: tf.Tensor) => f(t).mul(w).sum())(v)];
    });
    const out = { y: Array.from(await y.data()), shape: y.shape, g: Array.from(await g.data()) };
    tf.dispose([v, y, g]);
    return out;
  };
  assert.deepStrictEqual(await run(NATIVE_BACKEND), await run("cpu"));
});

Deno.test("tileInto repeats the innermost rows, then whole blocks, in row-major order", () => {
  const out = new Float32Array(12);
  tileInto(new Float32Array([1, 2, 3]), [1, 3], [2, 2], out);
  assert.deepStrictEqual(Array.from(out), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  // Rows of 20 values take the copy by `set`.
  const long = Float32Array.from({ length: 40 }, (_, i) => i);
  const tiled = new Float32Array(120);
  tileInto(long, [2, 20], [1, 3], tiled);
  const want = [0, 1].flatMap((r) =>
    [0, 1, 2].flatMap(() => [...long.subarray(r * 20, r * 20 + 20)])
  );
  assert.deepStrictEqual(Array.from(tiled), want);
});

Deno.test("native Tile leaves no tensors behind", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.ones([2, 3]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) tf.tile(x, [3, 2]).dispose();
  assert.strictEqual(tf.memory().numTensors, before);
  x.dispose();
});
