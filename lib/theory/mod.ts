/**
 * Information theory behind GANs (Goodfellow et al. 2014), in float64 on plain
 * arrays, in nats: entropy, KL, cross-entropy; Jensen-Shannon in both
 * conventions (the note's JS = KL(P||M) + KL(Q||M) <= 2 log 2 and
 * Goodfellow's/scipy's JSD = JS/2 <= log 2) and the weighted Jensen difference;
 * the metrics sqrt(JS) and JS^alpha; triangular discrimination; f-divergences
 * with f-GAN generators, conjugates and activations; the paper's D*, V(D, G)
 * and C(G); the lemma's L and g; the variational form of JS; densities on grids
 * and histograms of samples. Batched, log-space tensor forms take logits
 * (entropy/KL/JS over the last axis, log D and log(1 - D) via softplus, the GAN
 * value, and f-GAN's g_f and f*(g_f)). For the note's proofs and section 2: the
 * right-hand side f(p, q, r) of the scalar triangle inequality and its derivative (eq. 2);
 * the GAN game on a finite space (non-parametric and parametric G, D* or k ascent steps)
 * and gradient play on the bilinear game x y; the Wasserstein-1 distance exactly (1-D by
 * CDFs, small discrete problems by optimal transport), WGAN's parallel segments, and a
 * trained critic's estimate of W1 (weight clipping or gradient penalty).
 *
 * @example The optimal discriminator attains C(G) = -2 log 2 + JS
 * ```ts
 * import { ganValue, jensenShannon, jensenShannonDivergence, optimalDiscriminator } from "./mod.ts";
 * import assert from "node:assert";
 * const pData = [0.5, 0.3, 0.2], pG = [0.1, 0.2, 0.7];
 * const v = ganValue(optimalDiscriminator(pData, pG), pData, pG);
 * assert.ok(Math.abs(v - (-2 * Math.log(2) + jensenShannon(pData, pG))) < 1e-12);
 * assert.ok(Math.abs(jensenShannon(pData, pG) - 2 * jensenShannonDivergence(pData, pG)) < 1e-15);
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export {
  DEFAULT_SUM_TOLERANCE,
  type DistributionOptions,
  FLOAT32_SUM_TOLERANCE,
} from "./validate.ts";
export { crossEntropy, entropy, klDivergence } from "./entropy.ts";
export { jensenShannon, jensenShannonDivergence } from "./jensen_shannon.ts";
export { jensenDifference } from "./jensen_difference.ts";
export { jensenShannonMetric, jensenShannonPower, triangularDiscrimination } from "./js_metric.ts";
export { fDivergence, type FDivergenceOptions, fenchelLowerBound } from "./f_divergence.ts";
export {
  alphaGenerator,
  type FGenerator,
  fGenerators,
  ganGenerator,
  type Interval,
  jensenShannonGenerator,
  klGenerator,
  l1Generator,
  neymanGenerator,
  pearsonGenerator,
  reverseKlGenerator,
  squaredHellingerGenerator,
  totalVariationGenerator,
} from "./f_generators.ts";
export { ganValue, optimalDiscriminator, virtualTrainingCriterion } from "./gan_value.ts";
export { lemmaG, lemmaL } from "./lemma.ts";
export {
  minimizeKlSum,
  type MinimizeKlSumOptions,
  type MinimizeKlSumResult,
} from "./variational.ts";
export {
  type Grid1dOptions,
  type Grid2dOptions,
  type GridDensity1d,
  gridDensity1d,
  type GridDensity2d,
  gridDensity2d,
} from "./grid.ts";
export {
  histogram1d,
  type Histogram1dOptions,
  histogram2d,
  type Histogram2dOptions,
  type OutsideRange,
} from "./histogram.ts";
export {
  crossEntropyFromLogits,
  entropyFromLogits,
  ganValueFromLogits,
  jensenShannonDivergenceFromLogits,
  jensenShannonFromLogits,
  klFromLogits,
  logDFromLogits,
  logOneMinusDFromLogits,
} from "./tensor.ts";
export { fGanObjective, type FGanTensorForms, fGanTensorForms } from "./f_gan_tensor.ts";
export { lemmaF, lemmaFDerivative, type LemmaFMaximum, lemmaFMaximum } from "./lemma_f.ts";
export {
  type FiniteGameOptions,
  type FiniteGameTrace,
  nonparametricGame,
  parametricGame,
} from "./finite_game.ts";
export { bilinearGame, type BilinearGameOptions, type BilinearGamePath } from "./bilinear_game.ts";
export { wasserstein1d, type Wasserstein1dOptions } from "./wasserstein_1d.ts";
export { wasserstein1, type Wasserstein1Options } from "./wasserstein.ts";
export { optimalTransport, type TransportPlan } from "./optimal_transport.ts";
export {
  type ParallelLines,
  parallelLines,
  type ParallelLinesOptions,
  segmentSampler,
} from "./parallel_lines.ts";
export {
  type CriticEstimate,
  type CriticEstimateOptions,
  type CriticSampler,
  estimateWasserstein1,
} from "./critic_estimate.ts";
