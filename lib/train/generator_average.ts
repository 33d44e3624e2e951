/**
 * An exponential moving average of the generator's weights, kept next to training (beyond the
 * 2014 paper). Sampling from averaged weights instead of the last iterate is the remedy of
 * Yazici et al. 2019, "The Unusual Effectiveness of Averaging in GAN Training" (ICLR), and of
 * Karras et al. 2018 (progressive GANs, decay 0.999): the generator's iterates circle around
 * an equilibrium the game does not converge to, and their average sits nearer it. Training is
 * unchanged: the average is only read out.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import { checkOptions } from "../validate.ts";

/** Settings of the generator's weight average (the `generatorAverage` trainer option). */
export interface GeneratorAverageConfig {
  /**
   * The decay beta in (0, 1): after each generator step, `avg <- beta avg + (1 - beta) theta`
   * for every trainable weight (an average over about `1 / (1 - beta)` recent steps; 0.999 in
   * Karras et al. 2018 and Yazici et al. 2019). Non-trainable weights (batch-norm statistics)
   * are copied.
   */
  decay: number;
  /**
   * Until this step the average is a copy of G (then it averages the steps after it).
   * Default 0. A non-negative integer.
   */
  start?: number;
}

const WHAT = "create a trainer";

/**
 * Checks a `generatorAverage` option.
 *
 * @param value The option.
 * @returns It, with `start` filled in.
 * @throws {TypeError} If it is not an object or has an unknown key.
 * @throws {RangeError} If `decay` is not in (0, 1) or `start` not a non-negative integer.
 */
export function checkGeneratorAverage(value: unknown): Required<GeneratorAverageConfig> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${WHAT} as generatorAverage must be an object { decay, start? }: generatorAverage=${
        String(value)
      }`,
    );
  }
  const { decay, start = 0 } = checkOptions(
    value as GeneratorAverageConfig,
    ["decay", "start"],
    WHAT,
  );
  if (typeof decay !== "number" || !(decay > 0 && decay < 1)) {
    throw new RangeError(
      `Cannot ${WHAT} as generatorAverage.decay must be a number in (0, 1), e.g. 0.999: generatorAverage.decay=${
        String(decay)
      }`,
    );
  }
  if (typeof start !== "number" || !Number.isInteger(start) || start < 0) {
    throw new RangeError(
      `Cannot ${WHAT} as generatorAverage.start must be a non-negative integer: generatorAverage.start=${
        String(start)
      }`,
    );
  }
  return { decay, start };
}

/**
 * A copy of a layers model: the same architecture and weights, its own variables. The copies
 * share storage with the model's until either is written (tfjs variables take a reference on
 * assign; the compiled step writes only storage nobody else references, see storage.ts).
 */
function cloneModel(model: LayersModel): LayersModel {
  // Synchronous (tf.models.modelFromJSON is async); custom layers are registered classes.
  const Class = model.constructor as unknown as {
    fromConfig(cls: unknown, config: unknown): LayersModel;
  };
  const copy = Class.fromConfig(model.constructor, model.getConfig());
  copy.setWeights(model.getWeights());
  return copy;
}

/**
 * The averaged generator: a copy of G whose weights follow G's as an exponential moving
 * average (internal; the trainer owns it and exposes the model).
 */
export class GeneratorAverage {
  /** The settings. */
  readonly config: Required<GeneratorAverageConfig>;
  /** The copy of G holding the average. */
  readonly model: LayersModel;
  readonly #source: LayersModel;

  /**
   * @param generator The generator to follow (its current weights start the average).
   * @param config Checked settings.
   */
  constructor(generator: LayersModel, config: Required<GeneratorAverageConfig>) {
    this.config = config;
    this.#source = generator;
    this.model = cloneModel(generator);
    this.model.trainable = false;
  }

  /**
   * Folds G's current weights into the average after generator step `step` (1 for the first):
   * a copy while `step <= start`, `avg + (1 - beta)(theta - avg)` after.
   */
  update(step: number): void {
    const copy = step <= this.config.start;
    const rate = 1 - this.config.decay;
    const from = this.#source.weights, to = this.model.weights;
    tf.tidy(() => {
      for (let i = 0; i < from.length; i++) {
        const theta = from[i].read();
        if (copy || !from[i].trainable) {
          to[i].write(theta);
        } else {
          const avg = to[i].read();
          to[i].write(avg.add(theta.sub(avg).mul(rate)));
        }
      }
    });
  }

  /** Restarts the average from G's current weights (a checkpoint without one). */
  reset(): void {
    const from = this.#source.weights, to = this.model.weights;
    for (let i = 0; i < from.length; i++) to[i].write(from[i].read());
  }

  /** Frees the copy's variables. */
  dispose(): void {
    this.model.weights.forEach((w) => w.dispose());
  }
}
