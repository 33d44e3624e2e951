import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import {
  classifierAccuracy,
  classifierOutputs,
  decodeClassifier,
  encodeClassifier,
  loadClassifier,
  loadShippedMnistClassifier,
  saveClassifier,
  SHIPPED_MNIST_CLASSIFIER,
  trainMnistClassifier,
} from "../../lib/eval/mod.ts";
import { loadMnist, type MnistSplit } from "../../lib/data/mod.ts";
import { useBackend } from "../_helpers.ts";

const mnist = await loadMnist();
const head = (s: MnistSplit, n: number) => ({
  x: s.x.subarray(0, n * s.dim),
  labels: s.labels.subarray(0, n),
  n,
  dim: s.dim,
});

Deno.test("trainMnistClassifier() learns a small subset, is seeded, and leaks no tensors", async () => {
  await useBackend("cpu");
  const data = { train: head(mnist.train, 2000), test: head(mnist.test, 1000) };
  const options = { seed: 3, epochs: 2, hidden: [32, 16], batchSize: 50, learningRate: 3e-3 };
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const a = await trainMnistClassifier(data, { ...options, onEpoch: (e) => losses.push(e.loss) });
  assert.strictEqual(tf.memory().numTensors, before, "no tensors leak");
  assert.deepStrictEqual(a.classifier.sizes, [784, 32, 16, 10]);
  assert.ok(losses.length === 2 && losses[1] < losses[0], `losses ${losses}`);
  assert.ok(a.testAccuracy > 0.75, `accuracy ${a.testAccuracy}`);
  const b = await trainMnistClassifier(data, options);
  assert.deepStrictEqual(b.classifier, a.classifier, "same seed, same weights");
  assert.strictEqual(b.testAccuracy, a.testAccuracy);
  const c = await trainMnistClassifier(data, { ...options, seed: 4, epochs: 1 });
  assert.notDeepStrictEqual(c.classifier.kernels[0], a.classifier.kernels[0]);
  // Weights are float16 values: encoding them is exact.
  assert.deepStrictEqual(decodeClassifier(encodeClassifier(a.classifier)), a.classifier);
  assert.strictEqual(await classifierAccuracy(a.classifier, data.test), a.testAccuracy);
});

Deno.test("trainMnistClassifier() rejects bad data and options, naming them", async () => {
  const data = { train: head(mnist.train, 10), test: head(mnist.test, 10) };
  await assert.rejects(
    trainMnistClassifier({ ...data, train: { x: new Float32Array(4) } } as never, { seed: 1 }),
    {
      name: "TypeError",
      message: /train must be a Dataset with Uint8Array labels/,
    },
  );
  await assert.rejects(trainMnistClassifier(data, { seed: 1.5 }), { name: "RangeError" });
  await assert.rejects(trainMnistClassifier(data, { seed: 1, epochs: 0 }), {
    name: "RangeError",
    message: /epochs=0/,
  });
  await assert.rejects(trainMnistClassifier(data, { seed: 1, hidden: [] }), {
    name: "RangeError",
    message: /hidden must not be empty/,
  });
  await assert.rejects(trainMnistClassifier(data, { seed: 1, learningRate: -1 }), {
    name: "RangeError",
    message: /learningRate=-1/,
  });
});

Deno.test("saveClassifier() and loadClassifier() round-trip and check the SHA-256", async () => {
  const shipped = await loadShippedMnistClassifier();
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/cache/classifier.bin`;
    const sha = await saveClassifier(shipped, path);
    assert.strictEqual(sha, SHIPPED_MNIST_CLASSIFIER.sha256);
    assert.deepStrictEqual(await loadClassifier(path, { sha256: sha }), shipped);
    await assert.rejects(loadClassifier(path, { sha256: "0".repeat(64) }), {
      name: "RangeError",
      message: /has SHA-256 [0-9a-f]{64}, expected 0{64}/,
    });
    const bytes = await Deno.readFile(path);
    assert.throws(() => decodeClassifier(bytes.subarray(0, bytes.length - 2)), {
      name: "RangeError",
      message: /its length/,
    });
    assert.throws(() => decodeClassifier(new Uint8Array(10)), {
      name: "RangeError",
      message: /do not start with "ANMC"/,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the shipped classifier reaches its stated accuracy on a test subset", async () => {
  await useBackend("cpu");
  const c = await loadShippedMnistClassifier();
  assert.strictEqual(await loadShippedMnistClassifier(), c, "decoded once");
  assert.deepStrictEqual(c.sizes, [784, 256, 64, 10]);
  assert.ok(SHIPPED_MNIST_CLASSIFIER.testAccuracy >= 0.97);
  const before = tf.memory().numTensors;
  // The full 10k set takes ~20 s on the cpu backend; bench/train_classifier.ts measured it.
  const accuracy = await classifierAccuracy(c, head(mnist.test, 2000));
  assert.strictEqual(tf.memory().numTensors, before, "no tensors leak");
  assert.ok(accuracy >= 0.97, `accuracy ${accuracy} on test[0:2000]`);
  const out = await classifierOutputs(c, head(mnist.test, 7), { batchSize: 3 });
  assert.strictEqual(out.features.length, 7 * 64);
  assert.ok(out.features.every((v) => v >= 0), "features are after ReLU");
  for (let i = 0; i < 7; i++) {
    const p = out.probabilities.subarray(i * 10, i * 10 + 10);
    assert.ok(Math.abs(p.reduce((s, v) => s + v) - 1) < 1e-5);
  }
});
