import { makeDataset } from "../data/dataset.ts";
import type { Dataset } from "../data/dataset.ts";
import { nearestNeighbours } from "./nearest.ts";
import { checkOptions } from "../validate.ts";

const ACTION = "measure sample diversity";

/** Options of {@linkcode sampleDiversity}. */
export interface SampleDiversityOptions {
  /** How many samples are looked up among the reference rows (default 500, at most n). */
  neighbourQueries?: number;
  /** Collapse when `spreadRatio` is below this (default 0.25). */
  minSpreadRatio?: number;
  /** Collapse when `distinctFraction` is below this (default 0.1). */
  minDistinctFraction?: number;
}

/** The result of {@linkcode sampleDiversity}. */
export interface SampleDiversity {
  /** Mean over features of the samples' standard deviation (per-pixel spread). */
  spread: number;
  /** The same for the reference rows. */
  referenceSpread: number;
  /** `spread / referenceSpread`: about 1 for samples as varied as the data, near 0 for one mode. */
  spreadRatio: number;
  /** How many samples were looked up among the reference rows. */
  queries: number;
  /** How many different reference rows are nearest to them. */
  distinctNeighbours: number;
  /** `distinctNeighbours / queries`. */
  distinctFraction: number;
  /** Whether either measure is below its threshold. */
  collapsed: boolean;
  /** Why it counts as collapsed (empty when it does not). */
  reason: string;
}

function meanStd(x: Float32Array, n: number, dim: number): number {
  const sum = new Float64Array(dim), sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = x[row + j];
      sum[j] += v;
      sq[j] += v * v;
    }
  }
  let total = 0;
  for (let j = 0; j < dim; j++) {
    const mean = sum[j] / n;
    total += Math.sqrt(Math.max(sq[j] / n - mean * mean, 0));
  }
  return total / dim;
}

function checkFraction(value: number, name: string): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new RangeError(`Cannot ${ACTION} as ${name} must be in [0, 1]: ${name}=${value}`);
  }
  return value;
}

/**
 * A mode-collapse detector for samples of a generator (e.g. 784-pixel MNIST images): the
 * per-feature spread of the samples against that of the data, and how many distinct data
 * rows are the nearest neighbours of the samples. A collapsed GAN (every z mapped to one or a
 * few images, Goodfellow 2016 section 5.1.1) has a spread ratio near 0 and few distinct
 * neighbours; real data has a ratio of 1 and (on MNIST) hundreds of distinct neighbours per
 * 500 queries.
 *
 * @param samples Row-major `[n, dim]` samples (n >= 2).
 * @param reference The data, e.g. `mnist.train` (its rows are searched for neighbours).
 * @param options Query count and the two thresholds.
 * @returns The {@linkcode SampleDiversity} summary.
 * @throws {TypeError} If `samples` is not a Float32Array.
 * @throws {RangeError} If its length is not a multiple of `reference.dim` with n >= 2, a value
 *   is not finite, or an option is out of range.
 *
 * @example One repeated image is collapsed
 * ```ts
 * import { sampleDiversity } from "./diversity.ts";
 * import { makeDataset } from "../data/dataset.ts";
 * import assert from "node:assert";
 * const data = makeDataset(Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 5), 4);
 * const same = new Float32Array(40).fill(0.5);
 * const d = await sampleDiversity(same, data);
 * assert.strictEqual(d.collapsed, true);
 * assert.strictEqual(d.spread, 0);
 * ```
 */
export async function sampleDiversity(
  samples: Float32Array,
  reference: Dataset,
  options: SampleDiversityOptions = {},
): Promise<SampleDiversity> {
  if (!(samples instanceof Float32Array)) {
    throw new TypeError(`Cannot ${ACTION} as samples must be a Float32Array: ${typeof samples}`);
  }
  const dim = reference.dim;
  const n = samples.length / dim;
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(
      `Cannot ${ACTION} as samples must hold n >= 2 rows of ${dim} values: samples.length=${samples.length}`,
    );
  }
  const bad = samples.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(`Cannot ${ACTION} as samples[${bad}] is not finite: ${samples[bad]}`);
  }
  checkOptions(options, ["neighbourQueries", "minSpreadRatio", "minDistinctFraction"], ACTION);
  const queries = options.neighbourQueries ?? Math.min(500, n);
  if (!Number.isInteger(queries) || queries < 1 || queries > n) {
    throw new RangeError(
      `Cannot ${ACTION} as neighbourQueries must be an integer in [1, ${n}]: neighbourQueries=${queries}`,
    );
  }
  const minSpread = checkFraction(options.minSpreadRatio ?? 0.25, "minSpreadRatio");
  const minDistinct = checkFraction(options.minDistinctFraction ?? 0.1, "minDistinctFraction");
  const spread = meanStd(samples, n, dim);
  const referenceSpread = meanStd(reference.x, reference.n, dim);
  const spreadRatio = referenceSpread > 0 ? spread / referenceSpread : NaN;
  const nn = await nearestNeighbours(
    makeDataset(samples.subarray(0, queries * dim), dim),
    reference,
  );
  const distinctNeighbours = new Set(nn.indices).size;
  const distinctFraction = distinctNeighbours / queries;
  const reasons: string[] = [];
  if (spreadRatio < minSpread) {
    reasons.push(`spread ratio ${spreadRatio.toPrecision(3)} < ${minSpread}`);
  }
  if (distinctFraction < minDistinct) {
    reasons.push(
      `${distinctNeighbours} distinct nearest data rows among ${queries} samples (< ${minDistinct} of them)`,
    );
  }
  return {
    spread,
    referenceSpread,
    spreadRatio,
    queries,
    distinctNeighbours,
    distinctFraction,
    collapsed: reasons.length > 0,
    reason: reasons.join("; "),
  };
}
