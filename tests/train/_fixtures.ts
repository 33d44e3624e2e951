/** Tiny GANs and data for the training tests. */
import * as tf from "@tensorflow/tfjs";
import { mlpDiscriminator, mlpGenerator } from "../../lib/models/mod.ts";
import { uniformPrior } from "../../lib/latent/mod.ts";
import { ganLoss, nonSaturatingLoss } from "../../lib/losses/mod.ts";
import {
  adam,
  createTrainer,
  sgdMomentum,
  type Trainer,
  type TrainerOptions,
} from "../../lib/train/mod.ts";
import type { Rng } from "../../lib/random.ts";

/** m draws from N(4, 0.5^2) as Float32Array. */
export function gaussianDraws(m: number, rng: Rng, mean = 4, std = 0.5): Float32Array {
  const a = new Float32Array(m);
  for (let i = 0; i < m; i++) a[i] = mean + std * rng.normal();
  return a;
}

/** p_data = N(4, 0.5^2) as a real-data sampler `[m, 1]`. */
export const sampleGaussian = (m: number, rng: Rng): tf.Tensor =>
  tf.tensor2d(gaussianDraws(m, rng), [m, 1]);

/** A 1-D GAN: G 1 -> hidden -> 1 (linear), D 1 -> hidden -> logit; Adam 2e-3. */
export function tinyTrainer(
  overrides: Partial<TrainerOptions> = {},
  hidden = [16, 16],
  dropout = 0,
): Trainer {
  return createTrainer({
    generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden, seed: 1 }),
    discriminator: mlpDiscriminator({
      inputShape: [1],
      hidden,
      init: { kind: "uniform", scale: 0.5 },
      dropout: { hidden: dropout },
      seed: 2,
    }),
    loss: nonSaturatingLoss(),
    prior: uniformPrior(1),
    sampleReal: sampleGaussian,
    batchSize: 64,
    dOptimizer: adam({ lr: 2e-3 }),
    gOptimizer: adam({ lr: 2e-3 }),
    seed: 0,
    ...overrides,
  });
}

/** All weights of a model, concatenated. */
export async function weightsOf(model: tf.LayersModel): Promise<number[]> {
  const out: number[] = [];
  for (const w of model.getWeights()) out.push(...await w.data());
  return out;
}

/** A record without its wall-clock time (which differs between runs). */
export function withoutTime<T extends { ms: number }>(r: T): Omit<T, "ms"> {
  const { ms: _ms, ...rest } = r;
  return rest;
}

/**
 * G 2 -> 6 -> 1 and a maxout D (4 units x 3 pieces) with seeded dropout 0.2 / 0.5, prior
 * U(-sqrt 3, sqrt 3)^2: the small run of the determinism and fixture tests.
 */
export function maxoutTrainer(
  options: Omit<TrainerOptions, "generator" | "discriminator" | "prior">,
): Trainer {
  return createTrainer({
    generator: mlpGenerator({ latentDim: 2, outputShape: [1], hidden: [6], seed: 1 }),
    discriminator: mlpDiscriminator({
      inputShape: [1],
      hidden: [{ units: 4, pieces: 3 }],
      dropout: { input: 0.2, hidden: 0.5 },
      seed: 2,
    }),
    prior: uniformPrior(2),
    ...options,
  });
}

/** The maxout run with WGAN-GP, k = 2 and SGD with momentum (ramped for D, decayed for G). */
export function wganGpMaxoutRun(): Trainer {
  return maxoutTrainer({
    loss: ganLoss("wgan-gp"),
    sampleReal: sampleGaussian,
    batchSize: 8,
    k: 2,
    dOptimizer: sgdMomentum({ lr: 0.01, rampFrom: 0, rampTo: 10 }),
    gOptimizer: sgdMomentum({ lr: 0.01, decay: 1.01 }),
    seed: 3,
  });
}
