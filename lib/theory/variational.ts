import { checkDistribution, checkPair, type DistributionOptions } from "./validate.ts";

/** Options of {@linkcode minimizeKlSum}. */
export interface MinimizeKlSumOptions extends DistributionOptions {
  /** Starting point R_0, a probability vector positive wherever p + q > 0. Default uniform. */
  init?: ArrayLike<number>;
  /** Initial mirror-descent step size eta. Default 0.5 (locally a one-step contraction). */
  stepSize?: number;
  /** Maximum number of iterations. Default 10000. */
  maxIterations?: number;
  /** Stop when no coordinate of R moves more than this. Default 1e-13. */
  tolerance?: number;
}

/** The result of {@linkcode minimizeKlSum}. */
export interface MinimizeKlSumResult {
  /** The minimiser R found (a `Float64Array` probability vector). */
  r: Float64Array;
  /** KL(P||R) + KL(Q||R) at `r`. */
  value: number;
  /** Iterations used. */
  iterations: number;
  /** Whether the step fell below `tolerance` before `maxIterations`. */
  converged: boolean;
}

/**
 * Minimises F(R) = KL(P||R) + KL(Q||R) over the probability simplex by
 * exponentiated gradient (entropic mirror descent) with backtracking:
 * log R <- log R + eta (p + q) / R, renormalised, halving eta whenever F would
 * rise. Since F(R) = JS(P,Q) + 2 KL(M||R) with M = (P+Q)/2, the minimum is the
 * note's JS(P,Q) and the minimiser is M: this is the variational form of JS,
 * found numerically without using that closed form.
 *
 * @param p The distribution P.
 * @param q The distribution Q, same length.
 * @param options Starting point, step size, iteration limit, tolerance, normalisation.
 * @returns The minimiser, the minimum, and convergence information.
 * @throws {TypeError} If an argument is not an array of numbers.
 * @throws {RangeError} If lengths differ, a vector is not a probability vector, `init` is 0
 *   where p + q > 0, or `stepSize`/`maxIterations`/`tolerance` is out of range.
 *
 * @example
 * ```ts
 * import { minimizeKlSum } from "./variational.ts";
 * import assert from "node:assert";
 * const { r } = minimizeKlSum([0.9, 0.1, 0], [0.1, 0.5, 0.4]);
 * assert.ok(Math.abs(r[0] - 0.5) < 1e-9 && Math.abs(r[2] - 0.2) < 1e-9);
 * ```
 */
export function minimizeKlSum(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: MinimizeKlSumOptions = {},
): MinimizeKlSumResult {
  const action = "minimise KL(P||R) + KL(Q||R)";
  const [a, b] = checkPair(p, q, action, options);
  const { stepSize = 0.5, maxIterations = 10000, tolerance = 1e-13 } = options;
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new RangeError(`Cannot ${action} as stepSize must be positive: stepSize=${stepSize}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(
      `Cannot ${action} as maxIterations must be a positive integer: maxIterations=${maxIterations}`,
    );
  }
  if (!(tolerance >= 0)) {
    throw new RangeError(`Cannot ${action} as tolerance must be >= 0: tolerance=${tolerance}`);
  }
  const n = a.length;
  const w = new Float64Array(n); // p + q: F(R) = -sum w log R + const
  for (let i = 0; i < n; i++) w[i] = a[i] + b[i];
  let r = options.init === undefined
    ? new Float64Array(n).fill(1 / n)
    : checkDistribution(options.init, "init", action, { normalize: options.normalize });
  if (r.length !== n) {
    throw new RangeError(`Cannot ${action} as init must have length ${n}: init.length=${r.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (w[i] > 0 && r[i] === 0) {
      throw new RangeError(
        `Cannot ${action} as init must be positive where p + q > 0: init[${i}]=0`,
      );
    }
  }
  const objective = (x: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] > 0) f += a[i] * Math.log(a[i] / x[i]);
      if (b[i] > 0) f += b[i] * Math.log(b[i] / x[i]);
    }
    return f;
  };
  let value = objective(r);
  const logits = new Float64Array(n);
  for (let it = 1; it <= maxIterations; it++) {
    let next: Float64Array;
    let nextValue: number;
    let eta = stepSize; // restart each iteration: a halved step would stall the stopping rule
    for (;;) {
      for (let i = 0; i < n; i++) logits[i] = Math.log(r[i]) + (w[i] > 0 ? (eta * w[i]) / r[i] : 0);
      next = softmax(logits);
      nextValue = objective(next);
      // Slack of a few ulps: near the optimum F is flat to rounding, and halving there would
      // shrink the step until the stopping rule fires before R has reached M.
      if (nextValue <= value + 1e-15 * (1 + value) || eta < 1e-300) break;
      eta /= 2;
    }
    let moved = 0;
    for (let i = 0; i < n; i++) moved = Math.max(moved, Math.abs(next[i] - r[i]));
    r = next;
    value = nextValue;
    if (moved <= tolerance) {
      return { r, value: Math.max(0, value), iterations: it, converged: true };
    }
  }
  return { r, value: Math.max(0, value), iterations: maxIterations, converged: false };
}

function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
