import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random.ts";
import { checkOptions } from "../validate.ts";
import type { DataSampler } from "./batches.ts";

/** Options of {@linkcode gaussian1d}. */
export interface Gaussian1dOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation, > 0 (default 1). */
  std?: number;
}

/** A 1-D Gaussian data distribution with its exact density, as a {@linkcode DataSampler}. */
export interface Gaussian1d extends DataSampler {
  /** Always 1. */
  readonly dim: 1;
  /** The mean. */
  readonly mean: number;
  /** The standard deviation. */
  readonly std: number;
  /** The density N(x; mean, std^2). */
  pdf(x: number): number;
  /** The log density. */
  logPdf(x: number): number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The 1-D Gaussian p_data of the paper's Figure 1 (Goodfellow et al. 2014): samples come from
 * `rng` (Box-Muller), so they match on every backend.
 *
 * @param options `mean` (default 0), `std` (default 1).
 * @returns A {@linkcode Gaussian1d}; `sample(m, rng)` gives a `[m, 1]` tensor.
 * @throws {RangeError} If `mean` is not finite or `std` is not a positive finite number.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { gaussian1d } from "./gaussian_1d.ts";
 * import assert from "node:assert";
 * const p = gaussian1d({ mean: 4, std: 0.5 });
 * assert.ok(Math.abs(p.pdf(4) - 1 / (0.5 * Math.sqrt(2 * Math.PI))) < 1e-12);
 * ```
 */
export function gaussian1d(options: Gaussian1dOptions = {}): Gaussian1d {
  const { mean = 0, std = 1 } = checkOptions(options, ["mean", "std"], "build a Gaussian");
  if (!Number.isFinite(mean)) {
    throw new RangeError(`Cannot build a Gaussian as mean must be finite: mean=${mean}`);
  }
  if (!(std > 0) || !Number.isFinite(std)) {
    throw new RangeError(`Cannot build a Gaussian as std must be positive and finite: std=${std}`);
  }
  const logPdf = (x: number) => -0.5 * ((x - mean) / std) ** 2 - Math.log(std) - LOG_SQRT_2PI;
  const fill = (out: Float32Array, m: number, rng: Rng) => {
    if (!Number.isInteger(m) || m <= 0 || out.length !== m) {
      throw new RangeError(
        `Cannot sample a Gaussian as m must be a positive integer equal to out.length: m=${m}, out.length=${out.length}`,
      );
    }
    rng.fillNormal(out);
    for (let i = 0; i < m; i++) out[i] = mean + std * out[i];
    return out;
  };
  return {
    dim: 1,
    mean,
    std,
    logPdf,
    pdf: (x) => Math.exp(logPdf(x)),
    fill,
    sample: (m, rng) => {
      if (!Number.isInteger(m) || m <= 0) {
        throw new RangeError(`Cannot sample a Gaussian as m must be a positive integer: m=${m}`);
      }
      return tf.tensor2d(fill(new Float32Array(m), m, rng), [m, 1]);
    },
  };
}
