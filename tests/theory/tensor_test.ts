import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  crossEntropy,
  crossEntropyFromLogits,
  entropy,
  entropyFromLogits,
  ganValue,
  ganValueFromLogits,
  jensenShannon,
  jensenShannonDivergenceFromLogits,
  jensenShannonFromLogits,
  klDivergence,
  klFromLogits,
  logDFromLogits,
  logOneMinusDFromLogits,
} from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, useBackend } from "../_helpers.ts";

/** float64 softmax of one row (the reference for the float32 tensor forms). */
function softmax64(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  const out = Float64Array.from(row, (v) => Math.exp(v - max));
  const s = out.reduce((a, b) => a + b);
  return out.map((v) => v / s);
}

function randomLogits(rng: Rng, rows: number, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: rows * n }, () => scale * rng.normal());
}

// Float32 tolerance: logits are exact float32 values shared by both sides; the tensor side
// rounds each of ~n terms at ~6e-8 relative, so 1e-5 absolute + 1e-5 relative is generous
// for n <= 16 and values <= 2 log 2.
const F32 = { atol: 1e-5, rtol: 1e-5 };

Deno.test("tensor forms agree with the float64 forms to float32 precision", async () => {
  await useBackend("cpu");
  const rng = new Rng(4);
  const [rows, n] = [64, 16];
  for (const scale of [0.1, 1, 5]) {
    const a = randomLogits(rng, rows, n, scale), b = randomLogits(rng, rows, n, scale);
    const ta = tf.tensor2d(a, [rows, n]), tb = tf.tensor2d(b, [rows, n]);
    const results = [
      entropyFromLogits(ta),
      klFromLogits(ta, tb),
      crossEntropyFromLogits(ta, tb),
      jensenShannonFromLogits(ta, tb),
      jensenShannonDivergenceFromLogits(ta, tb),
    ];
    const got = await Promise.all(results.map((t) => t.data()));
    for (const t of results) assert.deepStrictEqual(t.shape, [rows]);
    const expected: number[][] = [[], [], [], [], []];
    for (let r = 0; r < rows; r++) {
      const p = softmax64(a.subarray(r * n, (r + 1) * n));
      const q = softmax64(b.subarray(r * n, (r + 1) * n));
      const tol = { tolerance: 1e-12 };
      expected[0].push(entropy(p, tol));
      expected[1].push(klDivergence(p, q, tol));
      expected[2].push(crossEntropy(p, q, tol));
      expected[3].push(jensenShannon(p, q, tol));
      expected[4].push(jensenShannon(p, q, tol) / 2);
    }
    for (let k = 0; k < results.length; k++) {
      assertAllClose(got[k], expected[k], { ...F32, msg: `scale=${scale} fn=${k}` });
    }
    tf.dispose([ta, tb, ...results]);
  }
});

Deno.test("tensor forms stay finite and correct for logits of +-100", async () => {
  await useBackend("cpu");
  const a = tf.tensor2d([[100, -100, 0], [-100, -100, 100]]);
  const b = tf.tensor2d([[-100, 100, 0], [-100, -100, 100]]);
  const outs = [
    entropyFromLogits(a),
    klFromLogits(a, b),
    crossEntropyFromLogits(a, b),
    jensenShannonFromLogits(a, b),
    logDFromLogits(a),
    logOneMinusDFromLogits(a),
  ];
  const values = await Promise.all(outs.map((t) => t.data()));
  for (const v of values) assert.ok(v.every(Number.isFinite), `not finite: ${v}`);
  const [h, kl, , js, logD, log1mD] = values;
  assertAllClose(h, [0, 0], { atol: 1e-6 }); // point masses
  assertAllClose(kl, [200, 0], { atol: 1e-3, rtol: 1e-6 }); // sum p (log p - log q) ~ 0 - (-200)
  assertAllClose(js, [2 * Math.LN2, 0], { atol: 1e-6 }); // disjoint, then equal
  assertAllClose(logD, [0, -100, -Math.LN2, -100, -100, 0], { atol: 1e-5 });
  assertAllClose(log1mD, [-100, 0, -Math.LN2, 0, 0, -100], { atol: 1e-5 });
  tf.dispose([a, b, ...outs]);
});

Deno.test("ganValueFromLogits() agrees with ganValue() on empirical distributions", async () => {
  await useBackend("cpu");
  // Two real points with logits 2, -1 and three fake with 0.5, 3, -4 (D = sigmoid of them).
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  const logits = [2, -1, 0.5, 3, -4];
  const pData = [0.5, 0.5, 0, 0, 0], pG = [0, 0, 1 / 3, 1 / 3, 1 / 3];
  const expected = ganValue(logits.map(sig), pData, pG);
  const v = ganValueFromLogits(tf.tensor1d([2, -1]), tf.tensor1d([0.5, 3, -4]));
  assert.deepStrictEqual(v.shape, []);
  assertAllClose(await v.data(), [expected], F32);
  v.dispose();
});

Deno.test("tensor forms leak no tensors over many calls", async () => {
  await useBackend("cpu");
  const rng = new Rng(5);
  const a = tf.tensor2d(randomLogits(rng, 8, 5, 1), [8, 5]);
  const b = tf.tensor2d(randomLogits(rng, 8, 5, 1), [8, 5]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) {
    tf.dispose([
      entropyFromLogits(a),
      klFromLogits(a, b),
      jensenShannonFromLogits(a, b),
      jensenShannonDivergenceFromLogits(a, b),
      ganValueFromLogits(a, b),
    ]);
  }
  assert.strictEqual(tf.memory().numTensors, before);
  tf.dispose([a, b]);
});

Deno.test("tensor forms reject non-tensors and mismatched shapes", () => {
  const a = tf.zeros([2, 3]), b = tf.zeros([2, 4]);
  assert.throws(
    () => klFromLogits(a, b),
    (e) =>
      e instanceof RangeError && /pLogits\.shape=\[2,3\], qLogits\.shape=\[2,4\]/.test(e.message),
  );
  assert.throws(() => entropyFromLogits([1, 2] as unknown as tf.Tensor), TypeError);
  assert.throws(() => entropyFromLogits(tf.scalar(1)), /logits\.shape=\[\]/);
  assert.throws(() => ganValueFromLogits(tf.zeros([0]), a), /realLogits\.size=0/);
  tf.dispose([a, b]);
});
