import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";
import type { Critic, GanLoss } from "./types.ts";
import { defineGanLoss } from "./define.ts";
import { checkNumberOption } from "./validate.ts";
import { checkOptions } from "../validate.ts";
import { WASSERSTEIN_TERMS, wassersteinCritic, wassersteinGenerator } from "./wasserstein.ts";
import { enableSecondOrderGradients } from "./second_order.ts";

/** Options of {@linkcode gradientPenalty} and {@linkcode wganGpLoss}. */
export interface GradientPenaltyOptions {
  /** The penalty weight lambda, a non-negative finite number. Default 10 (the paper's). */
  lambda?: number;
}

const ACTION = "compute the gradient penalty";

function checkSamples(real: unknown, fake: unknown, epsilon: unknown, critic: unknown): void {
  if (typeof critic !== "function") {
    throw new TypeError(`Cannot ${ACTION} as critic must be a function: critic=${String(critic)}`);
  }
  for (const [arg, t] of [["real", real], ["fake", fake], ["epsilon", epsilon]] as const) {
    if (!(t instanceof tf.Tensor) || t.dtype !== "float32") {
      throw new TypeError(`Cannot ${ACTION} as ${arg} must be a float32 tf.Tensor: ${arg}=${t}`);
    }
  }
  const [r, f, e] = [real, fake, epsilon] as tf.Tensor[];
  const same = r.rank === f.rank && r.shape.every((d, i) => d === f.shape[i]);
  if (r.rank < 1 || r.shape[0] === 0 || r.size === 0 || !same) {
    throw new TypeError(
      `Cannot ${ACTION} as real and fake must share a non-empty shape [m, ...]: ` +
        `real.shape=[${r.shape.join(", ")}], fake.shape=[${f.shape.join(", ")}]`,
    );
  }
  if (e.rank !== 1 || e.shape[0] !== r.shape[0]) {
    throw new TypeError(
      `Cannot ${ACTION} as epsilon must have shape [m] with m = real.shape[0] = ${r.shape[0]}: ` +
        `epsilon.shape=[${e.shape.join(", ")}]`,
    );
  }
}

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, Algorithm 1):
 * `lambda * mean_i (||grad_x critic(x_hat_i)||_2 - 1)^2` at
 * `x_hat_i = eps_i x_i + (1 - eps_i) x~_i`, with one `eps_i` per sample
 * broadcast over its sample dims. Per-sample gradients come from one
 * `tf.grad` of `sum_i critic(x_hat)_i`, valid when the critic treats samples
 * independently (no batch normalisation; the paper uses none in the critic).
 * The norm is `sqrt(||g||^2 + 1e-12)` so its gradient stays finite at g = 0.
 *
 * The gradient is built with differentiable ops, so calling this inside
 * `tf.variableGrads` / `optimizer.minimize` differentiates through it
 * (double backprop) w.r.t. the critic's variables; tested for dense layers
 * with relu, leakyRelu and maxout. tfjs 4.22 lacks gradients for comparison
 * kernels used inside leakyRelu's and max's gradients, so the first call
 * registers zero gradients for them ({@linkcode enableSecondOrderGradients}).
 *
 * @param critic Maps `[m, ...sampleShape]` to `[m]` or `[m, 1]`.
 * @param real Real samples, float32 `[m, ...sampleShape]`.
 * @param fake Generated samples, same shape as `real`.
 * @param epsilon Interpolation weights, float32 `[m]`, meant in [0, 1]
 *   (draw them from a seeded `Rng`; the paper uses U[0, 1]).
 * @param options `lambda` (default 10).
 * @returns A float32 scalar owned by the caller.
 * @throws {TypeError} On a wrong type or mismatched shapes.
 * @throws {RangeError} If `lambda` is negative or not finite.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example A linear critic has gradient w everywhere: penalty = lambda (||w|| - 1)^2
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { gradientPenalty } from "./gradient_penalty.ts";
 * const w = tf.tensor2d([[3], [4]]); // ||w|| = 5
 * const x = tf.zeros([2, 2]);
 * const p = gradientPenalty((v) => tf.matMul(v, w), x, x, tf.tensor1d([0.3, 0.6]));
 * assert.ok(Math.abs(p.dataSync()[0] - 160) < 1e-3);
 * tf.dispose([w, x, p]);
 * ```
 */
export function gradientPenalty(
  critic: Critic,
  real: Tensor,
  fake: Tensor,
  epsilon: Tensor,
  options: GradientPenaltyOptions = {},
): Scalar {
  const { lambda = 10 } = checkOptions(options, ["lambda"], ACTION);
  checkNumberOption(lambda, "lambda", ACTION, "non-negative");
  checkSamples(real, fake, epsilon, critic);
  enableSecondOrderGradients();
  const m = real.shape[0];
  return tf.tidy(() => {
    const e = tf.reshape(epsilon, [m, ...real.shape.slice(1).map(() => 1)]);
    const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    const grads = tf.grad((x: tf.Tensor) => {
      const out = critic(x);
      const ok = out.shape[0] === m && (out.rank === 1 || (out.rank === 2 && out.shape[1] === 1));
      if (!ok) {
        throw new TypeError(
          `Cannot ${ACTION} as critic must return shape [m] or [m, 1] with m = ${m}: ` +
            `critic(x).shape=[${out.shape.join(", ")}]`,
        );
      }
      return tf.sum(out);
    })(xHat);
    const squaredNorms = tf.sum(tf.square(tf.reshape(grads, [m, -1])), 1);
    const norms = tf.sqrt(tf.add(squaredNorms, 1e-12));
    return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda) as Scalar;
  });
}

/**
 * WGAN-GP (Gulrajani et al. 2017): the Wasserstein pair, critic
 * `mean D(G(z)) - mean D(x)` and generator `-mean D(G(z))`, plus
 * `penalty(critic, real, fake, epsilon)` = {@linkcode gradientPenalty} with
 * this loss's `lambda`, which the training loop adds to the critic's loss.
 * No weight clipping.
 *
 * @param options `lambda` (default 10).
 * @returns A {@linkcode GanLoss} named `"wgan-gp"` with `penalty`; its
 *   methods return float32 scalars owned by the caller.
 * @throws {RangeError} If `lambda` is negative or not finite.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { wganGpLoss } from "./gradient_penalty.ts";
 * assert.deepStrictEqual(wganGpLoss().toJSON(), { name: "wgan-gp", lambda: 10 });
 * ```
 */
export function wganGpLoss(options: GradientPenaltyOptions = {}): GanLoss {
  const { lambda = 10 } = checkOptions(options, ["lambda"], `build GAN loss "wgan-gp"`);
  checkNumberOption(lambda, "lambda", `build GAN loss "wgan-gp"`, "non-negative");
  return defineGanLoss({
    name: "wgan-gp",
    outputs: "critic",
    options: { lambda },
    discriminator: wassersteinCritic,
    generator: wassersteinGenerator,
    perExample: WASSERSTEIN_TERMS,
    gradientPenaltyWeight: lambda,
    penalty: (critic, real, fake, epsilon) =>
      gradientPenalty(critic, real, fake, epsilon, { lambda }),
  });
}
