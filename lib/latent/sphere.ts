import { checkPositiveInt, makePrior, type NoisePrior } from "./prior.ts";
import { checkOptions } from "../validate.ts";

/** Options of {@linkcode spherePrior}. */
export interface SpherePriorOptions {
  /** Radius of the sphere, > 0. Default 1. */
  radius?: number;
}

/**
 * The uniform distribution on the sphere of radius `radius` in R^dim
 * (normalised Gaussian draws; Muller 1959). Every row has norm `radius` up to
 * float32 rounding.
 *
 * @param dim The latent dimension, a positive integer (dim = 1 gives +-radius).
 * @param options The radius.
 * @returns A {@linkcode NoisePrior}; `sample(n, rng)` gives a `[n, dim]` float32 tensor.
 * @throws {RangeError} If `dim` is not a positive integer or `radius` is not finite and > 0.
 * @throws {TypeError} If `options` has a key other than `radius`.
 *
 * @example
 * ```ts
 * import { spherePrior } from "./sphere.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const z = spherePrior(3).sample(1, new Rng(2));
 * const [x, y, w] = z.dataSync();
 * assert.ok(Math.abs(Math.hypot(x, y, w) - 1) < 1e-6);
 * z.dispose();
 * ```
 */
export function spherePrior(dim: number, options: SpherePriorOptions = {}): NoisePrior {
  checkPositiveInt(dim, "dim", "build a sphere prior");
  const { radius = 1 } = checkOptions(options, ["radius"], "build a sphere prior");
  if (!Number.isFinite(radius) || radius <= 0) {
    throw new RangeError(
      `Cannot build a sphere prior as radius must be finite and > 0: radius=${radius}`,
    );
  }
  const row = new Float64Array(dim);
  return makePrior("sphere", dim, (out, n, rng) => {
    for (let i = 0; i < n; i++) {
      let norm = 0;
      // Redraw the (probability-zero) all-zero vector rather than divide by 0.
      while (norm === 0) {
        rng.fillNormal(row);
        norm = Math.hypot(...row);
      }
      for (let j = 0; j < dim; j++) out[i * dim + j] = (radius * row[j]) / norm;
    }
  }, { radius });
}
