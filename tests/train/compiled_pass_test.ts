/**
 * The compiled pass's element-wise kernels (lib/train/compiled/mlp_pass.ts) against tfjs's cpu
 * kernels on inputs chosen to catch the branch-free forms out: NaN, ties between maxout pieces,
 * signed zeros, both signs. Dense layers are covered by tests/train/compiled_step_test.ts.
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { maxout } from "../../lib/models/mod.ts";
import { type Gemm, MlpRunner } from "../../lib/train/compiled/mlp_pass.ts";
import { planMlp } from "../../lib/train/compiled/plan.ts";
import { useBackend } from "../_helpers.ts";

/** Element-wise layers need no products: a gemm that must not be called. */
const noGemm: Gemm = {
  sgemm: () => assert.fail("no product expected"),
  axpy: () => assert.fail("no axpy expected"),
  scal: () => assert.fail("no scal expected"),
  sumOfSquares: () => assert.fail("no sumOfSquares expected"),
};

/** The runner's forward output for `model` on `rows` against `model.predict` on cpu. */
function compare(layer: tf.layers.Layer, width: number, rows: number[][]): Float32Array {
  const input = tf.input({ shape: [width] });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  const plan = planMlp(model);
  assert.ok(typeof plan !== "string", String(plan));
  const runner = new MlpRunner(plan, noGemm);
  const b = runner.buffers(rows.length);
  b.input.set(rows.flat());
  const got = runner.forward(b, () => assert.fail("no dense layer expected"));
  const expected = (model.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync();
  assert.strictEqual(got.length, expected.length);
  for (let i = 0; i < got.length; i++) {
    const same = Number.isNaN(expected[i]) ? Number.isNaN(got[i]) : got[i] === expected[i];
    assert.ok(same, `value ${i}: compiled ${got[i]}, tfjs ${expected[i]}`);
  }
  return got;
}

const EDGE_ROW = [-1.5, 2.25, NaN, -0, 0, 1e-40, -1e-40, -Infinity, Infinity];

Deno.test("compiled ReLU equals tfjs's: NaN kept, negatives and -0 give +0", async () => {
  await useBackend("cpu");
  const got = compare(tf.layers.reLU(), EDGE_ROW.length, [EDGE_ROW, EDGE_ROW.map((v) => -v)]);
  // Negative inputs give +0, not -0 (the arithmetic form adds 0 to v * 0 for that).
  assert.ok(Object.is(got[0], 0) && Object.is(got[6], 0) && Object.is(got[7], 0));
  assert.strictEqual(got[8], Infinity);
});

Deno.test("compiled leaky ReLU equals tfjs's: alpha * v below 0, NaN kept", async () => {
  await useBackend("cpu");
  const got = compare(tf.layers.leakyReLU({ alpha: 0.2 }), EDGE_ROW.length, [EDGE_ROW]);
  assert.strictEqual(got[0], Math.fround(Math.fround(0.2) * -1.5));
  assert.strictEqual(got[7], -Infinity);
});

Deno.test("compiled maxout equals tfjs's: ties, NaN in any piece, infinities", async () => {
  await useBackend("cpu");
  const rows = [
    [1, 1, 0, -2, -2, -2, 0, NaN, 5, NaN, 9, 1, 3, -Infinity, 2],
    [-0, 0, -1, 7, 8, 8, Infinity, NaN, 1, 4, 3, NaN, -5, -6, -4],
  ];
  const got = compare(maxout({ pieces: 3 }) as unknown as tf.layers.Layer, 15, rows);
  assert.deepStrictEqual(Array.from(got.slice(0, 2)), [1, -2]);
  assert.ok(Number.isNaN(got[2]) && Number.isNaN(got[3]) && Number.isNaN(got[7]));
  assert.strictEqual(got[6], 8);
});
