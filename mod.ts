/**
 * adversarial-nets: build, train, measure and teach Generative Adversarial
 * Networks (Goodfellow et al. 2014, "Generative Adversarial Nets") in Deno and
 * Deno Jupyter notebooks, on TensorFlow.js (WebGPU, wasm, native or cpu).
 *
 * This entry holds the core a notebook needs: the seeded PRNG, backend
 * selection, noise priors, the common losses, the model builders, the trainer
 * and its optimisers and checkpoints, toy and MNIST data, the main scores and
 * the display helpers. Each folder has its own entry with everything it
 * defines: `./theory`, `./models`, `./losses`, `./train`, `./latent`,
 * `./data`, `./eval`, `./display`, `./backend`.
 *
 * @example Draw the paper's noise: 16 vectors from U(-sqrt 3, sqrt 3)^100
 * ```ts
 * import { Rng, uniformPrior } from "./mod.ts";
 * import assert from "node:assert";
 * const z = uniformPrior(100).sample(16, new Rng(42));
 * assert.deepStrictEqual(z.shape, [16, 100]);
 * z.dispose();
 * ```
 *
 * @module
 */
export { Rng, type RngState } from "./lib/random.ts";
export type {
  LayersModel,
  Optimizer,
  Scalar,
  Tensor,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Tensor4D,
  Variable,
} from "./lib/tensor_types.ts";
export {
  type BackendInfo,
  type BackendName,
  initBackend,
  type InitBackendOptions,
} from "./lib/backend/init_backend.ts";
export { gaussianPrior, type NoisePrior, spherePrior, uniformPrior } from "./lib/latent/mod.ts";
export {
  type Critic,
  fGanLoss,
  GAN_LOSS_NAMES,
  type GanLoss,
  ganLoss,
  hingeLoss,
  leastSquaresLoss,
  minimaxLoss,
  nonSaturatingLoss,
  type PerExampleTerms,
  wassersteinLoss,
  wganGpLoss,
} from "./lib/losses/mod.ts";
export {
  dcganDiscriminator,
  dcganGenerator,
  maxout,
  mlpDiscriminator,
  type MlpDiscriminatorOptions,
  mlpGenerator,
  type MlpGeneratorOptions,
  paperMnistGan,
  sampleGenerator,
  seededDropout,
} from "./lib/models/mod.ts";
export {
  adam,
  type CompiledStepInfo,
  createTrainer,
  type GeneratorAverageConfig,
  latestCheckpoint,
  loadCheckpoint,
  type OptimizerSpec,
  type RealSampler,
  type RealSource,
  rmsprop,
  saveCheckpoint,
  sgdMomentum,
  type StepRecord,
  Trainer,
  type TrainerOptions,
  type TrainerSnapshot,
  TrainingDivergedError,
  type TrainOptions,
  type UpdateRule,
} from "./lib/train/mod.ts";
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
} from "./lib/train/mod.ts";
export {
  batches,
  type DataSampler,
  dataSampler,
  type Dataset,
  gaussian1d,
  gaussianMixture2d,
  gridMixture,
  loadMnist,
  makeDataset,
  type Mnist,
  ringMixture,
} from "./lib/data/mod.ts";
export {
  binnedJensenShannon,
  mnistSampleScore,
  modeMetrics,
  nearestNeighbours,
  parzenLogLikelihood,
  sampleDiversity,
} from "./lib/eval/mod.ts";
export {
  DISPLAY,
  type Figure,
  figure2Grid,
  historyFigure,
  historyView,
  keyValueTable,
  liveView,
  progressBar,
  sampleGrid,
  savePng,
  saveSvg,
  settle,
  show,
  Table,
  table,
  trainingMonitor,
} from "./lib/display/mod.ts";
export { ganValue, jensenShannon, optimalDiscriminator } from "./lib/theory/mod.ts";
