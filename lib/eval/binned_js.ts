import { histogram2d, jensenShannon } from "../theory/mod.ts";
import { flattenPoints } from "./points.ts";
import type { Points2d } from "../data/mixture_2d.ts";

import { checkOptions } from "../validate.ts";

const ACTION = "compare binned densities";

/** Options of {@linkcode binnedJensenShannon}. */
export interface BinnedJensenShannonOptions {
  /** Bins per axis (default 50). */
  bins?: number;
  /**
   * The box `[xMin, xMax, yMin, yMax]` to bin; default: the bounding box of both sample sets.
   * Points outside are clamped into the edge cells, so no mass is lost.
   */
  box?: readonly [number, number, number, number];
}

/**
 * The Jensen-Shannon divergence between the 2-D histograms of generated and real samples, in
 * the note's convention JS(P,Q) = KL(P||M) + KL(Q||M), M = (P+Q)/2, bounded by 2 log 2 (halve it
 * for Goodfellow et al.'s JSD). Both histograms use the same box and bins; no smoothing is
 * needed since M > 0 wherever P or Q is. The value depends on the binning and is biased upward
 * for small samples (finite-sample noise alone gives JS > 0).
 *
 * @param generated Generated points, interleaved or `[x, y]` pairs.
 * @param real Real points, same forms.
 * @param options `bins` (default 50), `box` (default: bounding box of both sets).
 * @returns JS(P_generated, P_real) in nats, in [0, 2 log 2].
 * @throws {TypeError} If a sample set is not an array.
 * @throws {RangeError} If a set is empty, odd-length or non-finite, or `bins`/`box` is invalid.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example Disjoint samples reach 2 log 2
 * ```ts
 * import { binnedJensenShannon } from "./binned_js.ts";
 * import assert from "node:assert";
 * const js = binnedJensenShannon([[0, 0]], [[1, 1]], { bins: 2 });
 * assert.ok(Math.abs(js - 2 * Math.log(2)) < 1e-12);
 * ```
 */
export function binnedJensenShannon(
  generated: Points2d,
  real: Points2d,
  options: BinnedJensenShannonOptions = {},
): number {
  const g = flattenPoints(generated, "generated", ACTION);
  const r = flattenPoints(real, "real", ACTION);
  options = checkOptions(options, ["bins", "box"], ACTION);
  const bins = options.bins ?? 50;
  let box = options.box;
  if (box === undefined) {
    let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const flat of [g, r]) {
      for (let i = 0; i < flat.length; i += 2) {
        xMin = Math.min(xMin, flat[i]);
        xMax = Math.max(xMax, flat[i]);
        yMin = Math.min(yMin, flat[i + 1]);
        yMax = Math.max(yMax, flat[i + 1]);
      }
    }
    // A degenerate axis (all points equal) still needs a non-empty range.
    if (xMax === xMin) [xMin, xMax] = [xMin - 0.5, xMax + 0.5];
    if (yMax === yMin) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
    box = [xMin, xMax, yMin, yMax];
  }
  const [xMin, xMax, yMin, yMax] = box;
  const h = { xMin, xMax, yMin, yMax, bins, outside: "clamp" as const };
  return jensenShannon(histogram2d(g, h), histogram2d(r, h));
}
