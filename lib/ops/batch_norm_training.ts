import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, hasKernel } from "./kernels.ts";

// A second-order gradient through the fused gradient kernel fails with a reason, rather than
// leaving out the moments' dependence on x.
tf.registerGradient({
  kernelName: BATCH_NORM_GRAD,
  gradFunc: () => {
    throw new Error(
      "Cannot differentiate batch normalisation's gradient (a second-order gradient, e.g. a " +
        "gradient penalty through a batch-normalised critic): build that network with " +
        "tf.layers.batchNormalization, whose op chain differentiates twice",
    );
  },
});

/** What {@linkcode batchNormTraining} returns. */
export interface BatchNormTrainingResult {
  /** The normalised batch, `x`'s shape. */
  y: tf.Tensor;
  /** The batch means per channel `[C]` (no gradient flows through them). */
  mean: tf.Tensor1D;
  /** The batch variances per channel `[C]`, biased (divided by the count). */
  variance: tf.Tensor1D;
}

/**
 * Batch normalisation in training over every axis but the last (Ioffe & Szegedy 2015):
 * `y = gamma * (x - mu) / sqrt(var + epsilon) + beta` with the batch's moments per channel.
 * The forward pass is tfjs-layers' own (`tf.moments`, then `tf.batchNorm`: the same values),
 * the moments in two passes where the backend registers {@linkcode CHANNEL_MOMENTS}.
 * The gradient is the closed form, with `M` values per channel and
 * `xhat = (x - mu) / sqrt(var + epsilon)`:
 * `dBeta = sum(dy)`, `dGamma = sum(dy xhat)`,
 * `dx = gamma / (M sqrt(var + epsilon)) * (M dy - dBeta - xhat dGamma)`,
 * which tfjs's op chain (the gradients of `batchNorm` and of both moments, about twenty
 * activation-sized passes) equals up to float32 rounding. It runs as one kernel where the
 * backend registers {@linkcode BATCH_NORM_GRAD} (native: two passes) and as ops elsewhere.
 *
 * First-order gradients only: a gradient of this gradient (a gradient penalty through batch
 * normalisation) would treat the moments as constants, so the native kernel refuses it (the
 * package's critics have no batch normalisation; tfjs's own layer differentiates twice).
 *
 * @param x The batch, `[..., C]` float32 (rank 2 to 4).
 * @param gamma The scales, `[C]`.
 * @param beta The offsets, `[C]`.
 * @param epsilon Added to the variance, positive.
 * @returns The normalised batch and the moments: new tensors owned by the caller, the moments
 *   kept (`tf.keep`: an enclosing `tf.tidy` does not free them, the caller disposes them).
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): BatchNormTrainingResult {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  let moments: [tf.Tensor1D, tf.Tensor1D] | null = null;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [mean, variance] = channelMoments(input, axes);
    const y = tf.batchNorm(input, mean, variance, offset, scale, epsilon);
    save([input, mean, variance, scale]);
    // The moments leave the custom op's scope for the caller's moving averages.
    moments = [tf.keep(mean.clone()) as tf.Tensor1D, tf.keep(variance.clone()) as tf.Tensor1D];
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, mean, variance, scale] = saved;
        return batchNormGradient(dy, xs, mean, variance, scale, epsilon);
      },
    };
  });
  const y = op(x, gamma, beta);
  const [mean, variance] = moments as unknown as [tf.Tensor1D, tf.Tensor1D];
  return { y, mean, variance };
}

/** `tf.moments(x, axes)` over the leading axes, by one kernel where the backend has it. */
function channelMoments(x: tf.Tensor, axes: number[]): tf.Tensor[] {
  if (hasKernel(CHANNEL_MOMENTS)) {
    return tf.engine().runKernel(CHANNEL_MOMENTS, { x }) as tf.Tensor[];
  }
  const { mean, variance } = tf.moments(x, axes);
  return [mean, variance];
}

/** `[dx, dGamma, dBeta]` by the closed form (see {@linkcode batchNormTraining}). */
function batchNormGradient(
  dy: tf.Tensor,
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  gamma: tf.Tensor,
  epsilon: number,
): tf.Tensor[] {
  if (hasKernel(BATCH_NORM_GRAD)) {
    return tf.engine().runKernel(BATCH_NORM_GRAD, { dy, x, mean, variance, gamma }, {
      epsilon,
    }) as tf.Tensor[];
  }
  return tf.tidy(() => {
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const count = x.size / x.shape[x.rank - 1];
    const root = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(tf.sub(x, mean), root);
    const dBeta = tf.sum(dy, axes);
    const dGamma = tf.sum(tf.mul(dy, xHat), axes);
    const centred = tf.sub(tf.sub(tf.mul(dy, count), dBeta), tf.mul(xHat, dGamma));
    const dx = tf.mul(centred, tf.div(tf.mul(gamma, root), count));
    return [dx, dGamma, dBeta];
  });
}
