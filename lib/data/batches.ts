import * as tf from "@tensorflow/tfjs";
import type { Tensor2D } from "../tensor_types.ts";
import type { Rng } from "../random.ts";
import type { Dataset } from "./dataset.ts";

/** One minibatch from {@linkcode batches}. */
export interface Batch {
  /** The rows, `[size, dim]` float32; owned by the caller (dispose it). */
  x: Tensor2D;
  /** The row indices drawn from the data set. */
  indices: Int32Array;
  /** The labels of those rows, when the data set has labels. */
  labels?: Uint8Array;
}

/** Options of {@linkcode batches}. */
export interface BatchesOptions {
  /** Drop the last, smaller batch of an epoch (default true: every batch has `batchSize` rows). */
  dropLast?: boolean;
}

function checkBatchSize(batchSize: number, n: number, what: string): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(
      `Cannot ${what} as batchSize must be a positive integer: batchSize=${batchSize}`,
    );
  }
  if (batchSize > n) {
    throw new RangeError(
      `Cannot ${what} as batchSize exceeds the data set: batchSize=${batchSize}, n=${n}`,
    );
  }
}

/** Copies the rows `indices` of `data` into `out` (row-major). */
function gatherRows(data: Dataset, indices: Int32Array, out: Float32Array): Float32Array {
  const d = data.dim;
  for (let i = 0; i < indices.length; i++) {
    out.set(data.x.subarray(indices[i] * d, indices[i] * d + d), i * d);
  }
  return out;
}

/**
 * One epoch of shuffled minibatches: a permutation of the rows drawn from `rng`, cut into
 * batches of `batchSize` (Algorithm 1's "minibatch of m examples"). Call again for the next
 * epoch; the same `rng` state gives the same epoch on every backend.
 *
 * @param data The data set.
 * @param batchSize Rows per batch, in [1, n].
 * @param rng The data-order stream (e.g. `rngStreams(seed).data`); advanced by the shuffle.
 * @param options `dropLast` (default true).
 * @returns A generator of {@linkcode Batch}es; each `x` tensor is owned by the caller.
 * @throws {RangeError} If `batchSize` is not an integer in [1, n].
 *
 * @example
 * ```ts
 * import { batches } from "./batches.ts";
 * import { makeDataset } from "./dataset.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const data = makeDataset(new Float32Array(10), 1);
 * let count = 0;
 * for (const { x } of batches(data, 3, new Rng(0))) { count++; x.dispose(); }
 * assert.strictEqual(count, 3);
 * ```
 */
export function* batches(
  data: Dataset,
  batchSize: number,
  rng: Rng,
  options: BatchesOptions = {},
): Generator<Batch, void, undefined> {
  checkBatchSize(batchSize, data.n, "iterate over batches");
  const { dropLast = true } = options;
  const order = rng.permutation(data.n);
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(start + batchSize, data.n);
    if (end - start < batchSize && dropLast) return;
    const indices = order.slice(start, end);
    const x = tf.tensor2d(gatherRows(data, indices, new Float32Array(indices.length * data.dim)), [
      indices.length,
      data.dim,
    ]);
    if (!data.labels) {
      yield { x, indices };
    } else {
      const labels = new Uint8Array(indices.length);
      for (let i = 0; i < indices.length; i++) labels[i] = data.labels[indices[i]];
      yield { x, indices, labels };
    }
  }
}

/**
 * Draws `m` distinct row indices uniformly (Floyd's algorithm: O(m), state-free, so the draw
 * depends on `rng` alone).
 */
function distinctIndices(n: number, m: number, rng: Rng): Int32Array {
  const chosen = new Set<number>();
  const out = new Int32Array(m);
  let k = 0;
  for (let j = n - m; j < n; j++) {
    const t = rng.int(j + 1);
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
    out[k++] = pick;
  }
  return out;
}

/** Draws minibatches of real data, like a {@linkcode NoisePrior} draws noise. */
export interface DataSampler {
  /** Features per row. */
  readonly dim: number;
  /** Fills `out` (length `m * dim`) with `m` rows. */
  fill(out: Float32Array, m: number, rng: Rng): Float32Array;
  /** Draws `m` rows as a `[m, dim]` float32 tensor owned by the caller. */
  sample(m: number, rng: Rng): Tensor2D;
}

/**
 * A sampler of real minibatches from a data set: each call draws `m` distinct rows uniformly
 * at random from `rng` (Algorithm 1: "sample minibatch of m examples from p_data").
 *
 * @param data The data set.
 * @returns A {@linkcode DataSampler}; `sample(m, rng)` gives a `[m, dim]` tensor.
 * @throws {RangeError} (from `sample`/`fill`) If `m` is not an integer in [1, n].
 *
 * @example
 * ```ts
 * import { dataSampler } from "./batches.ts";
 * import { makeDataset } from "./dataset.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const x = dataSampler(makeDataset(new Float32Array(20), 2)).sample(4, new Rng(1));
 * assert.deepStrictEqual(x.shape, [4, 2]);
 * x.dispose();
 * ```
 */
export function dataSampler(data: Dataset): DataSampler {
  const fill = (out: Float32Array, m: number, rng: Rng) => {
    checkBatchSize(m, data.n, "sample real data");
    if (out.length !== m * data.dim) {
      throw new RangeError(
        `Cannot sample real data as out must have m * dim = ${
          m * data.dim
        } entries: out.length=${out.length}`,
      );
    }
    return gatherRows(data, distinctIndices(data.n, m, rng), out);
  };
  return {
    dim: data.dim,
    fill,
    sample: (m, rng) => {
      checkBatchSize(m, data.n, "sample real data");
      return tf.tensor2d(fill(new Float32Array(m * data.dim), m, rng), [m, data.dim]);
    },
  };
}
