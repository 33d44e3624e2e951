/**
 * Training (Algorithm 1 of Goodfellow et al. 2014): a {@linkcode Trainer} that
 * alternates `k` discriminator updates with one generator update for any
 * {@linkcode GanLoss}, the papers' optimisers (SGD with momentum and the 2014
 * lr decay and momentum ramp, Adam, RMSProp) with an optional learning-rate
 * schedule (`learningRate: (step) => lr`), per-step history, a divergence
 * guard, and atomic, checksummed checkpoints that resume a run bit for bit:
 * `trainer.train(steps, { checkpoint: { dir, every } })` continues from the
 * newest checkpoint in `dir` and saves one every `every` steps. Beyond the
 * paper: a moving average of G's weights to sample from
 * (`generatorAverage: { decay: 0.999 }`, `trainer.averagedGenerator`) and a
 * collapse guard (`trainWithCollapseGuard`).
 *
 * @example A 1-D GAN for a few steps
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { adam, createTrainer } from "./mod.ts";
 * import { mlpDiscriminator, mlpGenerator } from "../models/mod.ts";
 * import { nonSaturatingLoss } from "../losses/mod.ts";
 * import { uniformPrior } from "../latent/mod.ts";
 * const trainer = createTrainer({
 *   generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [8], seed: 1 }),
 *   discriminator: mlpDiscriminator({ inputShape: [1], hidden: [8], seed: 2 }),
 *   loss: nonSaturatingLoss(),
 *   prior: uniformPrior(1),
 *   sampleReal: (m, rng) => tf.tensor2d(Array.from({ length: m }, () => [4 + 0.5 * rng.normal()])),
 *   batchSize: 16,
 *   dOptimizer: adam({ lr: 1e-3 }),
 *   gOptimizer: adam({ lr: 1e-3 }),
 *   seed: 0,
 * });
 * const records = await trainer.train(3);
 * assert.strictEqual(records.at(-1)!.step, 3);
 * trainer.dispose();
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export type { StepRecord } from "./history.ts";
export { Trainer } from "./trainer.ts";
export { createTrainer } from "./create_trainer.ts";
export type {
  PeriodicCheckpoints,
  RealSampler,
  RealSource,
  TrainerConfig,
  TrainerOptions,
  UpdateRule,
} from "./options.ts";
export type { CompiledStepInfo, TrainOptions } from "./trainer.ts";
export type { OutputScale } from "./update.ts";
export { TrainingDivergedError } from "./diverged.ts";
export type { GeneratorAverageConfig } from "./generator_average.ts";
export {
  type CollapseGuardCheck,
  CollapseGuardError,
  type CollapseGuardEvent,
  type CollapseGuardOptions,
  collapseGuardSeed,
  type CollapseVerdict,
  type GuardedTrainOptions,
  type GuardedTrainResult,
  trainWithCollapseGuard,
} from "./collapse_guard.ts";
export {
  adam,
  type AdamConfig,
  createOptimizer,
  currentLearningRate,
  type LearningRateSchedule,
  type OptimizerSpec,
  rmsprop,
  type RmspropConfig,
  setLearningRate,
  sgdMomentum,
} from "./optimizers.ts";
export type { NamedTensor, SgdMomentumConfig } from "./sgd_momentum.ts";
export {
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type SaveCheckpointOptions,
  type TensorData,
  type TrainerSnapshot,
} from "./checkpoint/mod.ts";
