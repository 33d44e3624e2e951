import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "./types.ts";
import { defineGanLoss } from "./define.ts";
import { checkLossOptions, checkNumberOption } from "./validate.ts";
import { sigmoid, softplus } from "./scalar.ts";

/** Options of {@linkcode minimaxLoss} and {@linkcode nonSaturatingLoss}. */
export interface MinimaxLossOptions {
  /**
   * Factor on the discriminator's loss. Default `1`: the paper's value
   * function V(D, G) as written in Algorithm 1. The authors' code
   * (Goodfellow et al. 2014, pylearn2 `adversarial`) uses `0.5`:
   * 1/2 (CE(D(x), 1) + CE(D(G(z)), 0)). Must be a positive finite number.
   */
  discriminatorScale?: number;
}

/**
 * The discriminator's cross-entropy on logits, shared by the minimax and
 * non-saturating pairs:
 * `s * -[mean log D(x) + mean log(1 - D(G(z)))] = s * [mean softplus(-l_x) + mean softplus(l_g)]`
 * since `log sigmoid(l) = -softplus(-l)` and `log(1 - sigmoid(l)) = -softplus(l)`.
 */
function crossEntropyDiscriminator(scale: number) {
  return (real: tf.Tensor1D, fake: tf.Tensor1D): tf.Scalar =>
    tf.mul(tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake))), scale);
}

/** D's cross-entropy terms per example: `scale softplus(-r)` and `scale softplus(f)`. */
function crossEntropyTerms(scale: number) {
  return {
    real: (v: number) => scale * softplus(-v),
    realDerivative: (v: number) => -scale * sigmoid(-v),
    fake: (v: number) => scale * softplus(v),
    fakeDerivative: (v: number) => scale * sigmoid(v),
  };
}

function readScale(options: MinimaxLossOptions, name: string): number {
  const { discriminatorScale = 1 } = checkLossOptions(options, ["discriminatorScale"], name);
  return checkNumberOption(
    discriminatorScale,
    "discriminatorScale",
    `build GAN loss "${name}"`,
    "positive",
  );
}

/**
 * The original minimax GAN loss (Goodfellow et al. 2014, eq. 1 and
 * Algorithm 1), on logits `l` with D = sigmoid(l).
 *
 * - D minimises `s * -[mean log D(x) + mean log(1 - D(G(z)))]`
 *   `= s * [mean softplus(-l_x) + mean softplus(l_g)]`.
 * - G minimises `mean log(1 - D(G(z))) = -mean softplus(l_g)`. Its gradient
 *   per sample is `-sigmoid(l_g) / m`, which vanishes as D(G(z)) -> 0: the
 *   saturation the paper warns about early in training (section 3).
 *
 * @param options `discriminatorScale` (default 1; the authors' code uses 0.5).
 * @returns A {@linkcode GanLoss} named `"minimax"`; its methods take float32
 *   logits `[m]` or `[m, 1]` and return a float32 scalar owned by the caller.
 * @throws {RangeError} If `discriminatorScale` is not a positive finite number.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example The minimax generator loss at D(G(z)) = 1/2 is log(1/2)
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { minimaxLoss } from "./minimax.ts";
 * const g = tf.tidy(() => minimaxLoss().generator(tf.zeros([4, 1])));
 * assert.ok(Math.abs(g.dataSync()[0] - Math.log(0.5)) < 1e-6);
 * g.dispose();
 * ```
 */
export function minimaxLoss(options: MinimaxLossOptions = {}): GanLoss {
  const discriminatorScale = readScale(options, "minimax");
  return defineGanLoss({
    name: "minimax",
    outputs: "logits",
    options: { discriminatorScale },
    discriminator: crossEntropyDiscriminator(discriminatorScale),
    generator: (fake) => tf.neg(tf.mean(tf.softplus(fake))),
    perExample: {
      ...crossEntropyTerms(discriminatorScale),
      generator: (v) => -softplus(v),
      generatorDerivative: (v) => -sigmoid(v),
    },
  });
}

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014, section 3: "train G to
 * maximize log D(G(z))"), on logits `l` with D = sigmoid(l). The paper's and
 * the authors' code's practical choice.
 *
 * - D: the same cross-entropy as {@linkcode minimaxLoss},
 *   `s * [mean softplus(-l_x) + mean softplus(l_g)]`.
 * - G minimises `-mean log D(G(z)) = mean softplus(-l_g)`; its gradient per
 *   sample is `-sigmoid(-l_g) / m -> -1/m` as D(G(z)) -> 0, so it does not
 *   vanish where the minimax one does.
 *
 * @param options `discriminatorScale` (default 1; the authors' code uses 0.5).
 * @returns A {@linkcode GanLoss} named `"non-saturating"`; its methods take
 *   float32 logits `[m]` or `[m, 1]` and return a float32 scalar owned by the caller.
 * @throws {RangeError} If `discriminatorScale` is not a positive finite number.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example The generator loss at D(G(z)) = 1/2 is log 2
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { nonSaturatingLoss } from "./minimax.ts";
 * const g = tf.tidy(() => nonSaturatingLoss().generator(tf.zeros([4])));
 * assert.ok(Math.abs(g.dataSync()[0] - Math.log(2)) < 1e-6);
 * g.dispose();
 * ```
 */
export function nonSaturatingLoss(options: MinimaxLossOptions = {}): GanLoss {
  const discriminatorScale = readScale(options, "non-saturating");
  return defineGanLoss({
    name: "non-saturating",
    outputs: "logits",
    options: { discriminatorScale },
    discriminator: crossEntropyDiscriminator(discriminatorScale),
    generator: (fake) => tf.mean(tf.softplus(tf.neg(fake))),
    perExample: {
      ...crossEntropyTerms(discriminatorScale),
      generator: (v) => softplus(-v),
      generatorDerivative: (v) => -sigmoid(-v),
    },
  });
}
