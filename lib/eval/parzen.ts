import {
  checkFiniteRows,
  checkPositiveInt,
  checkSameDim,
  type Rows,
  type RowSource,
  toRows,
} from "./rows.ts";
import { checkOptions } from "../validate.ts";
import { logspace } from "./logspace.ts";
import { prepareCentres, scoreRows } from "./parzen_score.ts";

const ACTION = "estimate a Parzen log-likelihood";
const PARZEN_KEYS = ["validation", "sigma", "sigmas", "validationCount", "batchSize", "onProgress"];

/** Progress of {@linkcode parzenLogLikelihood}: rows scored so far in the current phase. */
export interface ParzenProgress {
  /** `"validation"` while choosing sigma, `"test"` while scoring. */
  phase: "validation" | "test";
  /** Rows scored so far in this phase. */
  done: number;
  /** Rows to score in this phase. */
  total: number;
}

/** Options of {@linkcode parzenLogLikelihood}. */
export interface ParzenOptions {
  /** Validation rows to choose sigma on (the paper: MNIST training images 50000..60000). */
  validation?: RowSource;
  /** A fixed sigma: skips the choice on validation data. */
  sigma?: number;
  /** Candidate sigmas (default `logspace(-1, 0, 10)`, the paper's grid). */
  sigmas?: readonly number[];
  /** How many of the first validation rows choose sigma (default 1000). */
  validationCount?: number;
  /** Rows scored per batch (default 100, as the paper). */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: ParzenProgress) => void;
}

/** The result of {@linkcode parzenLogLikelihood}. */
export interface ParzenResult {
  /** The sigma used to score the test rows. */
  sigma: number;
  /** The candidate sigmas (empty when `sigma` was given). */
  sigmas: number[];
  /** Mean validation log-likelihood for each candidate sigma (same order). */
  validationScores: number[];
  /** How many validation rows chose sigma (0 when `sigma` was given). */
  validationCount: number;
  /** Mean log-likelihood of the test rows, in nats. */
  mean: number;
  /** Standard error std / sqrt(N), std with divisor N (numpy's default, as the authors' code). */
  stdErr: number;
  /** The number of test rows N. */
  n: number;
  /** Each test row's log-likelihood. */
  logLikelihoods: Float64Array;
}

function checkSigma(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `Cannot ${ACTION} as ${name} must be a positive finite number: ${name}=${String(value)}`,
    );
  }
  return value;
}

const meanOf = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

/**
 * The Parzen window (Gaussian kernel density) log-likelihood of Goodfellow et al. 2014, Table 1,
 * following the authors' parzen_ll.py: kernel centres mu_i are model samples (10k in the
 * paper); sigma is the candidate with the highest mean log-likelihood on the first 1000
 * validation rows; each test row x scores
 *
 *   log p(x) = logmeanexp_i(-||x - mu_i||^2 / (2 sigma^2)) - d log(sigma sqrt(2 pi)),
 *
 * reported as the mean and the standard error std / sqrt(N). Distances come from one matmul
 * per batch (||x||^2 - 2 x.mu + ||mu||^2 on mean-centred data, float32) and a stable
 * log-sum-exp; memory is O(batchSize * centres). The estimator is poor in high dimension
 * (Theis et al. 2016): report it because the paper does, next to better measures.
 *
 * @param centres The kernel centres `[N, d]` (tensor or Dataset); not modified or disposed.
 * @param test The rows to score `[M, d]`.
 * @param options `validation` or `sigma` (one is required; `sigma` wins if both are given),
 *   `sigmas`, `validationCount`, `batchSize`, `onProgress`.
 * @returns The chosen sigma, the per-sigma validation scores, mean, standard error, N and each
 *   row's log-likelihood; no tensors are left behind.
 * @throws {TypeError} If an input is not a rank-2 tensor or Dataset, or neither `validation` nor
 *   `sigma` is given.
 * @throws {RangeError} If a set is empty, dimensions differ, a sigma is not positive and finite,
 *   a set holds NaN or infinite values, or `batchSize`/`validationCount` is not a positive
 *   integer.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example A fixed sigma on a tiny set
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { parzenLogLikelihood } from "./parzen.ts";
 * import assert from "node:assert";
 * const mu = tf.tensor2d([[0], [2]]), x = tf.tensor2d([[0]]);
 * const r = await parzenLogLikelihood(mu, x, { sigma: 1 });
 * tf.dispose([mu, x]);
 * // log(0.5 N(0; 0, 1) + 0.5 N(0; 2, 1))
 * const expected = Math.log(0.5 * (1 + Math.exp(-2)) / Math.sqrt(2 * Math.PI));
 * assert.ok(Math.abs(r.mean - expected) < 1e-5);
 * ```
 */
export async function parzenLogLikelihood(
  centres: RowSource,
  test: RowSource,
  options: ParzenOptions = {},
): Promise<ParzenResult> {
  options = checkOptions(options, PARZEN_KEYS, ACTION);
  const mu = toRows(centres, "centres", ACTION);
  const x = toRows(test, "test", ACTION);
  checkSameDim(mu, x, ["centres", "test"], ACTION);
  await checkFiniteRows(centres, "centres", ACTION);
  await checkFiniteRows(test, "test", ACTION);
  const batchSize = checkPositiveInt(options.batchSize ?? 100, "batchSize", ACTION);
  const onProgress = options.onProgress ?? (() => {});
  let v: Rows | undefined;
  let sigmas: number[] = [];
  let validationCount = 0;
  if (options.sigma !== undefined) {
    checkSigma(options.sigma, "sigma");
  } else if (options.validation !== undefined) {
    v = toRows(options.validation, "validation", ACTION);
    checkSameDim(mu, v, ["centres", "validation"], ACTION);
    await checkFiniteRows(options.validation, "validation", ACTION);
    sigmas = [...(options.sigmas ?? logspace(-1, 0, 10))];
    if (sigmas.length === 0) {
      throw new RangeError(`Cannot ${ACTION} as sigmas must not be empty: sigmas=[]`);
    }
    sigmas.forEach((s, i) => checkSigma(s, `sigmas[${i}]`));
    validationCount = Math.min(
      checkPositiveInt(options.validationCount ?? 1000, "validationCount", ACTION),
      v.n,
    );
  } else {
    throw new TypeError(`Cannot ${ACTION} as options.validation or options.sigma must be given`);
  }
  const c = prepareCentres(mu);
  let sigma = options.sigma ?? NaN;
  let validationScores: number[] = [];
  let ll: Float64Array;
  try {
    if (v) {
      const scores = await scoreRows(
        c,
        v,
        validationCount,
        sigmas,
        batchSize,
        (done) => onProgress({ phase: "validation", done, total: validationCount }),
      );
      validationScores = scores.map(meanOf);
      // numpy.argmax, as the authors' cross_validate_sigma: the first maximum.
      let best = 0;
      validationScores.forEach((score, i) => {
        if (score > validationScores[best]) best = i;
      });
      sigma = sigmas[best];
    }
    [ll] = await scoreRows(
      c,
      x,
      x.n,
      [sigma],
      batchSize,
      (done) => onProgress({ phase: "test", done, total: x.n }),
    );
  } finally {
    c.dispose();
  }
  const mean = meanOf(ll);
  const variance = ll.reduce((s, v) => s + (v - mean) ** 2, 0) / ll.length;
  return {
    sigma,
    sigmas,
    validationScores,
    validationCount,
    mean,
    stdErr: Math.sqrt(variance) / Math.sqrt(ll.length),
    n: ll.length,
    logLikelihoods: ll,
  };
}
