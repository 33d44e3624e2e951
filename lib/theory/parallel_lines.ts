import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random.ts";
import type { Tensor } from "../tensor_types.ts";
import { checkFinite, checkPositiveInteger } from "./validate.ts";

/** Options of {@linkcode parallelLines}. */
export interface ParallelLinesOptions {
  /** Points per segment (at heights (k + 1/2) / points). Default 16. */
  points?: number;
}

/** Two discretised parallel segments on one support, from {@linkcode parallelLines}. */
export interface ParallelLines {
  /** The horizontal distance between the segments. */
  offset: number;
  /** The support: P's points (0, y_k), then Q's points (offset, y_k) unless offset = 0. */
  support: number[][];
  /** P, uniform on {0} x [0, 1], as a probability vector over `support`. */
  p: Float64Array;
  /** Q, uniform on {offset} x [0, 1], as a probability vector over `support`. */
  q: Float64Array;
}

/**
 * WGAN's example of two parallel line segments (Arjovsky et al. 2017, Example 1):
 * P uniform on {0} x [0, 1] and Q uniform on {offset} x [0, 1], discretised to `points` heights
 * each, on one support so that JS, KL and W1 all apply. For every offset != 0 the supports are
 * disjoint, so JS(P, Q) = 2 log 2 (the note's convention) whatever the offset: flat, with no
 * gradient towards 0; while W1(P, Q) = |offset|. At offset 0, P = Q.
 *
 * @param offset The horizontal distance, a finite number.
 * @param options The number of points per segment.
 * @returns The support and both distributions.
 * @throws {TypeError} If `offset` is not a finite number.
 * @throws {RangeError} If `points` is not a positive integer.
 *
 * @example
 * ```ts
 * import { parallelLines } from "./parallel_lines.ts";
 * import assert from "node:assert";
 * const { support, p, q } = parallelLines(0.5, { points: 2 });
 * assert.deepStrictEqual(support, [[0, 0.25], [0, 0.75], [0.5, 0.25], [0.5, 0.75]]);
 * assert.deepStrictEqual([...p, ...q], [0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5]);
 * ```
 */
export function parallelLines(offset: number, options: ParallelLinesOptions = {}): ParallelLines {
  const action = "build the parallel lines";
  checkFinite(offset, "offset", action);
  const { points = 16 } = options;
  checkPositiveInteger(points, "points", action);
  const ys = Array.from({ length: points }, (_, k) => (k + 0.5) / points);
  if (offset === 0) {
    const p = new Float64Array(points).fill(1 / points);
    return { offset, support: ys.map((y) => [0, y]), p, q: p.slice() };
  }
  const support = [...ys.map((y) => [0, y]), ...ys.map((y) => [offset, y])];
  const p = new Float64Array(2 * points), q = new Float64Array(2 * points);
  p.fill(1 / points, 0, points);
  q.fill(1 / points, points);
  return { offset, support, p, q };
}

/**
 * A sampler of the continuous segment {x} x [0, 1]: `m` points (x, U), U ~ U[0, 1] from `rng`.
 * Pass `segmentSampler(0)` and `segmentSampler(offset)` to {@linkcode estimateWasserstein1}.
 *
 * @param x The segment's abscissa, a finite number.
 * @returns `(m, rng) => Tensor` of shape `[m, 2]`, float32, owned by the caller.
 * @throws {TypeError} If `x` is not a finite number.
 *
 * @example
 * ```ts
 * import { segmentSampler } from "./parallel_lines.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const t = segmentSampler(2)(3, new Rng(0));
 * assert.deepStrictEqual(t.shape, [3, 2]);
 * assert.deepStrictEqual([...t.dataSync()].filter((_, i) => i % 2 === 0), [2, 2, 2]);
 * t.dispose();
 * ```
 */
export function segmentSampler(x: number): (m: number, rng: Rng) => Tensor {
  checkFinite(x, "x", "build a segment sampler");
  return (m, rng) => {
    checkPositiveInteger(m, "m", "sample a segment");
    const values = new Float32Array(2 * m);
    for (let i = 0; i < m; i++) {
      values[2 * i] = x;
      values[2 * i + 1] = rng.next();
    }
    return tf.tensor2d(values, [m, 2]);
  };
}
