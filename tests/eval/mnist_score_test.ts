import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { mnistSampleScore } from "../../lib/eval/mod.ts";
import { loadMnist, makeDataset, type MnistSplit } from "../../lib/data/mod.ts";
import { useBackend } from "../_helpers.ts";

const mnist = await loadMnist();
const head = (s: MnistSplit, n: number) =>
  makeDataset(s.x.slice(0, n * s.dim), s.dim, s.labels.slice(0, n));
// Small sets keep the cpu backend quick; one object each so their features are cached.
const data = { test: head(mnist.test, 2000), validation: head(mnist.validation, 1000) };
// Real images unseen by the classifier and disjoint from data.test: test images 2000..3000.
const real = makeDataset(
  mnist.test.x.slice(2000 * 784, 3000 * 784),
  784,
  mnist.test.labels.slice(2000, 3000),
);

/** A 5x5 box blur of 28x28 images (zero padding). */
function blur(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += 784) {
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        let s = 0;
        for (let dr = -2; dr <= 2; dr++) {
          for (let dc = -2; dc <= 2; dc++) {
            const rr = r + dr, cc = c + dc;
            if (rr >= 0 && rr < 28 && cc >= 0 && cc < 28) s += x[o + rr * 28 + cc];
          }
        }
        out[o + r * 28 + c] = s / 25;
      }
    }
  }
  return out;
}

Deno.test("mnistSampleScore() of the validation images themselves equals the reference", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  const s = await mnistSampleScore(data.validation, data);
  assert.strictEqual(tf.memory().numTensors, before, "no tensors leak");
  assert.deepStrictEqual({ ...s, reference: undefined }, { ...s.reference, reference: undefined });
  assert.strictEqual(s.n, 1000);
  assert.strictEqual(s.classesCovered, 10);
  assert.strictEqual(s.classCounts.reduce((a, b) => a + b), 1000);
  assert.ok(s.classKL < 0.05 && s.meanMaxProb > 0.9, JSON.stringify(s));
  assert.ok(s.frechet > 0 && s.frechet < 5, `real frechet ${s.frechet}`);
});

Deno.test("mnistSampleScore() takes a Float32Array, a Dataset or a tensor alike", async () => {
  await useBackend("cpu");
  const a = await mnistSampleScore(real.x, data);
  const b = await mnistSampleScore(real, data);
  const t = tf.tensor2d(real.x, [real.n, 784]);
  const c = await mnistSampleScore(t, data);
  t.dispose();
  assert.deepStrictEqual(a, b);
  assert.deepStrictEqual(a, c);
  // Other real images score like the reference (same n), far below blurred ones.
  assert.ok(a.frechet < 2 * a.reference.frechet + 1, JSON.stringify(a));
});

Deno.test("mnistSampleScore() penalises blur and collapse", async () => {
  await useBackend("cpu");
  const sharp = await mnistSampleScore(real, data);
  const blurred = await mnistSampleScore(blur(real.x), data);
  assert.ok(blurred.frechet > 5 * sharp.frechet, `${blurred.frechet} vs ${sharp.frechet}`);
  assert.ok(blurred.meanMaxProb < sharp.meanMaxProb);
  // Collapse: 500 copies of one image.
  const one = new Float32Array(500 * 784);
  for (let i = 0; i < 500; i++) one.set(real.x.subarray(0, 784), i * 784);
  const collapsed = await mnistSampleScore(one, data);
  assert.strictEqual(collapsed.classesCovered, 1);
  assert.strictEqual(collapsed.classCounts[real.labels![0]], 500);
  assert.ok(Math.abs(collapsed.classKL - Math.log(10)) < 1e-12);
  assert.ok(collapsed.frechet > 10 * sharp.frechet);
  assert.strictEqual(collapsed.reference.n, 500, "the reference uses as many real images");
  // One digit only: the other nine are missing.
  const threes = real.labels!.reduce((a: number[], k, i) => k === 3 ? [...a, i] : a, []);
  const x = new Float32Array(threes.length * 784);
  threes.forEach((r, i) => x.set(real.x.subarray(r * 784, r * 784 + 784), i * 784));
  const digit = await mnistSampleScore(x, data, { coverageShare: 0.05 });
  assert.strictEqual(digit.classesCovered, 1);
  assert.ok(digit.classKL > 2, `classKL ${digit.classKL}`);
});

Deno.test("mnistSampleScore() rejects bad input, naming the argument", async () => {
  await assert.rejects(mnistSampleScore(new Float32Array(785), data), {
    name: "RangeError",
    message: /samples must hold n \* 784 values: samples.length=785/,
  });
  await assert.rejects(mnistSampleScore(new Float32Array(784), data), {
    name: "RangeError",
    message: /samples must hold >= 2 rows: n=1/,
  });
  await assert.rejects(mnistSampleScore(makeDataset(new Float32Array(20), 10), data), {
    name: "RangeError",
    message: /input width 784/,
  });
  await assert.rejects(mnistSampleScore(real, { test: data.test } as never), {
    name: "TypeError",
    message: /mnist.validation must be/,
  });
  await assert.rejects(mnistSampleScore(real, data, { coverageShare: 2 }), {
    name: "RangeError",
    message: /coverageShare=2/,
  });
  await assert.rejects(mnistSampleScore(real, data, { classifier: { sizes: [784] } as never }), {
    name: "TypeError",
    message: /classifier must be an MnistClassifier/,
  });
});
