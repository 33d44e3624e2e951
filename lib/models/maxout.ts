import * as tf from "@tensorflow/tfjs";
import type { Layer, SymbolicTensor } from "./tfjs_types.ts";
import { maxLastAxis } from "../ops/max_last_axis.ts";
import { checkOptions, checkPositiveInt } from "../validate.ts";

/** Options of {@linkcode maxout}. */
export interface MaxoutArgs {
  /** Pieces per unit `k` (>= 1): the input's last axis holds `units * k` values. */
  pieces: number;
  /** Layer name (optional; unique within a model). */
  name?: string;
}

/** A {@linkcode maxout} layer: a tfjs layer with its piece count. */
export interface MaxoutLayer extends Layer {
  /** Pieces per unit `k`. */
  readonly pieces: number;
}

/** The class behind {@linkcode maxout} (registered with `tf.serialization`). */
export class Maxout extends tf.layers.Layer implements MaxoutLayer {
  /** The name under which the layer is registered for serialisation. */
  static className = "Maxout";
  /** Pieces per unit. */
  readonly pieces: number;

  /** Checks `pieces`; see {@linkcode maxout}. */
  constructor(args: MaxoutArgs) {
    super({ name: args.name });
    if (!Number.isInteger(args.pieces) || args.pieces < 1) {
      throw new RangeError(
        `Cannot build a maxout layer as pieces must be a positive integer: pieces=${args.pieces}`,
      );
    }
    this.pieces = args.pieces;
  }

  /** `[batch, units * k]` -> `[batch, units]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const last = shape[shape.length - 1];
    if (last != null && last % this.pieces !== 0) {
      throw new RangeError(
        `Cannot apply maxout as the input width must be a multiple of pieces=${this.pieces}: width=${last}`,
      );
    }
    return [...shape.slice(0, -1), last == null ? null : last / this.pieces];
  }

  /** Max over each unit's `k` adjacent pieces. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const width = x.shape[x.shape.length - 1];
      const grouped = tf.reshape(x, [...x.shape.slice(0, -1), width / this.pieces, this.pieces]);
      return maxLastAxis(grouped);
    });
  }

  /** The layer's config, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pieces: this.pieces };
  }
}
tf.serialization.registerClass(Maxout);

/**
 * Creates the max-over-pieces layer of maxout units (Goodfellow et al. 2013,
 * "Maxout Networks"; the 2014 GAN paper's discriminator): on pre-activations
 * `z = xW + b` `[batch, units * k]` it returns `h_j = max_{i < k} z[:, j * k + i]`
 * `[batch, units]` (pylearn2's layout: a unit's pieces are adjacent). Put it
 * after a dense layer of `units * k` outputs; {@linkcode maxoutDense} does
 * both. It has no weights and is registered with `tf.serialization`, so models
 * containing it save and load.
 *
 * @param args `pieces` (a positive integer) and an optional `name`.
 * @returns The layer.
 * @throws {RangeError} If `pieces` is not a positive integer.
 *
 * @example Two units of two pieces
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { maxout } from "./maxout.ts";
 * const h = maxout({ pieces: 2 }).apply(tf.tensor2d([[1, 3, -2, -5]])) as tf.Tensor;
 * assert.deepStrictEqual(Array.from(h.dataSync()), [3, -2]);
 * ```
 */
export function maxout(args: MaxoutArgs): MaxoutLayer {
  return new Maxout(args);
}

/** Options of {@linkcode maxoutDense}. */
export interface MaxoutDenseOptions {
  /** Number of maxout units. */
  units: number;
  /** Pieces per unit `k`. */
  pieces: number;
  /** Name prefix: the layers are named `${name}_linear` and `${name}`. */
  name: string;
}

/**
 * A maxout hidden layer as two tfjs layers applied to `input`: a dense layer to
 * `units * pieces` pre-activations, then {@linkcode maxout}.
 *
 * @param input A symbolic tensor `[batch, n]`.
 * @param options Units, pieces and a name prefix.
 * @returns The symbolic output `[batch, units]`.
 * @throws {RangeError} If `units` or `pieces` is not a positive integer.
 * @throws {TypeError} If `options` has an unknown key.
 */
export function maxoutDense(input: SymbolicTensor, options: MaxoutDenseOptions): SymbolicTensor {
  const what = "build a maxout layer";
  checkOptions(options, ["units", "pieces", "name"], what);
  checkPositiveInt(options?.units, "units", what);
  checkPositiveInt(options?.pieces, "pieces", what);
  const linear = tf.layers.dense({
    units: options.units * options.pieces,
    name: `${options.name}_linear`,
  }).apply(input) as SymbolicTensor;
  return maxout({ pieces: options.pieces, name: options.name }).apply(linear) as SymbolicTensor;
}
