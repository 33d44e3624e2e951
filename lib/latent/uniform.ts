import { checkPositiveInt, makePrior, type NoisePrior } from "./prior.ts";
import { checkOptions } from "../validate.ts";

/** Options of {@linkcode uniformPrior}. */
export interface UniformPriorOptions {
  /** Lower bound. Default `-sqrt(3)` (unit variance, as in the paper's code). */
  low?: number;
  /** Upper bound. Default `sqrt(3)`. */
  high?: number;
}

/**
 * The uniform prior U(low, high)^dim. The default U(-sqrt 3, sqrt 3) has mean 0
 * and variance (high - low)^2 / 12 = 1: the paper's MNIST setting
 * (Goodfellow et al. 2014, authors' mnist.yaml).
 *
 * @param dim The latent dimension, a positive integer.
 * @param options Bounds; `low < high`, both finite.
 * @returns A {@linkcode NoisePrior}; `sample(n, rng)` gives a `[n, dim]` float32 tensor.
 * @throws {RangeError} If `dim` is not a positive integer or `low >= high`.
 * @throws {TypeError} If `options` has a key other than `low` and `high`.
 *
 * @example Unit-variance noise for the paper's generator
 * ```ts
 * import { uniformPrior } from "./uniform.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const z = uniformPrior(100).sample(8, new Rng(0));
 * assert.deepStrictEqual(z.shape, [8, 100]);
 * z.dispose();
 * ```
 */
export function uniformPrior(dim: number, options: UniformPriorOptions = {}): NoisePrior {
  checkPositiveInt(dim, "dim", "build a uniform prior");
  const { low = -Math.sqrt(3), high = Math.sqrt(3) } = checkOptions(
    options,
    ["low", "high"],
    "build a uniform prior",
  );
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new RangeError(
      `Cannot build a uniform prior as low and high must be finite: low=${low}, high=${high}`,
    );
  }
  if (!(low < high)) {
    throw new RangeError(
      `Cannot build a uniform prior as low must be below high: low=${low}, high=${high}`,
    );
  }
  const width = high - low;
  return makePrior("uniform", dim, (out, _n, rng) => {
    for (let i = 0; i < out.length; i++) out[i] = low + width * rng.next();
  }, { low, high });
}
