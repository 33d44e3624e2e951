import * as tf from "@tensorflow/tfjs";
import { gradientPenalty } from "../losses/gradient_penalty.ts";
import { clipWeights, wassersteinLoss } from "../losses/wasserstein.ts";
import { mlpDiscriminator } from "../models/mlp.ts";
import { Rng } from "../random.ts";
import type { Tensor } from "../tensor_types.ts";
import { adam, createOptimizer, type OptimizerSpec, rmsprop } from "../train/optimizers.ts";
import { checkPositiveInteger, describe } from "./validate.ts";

/** Draws `m` samples `[m, ...shape]` float32 from `rng`; the caller disposes the tensor. */
export type CriticSampler = (m: number, rng: Rng) => Tensor | Promise<Tensor>;

/** Options of {@linkcode estimateWasserstein1}. */
export interface CriticEstimateOptions {
  /**
   * How the critic is kept Lipschitz: `"clip"` (WGAN: weights clipped to [-c, c] after each
   * step; the estimate is then K W1 for an unknown K) or `"gradient-penalty"` (WGAN-GP:
   * lambda (||grad f|| - 1)^2 at random interpolates; the estimate approaches W1 itself).
   * Default `"gradient-penalty"`.
   */
  lipschitz?: "clip" | "gradient-penalty";
  /** c for `"clip"`. Default 0.01 (Arjovsky et al. 2017). */
  weightClip?: number;
  /** lambda for `"gradient-penalty"`. Default 10 (Gulrajani et al. 2017). */
  lambda?: number;
  /** Critic steps. Default 200. */
  steps?: number;
  /** Samples of each distribution per step. Default 64. */
  batchSize?: number;
  /** Hidden widths of the critic (leaky ReLU MLP). Default [32, 32]. */
  hidden?: number[];
  /**
   * The optimiser. Default Adam (lr 3e-3, betas 0.5/0.9) for the penalty, RMSProp (lr 1e-3)
   * for clipping (their published optimisers, with larger steps for a short run: published
   * 1e-4 and 5e-5).
   */
  optimizer?: OptimizerSpec;
  /** Fresh samples of each distribution for the final estimate. Default 4096. */
  evalSize?: number;
  /** Seed of the critic's init and of the sample and interpolation streams. Default 0. */
  seed?: number;
}

/** The result of {@linkcode estimateWasserstein1}. */
export interface CriticEstimate {
  /** E_P f - E_Q f for the trained critic f, on `evalSize` fresh samples of each. */
  estimate: number;
  /** The critic's loss per step: E_Q f - E_P f on the batch (+ the penalty, if any). */
  loss: number[];
}

/**
 * Trains a WGAN critic f (an MLP) to maximise E_P f - E_Q f over (approximately) Lipschitz
 * functions, and returns that gap: by Kantorovich-Rubinstein duality,
 * W1(P, Q) = sup over 1-Lipschitz f of E_P f - E_Q f, so the gap estimates W1 (Arjovsky et al.
 * 2017) — up to an unknown factor K with weight clipping, and close to W1 with the gradient
 * penalty (Gulrajani et al. 2017). Uses the library's WGAN losses, {@linkcode clipWeights},
 * {@linkcode gradientPenalty} and optimisers on the current tfjs backend. Only the critic is
 * trained: P and Q are fixed. Tensors created here are disposed.
 *
 * @param sampleP Draws samples of P (the "real" side).
 * @param sampleQ Draws samples of Q, same sample shape.
 * @param options Lipschitz constraint, steps, sizes, optimiser, seed.
 * @returns The final estimate and the loss per step.
 * @throws {TypeError} If a sampler is not a function or returns samples of another shape.
 * @throws {RangeError} If a size is not a positive integer or `lipschitz` is unknown.
 *
 * @example Segments 1 apart: the penalised critic's gap is close to W1 = 1
 * ```ts
 * import { estimateWasserstein1 } from "./critic_estimate.ts";
 * import { segmentSampler } from "./parallel_lines.ts";
 * import assert from "node:assert";
 * const { estimate } = await estimateWasserstein1(segmentSampler(0), segmentSampler(1), {
 *   steps: 100,
 * });
 * assert.ok(Math.abs(estimate - 1) < 0.25, `estimate ${estimate}`);
 * ```
 */
