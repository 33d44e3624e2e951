import type { LayersModel, Tensor } from "../tensor_types.ts";
import type { GeneratorAverageConfig } from "./generator_average.ts";
import type { Rng } from "../random.ts";
import type { GanLoss } from "../losses/types.ts";
import type { NoisePrior } from "../latent/prior.ts";
import type { LearningRateSchedule, OptimizerSpec } from "./optimizers.ts";
import type { OutputScale } from "./update.ts";
import type { DataSamplerState } from "../data/batches.ts";

/**
 * Samples a minibatch of `m` real examples `[m, ...sampleShape]` float32,
 * drawing any randomness from `rng` (the run's seeded data stream). May be
 * async. Returns a new tensor, which the trainer disposes.
 */
export type RealSampler = (m: number, rng: Rng) => Tensor | Promise<Tensor>;

/**
 * A source of real minibatches that keeps a position of its own (e.g. its place in an epoch,
 * {@linkcode dataSampler}): the trainer calls `sample(m, rng)` with its seeded data stream and
 * saves `state()` in checkpoints, so a resumed run continues mid-epoch.
 */
export interface RealSource {
  /** Draws `m` examples `[m, ...sampleShape]` float32 (a new tensor, disposed by the trainer). */
  sample(m: number, rng: Rng): Tensor | Promise<Tensor>;
  /** The source's own position as plain JSON (omit for a stateless source). */
  state?(): DataSamplerState;
  /** Continues from a position saved by `state()`. */
  setState?(state: DataSamplerState): void;
}

/**
 * How one training step updates the two networks.
 * - `"alternating"`: Algorithm 1 of Goodfellow et al. 2014 as printed: `k` discriminator
 *   updates, each on a fresh minibatch, then one generator update on fresh noise (and fresh
 *   dropout masks) through the already updated D.
 * - `"simultaneous"`: the step of the authors' code that produced the paper's results
 *   (`AdversaryCost2` + pylearn2 SGD): one minibatch and one forward pass, D's gradient of
 *   its loss and G's gradient of its loss on the same `D(G(z))` (same noise and dropout
 *   masks), both from the current weights, applied together; `k` must be 1.
 */
export type UpdateRule = "alternating" | "simultaneous";

/** Options of {@linkcode createTrainer}. */
export interface TrainerOptions {
  /** G: `[m, prior.dim]` -> samples `[m, ...shape]`. */
  generator: LayersModel;
  /** D: samples `[m, ...shape]` -> logits / critic values `[m, 1]`. */
  discriminator: LayersModel;
  /** The objective (from `ganLoss(name)` or a loss factory). */
  loss: GanLoss;
  /** The noise prior P_z. */
  prior: NoisePrior;
  /**
   * Draws real minibatches: a function `(m, rng) => tensor`, or a {@linkcode RealSource} such as
   * `dataSampler(dataset)` (shuffled epochs, its position saved in checkpoints).
   */
  sampleReal: RealSampler | RealSource;
  /**
   * How a step updates the networks (see {@linkcode UpdateRule}). Default `"alternating"`
   * (Algorithm 1); the paper's MNIST preset uses `"simultaneous"` (the authors' code).
   */
  update?: UpdateRule;
  /** Minibatch size m. Default 100 (the paper's). */
  batchSize?: number;
  /** Discriminator steps per generator step (Algorithm 1). Default 1 (the paper's experiments). */
  k?: number;
  /** D's optimiser. Default `sgdMomentum()` (the paper's). */
  dOptimizer?: OptimizerSpec;
  /** G's optimiser. Default `sgdMomentum()`. */
  gOptimizer?: OptimizerSpec;
  /**
   * A learning-rate schedule for both optimisers: before each step the trainer sets their rate
   * to `learningRate(stepCount)` (generator steps done, 0 before the first), replacing the
   * optimiser's own rate (and `sgdMomentum`'s decay). Being a function of the step, it holds
   * across checkpoints and resumes (it is not saved in them). Default: none (each optimiser's
   * own rate).
   */
  learningRate?: LearningRateSchedule;
  /** Seed of the noise, data and penalty streams (a finite integer). */
  seed: number;
  /**
   * How mean D outputs are reported in the history: `"probability"` (sigmoid
   * of logits) or `"raw"` (critic values). Default `"probability"` for a loss whose
   * `outputs` is `"logits"` (minimax, non-saturating, f-GAN "gan"), `"raw"` otherwise.
   */
  outputScale?: OutputScale;
  /**
   * Use the compiled step where it applies (default true): on the native backend, for MLP
   * G and D (dense, maxout, seeded dropout and element-wise activation layers), a loss without
   * a gradient penalty and the package's optimisers, each update runs as a few BLAS products
   * and loops on the models' own storage instead of a few hundred tfjs kernels. Same updates
   * up to float32 rounding; {@linkcode Trainer.prototype.compiledStep} says whether it applies
   * and why not. `false` keeps tfjs's op chain.
   */
  compiled?: boolean;
  /**
   * Keep an exponential moving average of G's weights, read from
   * {@linkcode Trainer.prototype.averagedGenerator} (beyond the paper: Yazici et al. 2019,
   * Karras et al. 2018). It does not change training; checkpoints hold it. Default: none.
   */
  generatorAverage?: GeneratorAverageConfig;
}

/**
 * Resumable training with {@linkcode Trainer.prototype.train}: resume from the newest
 * checkpoint in `dir` (when it is ahead of the trainer), save every `every` steps, at the end
 * of the call and when aborted.
 */
export interface PeriodicCheckpoints {
  /** Directory holding `step-NNNNNNNN` checkpoint directories (created if missing). */
  dir: string;
  /** Save after every `every` generator steps (counted on the trainer's step counter). */
  every: number;
  /** How many of the newest checkpoints to keep. Default 2. */
  keep?: number;
}

/** A trainer's settings, as stored in checkpoints (plain JSON). */
export interface TrainerConfig {
  /** `loss.toJSON()`. */
  loss: Record<string, unknown>;
  /** `prior.toJSON()`. */
  prior: Record<string, unknown>;
  /** Minibatch size m. */
  batchSize: number;
  /** Discriminator steps per generator step. */
  k: number;
  /** How a step updates the networks (absent in checkpoints from before it existed: alternating). */
  update?: UpdateRule;
  /** The run's seed. */
  seed: number;
  /** How `dReal`/`dFake` are reported. */
  outputScale: OutputScale;
  /** The discriminator's optimiser. */
  dOptimizer: OptimizerSpec;
  /** The generator's optimiser. */
  gOptimizer: OptimizerSpec;
  /** The generator's weight average, when one is kept. */
  generatorAverage?: Required<GeneratorAverageConfig>;
}
