import { flattenPoints } from "./points.ts";
import type { Points2d } from "../data/mixture_2d.ts";

import { checkOptions } from "../validate.ts";

const ACTION = "score modes";

/** The modes a generator should cover: centres and the per-axis std of each mode. */
export interface ModeSpec {
  /** The mode centres `[x, y]`. */
  readonly centres: ReadonlyArray<readonly [number, number]>;
  /** The per-axis standard deviation of each mode. */
  readonly std: number;
}

/** Options of {@linkcode modeMetrics}. */
export interface ModeMetricsOptions {
  /** A sample is high quality within `threshold * std` (Euclidean) of its nearest mode. Default 3. */
  threshold?: number;
}

/** The result of {@linkcode modeMetrics}. */
export interface ModeMetrics {
  /** Number of samples. */
  n: number;
  /** Number of modes K. */
  modes: number;
  /** Each sample's nearest mode (index into `centres`). */
  nearestMode: Int32Array;
  /** High-quality samples per mode. */
  counts: Int32Array;
  /** Modes with at least one high-quality sample. */
  modesCaptured: number;
  /** Number of high-quality samples. */
  highQualityCount: number;
  /** `highQualityCount / n`. */
  highQualityFraction: number;
  /**
   * KL(p_hat || uniform) = sum_{k: c_k > 0} p_k log(K p_k), p_k = c_k / highQualityCount, in
   * nats: 0 when the high-quality samples spread evenly over all K modes, log K when they sit in
   * one. No smoothing: empty modes add 0 (0 log 0 = 0). NaN when no sample is high quality.
   */
  reverseKL: number;
}

/**
 * Mode-collapse metrics for 2-D Gaussian mixtures (the ring and grid benchmarks of VEEGAN,
 * Srivastava et al. 2017, and PacGAN, Lin et al. 2018): each sample is assigned to its nearest
 * mode; it is high quality if its Euclidean distance to that mode is at most `threshold * std`
 * (3 std); a mode is captured if it has at least one high-quality sample; the reverse KL
 * compares the histogram of high-quality samples over modes with the uniform distribution.
 * For samples from the true mixture, a sample is within r = 3 std with probability
 * P(chi^2_2 <= 9) = 1 - exp(-9/2) = 0.98889 (not the 1-D 99.73%).
 *
 * @param samples Generated points, interleaved `[x0, y0, ...]` (as `await t.data()` of an
 *   `[n, 2]` tensor) or `[x, y]` pairs.
 * @param spec The true modes, e.g. `ringMixture()` or `gridMixture()`.
 * @param options `threshold` in stds (default 3).
 * @returns The {@linkcode ModeMetrics}.
 * @throws {TypeError} If `samples` is not an array.
 * @throws {RangeError} If `samples` is empty, odd-length or non-finite, `spec` has no centres or
 *   a non-positive std, or `threshold <= 0`.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example One sample on mode 0, one far from every mode
 * ```ts
 * import { modeMetrics } from "./modes.ts";
 * import assert from "node:assert";
 * const m = modeMetrics([[1, 0], [5, 5]], { centres: [[1, 0], [-1, 0]], std: 0.1 });
 * assert.strictEqual(m.modesCaptured, 1);
 * assert.strictEqual(m.highQualityFraction, 0.5);
 * assert.ok(Math.abs(m.reverseKL - Math.log(2)) < 1e-15);
 * ```
 */
export function modeMetrics(
  samples: Points2d,
  spec: ModeSpec,
  options: ModeMetricsOptions = {},
): ModeMetrics {
  const flat = flattenPoints(samples, "samples", ACTION);
  const centres = spec?.centres;
  if (!centres || centres.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as spec.centres must not be empty: spec.centres=${JSON.stringify(centres)}`,
    );
  }
  if (!(spec.std > 0) || !Number.isFinite(spec.std)) {
    throw new RangeError(
      `Cannot ${ACTION} as spec.std must be positive and finite: spec.std=${spec.std}`,
    );
  }
  const { threshold = 3 } = checkOptions(options, ["threshold"], ACTION);
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    throw new RangeError(
      `Cannot ${ACTION} as threshold must be positive and finite: threshold=${threshold}`,
    );
  }
  const n = flat.length / 2;
  const k = centres.length;
  const radius2 = (threshold * spec.std) ** 2;
  const nearestMode = new Int32Array(n);
  const counts = new Int32Array(k);
  let highQualityCount = 0;
  for (let i = 0; i < n; i++) {
    const x = flat[2 * i], y = flat[2 * i + 1];
    let best = 0, bestD = Infinity;
    for (let j = 0; j < k; j++) {
      const d = (x - centres[j][0]) ** 2 + (y - centres[j][1]) ** 2;
      if (d < bestD) [best, bestD] = [j, d];
    }
    nearestMode[i] = best;
    if (bestD <= radius2) {
      counts[best]++;
      highQualityCount++;
    }
  }
  let reverseKL = highQualityCount === 0 ? NaN : 0;
  for (let j = 0; j < k && highQualityCount > 0; j++) {
    if (counts[j] > 0) {
      const p = counts[j] / highQualityCount;
      reverseKL += p * Math.log(k * p);
    }
  }
  return {
    n,
    modes: k,
    nearestMode,
    counts,
    modesCaptured: counts.reduce((s, c) => s + (c > 0 ? 1 : 0), 0),
    highQualityCount,
    highQualityFraction: highQualityCount / n,
    reverseKL,
  };
}
