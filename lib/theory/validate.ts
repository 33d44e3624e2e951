/**
 * Input checks shared by the float64 theory functions. Each public function
 * checks its arguments once here and then works on trusted `Float64Array`s.
 *
 * @module
 */

/** Options accepted by every function that takes probability vectors. */
export interface DistributionOptions {
  /**
   * Divide each vector by its sum instead of requiring it to sum to 1.
   * Default `false`: a vector whose sum is off by more than `tolerance` throws.
   */
  normalize?: boolean;
  /**
   * Allowed |sum - 1| when `normalize` is false. Default `1e-9` (float64
   * rounding of a sum of millions of terms stays far below it), or `1e-6`
   * for a `Float32Array` input, whose entries carry float32 rounding.
   */
  tolerance?: number;
}

/** The default |sum - 1| tolerance for float64 inputs. */
export const DEFAULT_SUM_TOLERANCE = 1e-9;
/** The default |sum - 1| tolerance for `Float32Array` inputs. */
export const FLOAT32_SUM_TOLERANCE = 1e-6;

/**
 * Throws a `TypeError` unless `value` is array-like with only number entries,
 * and a `RangeError` if it is empty; `action` completes "Cannot ...".
 */
export function checkNumbers(value: unknown, name: string, action: string): ArrayLike<number> {
  if (
    value === null || typeof value !== "object" ||
    typeof (value as { length?: unknown }).length !== "number"
  ) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be an array of numbers: ${name}=${describe(value)}`,
    );
  }
  const a = value as ArrayLike<unknown>;
  if (a.length === 0) {
    throw new RangeError(`Cannot ${action} as ${name} must not be empty: ${name}.length=0`);
  }
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number") {
      throw new TypeError(
        `Cannot ${action} as ${name} must hold numbers: ${name}[${i}]=${describe(a[i])}`,
      );
    }
  }
  return a as ArrayLike<number>;
}

/**
 * Checks that `value` is a probability vector (finite, non-negative, summing to
 * 1 within the tolerance, or normalised when `normalize` is set) and returns a
 * float64 copy.
 */
export function checkDistribution(
  value: unknown,
  name: string,
  action: string,
  options: DistributionOptions = {},
): Float64Array {
  const a = checkNumbers(value, name, action);
  const { normalize = false } = options;
  const tolerance = options.tolerance ??
    (a instanceof Float32Array ? FLOAT32_SUM_TOLERANCE : DEFAULT_SUM_TOLERANCE);
  if (!(tolerance >= 0)) {
    throw new RangeError(
      `Cannot ${action} as tolerance must be a non-negative number: tolerance=${tolerance}`,
    );
  }
  const out = new Float64Array(a.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isNaN(v)) {
      throw new RangeError(`Cannot ${action} as ${name} must not contain NaN: ${name}[${i}]=NaN`);
    }
    if (!Number.isFinite(v)) {
      throw new RangeError(`Cannot ${action} as ${name} must be finite: ${name}[${i}]=${v}`);
    }
    if (v < 0) {
      throw new RangeError(`Cannot ${action} as ${name} must be non-negative: ${name}[${i}]=${v}`);
    }
    out[i] = v;
    sum += v;
  }
  if (normalize) {
    if (!(sum > 0)) {
      throw new RangeError(
        `Cannot ${action} as ${name} must have a positive sum to be normalised: sum(${name})=${sum}`,
      );
    }
    for (let i = 0; i < out.length; i++) out[i] /= sum;
  } else if (!(Math.abs(sum - 1) <= tolerance)) {
    throw new RangeError(
      `Cannot ${action} as ${name} must sum to 1 (within ${tolerance}; pass { normalize: true } ` +
        `to normalise): sum(${name})=${sum}`,
    );
  }
  return out;
}

/** Checks two distributions of the same length; returns float64 copies. */
export function checkPair(
  p: unknown,
  q: unknown,
  action: string,
  options: DistributionOptions = {},
  names: [string, string] = ["p", "q"],
): [Float64Array, Float64Array] {
  const a = checkDistribution(p, names[0], action, options);
  const b = checkDistribution(q, names[1], action, options);
  if (a.length !== b.length) {
    throw new RangeError(
      `Cannot ${action} as ${names[0]} and ${names[1]} must have the same length: ` +
        `${names[0]}.length=${a.length}, ${names[1]}.length=${b.length}`,
    );
  }
  return [a, b];
}

/** Throws a `TypeError` unless `value` is a finite number. */
export function checkFinite(value: unknown, name: string, action: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a finite number: ${name}=${describe(value)}`,
    );
  }
  return value;
}

/** Throws a `RangeError` unless `value` is a positive integer. */
export function checkPositiveInteger(value: unknown, name: string, action: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a positive integer: ${name}=${describe(value)}`,
    );
  }
  return value;
}

/** A short printable form of any value, for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    return value.length > 6
      ? `[${value.slice(0, 6).map(describe).join(", ")}, ...]`
      : `[${value.map(describe).join(", ")}]`;
  }
  if (typeof value === "function") return "function";
  if (value !== null && typeof value === "object") {
    return (value as object).constructor?.name ?? "object";
  }
  return String(value);
}
