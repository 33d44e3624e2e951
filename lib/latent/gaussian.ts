import { checkPositiveInt, makePrior, type NoisePrior } from "./prior.ts";

/** Options of {@linkcode gaussianPrior}. */
export interface GaussianPriorOptions {
  /** Mean of every coordinate. Default 0. */
  mean?: number;
  /** Standard deviation of every coordinate, > 0. Default 1. */
  stddev?: number;
}

/**
 * The isotropic Gaussian prior N(mean, stddev^2 I_dim), drawn by Box-Muller
 * from the given generator.
 *
 * @param dim The latent dimension, a positive integer.
 * @param options Mean and standard deviation.
 * @returns A {@linkcode NoisePrior}; `sample(n, rng)` gives a `[n, dim]` float32 tensor.
 * @throws {RangeError} If `dim` is not a positive integer, `stddev <= 0` or either is not finite.
 *
 * @example
 * ```ts
 * import { gaussianPrior } from "./gaussian.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const z = gaussianPrior(2).sample(3, new Rng(1));
 * assert.deepStrictEqual(z.shape, [3, 2]);
 * z.dispose();
 * ```
 */
export function gaussianPrior(dim: number, options: GaussianPriorOptions = {}): NoisePrior {
  checkPositiveInt(dim, "dim", "build a Gaussian prior");
  const { mean = 0, stddev = 1 } = options;
  if (!Number.isFinite(mean)) {
    throw new RangeError(`Cannot build a Gaussian prior as mean must be finite: mean=${mean}`);
  }
  if (!Number.isFinite(stddev) || stddev <= 0) {
    throw new RangeError(
      `Cannot build a Gaussian prior as stddev must be finite and > 0: stddev=${stddev}`,
    );
  }
  return makePrior("gaussian", dim, (out, _n, rng) => {
    rng.fillNormal(out);
    if (mean !== 0 || stddev !== 1) {
      for (let i = 0; i < out.length; i++) out[i] = mean + stddev * out[i];
    }
  }, { mean, stddev });
}
