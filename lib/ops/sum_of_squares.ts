import * as tf from "@tensorflow/tfjs";
import { hasKernel, SUM_OF_SQUARES } from "./kernels.ts";

/**
 * `sum(square(x))`: the registered {@linkcode SUM_OF_SQUARES} kernel where the backend has
 * one (the same float32 value), `tf.sum(tf.square(x))` elsewhere.
 *
 * @param x A float32 tensor of any shape.
 * @returns A new float32 scalar (the caller owns it).
 */
export function sumOfSquares(x: tf.Tensor): tf.Scalar {
  return hasKernel(SUM_OF_SQUARES)
    ? tf.engine().runKernel(SUM_OF_SQUARES, { x }) as tf.Scalar
    : tf.sum(tf.square(x));
}
