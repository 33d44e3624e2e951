import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random.ts";
import { checkOptions } from "../validate.ts";
import type { DataSampler } from "./batches.ts";

/** A point in the plane. */
export type Point2d = readonly [number, number];

/**
 * A set of points in the plane, as callers hold them: `[x, y]` pairs (arrays or typed arrays of
 * length 2), or one flat interleaved array `[x0, y0, x1, y1, ...]` (what `await t.data()` of an
 * `[n, 2]` tensor gives).
 */
export type Points2d = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** An isotropic 2-D Gaussian mixture with its exact density, as a {@linkcode DataSampler}. */
export interface GaussianMixture2d extends DataSampler {
  /** Always 2. */
  readonly dim: 2;
  /** The mode centres. */
  readonly centres: readonly Point2d[];
  /** The per-axis standard deviation of every component. */
  readonly std: number;
  /** The mixture weights (sum 1). */
  readonly weights: readonly number[];
  /** The density sum_k w_k N((x, y); c_k, std^2 I). */
  pdf(x: number, y: number): number;
  /** The log density (computed stably with log-sum-exp). */
  logPdf(x: number, y: number): number;
  /** Draws `m` points and the component each came from. */
  sampleWithModes(m: number, rng: Rng): { x: Float32Array; modes: Int32Array };
}

/** Options of {@linkcode gaussianMixture2d}. */
export interface GaussianMixture2dOptions {
  /** Per-axis standard deviation of each component, > 0. */
  std: number;
  /** Mixture weights, non-negative, summing to > 0 (normalised). Default uniform. */
  weights?: readonly number[];
}

/**
 * An isotropic Gaussian mixture in the plane: p(v) = sum_k w_k N(v; c_k, std^2 I).
 *
 * @param centres The mode centres (at least one).
 * @param options `std` and optional `weights`.
 * @returns A {@linkcode GaussianMixture2d}; `sample(m, rng)` gives a `[m, 2]` tensor.
 * @throws {RangeError} If there are no centres, a coordinate is not finite, `std <= 0`, or the
 *   weights are the wrong length, negative, or sum to 0.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { gaussianMixture2d } from "./mixture_2d.ts";
 * import assert from "node:assert";
 * const p = gaussianMixture2d([[0, 0], [10, 0]], { std: 1 });
 * assert.ok(Math.abs(p.pdf(0, 0) - 0.5 / (2 * Math.PI)) < 1e-12);
 * ```
 */
export function gaussianMixture2d(
  centres: readonly Point2d[],
  options: GaussianMixture2dOptions,
): GaussianMixture2d {
  options = checkOptions(options, ["std", "weights"], "build a mixture");
  if (!Array.isArray(centres)) {
    throw new TypeError(`Cannot build a mixture as centres must be an array: centres=${centres}`);
  }
  const k = centres.length;
  if (k === 0) throw new RangeError("Cannot build a mixture as centres is empty: centres.length=0");
  const bad = centres.findIndex((c) => c.length !== 2 || !c.every(Number.isFinite));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot build a mixture as centres must be finite [x, y]: centres[${bad}]=${
        JSON.stringify(centres[bad])
      }`,
    );
  }
  const { std } = options;
  if (!(std > 0) || !Number.isFinite(std)) {
    throw new RangeError(`Cannot build a mixture as std must be positive and finite: std=${std}`);
  }
  const raw = options.weights ?? new Array(k).fill(1);
  const total = raw.reduce((a, b) => a + b, 0);
  if (raw.length !== k || raw.some((w) => !(w >= 0) || !Number.isFinite(w)) || !(total > 0)) {
    throw new RangeError(
      `Cannot build a mixture as weights must be ${k} non-negative numbers with a positive sum: weights=${
        JSON.stringify(raw)
      }`,
    );
  }
  const weights = raw.map((w) => w / total);
  const uniform = options.weights === undefined;
  const cumulative = weights.map(((s) => (w: number) => (s += w))(0));
  const logW = weights.map(Math.log);
  const logNorm = -Math.log(2 * Math.PI * std * std);

  const logPdf = (x: number, y: number) => {
    let max = -Infinity;
    const terms = centres.map(([cx, cy], i) => {
      const t = logW[i] + logNorm - ((x - cx) ** 2 + (y - cy) ** 2) / (2 * std * std);
      if (t > max) max = t;
      return t;
    });
    if (max === -Infinity) return -Infinity;
    return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
  };
  const pickMode = (rng: Rng) => {
    if (uniform) return rng.int(k);
    const u = rng.next();
    const i = cumulative.findIndex((c) => u < c);
    return i < 0 ? k - 1 : i;
  };
  const sampleWithModes = (m: number, rng: Rng, out: Float32Array = new Float32Array(2 * m)) => {
    if (!Number.isInteger(m) || m <= 0) {
      throw new RangeError(`Cannot sample a mixture as m must be a positive integer: m=${m}`);
    }
    const modes = new Int32Array(m);
    const z = new Float64Array(2);
    for (let i = 0; i < m; i++) {
      const c = (modes[i] = pickMode(rng));
      rng.fillNormal(z);
      out[2 * i] = centres[c][0] + std * z[0];
      out[2 * i + 1] = centres[c][1] + std * z[1];
    }
    return { x: out, modes };
  };
  const fill = (out: Float32Array, m: number, rng: Rng) => {
    if (out.length !== 2 * m) {
      throw new RangeError(
        `Cannot sample a mixture as out must have 2 * m = ${
          2 * m
        } entries: out.length=${out.length}`,
      );
    }
    return sampleWithModes(m, rng, out).x;
  };
  return {
    dim: 2,
    centres: centres.map(([x, y]) => [x, y] as const),
    std,
    weights,
    logPdf,
    pdf: (x, y) => Math.exp(logPdf(x, y)),
    sampleWithModes: (m, rng) => sampleWithModes(m, rng),
    fill,
    sample: (m, rng) => tf.tensor2d(sampleWithModes(m, rng).x, [m, 2]),
  };
}
