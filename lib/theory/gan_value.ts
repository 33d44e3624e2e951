import { jsOf } from "./jensen_shannon.ts";
import { checkNumbers, checkPair, type DistributionOptions } from "./validate.ts";

/**
 * The optimal discriminator for a fixed generator (Goodfellow et al. 2014,
 * Proposition 1): D*(x) = p_data(x) / (p_data(x) + p_g(x)). Where both are 0 the
 * value does not affect V; 1/2 is returned there.
 *
 * @param pData The data distribution on a discrete support (or grid).
 * @param pG The generator's distribution on the same support.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns A `Float64Array` of D*(x_i) in [0, 1].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is not a probability vector.
 *
 * @example
 * ```ts
 * import { optimalDiscriminator } from "./gan_value.ts";
 * import assert from "node:assert";
 * assert.deepStrictEqual([...optimalDiscriminator([0.75, 0.25, 0], [0.25, 0.75, 0])], [0.75, 0.25, 0.5]);
 * ```
 */
export function optimalDiscriminator(
  pData: ArrayLike<number>,
  pG: ArrayLike<number>,
  options: DistributionOptions = {},
): Float64Array {
  const [a, b] = checkPair(pData, pG, "compute the optimal discriminator", options, [
    "pData",
    "pG",
  ]);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const s = a[i] + b[i];
    d[i] = s > 0 ? a[i] / s : 0.5;
  }
  return d;
}

/**
 * The GAN value function on a discrete support (Goodfellow et al. 2014, eq. 1):
 * V(D, G) = E_{x~p_data}[log D(x)] + E_{x~p_g}[log(1 - D(x))]
 *         = sum_i p_data,i log D_i + p_g,i log(1 - D_i),
 * with 0 log 0 = 0 (a point of zero mass adds nothing whatever D is there).
 *
 * @param d Discriminator outputs D(x_i) in [0, 1], one per support point.
 * @param pData The data distribution.
 * @param pG The generator's distribution.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns V(D, G) <= V(D*, G) = -2 log 2 + JS(p_data, p_g); `-Infinity` when D puts 0 (or 1)
 *   where p_data (or p_g) has mass.
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If lengths differ, `d` leaves [0, 1], or a distribution is bad.
 *
 * @example D = 1/2 everywhere gives -log 4
 * ```ts
 * import { ganValue } from "./gan_value.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(ganValue([0.5, 0.5], [0.3, 0.7], [0.9, 0.1]) + Math.log(4)) < 1e-15);
 * ```
 */
export function ganValue(
  d: ArrayLike<number>,
  pData: ArrayLike<number>,
  pG: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const action = "compute the GAN value";
  const dv = checkNumbers(d, "d", action);
  for (let i = 0; i < dv.length; i++) {
    if (!(dv[i] >= 0 && dv[i] <= 1)) {
      throw new RangeError(`Cannot ${action} as d must lie in [0, 1]: d[${i}]=${dv[i]}`);
    }
  }
  const [a, b] = checkPair(pData, pG, action, options, ["pData", "pG"]);
  if (dv.length !== a.length) {
    throw new RangeError(
      `Cannot ${action} as d must have one value per support point: d.length=${dv.length}, ` +
        `pData.length=${a.length}`,
    );
  }
  let v = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > 0) v += a[i] * Math.log(dv[i]);
    if (b[i] > 0) v += b[i] * Math.log1p(-dv[i]);
  }
  return v;
}

/**
 * The virtual training criterion C(G) = max_D V(D, G) = -2 log 2 + JS(p_data, p_g)
 * (Goodfellow et al. 2014, Theorem 1; JS in the note's convention, = -log 4 + 2 JSD).
 * Its global minimum -log 4 is reached exactly when p_g = p_data.
 *
 * @param pData The data distribution.
 * @param pG The generator's distribution, same length.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns C(G) in [-log 4, 0].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is not a probability vector.
 *
 * @example
 * ```ts
 * import { virtualTrainingCriterion } from "./gan_value.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(virtualTrainingCriterion([0.5, 0.5], [0.5, 0.5]) + Math.log(4)) < 1e-15);
 * ```
 */
export function virtualTrainingCriterion(
  pData: ArrayLike<number>,
  pG: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(pData, pG, "compute C(G)", options, ["pData", "pG"]);
  return -2 * Math.LN2 + jsOf(a, b);
}
