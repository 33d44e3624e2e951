import * as tf from "@tensorflow/tfjs";
import type { Tensor, Tensor2D } from "../tensor_types.ts";

/**
 * An in-memory data set: `n` rows of `dim` float32 features, row-major, with optional labels.
 * MNIST splits and samples from the toy distributions both take this form.
 */
export interface Dataset {
  /** The rows, row-major `[n, dim]` float32 (MNIST: pixels in [0, 1]). */
  readonly x: Float32Array;
  /** The number of rows. */
  readonly n: number;
  /** The number of features per row (MNIST: 784). */
  readonly dim: number;
  /** Optional per-row class labels, length `n`. */
  readonly labels?: Uint8Array;
}

/**
 * Wraps a row-major Float32Array as a {@linkcode Dataset}, checking the sizes.
 *
 * @param x Row-major values, length `n * dim`.
 * @param dim Features per row, a positive integer dividing `x.length`.
 * @param labels Optional labels, one per row.
 * @returns The data set (views, no copy).
 * @throws {RangeError} If `dim` is not a positive integer dividing `x.length`, `x` is empty,
 *   or `labels.length` differs from the row count.
 *
 * @example
 * ```ts
 * import { makeDataset } from "./dataset.ts";
 * import assert from "node:assert";
 * assert.strictEqual(makeDataset(new Float32Array(6), 2).n, 3);
 * ```
 */
export function makeDataset(x: Float32Array, dim: number, labels?: Uint8Array): Dataset {
  if (!(x instanceof Float32Array)) {
    throw new TypeError(`Cannot make a data set as x must be a Float32Array: x=${typeof x}`);
  }
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new RangeError(`Cannot make a data set as dim must be a positive integer: dim=${dim}`);
  }
  if (x.length === 0 || x.length % dim !== 0) {
    throw new RangeError(
      `Cannot make a data set as x.length must be a positive multiple of dim: x.length=${x.length}, dim=${dim}`,
    );
  }
  const n = x.length / dim;
  if (labels !== undefined && labels.length !== n) {
    throw new RangeError(
      `Cannot make a data set as labels must have one entry per row: labels.length=${labels.length}, rows=${n}`,
    );
  }
  return labels === undefined ? { x, n, dim } : { x, n, dim, labels };
}

/**
 * The rows `[start, end)` of a data set as a `[end - start, dim]` float32 tensor.
 *
 * @param data The data set.
 * @param start First row (default 0).
 * @param end One past the last row (default `data.n`).
 * @returns A new tensor owned by the caller (dispose it).
 * @throws {RangeError} If the range is empty or outside `[0, n]`.
 *
 * @example
 * ```ts
 * import { datasetTensor, makeDataset } from "./dataset.ts";
 * import assert from "node:assert";
 * const t = datasetTensor(makeDataset(new Float32Array(8), 2), 1, 3);
 * assert.deepStrictEqual(t.shape, [2, 2]);
 * t.dispose();
 * ```
 */
export function datasetTensor(data: Dataset, start = 0, end: number = data.n): Tensor2D {
  if (
    !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > data.n || start >= end
  ) {
    throw new RangeError(
      `Cannot slice a data set as 0 <= start < end <= n must hold: start=${start}, end=${end}, n=${data.n}`,
    );
  }
  return tf.tensor2d(data.x.subarray(start * data.dim, end * data.dim), [end - start, data.dim]);
}

/**
 * The labels as an int32 tensor `[n]`, or one-hot float32 `[n, classes]`.
 *
 * @param data A data set with labels.
 * @param classes If given, one-hot encode with this many classes (MNIST: 10).
 * @returns A new tensor owned by the caller.
 * @throws {TypeError} If the data set has no labels.
 *
 * @example
 * ```ts
 * import { labelsTensor, makeDataset } from "./dataset.ts";
 * import assert from "node:assert";
 * const t = labelsTensor(makeDataset(new Float32Array(2), 1, new Uint8Array([3, 1])), 4);
 * assert.deepStrictEqual(t.shape, [2, 4]);
 * t.dispose();
 * ```
 */
export function labelsTensor(data: Dataset, classes?: number): Tensor {
  if (!data.labels) {
    throw new TypeError("Cannot make a labels tensor as the data set has no labels");
  }
  const labels = data.labels;
  return tf.tidy(() => {
    const t = tf.tensor1d(Int32Array.from(labels), "int32");
    return classes === undefined ? t : tf.oneHot(t, classes).toFloat();
  });
}
