import * as tf from "@tensorflow/tfjs";
import {
  checkPositiveInt,
  checkSameDim,
  type RowSource,
  squaredDistances,
  toRows,
} from "./rows.ts";

import { checkOptions } from "../validate.ts";

const ACTION = "find nearest neighbours";

/** Options of {@linkcode nearestNeighbours}. */
export interface NearestOptions {
  /** Reference rows per distance block (default 5000): memory is O(queryBatch * chunkSize). */
  chunkSize?: number;
  /** Query rows per block (default 500). */
  queryBatch?: number;
}

/** The result of {@linkcode nearestNeighbours}: one entry per query row. */
export interface NearestResult {
  /** Index of each query's nearest reference row (the first one on ties). */
  indices: Int32Array;
  /** Its squared Euclidean distance, recomputed directly as sum (q - r)^2 (never negative). */
  distances: Float32Array;
}

/**
 * For each query row, its nearest reference row in squared Euclidean distance: Figure 2's
 * rightmost column (Goodfellow et al. 2014), the training example closest in pixel space to a
 * sample. Candidates come from blocks of ||q||^2 - 2 q.r + ||r||^2 (one matmul, clamped at 0),
 * chunked over the reference set so 50k MNIST images fit in memory; the winner's distance is
 * then recomputed directly from the difference, so it carries no cancellation error.
 *
 * @param queries The rows to look up `[q, d]` (tensor or Dataset); not disposed.
 * @param reference The rows to search `[n, d]` (e.g. the training set); not disposed.
 * @param options `chunkSize`, `queryBatch`.
 * @returns Indices into `reference` and squared distances; no tensors are left behind.
 * @throws {TypeError} If an input is not a rank-2 tensor or Dataset.
 * @throws {RangeError} If a set is empty, the dimensions differ, or an option is not a positive
 *   integer.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { nearestNeighbours } from "./nearest.ts";
 * import assert from "node:assert";
 * const ref = tf.tensor2d([[0, 0], [5, 5], [1, 1]]), q = tf.tensor2d([[1.2, 0.9]]);
 * const { indices, distances } = await nearestNeighbours(q, ref);
 * tf.dispose([ref, q]);
 * assert.strictEqual(indices[0], 2);
 * assert.ok(Math.abs(distances[0] - 0.05) < 1e-6);
 * ```
 */
export async function nearestNeighbours(
  queries: RowSource,
  reference: RowSource,
  options: NearestOptions = {},
): Promise<NearestResult> {
  const q = toRows(queries, "queries", ACTION);
  const r = toRows(reference, "reference", ACTION);
  checkSameDim(q, r, ["queries", "reference"], ACTION);
  options = checkOptions(options, ["chunkSize", "queryBatch"], ACTION);
  const chunkSize = checkPositiveInt(options.chunkSize ?? 5000, "chunkSize", ACTION);
  const queryBatch = checkPositiveInt(options.queryBatch ?? 500, "queryBatch", ACTION);
  const indices = new Int32Array(q.n);
  const best = new Float32Array(q.n).fill(Infinity);
  for (let cs = 0; cs < r.n; cs += chunkSize) {
    const ce = Math.min(cs + chunkSize, r.n);
    const [refT, refSq] = tf.tidy(() => {
      const chunk = r.slice(cs, ce);
      return [
        tf.transpose(chunk),
        tf.sum(tf.square(chunk), 1).reshape([1, ce - cs]),
      ] as tf.Tensor2D[];
    });
    try {
      for (let qs = 0; qs < q.n; qs += queryBatch) {
        const qe = Math.min(qs + queryBatch, q.n);
        const [minT, argT] = tf.tidy(() => {
          const d2 = squaredDistances(q.slice(qs, qe), refT, refSq);
          return [tf.min(d2, 1), tf.argMin(d2, 1)];
        });
        const [mins, args] = await Promise.all([minT.data(), argT.data()]);
        tf.dispose([minT, argT]);
        for (let i = 0; i < qe - qs; i++) {
          // Strictly less: earlier chunks win ties, so the first index overall is kept.
          if (mins[i] < best[qs + i]) {
            best[qs + i] = mins[i];
            indices[qs + i] = cs + args[i];
          }
        }
      }
    } finally {
      tf.dispose([refT, refSq]);
    }
  }
  const exact = tf.tidy(() => {
    return tf.sum(tf.square(tf.sub(q.slice(0, q.n), r.gather(indices))), 1);
  });
  const distances = new Float32Array(await exact.data());
  exact.dispose();
  return { indices, distances };
}
