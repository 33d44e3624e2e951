/**
 * Shared pieces of the 1-D experiments (Proposition 1, Figure 1, the saturation runs):
 * densities on grids, a kernel density estimate of G's samples, reading models on grids, and
 * the one-sided updates (D alone at a frozen G, G alone against a frozen D, each the trainer's own
 * update). Internal.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../lib/tensor_types.ts";
import type { Rng } from "../lib/random.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import type { GanLoss } from "../lib/losses/types.ts";
import { createOptimizer, type OptimizerSpec } from "../lib/train/optimizers.ts";
import { discriminatorUpdateOn, generatorUpdate } from "../lib/train/update.ts";
import { jensenShannon } from "../lib/theory/mod.ts";

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** N(x; mean, std^2). */
export function normalPdf(x: number, mean: number, std: number): number {
  return Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * SQRT_2PI);
}

/** A 1-D Gaussian mixture: weights sum to 1. */
export interface Mixture1d {
  /** The components: weight, mean and standard deviation of each Gaussian. */
  components: ReadonlyArray<{ weight: number; mean: number; std: number }>;
}

/** The mixture's density at x. */
export function mixturePdf(m: Mixture1d, x: number): number {
  let p = 0;
  for (const c of m.components) p += c.weight * normalPdf(x, c.mean, c.std);
  return p;
}

/** m samples of the mixture from `rng`, as a [m, 1] float32 tensor (the caller disposes it). */
export function sampleMixture(m: Mixture1d, n: number, rng: Rng): tf.Tensor2D {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let c = m.components[m.components.length - 1];
    for (const comp of m.components) {
      if (u < comp.weight) {
        c = comp;
        break;
      }
      u -= comp.weight;
    }
    out[i] = c.mean + c.std * rng.normal();
  }
  return tf.tensor2d(out, [n, 1]);
}

/** n evenly spaced cell midpoints of [min, max]. */
export function midpoints(min: number, max: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => min + ((i + 0.5) * (max - min)) / n);
}

/**
 * Gaussian kernel density estimate at each x of `xs` from `samples` with bandwidth h:
 * p(x) = mean_i N(x; s_i, h^2). O(|xs| |samples|), fine for the 1-D sizes used here.
 */
export function gaussianKde(
  samples: ArrayLike<number>,
  xs: readonly number[],
  h: number,
): number[] {
  const n = samples.length;
  return xs.map((x) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(-0.5 * ((x - samples[i]) / h) ** 2);
    return s / (n * h * SQRT_2PI);
  });
}

/**
 * The note's JS (<= 2 log 2) between two densities given on the same even grid: both are
 * normalised to masses first, so it is the JS of the discretised densities.
 */
export function gridJs(p: readonly number[], q: readonly number[]): number {
  return jensenShannon(p, q, { normalize: true });
}

/** Runs a model on a column of inputs and reads the outputs (async, backend-safe). */
export async function evaluate1d(
  model: LayersModel,
  inputs: readonly number[],
  transform: "none" | "sigmoid" = "none",
): Promise<number[]> {
  const out = tf.tidy(() => {
    const y = model.apply(tf.tensor2d(inputs as number[], [inputs.length, 1]), {
      training: false,
    }) as tf.Tensor;
    return transform === "sigmoid" ? tf.sigmoid(y) : y;
  });
  const values = Array.from(await out.data());
  out.dispose();
  return values;
}

/**
 * max |a - b| over the grid points where the weight (e.g. p_data + p_g) is at least
 * `fraction` of its maximum: the "high-density region", where D is determined by data.
 */
export function maxAbsErrorWhere(
  a: readonly number[],
  b: readonly number[],
  weight: readonly number[],
  fraction: number,
): number {
  const cut = fraction * Math.max(...weight);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (weight[i] >= cut) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

/** Variables of a model's trainable weights, in order. */
function variablesOf(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Samples of G: m draws of z from `prior` through `generator`, [m, 1] (the caller disposes). */
export function generatedSampler(
  generator: LayersModel,
  prior: NoisePrior,
): (m: number, rng: Rng) => tf.Tensor {
  return (m, rng) =>
    tf.tidy(() => generator.apply(prior.sample(m, rng), { training: false }) as tf.Tensor);
}

/** Settings of a one-sided training phase. */
export interface OneSidedOptions {
  /** Updates to make. */
  steps: number;
  /** Minibatch size. */
  batchSize: number;
  /** A fresh optimiser is built from this spec for the phase and disposed after it. */
  optimizer: OptimizerSpec;
  /** Noise stream. */
  noiseRng: Rng;
  /** Data stream. */
  dataRng: Rng;
  /** Aborts between updates (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * D alone: `steps` ascent steps on V(D, G) (i.e. descent on the loss's D side) with G frozen,
 * the inner loop of Algorithm 1 run to (near) convergence: each is the trainer's own D update
 * (`discriminatorUpdateOn`), so a gradient penalty and weight clipping apply as in training
 * (the penalty's interpolation weights come from `dataRng`). Returns the last D loss.
 */
export async function trainDiscriminatorAlone(
  discriminator: LayersModel,
  sampleFake: (m: number, rng: Rng) => tf.Tensor,
  sampleReal: (m: number, rng: Rng) => tf.Tensor,
  loss: GanLoss,
  options: OneSidedOptions,
): Promise<number> {
  const c = {
    discriminator,
    // Two passes (real, then generated), as these phases always ran.
    jointCritic: false,
    loss,
    outputScale: "raw" as const,
    dVars: variablesOf(discriminator),
    dOptimizer: createOptimizer(options.optimizer),
  };
  let last = NaN;
  try {
    for (let i = 0; i < options.steps; i++) {
      options.signal?.throwIfAborted();
      const m = options.batchSize;
      const real = sampleReal(m, options.dataRng);
      const fake = sampleFake(m, options.noiseRng);
      const epsilon = loss.penalty
        ? tf.tensor1d(Float32Array.from({ length: m }, () => options.dataRng.next()))
        : null;
      const stats = discriminatorUpdateOn(c, real, fake, epsilon);
      tf.dispose([real, fake, ...(epsilon ? [epsilon] : [])]);
      if (i === options.steps - 1) last = (await stats.data())[0];
      stats.dispose();
    }
  } finally {
    c.dOptimizer.dispose();
  }
  return last;
}

/**
 * G alone: `steps` descent steps on the loss's G side against a frozen D (the update of
 * Algorithm 1 that follows D's inner loop; the trainer's own `generatorUpdate`). Returns the
 * last G loss.
 */
export async function trainGeneratorAlone(
  generator: LayersModel,
  discriminator: LayersModel,
  prior: NoisePrior,
  loss: GanLoss,
  options: Omit<OneSidedOptions, "dataRng">,
): Promise<number> {
  const c = {
    generator,
    discriminator,
    loss,
    gVars: variablesOf(generator),
    gOptimizer: createOptimizer(options.optimizer),
  };
  let last = NaN;
  try {
    for (let i = 0; i < options.steps; i++) {
      options.signal?.throwIfAborted();
      const z = prior.sample(options.batchSize, options.noiseRng);
      const stats = generatorUpdate(c, z);
      z.dispose();
      if (i === options.steps - 1) last = (await stats.data())[0];
      stats.dispose();
    }
  } finally {
    c.gOptimizer.dispose();
  }
  return last;
}
