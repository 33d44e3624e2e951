import * as tf from "@tensorflow/tfjs";
import type { Variable } from "../tensor_types.ts";
import type { GanLoss, PerExampleTerms } from "./types.ts";
import { defineGanLoss } from "./define.ts";
import { checkLossOptions, checkNumberOption } from "./validate.ts";

/** Options of {@linkcode wassersteinLoss}. */
export interface WassersteinLossOptions {
  /** Clip the critic's weights to [-c, c] after each of its steps. Default 0.01 (the paper's c). */
  weightClip?: number;
}

/** The Wasserstein critic loss `mean D(G(z)) - mean D(x)` on raw critic values. */
export function wassersteinCritic(real: tf.Tensor1D, fake: tf.Tensor1D): tf.Scalar {
  return tf.sub(tf.mean(fake), tf.mean(real));
}

/** The Wasserstein generator loss `-mean D(G(z))` on raw critic values. */
export function wassersteinGenerator(fake: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(fake));
}

/** The critic's and generator's terms per example (also WGAN-GP's, without its penalty). */
export const WASSERSTEIN_TERMS: PerExampleTerms = Object.freeze({
  real: (v: number) => -v,
  realDerivative: () => -1,
  fake: (v: number) => v,
  fakeDerivative: () => 1,
  generator: (v: number) => -v,
  generatorDerivative: () => -1,
});

/**
 * The Wasserstein GAN losses (Arjovsky, Chintala & Bottou 2017, Algorithm 1),
 * on raw, unbounded critic outputs `D`:
 *
 * - the critic minimises `mean D(G(z)) - mean D(x)` (it maximises the
 *   Kantorovich-Rubinstein estimate of W(P_r, P_g));
 * - G minimises `-mean D(G(z))`.
 *
 * The critic must stay K-Lipschitz: the paper clips its weights to
 * [-c, c] after each critic step, c = 0.01. The loss reports `weightClip`; the
 * training loop applies it with {@linkcode clipWeights}.
 *
 * @param options `weightClip` c, a positive finite number (default 0.01).
 * @returns A {@linkcode GanLoss} named `"wasserstein"` with `weightClip` set;
 *   its methods take float32 `[m]` or `[m, 1]` critic values and return a
 *   float32 scalar owned by the caller.
 * @throws {RangeError} If `weightClip` is not a positive finite number.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example The critic loss is the gap of the means
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { wassersteinLoss } from "./wasserstein.ts";
 * const loss = wassersteinLoss();
 * const d = tf.tidy(() => loss.discriminator(tf.tensor1d([2, 4]), tf.tensor1d([1, 1])));
 * assert.strictEqual(d.dataSync()[0], -2);
 * assert.strictEqual(loss.weightClip, 0.01);
 * d.dispose();
 * ```
 */
export function wassersteinLoss(options: WassersteinLossOptions = {}): GanLoss {
  const { weightClip = 0.01 } = checkLossOptions(options, ["weightClip"], "wasserstein");
  checkNumberOption(weightClip, "weightClip", `build GAN loss "wasserstein"`, "positive");
  return defineGanLoss({
    name: "wasserstein",
    outputs: "critic",
    options: { weightClip },
    discriminator: wassersteinCritic,
    generator: wassersteinGenerator,
    perExample: WASSERSTEIN_TERMS,
    weightClip,
  });
}

/**
 * Clips every variable in place to [-c, c] (WGAN weight clipping, Arjovsky et
 * al. 2017, Algorithm 1, line 7). For a `tf.LayersModel` pass
 * `model.trainableWeights.map((w) => w.read() as tf.Variable)`.
 *
 * @param variables The critic's variables; each is overwritten.
 * @param c The clip value, a positive finite number.
 * @returns Nothing; no tensors are left behind.
 * @throws {RangeError} If `c` is not a positive finite number.
 * @throws {TypeError} If an element of `variables` is not a `tf.Variable`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { clipWeights } from "./wasserstein.ts";
 * const w = tf.variable(tf.tensor1d([-1, 0.005, 3]));
 * clipWeights([w], 0.01);
 * assert.deepStrictEqual(Array.from(w.dataSync()), [-0.01, 0.005, 0.01].map(Math.fround));
 * w.dispose();
 * ```
 */
export function clipWeights(variables: Iterable<Variable>, c: number): void {
  checkNumberOption(c, "c", "clip weights", "positive");
  const list = Array.from(variables);
  list.forEach((v, i) => {
    if (!(v instanceof tf.Variable)) {
      throw new TypeError(
        `Cannot clip weights as variables[${i}] must be a tf.Variable: variables[${i}]=${
          String(v)
        }`,
      );
    }
  });
  tf.tidy(() => {
    for (const v of list) v.assign(tf.clipByValue(v, -c, c));
  });
}
