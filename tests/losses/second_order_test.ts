import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { enableSecondOrderGradients } from "../../lib/losses/mod.ts";
import { assertAllClose, useBackend } from "../_helpers.ts";

/** d^2/dx^2 of sum(act(x)^2 / 2) = act'(x)^2 where act is piecewise linear. */
function secondDerivative(act: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const first = (y: tf.Tensor) =>
    tf.grad((z: tf.Tensor) => tf.mul(tf.sum(tf.square(act(z))), 0.5))(y);
  return tf.grad((y: tf.Tensor) => tf.sum(first(y)))(x);
}

Deno.test("enableSecondOrderGradients() makes gradients of gradients work through leakyRelu and max", async () => {
  await useBackend("cpu");
  const x = tf.tensor1d([-2, -0.5, 0.5, 3]);
  const leaky = (z: tf.Tensor) => tf.leakyRelu(z, 0.2);
  const maxout = (z: tf.Tensor) => tf.max(tf.stack([z, tf.mul(z, 0.5)], 1), 1);
  // tfjs 4.22 alone: LeakyRelu's gradient uses Greater, which has no gradient.
  assert.throws(() => secondDerivative(leaky, x), /gradient function not found for Greater/);
  assert.throws(() => secondDerivative(maxout, x), /gradient function not found for Equal/);
  const registered = enableSecondOrderGradients();
  assert.ok(registered.includes("Greater") && registered.includes("Equal"), String(registered));
  assert.deepStrictEqual(enableSecondOrderGradients(), [], "idempotent");
  const d2Leaky = secondDerivative(leaky, x);
  const d2Max = secondDerivative(maxout, x);
  // leakyRelu slope 0.2 (x < 0) or 1; max(z, z/2) has slope 1/2 (x < 0) or 1; squared.
  assertAllClose(d2Leaky.dataSync(), [0.04, 0.04, 1, 1], { atol: 1e-7 });
  assertAllClose(d2Max.dataSync(), [0.25, 0.25, 1, 1], { atol: 1e-7 });
  tf.dispose([x, d2Leaky, d2Max]);
});
