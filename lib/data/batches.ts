import * as tf from "@tensorflow/tfjs";
import type { Tensor2D } from "../tensor_types.ts";
import { Rng } from "../random.ts";
import { checkOptions } from "../validate.ts";
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
  const { dropLast = true } = checkOptions(options, ["dropLast"], "iterate over batches");
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
  /** How a data-set sampler orders rows (absent for samplers of a density). */
  readonly order?: DataOrder;
  /** Fills `out` (length `m * dim`) with `m` rows. */
  fill(out: Float32Array, m: number, rng: Rng): Float32Array;
  /** Draws `m` rows as a `[m, dim]` float32 tensor owned by the caller. */
  sample(m: number, rng: Rng): Tensor2D;
  /** The sampler's own position (samplers that keep one, e.g. in an epoch), as plain JSON. */
  state?(): DataSamplerState;
  /** Continues from a position saved by `state()`. */
  setState?(state: DataSamplerState): void;
}

/** A {@linkcode DataSampler} over a data set that keeps its place in the epoch. */
export interface DatasetSampler extends DataSampler {
  /** How it orders rows. */
  readonly order: DataOrder;
  /** Its position as plain JSON. */
  state(): DataSamplerState;
  /** Continues from a saved position. */
  setState(state: DataSamplerState): void;
}

/** How {@linkcode dataSampler} orders the rows it hands out. */
export type DataOrder = "epochs" | "iid";

/** Options of {@linkcode dataSampler}. */
export interface DataSamplerOptions {
  /**
   * `"epochs"` (default): a fresh random permutation of the rows each epoch, cut into
   * consecutive minibatches, every row seen once per epoch (pylearn2's `shuffled_sequential`,
   * the order of the 2014 paper's code); a minibatch that would cross the end of an epoch starts
   * the next one (the rest of the old epoch is dropped, as with `dropLast`).
   * `"iid"`: each minibatch draws `m` distinct rows uniformly at random, independently of the
   * others (Algorithm 1 read literally).
   */
  order?: DataOrder;
}

/** Where an `"epochs"` sampler stands (plain JSON, saved in trainer checkpoints). */
export interface DataSamplerState {
  /** Epochs started so far (0 before the first minibatch). */
  epoch: number;
  /** Rows of the current epoch's permutation already handed out. */
  position: number;
  /** Seed of the current epoch's permutation (drawn from the data stream at its start). */
  epochSeed: number;
}

/**
 * A sampler of real minibatches from a data set, in epochs of shuffled rows (default) or as
 * independent uniform draws (see {@linkcode DataSamplerOptions}). All randomness comes from the
 * `rng` passed to each call (the trainer's seeded data stream); an `"epochs"` sampler also
 * keeps its place in the epoch, which {@linkcode DataSampler.state} exposes so checkpoints
 * resume mid-epoch.
 *
 * @param data The data set.
 * @param options `order` (default `"epochs"`).
 * @returns A {@linkcode DataSampler}; `sample(m, rng)` gives a `[m, dim]` tensor.
 * @throws {RangeError} If `order` is unknown; (from `sample`/`fill`) if `m` is not an
 *   integer in [1, n].
 *
 * @example Every row once per epoch
 * ```ts
 * import { dataSampler } from "./batches.ts";
 * import { makeDataset } from "./dataset.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const data = makeDataset(Float32Array.from({ length: 10 }, (_, i) => i), 1);
 * const sampler = dataSampler(data), rng = new Rng(1);
 * const seen = [...sampler.fill(new Float32Array(5), 5, rng), ...sampler.fill(new Float32Array(5), 5, rng)];
 * assert.deepStrictEqual(seen.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * assert.strictEqual(sampler.state().epoch, 1);
 * ```
 */
export function dataSampler(data: Dataset, options: DataSamplerOptions = {}): DatasetSampler {
  const order = checkOptions(options, ["order"], "make a data sampler").order ?? "epochs";
  if (order !== "epochs" && order !== "iid") {
    throw new RangeError(
      `Cannot make a data sampler as order must be "epochs" or "iid": order=${String(order)}`,
    );
  }
  let state: DataSamplerState = { epoch: 0, position: 0, epochSeed: 0 };
  let permutation: Int32Array | null = null;
  const nextIndices = (m: number, rng: Rng): Int32Array => {
    if (order === "iid") return distinctIndices(data.n, m, rng);
    if (permutation === null || state.position + m > data.n) {
      const epochSeed = rng.nextUint32();
      permutation = new Rng(epochSeed).permutation(data.n);
      state = { epoch: state.epoch + 1, position: 0, epochSeed };
    }
    const indices = permutation.slice(state.position, state.position + m);
    state = { ...state, position: state.position + m };
    return indices;
  };
  const fill = (out: Float32Array, m: number, rng: Rng) => {
    checkBatchSize(m, data.n, "sample real data");
    if (out.length !== m * data.dim) {
      throw new RangeError(
        `Cannot sample real data as out must have m * dim = ${
          m * data.dim
        } entries: out.length=${out.length}`,
      );
    }
    return gatherRows(data, nextIndices(m, rng), out);
  };
  return {
    dim: data.dim,
    order,
    fill,
    sample: (m, rng) => {
      checkBatchSize(m, data.n, "sample real data");
      return tf.tensor2d(fill(new Float32Array(m * data.dim), m, rng), [m, data.dim]);
    },
    state: () => ({ ...state }),
    setState: (saved: DataSamplerState) => {
      const ok = saved !== null && typeof saved === "object" &&
        Number.isInteger(saved.epoch) && saved.epoch >= 0 &&
        Number.isInteger(saved.position) && saved.position >= 0 && saved.position <= data.n &&
        Number.isInteger(saved.epochSeed) && saved.epochSeed >= 0 && saved.epochSeed < 2 ** 32;
      if (!ok) {
        throw new RangeError(
          `Cannot restore a data sampler as state must be { epoch, position <= n, epochSeed }: state=${
            JSON.stringify(saved)
          }, n=${data.n}`,
        );
      }
      state = { ...saved };
      permutation = order === "epochs" && saved.epoch > 0
        ? new Rng(saved.epochSeed).permutation(data.n)
        : null;
    },
  };
}
