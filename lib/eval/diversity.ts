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
  /**
   * How many samples a classifier assigns to each class, e.g. `mnistSampleScore(...).classCounts`
   * or a histogram of `classifierOutputs(...).predictions` (non-negative integers, at least 2
   * classes, not all 0; they may count other samples of the same generator than `samples`).
   * With them the detector also sees mode dropping (`modeDropping`): a generator that draws
   * mostly one or a few classes while each image still varies, which the two pixel measures
   * miss.
   */
  classCounts?: readonly number[];
  /**
   * Mode dropping when `classKL` is above this, in nats (default ln 2 = 0.693: as unbalanced
   * as a generator that draws half of the classes evenly and never the others).
   */
  maxClassKL?: number;
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
  /** The `classCounts` option as given, or null without one. */
  classCounts: number[] | null;
  /**
   * KL(p || uniform) = sum_k p_k log(K p_k) of the class shares p_k = classCounts[k] / total,
   * in nats: 0 for balanced classes, log K when every sample is one class; null without
   * `classCounts`.
   */
  classKL: number | null;
  /**
   * Whether a pixel measure is below its threshold: the samples are one or a few images (full
   * collapse). A collapse guard acts on this.
   */
  collapsed: boolean;
  /**
   * Whether `classKL` is above `maxClassKL`: most samples fall in a few classes though they
   * vary (partial collapse); null without `classCounts`. It is reported apart from
   * `collapsed` because it comes and goes while a GAN trains: on MNIST the paper's recipe
   * often draws mostly one digit for some thousands of steps and then spreads out again.
   */
  modeDropping: boolean | null;
  /** Why it counts as collapsed or mode dropping (empty when neither). */
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

function checkClassCounts(counts: unknown): number[] {
  if (!Array.isArray(counts)) {
    throw new TypeError(
      `Cannot ${ACTION} as classCounts must be an array of counts: classCounts=${String(counts)}`,
    );
  }
  const bad = counts.findIndex((c) => !(Number.isInteger(c) && c >= 0));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${ACTION} as classCounts[${bad}] must be a non-negative integer: ${counts[bad]}`,
    );
  }
  if (counts.length < 2 || counts.every((c) => c === 0)) {
    throw new RangeError(
      `Cannot ${ACTION} as classCounts must have at least 2 classes and a positive total: classCounts=${
        JSON.stringify(counts)
      }`,
    );
  }
  return [...counts];
}

/** KL(p || uniform) of the shares of `counts`, in nats. */
function klToUniform(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0), K = counts.length;
  return counts.reduce((t, c) => c > 0 ? t + (c / total) * Math.log(K * c / total) : t, 0);
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
 * Those two miss partial collapse, where samples vary but most are one class (an MNIST G
 * that draws 77% ones: spread ratio 0.5, 281 distinct neighbours of 500). Given a
 * classifier's `classCounts`, the detector also reports the class shares' KL divergence to
 * uniform and flags `modeDropping` above `maxClassKL` (that G: 1.34 nats; real MNIST: under
 * 0.01).
 *
 * @param samples Row-major `[n, dim]` samples (n >= 2).
 * @param reference The data, e.g. `mnist.train` (its rows are searched for neighbours).
 * @param options Query count, thresholds, class counts.
 * @returns The {@linkcode SampleDiversity} summary.
 * @throws {TypeError} If `samples` is not a Float32Array or `classCounts` not an array.
 * @throws {RangeError} If its length is not a multiple of `reference.dim` with n >= 2, a value
 *   is not finite, an option is out of range, or a class count is not a non-negative
 *   integer (or there are fewer than 2 classes, or none is counted).
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
  checkOptions(
    options,
    ["neighbourQueries", "minSpreadRatio", "minDistinctFraction", "classCounts", "maxClassKL"],
    ACTION,
  );
  const queries = options.neighbourQueries ?? Math.min(500, n);
  if (!Number.isInteger(queries) || queries < 1 || queries > n) {
    throw new RangeError(
      `Cannot ${ACTION} as neighbourQueries must be an integer in [1, ${n}]: neighbourQueries=${queries}`,
    );
  }
  const minSpread = checkFraction(options.minSpreadRatio ?? 0.25, "minSpreadRatio");
  const minDistinct = checkFraction(options.minDistinctFraction ?? 0.1, "minDistinctFraction");
  const maxClassKL = options.maxClassKL ?? Math.LN2;
  if (typeof maxClassKL !== "number" || !(maxClassKL >= 0) || maxClassKL === Infinity) {
    throw new RangeError(
      `Cannot ${ACTION} as maxClassKL must be a finite number >= 0: maxClassKL=${maxClassKL}`,
    );
  }
  const classCounts = options.classCounts === undefined
    ? null
    : checkClassCounts(options.classCounts);
  const classKL = classCounts === null ? null : klToUniform(classCounts);
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
  const dropping: string[] = [];
  if (spreadRatio < minSpread) {
    reasons.push(`spread ratio ${spreadRatio.toPrecision(3)} < ${minSpread}`);
  }
  if (distinctFraction < minDistinct) {
    reasons.push(
      `${distinctNeighbours} distinct nearest data rows among ${queries} samples (< ${minDistinct} of them)`,
    );
  }
  if (classCounts !== null && classKL! > maxClassKL) {
    const total = classCounts.reduce((a, b) => a + b, 0);
    const top = classCounts.indexOf(Math.max(...classCounts));
    dropping.push(
      `class KL ${classKL!.toFixed(3)} nats > ${maxClassKL.toFixed(3)} (class ${top}: ${
        classCounts[top]
      } of ${total} samples)`,
    );
  }
  return {
    spread,
    referenceSpread,
    spreadRatio,
    queries,
    distinctNeighbours,
    distinctFraction,
    classCounts,
    classKL,
    collapsed: reasons.length > 0,
    modeDropping: classCounts === null ? null : dropping.length > 0,
    reason: [...reasons, ...dropping].join("; "),
  };
}
