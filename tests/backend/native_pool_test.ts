import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { SUM_OF_SQUARES } from "../../lib/ops/kernels.ts";
import { fusedMomentumStep } from "./_momentum.ts";
import { pendingProductCount } from "../../lib/backend/native_matmul.ts";
import { clearPool, poolStats } from "../../lib/backend/native_pool.ts";
import { Rng } from "../../lib/random.ts";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

/** The array the backend holds for `t` (the storage itself, without marking it as read). */
function storage(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as { data: { get(id: object): { values: unknown } } };
  return backend.data.get(t.dataId).values as Float32Array;
}

const N = 4096; // above the pool's minimum length

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const values = new Float32Array(shape.reduce((p, q) => p * q, 1));
  rng.fillNormal(values);
  return tf.tensor(values, shape);
}

Deno.test("a disposed kernel output's array is reused by the next output of its length", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  clearPool();
  const a = tf.ones([N]), b = tf.fill([N], 2);
  const first = tf.mul(a, b);
  const array = storage(first);
  first.dispose();
  assert.deepStrictEqual(poolStats(), { arrays: 1, bytes: N * 4 });
  const second = tf.add(a, b);
  assert.strictEqual(storage(second), array, "the same array, taken back from the pool");
  assert.strictEqual(poolStats().arrays, 0);
  // Stale values were overwritten: 1 + 2 everywhere.
  assert.deepStrictEqual(new Set(await second.data()), new Set([3]));
  tf.dispose([a, b, second]);
});

Deno.test("arrays read out, sliced or still needed by a deferred product are never reused", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  clearPool();
  const rng = new Rng(3);
  const a = randomTensor(rng, [64, 64]), b = randomTensor(rng, [64, 64]);
  // Read out: dataSync() hands out the storage itself.
  const read = tf.mul(a, b);
  const readValues = read.dataSync();
  const readCopy = readValues.slice();
  // Viewed: a cpu-like Slice returns a subarray of its input's storage.
  const sliced = tf.add(a, b);
  const view = tf.slice(sliced, [0, 0], [2, 64]);
  const viewCopy = (await tf.add(a, b).slice([0, 0], [2, 64]).data()).slice();
  // Pending: a deferred product holds its inputs' arrays until it runs.
  const left = tf.sub(a, b), right = tf.mul(b, b);
  const expectedProduct = tf.matMul(tf.sub(a, b), tf.mul(b, b)).dataSync().slice();
  const product = tf.matMul(left, right);
  assert.ok(pendingProductCount() > 0);
  tf.dispose([read, sliced, left, right]);
  // Many same-length outputs: any wrongly pooled array would now be overwritten.
  const churn = Array.from({ length: 8 }, (_, i) => tf.mul(a, tf.scalar(i + 10)));
  assert.deepStrictEqual(readValues, readCopy);
  assert.deepStrictEqual(await view.data(), viewCopy);
  assert.deepStrictEqual(await product.data(), expectedProduct);
  tf.dispose([a, b, view, product, ...churn]);
});

Deno.test("a deferred product's inputs, disposed first, go back to the pool once it has run", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const rng = new Rng(6);
  const a = randomTensor(rng, [64, 64]);
  const left = tf.mul(a, a), right = tf.add(a, a);
  const product = tf.matMul(left, right); // 64x64 too: its output may take a pooled array
  clearPool();
  tf.dispose([left, right]);
  assert.strictEqual(poolStats().arrays, 0, "pinned: not yet back");
  await product.data();
  assert.strictEqual(poolStats().arrays, 2, "both inputs back after the product ran");
  // Never computed: disposing the product drops its pins, and its inputs come back.
  const pending = pendingProductCount();
  clearPool();
  tf.tidy(() => {
    tf.matMul(tf.mul(a, a), tf.add(a, a));
  });
  assert.strictEqual(pendingProductCount(), pending);
  assert.strictEqual(poolStats().arrays, 2);
  tf.dispose([a, product]);
});

Deno.test("the sum of squares kept by a momentum update is forgotten when its array is reused", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  clearPool();
  const rng = new Rng(4);
  const x = tf.variable(tf.ones([N])), v = tf.variable(tf.zeros([N]));
  const scale = tf.fill([N], 3);
  const step = (g: tf.Tensor) => fusedMomentumStep(x, v, g, 0.01, 0.5);
  const g1 = tf.mul(randomTensor(rng, [N]), scale);
  step(g1);
  const g1Array = storage(g1);
  g1.dispose();
  // The next output of that length takes g1's array, with other values.
  const g2 = tf.mul(randomTensor(rng, [N]), scale);
  assert.strictEqual(storage(g2), g1Array);
  const kept = tf.engine().runKernel(SUM_OF_SQUARES, { x: g2 }) as tf.Tensor;
  const direct = tf.sum(tf.square(g2));
  assert.strictEqual((await kept.data())[0], (await direct.data())[0]);
  tf.dispose([x, v, scale, g2, kept, direct]);
});

Deno.test("a training-like loop keeps tensors flat and the pool bounded", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  clearPool();
  const rng = new Rng(5);
  const w = tf.variable(randomTensor(rng, [128, 64]));
  const x = randomTensor(rng, [32, 128]);
  const opt = tf.train.sgd(0.01);
  const loop = () =>
    opt.minimize(() => tf.mean(tf.square(tf.relu(tf.matMul(x, w)))) as tf.Scalar, false);
  loop();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) loop();
  assert.strictEqual(tf.memory().numTensors, before);
  assert.ok(poolStats().bytes <= 256 * 1024 * 1024);
  assert.ok(Number.isFinite((await w.data())[0]));
  tf.dispose([w, x]);
  opt.dispose();
});