export async function estimateWasserstein1(
  sampleP: CriticSampler,
  sampleQ: CriticSampler,
  options: CriticEstimateOptions = {},
): Promise<CriticEstimate> {
  const action = "estimate W1 with a critic";
  for (const [name, f] of [["sampleP", sampleP], ["sampleQ", sampleQ]] as const) {
    if (typeof f !== "function") {
      throw new TypeError(`Cannot ${action} as ${name} must be a function: ${name}=${describe(f)}`);
    }
  }
  const {
    lipschitz = "gradient-penalty",
    weightClip = 0.01,
    lambda = 10,
    steps = 200,
    batchSize = 64,
    hidden = [32, 32],
    evalSize = 4096,
    seed = 0,
  } = options;
  if (lipschitz !== "clip" && lipschitz !== "gradient-penalty") {
    throw new RangeError(
      `Cannot ${action} as lipschitz must be "clip" or "gradient-penalty": lipschitz=${
        describe(lipschitz)
      }`,
    );
  }
  checkPositiveInteger(steps, "steps", action);
  checkPositiveInteger(batchSize, "batchSize", action);
  checkPositiveInteger(evalSize, "evalSize", action);
  const loss = wassersteinLoss({ weightClip }); // checks weightClip; gives the critic's loss
  const spec = options.optimizer ??
    (lipschitz === "clip" ? rmsprop({ lr: 1e-3 }) : adam({ lr: 3e-3, beta1: 0.5, beta2: 0.9 }));
  const root = new Rng(seed);
  const rngP = root.fork("p"), rngQ = root.fork("q"), rngE = root.fork("epsilon");
  const draw = async (f: CriticSampler, m: number, rng: Rng, name: string) => {
    const t = await f(m, rng);
    if (!(t instanceof tf.Tensor) || t.rank < 2 || t.shape[0] !== m) {
      throw new TypeError(
        `Cannot ${action} as ${name} must return a tensor [m, ...] with m = ${m}: got ${
          t instanceof tf.Tensor ? `shape [${t.shape.join(", ")}]` : describe(t)
        }`,
      );
    }
    return t;
  };
  const first = await draw(sampleP, batchSize, rngP, "sampleP");
  const critic = mlpDiscriminator({
    inputShape: first.shape.slice(1),
    hidden,
    init: { kind: "uniform", scale: 0.3 },
    seed,
    name: "critic",
  });
  const f = (x: Tensor) => critic.apply(x) as Tensor;
  const optimizer = createOptimizer(spec);
  const variables = () => critic.trainableWeights.map((w) => w.read() as tf.Variable);
  const history: number[] = [];
  try {
    let real: Tensor | undefined = first;
    for (let step = 0; step < steps; step++) {
      real ??= await draw(sampleP, batchSize, rngP, "sampleP");
      const fake = await draw(sampleQ, batchSize, rngQ, "sampleQ");
      if (fake.shape.join() !== real.shape.join()) {
        tf.dispose([real, fake]);
        throw new TypeError(
          `Cannot ${action} as sampleP and sampleQ must give one shape: ` +
            `[${real.shape.join(", ")}] vs [${fake.shape.join(", ")}]`,
        );
      }
      const epsilon = tf.tensor1d(Float32Array.from({ length: batchSize }, () => rngE.next()));
      const r: Tensor = real;
      const cost = optimizer.minimize(
        () => {
          const gap = loss.discriminator(f(r), f(fake));
          return lipschitz === "clip"
            ? gap
            : tf.add(gap, gradientPenalty(f, r, fake, epsilon, { lambda })) as tf.Scalar;
        },
        true,
        variables(),
      );
      if (lipschitz === "clip") clipWeights(variables(), weightClip);
      history.push((await cost!.data())[0]);
      tf.dispose([real, fake, epsilon, cost!]);
      real = undefined;
    }
    const p = await draw(sampleP, evalSize, rngP, "sampleP");
    const q = await draw(sampleQ, evalSize, rngQ, "sampleQ");
    const gap = tf.tidy(() => tf.sub(tf.mean(f(p)), tf.mean(f(q))));
    const estimate = (await gap.data())[0];
    tf.dispose([p, q, gap]);
    return { estimate, loss: history };
  } finally {
    optimizer.dispose();
    critic.dispose();
  }
}
