import { jsOf } from "./jensen_shannon.ts";
import { checkPair, describe, type DistributionOptions } from "./validate.ts";

/**
 * The Jensen-Shannon metric sqrt(JS(P,Q)) with the note's JS = KL(P||M) + KL(Q||M)
 * (Endres & Schindelin 2003 prove it satisfies the triangle inequality).
 * scipy's `jensenshannon` is sqrt(JS/2) = this / sqrt 2.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns sqrt(JS(P,Q)) in [0, sqrt(2 log 2)].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example
 * ```ts
 * import { jensenShannonMetric } from "./js_metric.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(jensenShannonMetric([1, 0], [0, 1]) ** 2 - 2 * Math.log(2)) < 1e-15);
 * ```
 */
export function jensenShannonMetric(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the Jensen-Shannon metric", options);
  return Math.sqrt(jsOf(a, b));
}

/**
 * JS(P,Q)^alpha (note's JS), a metric for 0 < alpha <= 1/2 (it is a power
 * <= 1 of the metric sqrt(JS)). For alpha > 1/2 the triangle inequality fails
 * already on 2-point distributions, so such alpha is refused.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param alpha The exponent, in (0, 1/2].
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns JS(P,Q)^alpha.
 * @throws {RangeError} If `alpha` is not in (0, 1/2], or `p`, `q` are bad as in
 *   {@linkcode jensenShannonMetric}.
 * @throws {TypeError} If an argument is not an array of numbers.
 *
 * @example
 * ```ts
 * import { jensenShannonPower } from "./js_metric.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(jensenShannonPower([1, 0], [0, 1], 0.25) - (2 * Math.log(2)) ** 0.25) < 1e-15);
 * ```
 */
export function jensenShannonPower(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  alpha: number,
  options: DistributionOptions = {},
): number {
  const action = "compute a power of the Jensen-Shannon divergence";
  if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 0.5)) {
    throw new RangeError(
      `Cannot ${action} as alpha must be in (0, 1/2] for JS^alpha to be a metric: alpha=${
        describe(alpha)
      }`,
    );
  }
  const [a, b] = checkPair(p, q, action, options);
  return Math.pow(jsOf(a, b), alpha);
}

/**
 * Triangular discrimination Delta(P,Q) = sum_i (p_i - q_i)^2 / (p_i + q_i)
 * (terms with p_i = q_i = 0 are 0). Topsoe's bounds: 1/2 Delta <= JS <= log 2 * Delta,
 * and JS ~ 1/2 Delta as Q -> P.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns Delta(P,Q) in [0, 2].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example
 * ```ts
 * import { triangularDiscrimination } from "./js_metric.ts";
 * import assert from "node:assert";
 * assert.strictEqual(triangularDiscrimination([1, 0], [0, 1]), 2);
 * ```
 */
export function triangularDiscrimination(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the triangular discrimination", options);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const s = a[i] + b[i];
    if (s > 0) d += (a[i] - b[i]) ** 2 / s;
  }
  return d;
}
