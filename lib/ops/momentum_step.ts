import * as tf from "@tensorflow/tfjs";
import { hasKernel, SGD_MOMENTUM } from "./kernels.ts";

/**
 * One step of SGD with momentum (pylearn2's): `v' = mu v - lr g`, `x' = x + v'`, every
 * intermediate a float32 tensor. Runs the registered {@linkcode SGD_MOMENTUM} kernel where the
 * backend has one (one pass, the same values) and the op chain
 * `sub(mul(mu, v), mul(lr, g))`, `add(x, v')` elsewhere.
 *
 * @param x The parameter's value (float32, any shape).
 * @param v Its velocity, shaped like `x`.
 * @param g Its gradient, shaped like `x`.
 * @param lr The learning rate (a float32 scalar tensor of the op chain, or a number).
 * @param mu The momentum coefficient (likewise).
 * @returns `[x', v']`, new tensors owned by the caller (or the enclosing `tf.tidy`).
 */
export function momentumStep(
  x: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  lr: number,
  mu: number,
): [tf.Tensor, tf.Tensor] {
  if (hasKernel(SGD_MOMENTUM)) {
    return tf.engine().runKernel(SGD_MOMENTUM, { x, v, g }, { lr, mu }) as [tf.Tensor, tf.Tensor];
  }
  const next = tf.sub(tf.mul(tf.scalar(mu), v), tf.mul(tf.scalar(lr), g));
  return [tf.add(x, next), next];
}
