import { checkPositiveInt, makePrior, type NoisePrior } from "./prior.ts";
import { checkNumber, checkOptions } from "../validate.ts";

/** Options of {@linkcode gaussianPrior}. */
export interface GaussianPriorOptions {
  /** Mean of every coordinate. Default 0. */
  mean?: number;
  /**
   * Standard deviation of every coordinate, > 0. Default 1. The same name as in the data
   * mixtures (`gaussian1d`, `gaussianMixture2d`, `ringMixture`, `gridMixture`).
   */
  std?: number;
  /** @deprecated Former name of `std`, still accepted; use `std`. */
  stddev?: number;
}

/**
 * The isotropic Gaussian prior N(mean, std^2 I_dim), drawn by Box-Muller
 * from the given generator.
 *
 * @param dim The latent dimension, a positive integer.
 * @param options Mean and standard deviation (`std`; the former name `stddev` is accepted).
 * @returns A {@linkcode NoisePrior}; `sample(n, rng)` gives a `[n, dim]` float32 tensor.
 *   Its `toJSON()` is `{ kind: "gaussian", dim, mean, std }`.
 * @throws {RangeError} If `dim` is not a positive integer, `std <= 0` or either is not finite.
 * @throws {TypeError} If `options` has an unknown key, both `std` and `stddev`, or a value that
 *   is not a number.
 *
 * @example
 * ```ts
 * import { gaussianPrior } from "./gaussian.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const z = gaussianPrior(2, { std: 0.5 }).sample(3, new Rng(1));
 * assert.deepStrictEqual(z.shape, [3, 2]);
 * z.dispose();
 * ```
 */
export function gaussianPrior(dim: number, options: GaussianPriorOptions = {}): NoisePrior {
  const action = "build a Gaussian prior";
  checkPositiveInt(dim, "dim", action);
  const checked = checkOptions(options, ["mean", "std", "stddev"], action);
  if (checked.std !== undefined && checked.stddev !== undefined) {
    throw new TypeError(
      `Cannot ${action} as std and its former name stddev were both given: ` +
        `std=${checked.std}, stddev=${checked.stddev}`,
    );
  }
  const { mean = 0 } = checked;
  const name = checked.stddev !== undefined ? "stddev" : "std";
  const std = checked.std ?? checked.stddev ?? 1;
  checkNumber(mean, "mean", action);
  checkNumber(std, name, action, { min: 0, minExclusive: true });
  return makePrior("gaussian", dim, (out, _n, rng) => {
    rng.fillNormal(out);
    if (mean !== 0 || std !== 1) {
      for (let i = 0; i < out.length; i++) out[i] = mean + std * out[i];
    }
  }, { mean, std });
}
