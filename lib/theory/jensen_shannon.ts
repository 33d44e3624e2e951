import { checkPair, type DistributionOptions } from "./validate.ts";

/**
 * Jensen-Shannon divergence in the seed note's convention (Lin 1991's L,
 * Endres-Schindelin's D_PQ, f-GAN's "JS", Rao's Jensen difference):
 *
 * JS(P,Q) = KL(P||M) + KL(Q||M) = 2 H(M) - H(P) - H(Q),  M = (P+Q)/2,
 *
 * in nats, bounded by 2 log 2 (attained by disjoint supports). It is twice
 * Goodfellow's/scipy's {@linkcode jensenShannonDivergence}. At the optimal
 * discriminator the GAN value is -2 log 2 + JS(P_data, P_g) (Goodfellow et al.
 * 2014, Theorem 1). Computed per coordinate as
 * p log(2p/(p+q)) + q log(2q/(p+q)), each term >= 0, with a series where
 * p_i is close to q_i, so it stays accurate (and exactly 0 at P = Q) as Q -> P.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns JS(P,Q) in [0, 2 log 2].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example Disjoint supports attain the bound 2 log 2
 * ```ts
 * import { jensenShannon } from "./jensen_shannon.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(jensenShannon([1, 0], [0, 1]) - 2 * Math.log(2)) < 1e-15);
 * ```
 */
export function jensenShannon(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the Jensen-Shannon divergence", options);
  return jsOf(a, b);
}

/**
 * Jensen-Shannon divergence in Goodfellow et al. 2014's and scipy's convention:
 * JSD(P,Q) = 1/2 KL(P||M) + 1/2 KL(Q||M) = JS(P,Q) / 2, bounded by log 2.
 * scipy's `scipy.spatial.distance.jensenshannon` returns sqrt(JSD), not JSD.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns JSD(P,Q) in [0, log 2].
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If the lengths differ, or an argument is empty or not a probability vector.
 *
 * @example
 * ```ts
 * import { jensenShannonDivergence } from "./jensen_shannon.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(jensenShannonDivergence([1, 0], [0, 1]) - Math.log(2)) < 1e-15);
 * ```
 */
export function jensenShannonDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: DistributionOptions = {},
): number {
  const [a, b] = checkPair(p, q, "compute the Jensen-Shannon divergence", options);
  return jsOf(a, b) / 2;
}

/**
 * The lemma's per-coordinate term L(p,q) = p log(2p/(p+q)) + q log(2q/(p+q))
 * for p, q >= 0 (0 log 0 = 0), so that JS(P,Q) = sum_i L(p_i, q_i). With
 * d = (p-q)/(p+q), L = (p+q) phi(d), phi(d) = ((1+d) log1p(d) + (1-d) log1p(-d)) / 2
 * = sum_k d^(2k) / (2k (2k-1)); the series is used for small |d|, where the
 * closed form would cancel, so L keeps full relative accuracy as p -> q.
 */
export function jsTerm(p: number, q: number): number {
  const s = p + q;
  if (s === 0) return 0;
  if (p === 0) return q * Math.LN2;
  if (q === 0) return p * Math.LN2;
  const d = (p - q) / s;
  if (Math.abs(d) < 0.05) {
    const d2 = d * d;
    let power = d2;
    let phi = 0;
    for (let k = 1; k <= 8; k++) {
      phi += power / (2 * k * (2 * k - 1));
      power *= d2;
    }
    return s * phi;
  }
  // Away from p = q the logs do not cancel; direct ratios keep q -> 0 (d -> 1) exact.
  return Math.max(0, p * Math.log(2 * (p / s)) + q * Math.log(2 * (q / s)));
}

/** JS(P,Q) of trusted float64 vectors (no checks). */
export function jsOf(p: Float64Array, q: Float64Array): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) js += jsTerm(p[i], q[i]);
  return js;
}
