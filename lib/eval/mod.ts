/**
 * Evaluation: the paper's Parzen window log-likelihood (Goodfellow et al. 2014, Table 1, with
 * the authors' protocol), nearest training neighbours (Figure 2's rightmost column), and
 * mode-collapse metrics for the 2-D ring and grid mixtures (modes captured, high-quality
 * fraction, reverse KL, binned Jensen-Shannon).
 *
 * @example Mode metrics of samples from the true ring
 * ```ts
 * import { modeMetrics } from "./mod.ts";
 * import { ringMixture } from "../data/mod.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const ring = ringMixture();
 * const m = modeMetrics(ring.sampleWithModes(2000, new Rng(3)).x, ring);
 * assert.strictEqual(m.modesCaptured, 8);
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export {
  parzenLogLikelihood,
  type ParzenOptions,
  type ParzenProgress,
  type ParzenResult,
} from "./parzen.ts";
export { nearestNeighbours, type NearestOptions, type NearestResult } from "./nearest.ts";
export { type ModeMetrics, modeMetrics, type ModeMetricsOptions, type ModeSpec } from "./modes.ts";
export { binnedJensenShannon, type BinnedJensenShannonOptions } from "./binned_js.ts";
export type { RowSource } from "./rows.ts";
export { type FeatureStatistics, featureStatistics, frechetDistance } from "./frechet.ts";
export {
  classifierAccuracy,
  type ClassifierOutputs,
  classifierOutputs,
  type LabelledDataset,
  type MnistClassifier,
} from "./mnist_classifier.ts";
export {
  type TrainedMnistClassifier,
  trainMnistClassifier,
  type TrainMnistClassifierOptions,
} from "./train_classifier.ts";
export {
  decodeClassifier,
  encodeClassifier,
  loadClassifier,
  saveClassifier,
} from "./classifier_io.ts";
export {
  loadShippedMnistClassifier,
  SHIPPED_MNIST_CLASSIFIER,
  type ShippedClassifierInfo,
} from "./shipped_classifier.ts";
export {
  type MnistSampleScore,
  mnistSampleScore,
  type MnistSampleScoreOptions,
  type MnistScore,
} from "./mnist_score.ts";
export { type SampleDiversity, sampleDiversity, type SampleDiversityOptions } from "./diversity.ts";
