/**
 * GAN objectives as swappable pairs of losses on logits (the TF-GAN
 * convention): each {@linkcode GanLoss} has `discriminator(realLogits,
 * fakeLogits)` and `generator(fakeLogits)`, returning float32 scalars to
 * minimise, computed in numerically stable softplus forms. Build one by
 * factory or by name with {@linkcode ganLoss}: minimax and non-saturating
 * (Goodfellow et al. 2014), f-GAN (Nowozin et al. 2016), Wasserstein
 * (Arjovsky et al. 2017), WGAN-GP (Gulrajani et al. 2017), least squares
 * (Mao et al. 2017) and hinge (Lim & Ye 2017; Miyato et al. 2018).
 *
 * @example The paper's practical pair (Goodfellow et al. 2014, section 3)
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { ganLoss } from "./mod.ts";
 * const loss = ganLoss("non-saturating");
 * const d = tf.tidy(() => loss.discriminator(tf.tensor1d([3, 1]), tf.tensor1d([-2, 0])));
 * assert.strictEqual(d.rank, 0);
 * d.dispose();
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export type { Critic, GanLoss, PerExampleTerms } from "./types.ts";
export { minimaxLoss, type MinimaxLossOptions, nonSaturatingLoss } from "./minimax.ts";
export { F_GAN_DIVERGENCES, type FGanDivergence, fGanLoss, type FGanLossOptions } from "./f_gan.ts";
export { clipWeights, wassersteinLoss, type WassersteinLossOptions } from "./wasserstein.ts";
export { gradientPenalty, type GradientPenaltyOptions, wganGpLoss } from "./gradient_penalty.ts";
export { enableSecondOrderGradients } from "./second_order.ts";
export { leastSquaresLoss, type LeastSquaresLossOptions } from "./least_squares.ts";
export { hingeLoss } from "./hinge.ts";
export { GAN_LOSS_NAMES, ganLoss } from "./registry.ts";
