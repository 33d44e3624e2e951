import { checkDistribution, checkPair, type DistributionOptions } from "./validate.ts";

/**
 * Shannon entropy H(P) = -sum_i p_i log p_i in nats, with 0 log 0 = 0.
 *
 * @param p A probability vector (non-negative, summing to 1 within
 *   `options.tolerance`, or normalised with `{ normalize: true }`).
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns H(P) in nats, in [0, log n].
 * @throws {TypeError} If `p` is not an array of numbers.
 * @throws {RangeError} If `p` is empty, has a negative, NaN or infinite entry, or does not sum to 1.
 *
 * @example The uniform distribution on 4 points has entropy log 4
 * ```ts
 * import { entropy } from "./entropy.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(entropy([0.25, 0.25, 0.25, 0.25]) - Math.log(4)) < 1e-15);
 * ```
 */
export function entropy(p: ArrayLike<number>, options: DistributionOptions = {}): number {
  const a = checkDistribution(p, "p", "compute the entropy", options);
  return entropyOf(a);
}

/**
 * Cross-entropy H(P, Q) = -sum_i p_i log q_i in nats (= H(P) + KL(P||Q)),
 * with 0 log 0 = 0; `Infinity` where some q_i = 0 < p_i.
 *
 * @param p The reference distribution P.
 * @param q The model distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns H(P, Q) >= H(P), possibly `Infinity`.
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example
 * ```ts
 * import { crossEntropy } from "./entropy.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(crossEntropy([1, 0], [0.5, 0.5]) - Math.log(2)) < 1e-15);
 * ```
 */
export function crossEntropy(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the cross-entropy", options);
  let h = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    if (b[i] === 0) return Infinity;
    h -= a[i] * Math.log(b[i]);
  }
  return h;
}

/**
 * Kullback-Leibler divergence KL(P||Q) = sum_i p_i log(p_i / q_i) in nats,
 * with 0 log(0/q) = 0; `Infinity` when P is not absolutely continuous with
 * respect to Q (some q_i = 0 < p_i).
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns KL(P||Q) >= 0 (rounding below 0 is clamped), possibly `Infinity`.
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example Support mismatch gives Infinity
 * ```ts
 * import { klDivergence } from "./entropy.ts";
 * import assert from "node:assert";
 * assert.strictEqual(klDivergence([0.5, 0.5], [1, 0]), Infinity);
 * assert.ok(Math.abs(klDivergence([1, 0], [0.5, 0.5]) - Math.log(2)) < 1e-15);
 * ```
 */
export function klDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the KL divergence", options);
  return klOf(a, b);
}

/** H(P) of a trusted float64 vector (no checks). */
export function entropyOf(p: Float64Array): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

/** KL(P||Q) of trusted float64 vectors (no checks). */
export function klOf(p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    if (q[i] === 0) return Infinity;
    d += p[i] * logRatio(p[i], q[i]);
  }
  return Math.max(0, d);
}

/** log(a / b) for a, b > 0, also when a / b overflows (b denormal). */
export function logRatio(a: number, b: number): number {
  const r = a / b;
  return Number.isFinite(r) ? Math.log(r) : Math.log(a) - Math.log(b);
}
