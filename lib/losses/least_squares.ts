import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "./types.ts";
import { defineGanLoss } from "./define.ts";
import { checkLossOptions, checkNumberOption } from "./validate.ts";

/** Options of {@linkcode leastSquaresLoss}: the LSGAN target codes. */
export interface LeastSquaresLossOptions {
  /** The code D should give generated samples. Default -1. */
  a?: number;
  /** The code D should give real samples. Default 1. */
  b?: number;
  /** The code G wants D to give its samples. Default 0. */
  c?: number;
}

/**
 * The least squares GAN losses (Mao et al. 2017, "Least Squares Generative
 * Adversarial Networks", eq. 2), on raw discriminator outputs (no sigmoid):
 *
 * - D minimises `1/2 mean (D(x) - b)^2 + 1/2 mean (D(G(z)) - a)^2`;
 * - G minimises `1/2 mean (D(G(z)) - c)^2`.
 *
 * Defaults a = -1, b = 1, c = 0 satisfy b - c = 1, b - a = 2, under which
 * minimising the objective minimises the Pearson chi^2 divergence between
 * P_data + P_g and 2 P_g (the paper's section 3.2.1). The paper's other
 * scheme sets c = b so G aims at "real": the 0-1 coding a = 0, b = c = 1.
 *
 * @param options Target codes `a`, `b`, `c`, each a finite number.
 * @returns A {@linkcode GanLoss} named `"least-squares"`; its methods take
 *   float32 `[m]` or `[m, 1]` outputs and return a float32 scalar owned by the caller.
 * @throws {RangeError} If a code is not finite.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example At the codes themselves the losses vanish
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { leastSquaresLoss } from "./least_squares.ts";
 * const loss = leastSquaresLoss();
 * const d = tf.tidy(() => loss.discriminator(tf.ones([3]), tf.fill([3], -1)));
 * assert.strictEqual(d.dataSync()[0], 0);
 * d.dispose();
 * ```
 */
export function leastSquaresLoss(options: LeastSquaresLossOptions = {}): GanLoss {
  const { a = -1, b = 1, c = 0 } = checkLossOptions(options, ["a", "b", "c"], "least-squares");
  const action = `build GAN loss "least-squares"`;
  checkNumberOption(a, "a", action);
  checkNumberOption(b, "b", action);
  checkNumberOption(c, "c", action);
  const halfMeanSquare = (x: tf.Tensor1D, target: number): tf.Scalar =>
    tf.mul(tf.mean(tf.square(tf.sub(x, target))), 0.5);
  return defineGanLoss({
    name: "least-squares",
    outputs: "critic",
    options: { a, b, c },
    discriminator: (real, fake) => tf.add(halfMeanSquare(real, b), halfMeanSquare(fake, a)),
    generator: (fake) => halfMeanSquare(fake, c),
    perExample: {
      real: (v) => 0.5 * (v - b) * (v - b),
      realDerivative: (v) => v - b,
      fake: (v) => 0.5 * (v - a) * (v - a),
      fakeDerivative: (v) => v - a,
      generator: (v) => 0.5 * (v - c) * (v - c),
      generatorDerivative: (v) => v - c,
    },
  });
}
