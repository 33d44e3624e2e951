import type { FGenerator } from "./f_generators.ts";
import { checkNumbers, checkPair, describe, type DistributionOptions } from "./validate.ts";

/** Options of {@linkcode fDivergence}. */
export interface FDivergenceOptions extends DistributionOptions {
  /**
   * lim_{u -> inf} f(u)/u, needed when a plain function is passed and some
   * q_i = 0 < p_i. Ignored for an {@linkcode FGenerator} (it carries its own).
   */
  slopeAtInfinity?: number;
}

/**
 * The f-divergence D_f(P||Q) = sum_i q_i f(p_i / q_i) (Csiszar 1967; Ali & Silvey
 * 1966), with the conventions 0 f(0/0) = 0, q f(0/q) = q f(0), and
 * 0 f(p/0) = p f'(inf) where f'(inf) = lim f(u)/u.
 *
 * @param p The first distribution P.
 * @param q The second distribution Q, same length as `p`.
 * @param f A generator object (e.g. `jensenShannonGenerator`) or a plain convex function of u >= 0.
 * @param options Normalisation and tolerance; `slopeAtInfinity` for a plain function.
 * @returns D_f(P||Q), possibly `Infinity`.
 * @throws {TypeError} If `f` is neither a function nor a generator, or a vector is not numbers.
 * @throws {RangeError} If the vectors are bad (see {@linkcode DistributionOptions}), or a plain
 *   `f` meets q_i = 0 < p_i without `options.slopeAtInfinity`.
 *
 * @example The JS generator gives the note's JS
 * ```ts
 * import { fDivergence } from "./f_divergence.ts";
 * import { jensenShannonGenerator } from "./f_generators.ts";
 * import { jensenShannon } from "./jensen_shannon.ts";
 * import assert from "node:assert";
 * const p = [0.2, 0.8], q = [0.6, 0.4];
 * assert.ok(Math.abs(fDivergence(p, q, jensenShannonGenerator) - jensenShannon(p, q)) < 1e-15);
 * ```
 */
export function fDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  f: FGenerator | ((u: number) => number),
  options: FDivergenceOptions = {},
): number {
  const action = "compute an f-divergence";
  let fn: (u: number) => number;
  let slope: number | undefined;
  if (typeof f === "function") {
    fn = f;
    slope = options.slopeAtInfinity;
  } else if (f !== null && typeof f === "object" && typeof f.f === "function") {
    fn = (u) => f.f(u);
    slope = f.slopeAtInfinity;
  } else {
    throw new TypeError(
      `Cannot ${action} as f must be a function or an FGenerator: f=${describe(f)}`,
    );
  }
  const [a, b] = checkPair(p, q, action, options);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (b[i] > 0) d += b[i] * fn(a[i] / b[i]);
    else if (a[i] > 0) {
      if (slope === undefined) {
        throw new RangeError(
          `Cannot ${action} as q[${i}]=0 < p[${i}] needs lim f(u)/u: pass ` +
            `options.slopeAtInfinity or an FGenerator: slopeAtInfinity=undefined`,
        );
      }
      d += a[i] * slope;
    }
  }
  return d;
}

/**
 * The variational (Fenchel) lower bound behind f-GAN (Nguyen et al. 2010;
 * Nowozin et al. 2016, eq. 4): E_P[T] - E_Q[f*(T)] <= D_f(P||Q) for every T, with
 * equality at T = f'(p/q). Here T is a vector of values on the same support.
 *
 * @param p The distribution P.
 * @param q The distribution Q, same length as `p`.
 * @param t The critic's values T_i, one per support point (finite).
 * @param generator The generator f with its conjugate.
 * @param options Normalisation and tolerance, see {@linkcode DistributionOptions}.
 * @returns sum p_i t_i - sum q_i f*(t_i); `-Infinity` if some t_i with q_i > 0 leaves f*'s domain.
 * @throws {TypeError} If `t` is not an array of numbers.
 * @throws {RangeError} If lengths differ or `p`, `q` are not probability vectors.
 *
 * @example
 * ```ts
 * import { fenchelLowerBound } from "./f_divergence.ts";
 * import { klGenerator } from "./f_generators.ts";
 * import assert from "node:assert";
 * // T = f'(p/q) = 1 + log(p/q) attains KL([1/2,1/2] || [1/4,3/4]).
 * const t = [1 + Math.log(2), 1 + Math.log(2 / 3)];
 * const kl = 0.5 * Math.log(2) + 0.5 * Math.log(2 / 3);
 * assert.ok(Math.abs(fenchelLowerBound([0.5, 0.5], [0.25, 0.75], t, klGenerator) - kl) < 1e-12);
 * ```
 */
export function fenchelLowerBound(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  t: ArrayLike<number>,
  generator: FGenerator,
  options: DistributionOptions = {},
): number {
  const action = "compute the Fenchel lower bound";
  const [a, b] = checkPair(p, q, action, options);
  const tv = checkNumbers(t, "t", action);
  if (tv.length !== a.length) {
    throw new RangeError(
      `Cannot ${action} as t must have one value per support point: t.length=${tv.length}, ` +
        `p.length=${a.length}`,
    );
  }
  let bound = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > 0) bound += a[i] * tv[i];
    if (b[i] > 0) bound -= b[i] * generator.conjugate(tv[i]);
  }
  return bound;
}
