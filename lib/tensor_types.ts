/**
 * The TensorFlow.js types that appear in this package's signatures, declared
 * here as documented aliases so the public API names them (tfjs itself is a
 * dependency, `npm:@tensorflow/tfjs@4.22.0`; import it for the full API).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** A tfjs tensor of any rank. */
export type Tensor = tf.Tensor;
/** A tfjs rank-0 tensor (a scalar). */
export type Scalar = tf.Scalar;
/** A tfjs rank-1 tensor `[n]`. */
export type Tensor1D = tf.Tensor1D;
/** A tfjs rank-2 tensor `[rows, cols]`. */
export type Tensor2D = tf.Tensor2D;
/** A tfjs rank-3 tensor. */
export type Tensor3D = tf.Tensor3D;
/** A tfjs rank-4 tensor `[batch, height, width, channels]`. */
export type Tensor4D = tf.Tensor4D;
/** A trainable tfjs variable. */
export type Variable = tf.Variable;
/** A tfjs layers model (`tf.LayersModel`): a generator or discriminator network. */
export type LayersModel = tf.LayersModel;
/** A tfjs optimizer (`tf.Optimizer`). */
export type Optimizer = tf.Optimizer;
