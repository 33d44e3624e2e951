/**
 * Documented aliases of the tfjs layer types in this directory's signatures
 * (tfjs itself is a dependency; import it for the full API).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** A tfjs layer (`tf.layers.Layer`). */
export type Layer = tf.layers.Layer;
/** A symbolic tensor of the tfjs layers API (`tf.SymbolicTensor`), used while building models. */
export type SymbolicTensor = tf.SymbolicTensor;
