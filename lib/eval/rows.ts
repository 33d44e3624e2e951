import * as tf from "@tensorflow/tfjs";
import type { Tensor2D } from "../tensor_types.ts";
import type { Dataset } from "../data/dataset.ts";

/** A set of row vectors: an `[n, d]` tensor or an in-memory {@linkcode Dataset}. */
export type RowSource = Tensor2D | Dataset;

/** Uniform access to a {@linkcode RowSource}: size and tensors of row ranges. */
export interface Rows {
  n: number;
  dim: number;
  /** Rows [start, end) as a new tensor owned by the caller. */
  slice(start: number, end: number): tf.Tensor2D;
  /** The rows at `indices` as a new tensor owned by the caller. */
  gather(indices: Int32Array): tf.Tensor2D;
}

/**
 * Wraps and checks a row source: it must be a rank-2 tensor or a Dataset with at least one row.
 * `name` and `action` build the error message.
 */
export function toRows(source: RowSource, name: string, action: string): Rows {
  if (source instanceof tf.Tensor) {
    if (source.rank !== 2) {
      throw new TypeError(
        `Cannot ${action} as ${name} must be a rank-2 tensor [n, d]: ${name}.shape=[${source.shape}]`,
      );
    }
    const [n, dim] = source.shape;
    if (n === 0 || dim === 0) {
      throw new RangeError(
        `Cannot ${action} as ${name} must be non-empty: ${name}.shape=[${source.shape}]`,
      );
    }
    return {
      n,
      dim,
      slice: (s, e) => tf.slice(source, [s, 0], [e - s, dim]),
      gather: (indices) => tf.tidy(() => tf.gather(source, tf.tensor1d(indices, "int32"))),
    };
  }
  if (!source || !(source.x instanceof Float32Array) || !Number.isInteger(source.dim)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a [n, d] tensor or a Dataset: ${name}=${String(source)}`,
    );
  }
  const { n, dim, x } = source;
  if (n === 0 || dim === 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be non-empty: ${name}.n=${n}, ${name}.dim=${dim}`,
    );
  }
  return {
    n,
    dim,
    slice: (s, e) => tf.tensor2d(x.subarray(s * dim, e * dim), [e - s, dim]),
    gather: (indices) => {
      const out = new Float32Array(indices.length * dim);
      indices.forEach((r, i) => out.set(x.subarray(r * dim, r * dim + dim), i * dim));
      return tf.tensor2d(out, [indices.length, dim]);
    },
  };
}

/** Throws unless both row sets have the same dimension. */
export function checkSameDim(a: Rows, b: Rows, names: [string, string], action: string): void {
  if (a.dim !== b.dim) {
    throw new RangeError(
      `Cannot ${action} as ${names[0]} and ${names[1]} must have the same dimension: ${
        names[0]
      } has ${a.dim}, ${names[1]} has ${b.dim}`,
    );
  }
}

export { checkPositiveInt } from "../validate.ts";

/**
 * Throws a `RangeError` when a row source holds NaN or +-Infinity (a Parzen score or a
 * nearest-neighbour search over them would return NaN or nonsense without saying why).
 */
export async function checkFiniteRows(
  source: RowSource,
  name: string,
  action: string,
): Promise<void> {
  let bad = 0;
  if (source instanceof tf.Tensor) {
    const count = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(source)), "int32")));
    bad = (await count.data())[0];
    count.dispose();
  } else {
    const x = source.x;
    for (let i = 0; i < source.n * source.dim; i++) if (!Number.isFinite(x[i])) bad++;
  }
  if (bad > 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must hold finite values: ${name} has ${bad} NaN or infinite value(s)`,
    );
  }
}

/**
 * Squared Euclidean distances between the rows of `x` `[b, d]` and the columns of `yT` `[d, m]`
 * via ||x||^2 - 2 x.y + ||y||^2 (one matmul), clamped at 0 against float rounding. `ySq` is
 * `[1, m]`. `yT` is passed already transposed: wasm's matMul with transposeB is ~10x slower.
 * Call inside a tidy.
 */
export function squaredDistances(x: tf.Tensor2D, yT: tf.Tensor2D, ySq: tf.Tensor2D): tf.Tensor2D {
  const xSq = tf.sum(tf.square(x), 1, true);
  return tf.relu(tf.add(tf.sub(xSq, tf.mul(2, tf.matMul(x, yT))), ySq));
}
