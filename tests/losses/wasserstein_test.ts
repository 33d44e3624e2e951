import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { clipWeights, wassersteinLoss } from "../../lib/losses/mod.ts";
import { assertAllClose, useBackend } from "../_helpers.ts";

Deno.test("clipWeights() clips every variable to [-c, c] in place, leaving inner values alone", async () => {
  await useBackend("cpu");
  const a = tf.variable(tf.tensor2d([[-0.5, 0.004], [0.02, -0.01]]));
  const b = tf.variable(tf.tensor1d([1e-3, -1e3, 0.0099]));
  const before = tf.memory().numTensors;
  clipWeights([a, b], wassersteinLoss().weightClip!);
  assert.strictEqual(tf.memory().numTensors, before, "clipWeights leaks");
  assertAllClose(a.dataSync(), [-0.01, 0.004, 0.01, -0.01].map(Math.fround), { atol: 0 });
  assertAllClose(b.dataSync(), [1e-3, -0.01, 0.0099].map(Math.fround), { atol: 0 });
  tf.dispose([a, b]);
});

Deno.test("clipWeights() works on a tf.LayersModel's variables", async () => {
  await useBackend("cpu");
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: "ones" })],
  });
  clipWeights(model.trainableWeights.map((w) => w.read() as tf.Variable), 0.05);
  const kernel = model.getWeights()[0];
  assertAllClose(kernel.dataSync(), new Array(12).fill(Math.fround(0.05)), { atol: 0 });
  model.dispose();
});

Deno.test("clipWeights() rejects a negative or non-finite c and non-variables", async () => {
  await useBackend("cpu");
  const v = tf.variable(tf.zeros([2]));
  const t = tf.zeros([2]);
  assert.throws(
    () => clipWeights([v], -0.01),
    /Cannot clip weights as c must be a positive finite number: c=-0.01/,
  );
  assert.throws(() => clipWeights([v], NaN), RangeError);
  assert.throws(() => clipWeights([v], Infinity), RangeError);
  assert.throws(
    () => clipWeights([v, t as tf.Variable], 0.01),
    /variables\[1\] must be a tf.Variable/,
  );
  tf.dispose([v, t]);
});
