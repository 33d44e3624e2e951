/**
 * The package's leaky ReLU layer (lib/models/leaky_relu.ts, lib/ops/leaky_relu.ts) against
 * tfjs-layers' own: the same outputs and gradients bit for bit (NaN payloads, signed zeros,
 * infinities, slopes that float32 rounds), on cpu (tfjs's op chain) and native (one kernel).
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { leakyReLU } from "../../lib/models/leaky_relu.ts";
import { dcganDiscriminator } from "../../lib/models/mod.ts";
import { describeArchitecture } from "../../lib/models/fingerprint.ts";
import { Rng } from "../../lib/random.ts";
import { enableSecondOrderGradients } from "../../lib/losses/second_order.ts";

// Needs a CBLAS library for the native half: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

/**
 * Normals with NaNs of two payloads, both zeros and both infinities among them, every 7th value
 * from `first` (x and dy take theirs at different places, so that x's zeros meet normal dy).
 */
function awkward(rng: Rng, n: number, first = 0): Float32Array {
  const values = new Float32Array(n);
  rng.fillNormal(values);
  const bits = new Uint32Array(values.buffer);
  for (let i = first; i < n; i += 7) {
    const kind = rng.int(6);
    if (kind === 0) bits[i] = 0x7fc00001;
    else if (kind === 1) bits[i] = 0xffc00000;
    else if (kind === 2) values[i] = -0;
    else if (kind === 3) values[i] = 0;
    else if (kind === 4) values[i] = Infinity;
    else values[i] = -Infinity;
  }
  return values;
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

for (const backend of ["cpu", NATIVE_BACKEND]) {
  Deno.test(`leaky ReLU on ${backend}: tfjs's layer's outputs and gradients, bit for bit`, async () => {
    assert.ok(await tf.setBackend(backend));
    const rng = new Rng(130);
    for (const alpha of [0.2, 0.3, 1.5]) {
      const x = tf.tensor(awkward(rng, 300), [10, 30]);
      const dy = tf.tensor(awkward(rng, 300, 3), [10, 30]);
      const ours = leakyReLU({ alpha }), theirs = tf.layers.leakyReLU({ alpha });
      const run = (layer: tf.layers.Layer) =>
        tf.tidy(() => {
          const f = (t: tf.Tensor) => layer.apply(t) as tf.Tensor;
          const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x);
          // The gradient of sum(f(x) * dy) is dy where the slope is 1, not a product of it.
          return { y: bits(f(x)), dx: bits(grad) };
        });
      assert.deepStrictEqual(run(ours), run(theirs), `alpha ${alpha}`);
      assert.strictEqual(ours.getClassName(), "LeakyReLU");
      tf.dispose([x, dy]);
    }
  });
}

Deno.test("the DCGAN discriminator keeps its architecture fingerprint (class names unchanged)", () => {
  const d = dcganDiscriminator({ imageShape: [28, 28, 1], seed: 1 });
  const { layers } = describeArchitecture(d);
  assert.deepStrictEqual(layers.filter((name) => name === "LeakyReLU").length, 2);
  d.dispose();
});

Deno.test("leaky ReLU's gradient keeps tensor counts flat on native", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const layer = leakyReLU({ alpha: 0.2 });
  const x = tf.randomNormal([4, 8], 0, 1, "float32", 3);
  const step = () =>
    tf.tidy(() =>
      void tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t) as tf.Tensor))(x).dataSync()
    );
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) step();
  assert.strictEqual(tf.memory().numTensors, before);
  x.dispose();
});

Deno.test("a gradient of leaky ReLU's gradient (WGAN-GP's penalty) equals tfjs's, on cpu and native", async () => {
  // As the gradient penalty does: tfjs's comparisons get their zero gradients.
  enableSecondOrderGradients();
  for (const backend of ["cpu", NATIVE_BACKEND]) {
    assert.ok(await tf.setBackend(backend));
    const rng = new Rng(131);
    const normal = (n: number) => {
      const v = new Float32Array(n);
      rng.fillNormal(v);
      return v;
    };
    const x = tf.tensor2d(normal(24), [4, 6]);
    const w = tf.tensor2d(normal(30), [6, 5]), v = tf.tensor2d(normal(5), [5, 1]);
    // penalty(W) = sum over examples of |d critic / d x|^2, critic = leakyRelu(x W) v.
    const penaltyGrad = (layer: tf.layers.Layer) =>
      tf.tidy(() => {
        const critic = (xs: tf.Tensor, ws: tf.Tensor) =>
          tf.sum(tf.matMul(layer.apply(tf.matMul(xs, ws)) as tf.Tensor, v));
        const penalty = (ws: tf.Tensor) => tf.sum(tf.square(tf.grad((xs) => critic(xs, ws))(x)));
        return bits(tf.grad(penalty)(w));
      });
    assert.deepStrictEqual(
      penaltyGrad(leakyReLU({ alpha: 0.2 })),
      penaltyGrad(tf.layers.leakyReLU({ alpha: 0.2 })),
      backend,
    );
    tf.dispose([x, w, v]);
  }
});
