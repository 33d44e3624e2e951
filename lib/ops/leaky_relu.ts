import * as tf from "@tensorflow/tfjs";
import { hasKernel, LEAKY_RELU_GRAD } from "./kernels.ts";

// The gradient kernel's own gradient, for second-order gradients (WGAN-GP's penalty
// differentiates the critic's input gradient): it is linear in dy, `x > 0 ? g : g * alpha`
// again, and piecewise constant in x, as tfjs's where/greater/mul chain differentiates.
tf.registerGradient({
  kernelName: LEAKY_RELU_GRAD,
  inputsToSave: ["x"],
  gradFunc: (g, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as { alpha: number };
    return {
      dy: () =>
        tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: g as tf.Tensor, x }, { alpha }) as tf.Tensor,
      x: () => tf.zerosLike(x),
    };
  },
});

/**
 * Leaky ReLU, `x > 0 ? x : alpha x` (Maas et al. 2013; DCGAN's discriminator uses alpha 0.2):
 * tfjs's `tf.leakyRelu` forward, and its gradient `x > 0 ? dy : dy * alpha` as one kernel where
 * the backend registers {@linkcode LEAKY_RELU_GRAD} (native: one pass) instead of tfjs's three
 * (`greater`, `mul`, `where`, each allocating an activation-sized array). The same values bit
 * for bit: tfjs's chain runs elsewhere.
 *
 * @param x Pre-activations, float32, any shape.
 * @param alpha The slope below 0.
 * @returns `leakyRelu(x)`, a new tensor.
 */
export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return {
      value: tf.leakyRelu(input, alpha),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs] = saved;
        if (hasKernel(LEAKY_RELU_GRAD)) {
          return tf.engine().runKernel(LEAKY_RELU_GRAD, { dy, x: xs }, { alpha }) as tf.Tensor;
        }
        return tf.where(tf.greater(xs, 0), dy, tf.mul(dy, alpha));
      },
    };
  });
  return op(x);
}
