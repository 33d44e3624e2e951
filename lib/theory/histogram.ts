import { checkFinite, checkNumbers, checkPositiveInteger, describe } from "./validate.ts";

/** What to do with samples outside the histogram's range. */
export type OutsideRange = "clamp" | "drop";

/** Options of {@linkcode histogram1d}. */
export interface Histogram1dOptions {
  /** Left edge of the first bin. */
  min: number;
  /** Right edge of the last bin (a sample equal to `max` falls in the last bin). */
  max: number;
  /** Number of equal-width bins, a positive integer. */
  bins: number;
  /**
   * Samples outside [min, max]: `"clamp"` (default) counts them in the edge
   * bin, so no mass is lost and a generator whose samples fly off still shows
   * in a divergence; `"drop"` ignores them, like `numpy.histogram(range=...)`.
   */
  outside?: OutsideRange;
  /** A count added to every bin before normalising (e.g. 0.5 to keep KL finite). Default 0. */
  pseudocount?: number;
}

/** Options of {@linkcode histogram2d}. */
export interface Histogram2dOptions {
  /** Left edge of the x range. */
  xMin: number;
  /** Right edge of the x range. */
  xMax: number;
  /** Bottom edge of the y range. */
  yMin: number;
  /** Top edge of the y range. */
  yMax: number;
  /** Bins per axis: one number for both, or `[xBins, yBins]`. */
  bins: number | readonly [number, number];
  /** Samples outside the box: `"clamp"` (default) or `"drop"`, as in {@linkcode Histogram1dOptions}. */
  outside?: OutsideRange;
  /** A count added to every cell before normalising. Default 0. */
  pseudocount?: number;
}

/**
 * Normalised histogram of 1-D samples on `bins` equal-width bins of [min, max]:
 * an empirical probability vector to feed {@linkcode jensenShannon} and friends.
 *
 * @param samples The samples (finite numbers).
 * @param options Range, bin count, out-of-range policy and pseudocount.
 * @returns A `Float64Array` of length `bins`, non-negative, summing to 1.
 * @throws {TypeError} If `samples` is not an array of numbers or a range bound is not finite.
 * @throws {RangeError} If `samples` is empty or holds NaN/infinity, `min >= max`, `bins` is not a
 *   positive integer, `pseudocount < 0`, or no sample lands in range (with `"drop"`).
 *
 * @example
 * ```ts
 * import { histogram1d } from "./histogram.ts";
 * import assert from "node:assert";
 * const h = histogram1d([0.1, 0.2, 0.7, 5], { min: 0, max: 1, bins: 2 });
 * assert.deepStrictEqual([...h], [0.5, 0.5]); // 5 is clamped into the last bin
 * ```
 */
export function histogram1d(samples: ArrayLike<number>, options: Histogram1dOptions): Float64Array {
  const action = "build a histogram";
  const x = checkSamples(samples, "samples", action);
  const { min, max } = options;
  checkRange(min, max, "min", "max", action);
  const bins = checkPositiveInteger(options.bins, "bins", action);
  const { clamp, pseudocount } = checkPolicy(options.outside, options.pseudocount, action);
  const counts = new Float64Array(bins).fill(pseudocount);
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i], min, max, bins, clamp);
    if (b >= 0) counts[b]++;
  }
  return normalizeCounts(counts, action);
}

/**
 * Normalised 2-D histogram of points on a `xBins x yBins` grid of the box
 * [xMin, xMax] x [yMin, yMax]. The cell of bin (ix, iy) is at index
 * `iy * xBins + ix` (rows are y, like an image with y upward).
 *
 * @param xy The points: interleaved `[x0, y0, x1, y1, ...]` (as `await t.data()` of an
 *   `[n, 2]` tensor gives) or an array of `[x, y]` pairs.
 * @param options The box, bins per axis, out-of-range policy and pseudocount.
 * @returns A `Float64Array` of length `xBins * yBins`, summing to 1.
 * @throws {TypeError} If `xy` is neither form, or a bound is not finite.
 * @throws {RangeError} If `xy` is empty, has odd length or non-finite entries, a range is
 *   empty, a bin count is not a positive integer, or no point lands in the box (with `"drop"`).
 *
 * @example
 * ```ts
 * import { histogram2d } from "./histogram.ts";
 * import assert from "node:assert";
 * const h = histogram2d([[0.2, 0.2], [0.8, 0.9]], { xMin: 0, xMax: 1, yMin: 0, yMax: 1, bins: 2 });
 * assert.deepStrictEqual([...h], [0.5, 0, 0, 0.5]);
 * ```
 */
