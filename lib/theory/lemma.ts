import { jsTerm } from "./jensen_shannon.ts";
import { describe } from "./validate.ts";

/**
 * The seed note's per-point term L(p, q) = p log(2p/(p+q)) + q log(2q/(p+q)),
 * p, q >= 0, with 0 log 0 = 0; JS(P,Q) = sum_i L(p_i, q_i). Non-negative, 0 iff p = q,
 * homogeneous: L(c p, c q) = c L(p, q).
 *
 * @param p A non-negative finite number.
 * @param q A non-negative finite number.
 * @returns L(p, q) >= 0.
 * @throws {RangeError} If `p` or `q` is negative, NaN or infinite.
 *
 * @example L(x, 0) = x log 2
 * ```ts
 * import { lemmaL } from "./lemma.ts";
 * import assert from "node:assert";
 * assert.strictEqual(lemmaL(3, 0), 3 * Math.LN2);
 * ```
 */
export function lemmaL(p: number, q: number): number {
  checkNonNegative(p, "p", "compute L(p, q)");
  checkNonNegative(q, "q", "compute L(p, q)");
  return jsTerm(p, q);
}

/**
 * The seed lemma's g(x) = log(2/(x+1)) / sqrt(L(x, 1)) for x >= 0, x != 1.
 * g is increasing on (0, 1) and on (1, inf), with g(0) = sqrt(log 2), g -> +1 as
 * x -> 1-, g -> -1 as x -> 1+, and g -> 0 as x -> inf. Evaluated with `log1p` and a
 * series for L near x = 1, so it stays accurate as x -> 1 (tested to 1e-12 away).
 *
 * @param x A finite number >= 0, not 1 (where the one-sided limits differ).
 * @returns g(x) in (-1, 1].
 * @throws {RangeError} If `x` is negative, NaN, infinite or exactly 1.
 *
 * @example
 * ```ts
 * import { lemmaG } from "./lemma.ts";
 * import assert from "node:assert";
 * assert.ok(Math.abs(lemmaG(0) - Math.sqrt(Math.LN2)) < 1e-15);
 * ```
 */
export function lemmaG(x: number): number {
  checkNonNegative(x, "x", "compute g(x)");
  if (x === 1) {
    throw new RangeError(
      "Cannot compute g(x) as x must not be 1 (g(1-) = +1, g(1+) = -1): x=1",
    );
  }
  return -Math.log1p((x - 1) / 2) / Math.sqrt(jsTerm(x, 1));
}

function checkNonNegative(v: unknown, name: string, action: string): void {
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a finite number >= 0: ${name}=${describe(v)}`,
    );
  }
}
