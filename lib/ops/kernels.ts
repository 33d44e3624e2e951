/**
 * Names of the accelerated kernels the layers above the backends may call, and whether the
 * active backend registers one. A backend (the native one) registers kernels under these
 * names; lib/ops/ runs them where present and an equal chain of tfjs ops elsewhere.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** `sum(square(x))` of a float32 tensor as a float32 scalar: inputs `{ x }`. */
export const SUM_OF_SQUARES = "AdversarialSumOfSquares";

/**
 * The momentum update of pylearn2's SGD: inputs `{ x: value, v: velocity, g: gradient }`,
 * attrs `{ lr, mu }`; outputs `[x + v', v']` with `v' = mu v - lr g`. It may also sum the
 * squares of `g` on the way, so that a later {@linkcode SUM_OF_SQUARES} of `g` is free.
 */
export const SGD_MOMENTUM = "AdversarialSgdMomentum";

/**
 * The gradient of a max over the last axis (maxout): inputs `{ dy, x, y }` with `x`
 * `[..., k]`, `y` and `dy` of `x`'s size / k; output `dy * (x == y)` shaped like `x` (tfjs's
 * Max gradient: `mul(dy, cast(equal(x, y), "float32"))`, broadcast over the pieces).
 */
export const MAX_LAST_AXIS_GRAD = "AdversarialMaxLastAxisGrad";

/**
 * The gradient of batch normalisation in training over all axes but the last (see
 * lib/ops/batch_norm_training.ts): inputs `{ dy, x, mean, variance, gamma }` with `x`, `dy`
 * `[..., C]` and the others `[C]`, attrs `{ epsilon }`; outputs `[dx, dGamma, dBeta]`.
 */
export const BATCH_NORM_GRAD = "AdversarialBatchNormGrad";

/**
 * Batch normalisation's moments over all axes but the last (see
 * lib/ops/batch_norm_training.ts): input `{ x }` `[..., C]`; outputs `[mean, variance]`, each
 * `[C]`, the values `tf.moments(x, leadingAxes)` computes on the cpu kernels.
 */
export const CHANNEL_MOMENTS = "AdversarialChannelMoments";

/**
 * The gradient of leaky ReLU (see lib/ops/leaky_relu.ts): inputs `{ dy, x }` of one shape,
 * attrs `{ alpha }`; output `x > 0 ? dy : dy * alpha` with `alpha` rounded to float32, as tfjs's
 * `where(greater(x, 0), dy, mul(dy, alpha))`.
 */
export const LEAKY_RELU_GRAD = "AdversarialLeakyReluGrad";

/**
 * Whether the active tfjs backend registers the kernel `name`.
 *
 * @param name {@linkcode SUM_OF_SQUARES}, {@linkcode SGD_MOMENTUM},
 *   {@linkcode MAX_LAST_AXIS_GRAD}, {@linkcode BATCH_NORM_GRAD}, {@linkcode CHANNEL_MOMENTS} or
 *   {@linkcode LEAKY_RELU_GRAD}.
 * @returns True on a backend that registered it (the native one), false elsewhere.
 */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
