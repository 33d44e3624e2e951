import { logRatio } from "./entropy.ts";
import { checkDistribution, describe, type DistributionOptions } from "./validate.ts";

/**
 * Generalised (weighted, n-distribution) Jensen difference (Rao 1982; Lin 1991):
 *
 * JD_w(P_1..P_n) = H(sum_i w_i P_i) - sum_i w_i H(P_i) = sum_i w_i KL(P_i || M),  M = sum_i w_i P_i,
 *
 * computed as the KL sum (non-negative term by term). With two distributions and
 * w = (1/2, 1/2) it is JSD = JS/2 (Goodfellow's convention); the note's JS is twice it.
 *
 * @param distributions Two or more probability vectors of one length.
 * @param weights Mixture weights, a probability vector of length `distributions.length`
 *   (default uniform). `options.normalize` applies to the weights too.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns JD_w in [0, H(w)].
 * @throws {TypeError} If `distributions` is not an array of number arrays.
 * @throws {RangeError} If fewer than 2 distributions, lengths differ, or a vector
 *   (distribution or weights) is not a probability vector.
 *
 * @example Equal weights give JSD
 * ```ts
 * import { jensenDifference } from "./jensen_difference.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(jensenDifference([[1, 0], [0, 1]]) - Math.log(2)) < 1e-15);
 * ```
 */
export function jensenDifference(
  distributions: ArrayLike<ArrayLike<number>>,
  weights?: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const action = "compute the Jensen difference";
  if (
    distributions === null || typeof distributions !== "object" ||
    typeof distributions.length !== "number"
  ) {
    throw new TypeError(
      `Cannot ${action} as distributions must be an array of probability vectors: ` +
        `distributions=${describe(distributions)}`,
    );
  }
  const n = distributions.length;
  if (n < 2) {
    throw new RangeError(
      `Cannot ${action} as distributions must hold at least 2 vectors: distributions.length=${n}`,
    );
  }
  const ps: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    ps.push(checkDistribution(distributions[i], `distributions[${i}]`, action, options));
    if (ps[i].length !== ps[0].length) {
      throw new RangeError(
        `Cannot ${action} as all distributions must have the same length: ` +
          `distributions[0].length=${ps[0].length}, distributions[${i}].length=${ps[i].length}`,
      );
    }
  }
  const w = weights === undefined
    ? new Float64Array(n).fill(1 / n)
    : checkDistribution(weights, "weights", action, options);
  if (w.length !== n) {
    throw new RangeError(
      `Cannot ${action} as weights must have one entry per distribution: ` +
        `weights.length=${w.length}, distributions.length=${n}`,
    );
  }
  const m = new Float64Array(ps[0].length);
  for (let i = 0; i < n; i++) for (let k = 0; k < m.length; k++) m[k] += w[i] * ps[i][k];
  // sum_i sum_k (w_i p_ik) log(p_ik / m_k): skipping w_i p_ik = 0 also skips the terms where a
  // denormal weight makes m_k underflow to 0 (the limit of those terms is 0, not Infinity).
  let jd = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m.length; k++) {
      const mass = w[i] * ps[i][k];
      if (mass > 0) jd += mass * logRatio(ps[i][k], m[k]);
    }
  }
  return Math.max(0, jd);
}
