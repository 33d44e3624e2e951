/** A training run's mutable state (internal to the trainer; checkpoint/ reads and restores it). */
import type * as tf from "@tensorflow/tfjs";
import { Rng, rngStreams } from "../random.ts";
import type { LayersModel } from "../tensor_types.ts";
import { seededDropoutLayers } from "../models/seeded_dropout.ts";
import type { StepRecord } from "./history.ts";
import { createOptimizer, type LearningRateSchedule } from "./optimizers.ts";
import { isPerExample, type UpdateContext } from "./update.ts";
import type { TrainingDivergedError } from "./diverged.ts";
import { GeneratorAverage } from "./generator_average.ts";
import type { RealSource, TrainerConfig, TrainerOptions } from "./options.ts";

/** Everything a run changes as it trains. */
export interface RunState {
  config: TrainerConfig;
  ctx: UpdateContext;
  /** Where real minibatches come from (a plain function is wrapped as a stateless source). */
  source: RealSource;
  rng: { noise: Rng; data: Rng; penalty: Rng };
  /** The learning-rate schedule (set on both optimisers before each step), or null. */
  learningRate: LearningRateSchedule | null;
  step: number;
  history: StepRecord[];
  diverged: TrainingDivergedError | null;
  /** Whether to compile the updates where possible (`compiled` option). */
  compile: boolean;
  /** The generator's weight average (`generatorAverage` option), or null. */
  average: GeneratorAverage | null;
}

/** The state of a fresh run: optimisers built, PRNG streams seeded. */
export function initialState(options: TrainerOptions, config: TrainerConfig): RunState {
  const streams = rngStreams(config.seed);
  const vars = (m: LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    config,
    ctx: {
      generator: options.generator,
      discriminator: options.discriminator,
      jointCritic: isPerExample(options.discriminator),
      loss: options.loss,
      outputScale: config.outputScale,
      gVars: vars(options.generator),
      dVars: vars(options.discriminator),
      gOptimizer: createOptimizer(config.gOptimizer),
      dOptimizer: createOptimizer(config.dOptimizer),
    },
    source: typeof options.sampleReal === "function"
      ? { sample: options.sampleReal }
      : options.sampleReal,
    rng: {
      noise: streams.noise,
      data: streams.data,
      penalty: new Rng(config.seed).fork("penalty"),
    },
    learningRate: options.learningRate ?? null,
    step: 0,
    history: [],
    diverged: null,
    compile: options.compiled ?? true,
    average: config.generatorAverage
      ? new GeneratorAverage(options.generator, config.generatorAverage)
      : null,
  };
}

/**
 * Replaces the run's random streams with ones derived from `seed`: noise, data order and
 * penalty as a fresh run of that seed would draw them, and each seeded dropout layer's mask
 * generator from `new Rng(seed).fork("dropout:<generator|discriminator>:<i>")`. Weights,
 * optimiser state, step, history and the data source's place in its epoch are kept.
 */
export function reseedStreams(s: RunState, seed: number): void {
  const streams = rngStreams(seed);
  s.rng = { noise: streams.noise, data: streams.data, penalty: new Rng(seed).fork("penalty") };
  for (
    const [role, model] of [["generator", s.ctx.generator], [
      "discriminator",
      s.ctx.discriminator,
    ]] as const
  ) {
    seededDropoutLayers(model).forEach((layer, i) =>
      layer.setRngState(new Rng(seed).fork(`dropout:${role}:${i}`).state())
    );
  }
}