export function histogram2d(
  xy: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options: Histogram2dOptions,
): Float64Array {
  const action = "build a 2-D histogram";
  const flat = flattenPoints(xy, action);
  const { xMin, xMax, yMin, yMax } = options;
  checkRange(xMin, xMax, "xMin", "xMax", action);
  checkRange(yMin, yMax, "yMin", "yMax", action);
  const [xBins, yBins] = typeof options.bins === "number"
    ? [options.bins, options.bins]
    : (options.bins ?? [undefined, undefined]);
  checkPositiveInteger(xBins, "xBins", action);
  checkPositiveInteger(yBins, "yBins", action);
  const { clamp, pseudocount } = checkPolicy(options.outside, options.pseudocount, action);
  const counts = new Float64Array(xBins * yBins).fill(pseudocount);
  for (let i = 0; i < flat.length; i += 2) {
    const bx = binOf(flat[i], xMin, xMax, xBins, clamp);
    const by = binOf(flat[i + 1], yMin, yMax, yBins, clamp);
    if (bx >= 0 && by >= 0) counts[by * xBins + bx]++;
  }
  return normalizeCounts(counts, action);
}

function binOf(v: number, min: number, max: number, bins: number, clamp: boolean): number {
  if (v < min) return clamp ? 0 : -1;
  if (v > max) return clamp ? bins - 1 : -1;
  return Math.min(bins - 1, Math.floor(((v - min) / (max - min)) * bins));
}

function normalizeCounts(counts: Float64Array, action: string): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (!(total > 0)) {
    throw new RangeError(
      `Cannot ${action} as no sample lies in range (outside: "drop"): in-range count=${total}`,
    );
  }
  for (let i = 0; i < counts.length; i++) counts[i] /= total;
  return counts;
}

function checkSamples(value: unknown, name: string, action: string): ArrayLike<number> {
  const x = checkNumbers(value, name, action);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new RangeError(`Cannot ${action} as ${name} must be finite: ${name}[${i}]=${x[i]}`);
    }
  }
  return x;
}

function flattenPoints(xy: unknown, action: string): ArrayLike<number> {
  const first = (xy as ArrayLike<unknown> | null)?.[0];
  if (xy !== null && typeof xy === "object" && typeof first === "object" && first !== null) {
    const pairs = xy as ArrayLike<ArrayLike<number>>;
    const flat = new Float64Array(pairs.length * 2);
    for (let i = 0; i < pairs.length; i++) {
      const pt = pairs[i];
      if (pt === null || typeof pt !== "object" || pt.length !== 2) {
        throw new TypeError(
          `Cannot ${action} as xy[${i}] must be an [x, y] pair: xy[${i}]=${describe(pt)}`,
        );
      }
      flat[2 * i] = pt[0];
      flat[2 * i + 1] = pt[1];
    }
    return checkSamples(flat, "xy", action);
  }
  const flat = checkSamples(xy, "xy", action);
  if (flat.length % 2 !== 0) {
    throw new RangeError(
      `Cannot ${action} as interleaved xy must have even length: xy.length=${flat.length}`,
    );
  }
  return flat;
}

function checkRange(lo: unknown, hi: unknown, loName: string, hiName: string, action: string) {
  checkFinite(lo, loName, action);
  checkFinite(hi, hiName, action);
  if (!((lo as number) < (hi as number))) {
    throw new RangeError(
      `Cannot ${action} as ${loName} must be below ${hiName}: ${loName}=${lo}, ${hiName}=${hi}`,
    );
  }
}

function checkPolicy(outside: unknown, pseudocount: unknown, action: string) {
  if (outside !== undefined && outside !== "clamp" && outside !== "drop") {
    throw new RangeError(
      `Cannot ${action} as outside must be "clamp" or "drop": outside=${describe(outside)}`,
    );
  }
  const pc = pseudocount ?? 0;
  if (typeof pc !== "number" || !(pc >= 0) || !Number.isFinite(pc)) {
    throw new RangeError(
      `Cannot ${action} as pseudocount must be a finite number >= 0: pseudocount=${describe(pc)}`,
    );
  }
  return { clamp: outside !== "drop", pseudocount: pc };
}
