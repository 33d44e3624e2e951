/**
 * The DCGAN generator's batch normalisation (lib/models/batch_norm.ts and
 * lib/ops/batch_norm_training.ts) against tfjs-layers' own layer: the same forward values,
 * moving averages, class name and inference, bit for bit; the closed-form gradient against
 * tfjs's op chain to float32 tolerance, on cpu (the op fallback) and native (one kernel).
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { batchNormalization } from "../../lib/models/batch_norm.ts";
import { batchNormTraining } from "../../lib/ops/batch_norm_training.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose } from "../_helpers.ts";

// Needs a CBLAS library for the native half: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

const BACKENDS = ["cpu", NATIVE_BACKEND];

function normal(rng: Rng, n: number, scale = 1, shift = 0): Float32Array {
  const values = new Float32Array(n);
  rng.fillNormal(values);
  for (let i = 0; i < n; i++) values[i] = values[i] * scale + shift;
  return values;
}

/** A layer pair (ours, tfjs's) with the same random gamma, beta and moving statistics. */
function layers(channels: number, rank: number, rng: Rng) {
  const args = { momentum: 0.9, epsilon: 1e-5 };
  const ours = batchNormalization(args), theirs = tf.layers.batchNormalization(args);
  const shape = [null, ...Array(rank - 2).fill(3), channels];
  for (const layer of [ours, theirs]) layer.build(shape);
  const weights = [
    normal(rng, channels, 0.2, 1),
    normal(rng, channels, 0.2),
    normal(rng, channels, 0.1),
    normal(rng, channels, 0.1, 1).map(Math.abs),
  ].map((v) => tf.tensor1d(v));
  ours.setWeights(weights);
  theirs.setWeights(weights);
  tf.dispose(weights);
  return { ours, theirs };
}

/** Loss weights: a fixed random linear function of the layer's output. */
function lossOf(y: tf.Tensor, w: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(tf.square(y), w));
}

for (const backend of BACKENDS) {
  for (const shape of [[6, 4, 3, 5], [7, 9], [3, 5, 8]]) {
    Deno.test(`batch norm in training on ${backend}, x ${JSON.stringify(shape)}: tfjs's values and moving averages; gradients to float32 rounding`, async () => {
      assert.ok(await tf.setBackend(backend));
      const rng = new Rng(shape.length * 31 + shape[0]);
      const channels = shape[shape.length - 1];
      const { ours, theirs } = layers(channels, shape.length, rng);
      const size = shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor(normal(rng, size, 2, 0.5), shape);
      const w = tf.tensor(normal(rng, size), shape);
      const run = (layer: tf.layers.Layer) => {
        const f = (xs: tf.Tensor) => lossOf(layer.apply(xs, { training: true }) as tf.Tensor, w);
        const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => f(x), vars);
        return {
          forward: Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()),
          loss: value.dataSync()[0],
          dx: tf.grad(f)(x).dataSync(),
          dWeights: vars.map((v) => grads[v.name].dataSync()),
          moving: layer.getWeights().slice(2).map((t) => Array.from(t.dataSync())),
        };
      };
      const a = tf.tidy(() => run(ours)), b = tf.tidy(() => run(theirs));
      assert.deepStrictEqual(a.forward, b.forward, "forward");
      assert.strictEqual(a.loss, b.loss);
      // Three training passes each (two above and one in the gradient): the same averages.
      assert.deepStrictEqual(a.moving, b.moving, "moving mean and variance");
      const scale = Math.max(...Array.from(b.dx, Math.abs));
      assertAllClose(a.dx, b.dx, { atol: 2e-6 * scale, rtol: 1e-4, msg: "dx" });
      for (let i = 0; i < 2; i++) {
        const s = Math.max(...Array.from(b.dWeights[i], Math.abs));
        assertAllClose(a.dWeights[i], b.dWeights[i], {
          atol: 2e-6 * s,
          rtol: 1e-4,
          msg: `d weight ${i}`,
        });
      }
      // Inference is tfjs's own.
      const inferA = tf.tidy(() => Array.from((ours.apply(x) as tf.Tensor).dataSync()));
      const inferB = tf.tidy(() => Array.from((theirs.apply(x) as tf.Tensor).dataSync()));
      assert.deepStrictEqual(inferA, inferB);
      assert.strictEqual(ours.getClassName(), "BatchNormalization");
      tf.dispose([x, w]);
      for (const layer of [ours, theirs]) layer.weights.forEach((v) => v.dispose());
    });
  }
}

Deno.test("the closed-form gradient matches finite differences (float64 reference)", async () => {
  // x [4, 3]: per channel, y = gamma (x - mean) / sqrt(var + eps) + beta; loss sum(w * y).
  const rng = new Rng(120);
  const xs = Array.from(normal(rng, 12, 1.5)), ws = Array.from(normal(rng, 12));
  const gamma = [1.2, -0.7, 0.4], beta = [0.1, 0.2, -0.3], eps = 1e-3;
  const loss = (x: number[]) => {
    let total = 0;
    for (let c = 0; c < 3; c++) {
      const col = [0, 1, 2, 3].map((r) => x[r * 3 + c]);
      const mean = col.reduce((p, q) => p + q, 0) / 4;
      const variance = col.reduce((p, q) => p + (q - mean) ** 2, 0) / 4;
      col.forEach((v, r) => {
        total += ws[r * 3 + c] * (gamma[c] * (v - mean) / Math.sqrt(variance + eps) + beta[c]);
      });
    }
    return total;
  };
  const h = 1e-5;
  const expected = xs.map((_, i) => {
    const up = xs.slice(), down = xs.slice();
    up[i] += h;
    down[i] -= h;
    return (loss(up) - loss(down)) / (2 * h);
  });
  for (const backend of BACKENDS) {
    assert.ok(await tf.setBackend(backend));
    const dx = tf.tidy(() => {
      const w = tf.tensor2d(ws, [4, 3]), g = tf.tensor1d(gamma), b = tf.tensor1d(beta);
      return tf.grad((x: tf.Tensor) => {
        const r = batchNormTraining(x, g, b, eps);
        tf.dispose([r.mean, r.variance]);
        return tf.sum(tf.mul(r.y, w));
      })(tf.tensor2d(xs, [4, 3]));
    });
    assertAllClose(dx.dataSync(), Float32Array.from(expected), {
      atol: 2e-4,
      rtol: 1e-3,
      msg: backend,
    });
    dx.dispose();
  }
});

Deno.test("batch norm training keeps tensor counts flat", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const { ours, theirs } = layers(4, 4, new Rng(121));
  theirs.weights.forEach((v) => v.dispose());
  const x = tf.randomNormal([2, 3, 3, 4], 0, 1, "float32", 5);
  const step = () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(ours.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
      );
      Object.values(grads).forEach((g) => g.dataSync());
    });
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) step();
  assert.strictEqual(tf.memory().numTensors, before);
  x.dispose();
  ours.weights.forEach((v) => v.dispose());
});

Deno.test("a second-order gradient through the fused batch norm gradient fails with a reason (native)", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.randomNormal([6, 3], 0, 1, "float32", 7);
  const g = tf.ones([3]), b = tf.zeros([3]);
  const norm = (t: tf.Tensor) => {
    const r = batchNormTraining(t, g, b, 1e-3);
    tf.dispose([r.mean, r.variance]);
    return tf.sum(tf.square(r.y));
  };
  assert.throws(
    () => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.grad(norm)(t))))(x),
    /Cannot differentiate batch normalisation's gradient/,
  );
  tf.dispose([x, g, b]);
});
