import { checkSeed } from "../random.ts";
import { checkOptions } from "../validate.ts";
import { sgdMomentum } from "./optimizers.ts";
import type { OutputScale } from "./update.ts";
import type { TrainerConfig, TrainerOptions } from "./options.ts";
import { checkModels, checkPositiveInt } from "./validate.ts";
import { Trainer } from "./trainer.ts";
import { checkGeneratorAverage } from "./generator_average.ts";
import type { LayersModel } from "../tensor_types.ts";

/**
 * The simultaneous update replays a forward pass's randomness; layers that draw it from the
 * backend (tfjs's own dropout and noise layers) cannot be replayed.
 */
function checkReplayable(model: LayersModel, role: string): void {
  const bad = model.layers.find((l) =>
    /Dropout|Noise/.test(l.getClassName()) &&
    l.getClassName() !== "SeededDropout"
  );
  if (bad) {
    throw new RangeError(
      `Cannot create a trainer with update "simultaneous" as the ${role}'s layer ${bad.name} (${bad.getClassName()}) draws unseeded random masks that cannot be replayed; use seededDropout`,
    );
  }
}

/** Every key of {@linkcode TrainerOptions}. */
const TRAINER_KEYS = [
  "generator",
  "discriminator",
  "loss",
  "prior",
  "sampleReal",
  "update",
  "batchSize",
  "k",
  "dOptimizer",
  "gOptimizer",
  "learningRate",
  "seed",
  "outputScale",
  "compiled",
  "generatorAverage",
];

/**
 * Creates a {@linkcode Trainer} for Algorithm 1 (Goodfellow et al. 2014),
 * checking that the pieces fit.
 *
 * @param options Networks, loss, prior, data sampler, batch size `m` (default
 *   100), `k` (default 1), optimisers (default the paper's SGD with momentum), an optional
 *   learning-rate schedule and the seed.
 * @returns A new trainer at step 0.
 * @throws {TypeError} If a network is not a single-input/-output `tf.LayersModel`,
 *   the loss/prior/sampler has the wrong type, or `learningRate` is not a function.
 * @throws {RangeError} If G's output shape differs from D's input shape, G's
 *   input differs from `prior.dim`, D does not output `[1]`, `k` or
 *   `batchSize` is not a positive integer, or an optimiser setting is invalid.
 */
export function createTrainer(options: TrainerOptions): Trainer {
  checkOptions(options, TRAINER_KEYS, "create a trainer");
  if (options === undefined) {
    throw new TypeError("Cannot create a trainer as options must be an object: options=undefined");
  }
  checkModels(options.generator, options.discriminator, options.loss, options.prior);
  const source = options.sampleReal as { sample?: unknown } | null | undefined;
  if (
    typeof source !== "function" && (typeof source !== "object" || source === null ||
      typeof source.sample !== "function")
  ) {
    throw new TypeError(
      `Cannot create a trainer as sampleReal must be a function (m, rng) => tf.Tensor or a data sampler with sample(m, rng): sampleReal=${
        String(options.sampleReal)
      }`,
    );
  }
  const update = options.update ?? "alternating";
  if (update !== "alternating" && update !== "simultaneous") {
    throw new RangeError(
      `Cannot create a trainer as update must be "alternating" or "simultaneous": update=${
        String(update)
      }`,
    );
  }
  const outputScale: OutputScale = options.outputScale ??
    (options.loss.outputs === "logits" ? "probability" : "raw");
  if (outputScale !== "probability" && outputScale !== "raw") {
    throw new RangeError(
      `Cannot create a trainer as outputScale must be "probability" or "raw": outputScale=${outputScale}`,
    );
  }
  if (options.learningRate !== undefined && typeof options.learningRate !== "function") {
    throw new TypeError(
      `Cannot create a trainer as learningRate must be a function (step) => number: learningRate=${
        String(options.learningRate)
      }`,
    );
  }
  if (options.compiled !== undefined && typeof options.compiled !== "boolean") {
    throw new TypeError(
      `Cannot create a trainer as compiled must be a boolean: compiled=${String(options.compiled)}`,
    );
  }
  const k = checkPositiveInt(options.k ?? 1, "k");
  if (update === "simultaneous") {
    if (k !== 1) {
      throw new RangeError(
        `Cannot create a trainer as the simultaneous update takes one D and one G step from one pass, so k must be 1: k=${k}`,
      );
    }
    checkReplayable(options.generator, "generator");
    checkReplayable(options.discriminator, "discriminator");
  }
  const config: TrainerConfig = {
    loss: options.loss.toJSON(),
    prior: options.prior.toJSON(),
    batchSize: checkPositiveInt(options.batchSize ?? 100, "batchSize"),
    k,
    update,
    seed: checkSeed(options.seed, "seed"),
    outputScale,
    dOptimizer: options.dOptimizer ?? sgdMomentum(),
    gOptimizer: options.gOptimizer ?? sgdMomentum(),
    ...(options.generatorAverage === undefined
      ? {}
      : { generatorAverage: checkGeneratorAverage(options.generatorAverage) }),
  };
  return new Trainer(options, config);
}
