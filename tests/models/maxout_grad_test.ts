import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { maxout } from "../../lib/models/mod.ts";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { Rng } from "../../lib/random.ts";

// Needs a CBLAS library for the native half: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

/** Gradient of sum(w * maxout(x)) w.r.t. x, through the layer and through plain tf.max. */
async function gradients(backend: string, x: Float32Array, w: Float32Array) {
  assert.ok(await tf.setBackend(backend));
  const layer = maxout({ pieces: 3 });
  const xt = tf.tensor2d(x, [4, 6]), wt = tf.tensor2d(w, [4, 2]);
  const viaLayer = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(wt, layer.apply(t) as tf.Tensor)))(xt);
  const viaMax = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(wt, tf.max(tf.reshape(t, [4, 2, 3]), -1)))
  )(xt);
  const out = [Array.from(await viaLayer.data()), Array.from(await viaMax.data())];
  tf.dispose([xt, wt, viaLayer, viaMax]);
  return out;
}

Deno.test("maxout's gradient equals tf.max's exactly (ties, -0, NaN), on cpu and native", async () => {
  const rng = new Rng(61);
  const x = new Float32Array(24);
  rng.fillNormal(x);
  x.set([1, 1, 0.5, -0, 0, -1, NaN, 2, 2], 0); // a tie, a signed-zero tie, a NaN unit
  const w = Float32Array.from([1, -2, 0.5, -0.25, 3, -1, 2, -3]);
  const [cpuLayer, cpuMax] = await gradients("cpu", x, w);
  assert.deepStrictEqual(cpuLayer, cpuMax);
  const [nativeLayer, nativeMax] = await gradients(NATIVE_BACKEND, x, w);
  assert.deepStrictEqual(nativeLayer, cpuMax);
  assert.deepStrictEqual(nativeMax, cpuMax);
  assert.strictEqual(cpuMax[0], 1); // both tied pieces get the gradient, as tfjs's Max does
  assert.strictEqual(cpuMax[1], 1);
});
