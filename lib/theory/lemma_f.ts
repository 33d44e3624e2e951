/**
 * The seed note's proof that sqrt(JS) satisfies the triangle inequality (after Endres &
 * Schindelin 2003), reduced to one real variable: the right-hand side
 * f(p, q, r) = sqrt(L(p, r)) + sqrt(L(r, q)) of the scalar inequality
 * sqrt(L(p, q)) <= f(p, q, r), its derivative in r (the note's eq. 2) and its maximum.
 *
 * @module
 */
import { jsTerm } from "./jensen_shannon.ts";
import { lemmaG } from "./lemma.ts";
import { describe } from "./validate.ts";

/**
 * The note's f(p, q, r) = sqrt(L(p, r)) + sqrt(L(r, q)), the right-hand side of the scalar
 * triangle inequality sqrt(L(p, q)) <= f(p, q, r) for p, q, r >= 0 (L as in
 * {@linkcode lemmaL}). As a function of r it has minima sqrt(L(p, q)) at r = p and r = q and
 * one maximum between them ({@linkcode lemmaFMaximum}).
 *
 * @param p A finite number >= 0.
 * @param q A finite number >= 0.
 * @param r A finite number >= 0.
 * @returns f(p, q, r) >= sqrt(L(p, q)).
 * @throws {RangeError} If `p`, `q` or `r` is negative, NaN or infinite.
 *
 * @example f(p, q, p) = f(p, q, q) = sqrt(L(p, q))
 * ```ts
 * import { lemmaF } from "./lemma_f.ts";
 * import { lemmaL } from "./lemma.ts";
 * import assert from "node:assert";
 * assert.strictEqual(lemmaF(1, 3, 1), Math.sqrt(lemmaL(1, 3)));
 * assert.strictEqual(lemmaF(1, 3, 3), Math.sqrt(lemmaL(1, 3)));
 * assert.ok(lemmaF(1, 3, 2) > Math.sqrt(lemmaL(1, 3)));
 * ```
 */
export function lemmaF(p: number, q: number, r: number): number {
  const action = "compute f(p, q, r)";
  check(p, "p", action);
  check(q, "q", action);
  check(r, "r", action);
  return Math.sqrt(jsTerm(p, r)) + Math.sqrt(jsTerm(r, q));
}

/**
 * The note's eq. (2): the derivative of {@linkcode lemmaF} in r, reduced to the function g of
 * {@linkcode lemmaG} with x = p/r and beta x = q/r:
 * df/dr = log(2r/(p+r)) / (2 sqrt L(p, r)) + log(2r/(r+q)) / (2 sqrt L(r, q))
 *       = (g(p/r) + g(q/r)) / (2 sqrt r).
 * Since |g| < 1 away from x = 1 and g jumps from +1 to -1 there, the sign changes at r = p,
 * at r = q and once between: f falls, rises to a maximum, falls, rises.
 *
 * @param p A finite number >= 0.
 * @param q A finite number >= 0.
 * @param r A finite number > 0, different from `p` and `q` (f has a kink there).
 * @returns df/dr at r.
 * @throws {RangeError} If an argument is negative, NaN or infinite, `r` is 0, or `r` equals `p`
 *   or `q`.
 *
 * @example Beyond q the derivative is positive (f increases towards its limit)
 * ```ts
 * import { lemmaFDerivative } from "./lemma_f.ts";
 * import assert from "node:assert";
 * assert.ok(lemmaFDerivative(1, 3, 5) > 0);
 * assert.ok(lemmaFDerivative(1, 3, 0.5) < 0);
 * ```
 */
export function lemmaFDerivative(p: number, q: number, r: number): number {
  const action = "compute df/dr (eq. 2)";
  check(p, "p", action);
  check(q, "q", action);
  check(r, "r", action);
  if (r === 0 || r === p || r === q) {
    throw new RangeError(
      `Cannot ${action} as r must be positive and differ from p and q (f has a kink at r = p ` +
        `and r = q): p=${p}, q=${q}, r=${r}`,
    );
  }
  return (lemmaG(p / r) + lemmaG(q / r)) / (2 * Math.sqrt(r));
}

/** The maximum of f(p, q, .) between p and q, from {@linkcode lemmaFMaximum}. */
export interface LemmaFMaximum {
  /** Where f(p, q, .) is maximal on (min(p, q), max(p, q)): the root of eq. (2) there. */
  r: number;
  /** f(p, q, r) at that point. */
  value: number;
}

/**
 * The local maximum of r -> f(p, q, r) strictly between p and q: the one root of
 * g(p/r) + g(q/r) = 0 there (eq. 2), found by bisection to machine precision.
 *
 * @param p A finite number > 0.
 * @param q A finite number > 0, different from `p`.
 * @returns The maximiser r in (min(p, q), max(p, q)) and f(p, q, r).
 * @throws {RangeError} If `p` or `q` is not a positive finite number, or p = q.
 *
 * @example By homogeneity the maximiser scales with (p, q)
 * ```ts
 * import { lemmaFMaximum } from "./lemma_f.ts";
 * import assert from "node:assert";
 * const a = lemmaFMaximum(1, 4), b = lemmaFMaximum(10, 40);
 * assert.ok(a.r > 1 && a.r < 4);
 * assert.ok(Math.abs(b.r - 10 * a.r) < 1e-9);
 * ```
 */
export function lemmaFMaximum(p: number, q: number): LemmaFMaximum {
  const action = "find the maximum of f(p, q, .)";
  for (const [name, v] of [["p", p], ["q", q]] as const) {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action} as ${name} must be a positive finite number: ${name}=${describe(v)}`,
      );
    }
  }
  if (p === q) {
    throw new RangeError(
      `Cannot ${action} as p and q must differ (otherwise there is nothing between them): p=q=${p}`,
    );
  }
  let lo = Math.min(p, q), hi = Math.max(p, q);
  // Just above lo, g(lo/r) -> +1 outweighs g(hi/r) > -1: df/dr > 0; just below hi, < 0.
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (lemmaG(p / mid) + lemmaG(q / mid) > 0) lo = mid;
    else hi = mid;
  }
  const r = (lo + hi) / 2;
  return { r, value: lemmaF(p, q, r) };
}

function check(v: unknown, name: string, action: string): void {
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a finite number >= 0: ${name}=${describe(v)}`,
    );
  }
}
