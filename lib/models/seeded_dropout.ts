import * as tf from "@tensorflow/tfjs";
import { checkSeed, Rng, type RngState } from "../random.ts";
import type { LayersModel } from "../tensor_types.ts";
import type { Layer } from "./tfjs_types.ts";

/** Options of {@linkcode seededDropout}. */
export interface SeededDropoutArgs {
  /** Probability of dropping a unit, in [0, 1). The paper's D: 0.2 on inputs, 0.5 on hidden units. */
  rate: number;
  /** Seed of the layer's own mask generator (a finite integer). */
  seed: number;
  /** Layer name (optional). */
  name?: string;
}

/** A {@linkcode seededDropout} layer: a tfjs layer with its rate and mask generator. */
export interface SeededDropoutLayer extends Layer {
  /** Probability of dropping a unit. */
  readonly rate: number;
  /** The seed the mask generator started from. */
  readonly seed: number;
  /** The mask generator's current state (four uint32 words). */
  rngState(): RngState;
  /** Continues the masks from a state saved by `rngState()`. */
  setRngState(state: RngState | readonly number[]): void;
  /** Advances the mask generator past `count` mask values (as a call masking `count` values would). */
  skipMasks(count: number): void;
  /**
   * Draws the next mask of `count` values (`1 / (1 - rate)` kept, 0 dropped), exactly as a
   * training call masking `count` values would (for code that applies the mask itself).
   * With `out` (length `count`) the mask is written there and `out` returned: a loop that
   * reuses one buffer skips allocating a fresh array per call, which costs more than the draw.
   */
  drawMask(count: number, out?: Float32Array): Float32Array;
}

/** The class behind {@linkcode seededDropout} (registered with `tf.serialization`). */
export class SeededDropout extends tf.layers.Layer implements SeededDropoutLayer {
  /** The name under which the layer is registered for serialisation. */
  static className = "SeededDropout";
  /** Probability of dropping a unit. */
  readonly rate: number;
  /** The seed the mask generator started from. */
  readonly seed: number;
  #rng: Rng;

  /** Checks the arguments; see {@linkcode seededDropout}. */
  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (typeof args.rate !== "number" || !(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(
        `Cannot build a dropout layer as rate must be in [0, 1): rate=${args.rate}`,
      );
    }
    this.rate = args.rate;
    this.seed = checkSeed(args.seed, "seed");
    this.#rng = new Rng(this.seed);
  }

  /** The mask generator's current state. */
  rngState(): RngState {
    return this.#rng.state();
  }

  /** Continues the masks from a saved state. */
  setRngState(state: RngState | readonly number[]): void {
    this.#rng = Rng.fromState(state);
  }

  /** Advances the mask generator past `count` mask values. */
  skipMasks(count: number): void {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `Cannot skip dropout masks as count must be a non-negative integer: count=${count}`,
      );
    }
    // call() draws one uint32 per masked value, and none when rate is 0.
    if (this.rate > 0 && count > 0) this.#rng.fillUint32(new Uint32Array(count));
  }

  /** Identity: dropout keeps the shape. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** Applies a fresh seeded mask in training mode; identity otherwise. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs?.training !== true || this.rate === 0) return x;
    const mask = this.drawMask(x.size);
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, "float32")));
  }

  /** The next mask of `count` values: `1 / (1 - rate)` where kept, 0 where dropped. */
  drawMask(count: number, out?: Float32Array): Float32Array {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `Cannot draw a dropout mask as count must be a non-negative integer: count=${count}`,
      );
    }
    if (out !== undefined && (!(out instanceof Float32Array) || out.length !== count)) {
      throw new TypeError(
        `Cannot draw a dropout mask as out must be a Float32Array of count=${count} values: ` +
          `out=${out instanceof Float32Array ? `Float32Array(${out.length})` : typeof out}`,
      );
    }
    const keep = 1 - this.rate;
    const mask = out ?? new Float32Array(count);
    if (this.rate === 0) return mask.fill(1);
    const scale = 1 / keep;
    // One uint32 per element: keep iff u < keep * 2^32.
    const threshold = keep * 4294967296;
    const bits = this.#rng.fillUint32(new Uint32Array(mask.buffer, mask.byteOffset, count));
    for (let i = 0; i < mask.length; i++) {
      // Number(bool) avoids a branch that mispredicts on random bits; scale * 0 is +0.
      // Each uint32 is read before its slot is overwritten by the mask value.
      mask[i] = scale * Number(bits[i] < threshold);
    }
    return mask;
  }

  /** The layer's config, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * Creates an inverted-dropout layer (Srivastava et al. 2014) whose masks come
 * from its own seeded {@linkcode Rng}, drawn in JavaScript: the same seed gives
 * the same masks on cpu, wasm and webgpu, unlike tfjs's `Dropout` (unseeded
 * backend random ops). In training mode (`model.apply(x, { training: true })`)
 * each call draws a fresh mask `b_i ~ Bernoulli(1 - rate)` per element and
 * returns `x * b / (1 - rate)`; otherwise it returns `x` unchanged. The mask
 * generator's state is training state (checkpoints save it: `rngState()`,
 * `setRngState()`). Registered with `tf.serialization` (config: rate, seed).
 *
 * @param args `rate` in [0, 1), an integer `seed`, an optional `name`.
 * @returns The layer.
 * @throws {RangeError} If `rate` is outside [0, 1) or `seed` is not an integer.
 * @throws {TypeError} If `seed` is not a finite number.
 *
 * @example Same seed, same mask
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { seededDropout } from "./seeded_dropout.ts";
 * const x = tf.ones([2, 8]);
 * const a = seededDropout({ rate: 0.5, seed: 3 }).apply(x, { training: true }) as tf.Tensor;
 * const b = seededDropout({ rate: 0.5, seed: 3 }).apply(x, { training: true }) as tf.Tensor;
 * assert.deepStrictEqual(a.dataSync(), b.dataSync());
 * ```
 */
export function seededDropout(args: SeededDropoutArgs): SeededDropoutLayer {
  return new SeededDropout(args);
}

/**
 * The seeded dropout layers of a model, in layer order (their generator
 * states are part of a training run's state).
 *
 * @param model A tfjs layers model.
 * @returns The dropout layers (possibly none).
 */
export function seededDropoutLayers(model: LayersModel): SeededDropoutLayer[] {
  return model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
}
