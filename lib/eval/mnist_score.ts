import type { Tensor } from "@tensorflow/tfjs";
import { checkClassifier, classifierOutputs, type MnistClassifier } from "./mnist_classifier.ts";
import { type FeatureStatistics, featureStatistics, frechetDistance } from "./frechet.ts";
import { loadShippedMnistClassifier } from "./shipped_classifier.ts";
import { checkPositiveInt, type RowSource, toRows } from "./rows.ts";

const ACTION = "score MNIST samples";

/** Scores of one set of images in a classifier's feature space ({@linkcode mnistSampleScore}). */
export interface MnistScore {
  /** The number of images scored. */
  n: number;
  /**
   * Frechet distance between Gaussians fitted to their features and to the test images'
   * features (FID-style; lower is better, 0 for identical statistics).
   */
  frechet: number;
  /** How many images the classifier assigns to each digit 0..9. */
  classCounts: number[];
  /** Digits that receive at least `coverageShare` of the images (10 for real data). */
  classesCovered: number;
  /**
   * KL(p_hat || uniform) = sum_k p_k log(10 p_k) of the predicted-class shares p_k, in nats:
   * 0 when every digit is equally frequent, log 10 = 2.30 when all images are one digit.
   */
  classKL: number;
  /** Mean over images of the classifier's largest softmax probability (confidence). */
  meanMaxProb: number;
}

/** {@linkcode mnistSampleScore}'s result: the samples' scores and the real-data reference. */
export interface MnistSampleScore extends MnistScore {
  /**
   * The same scores for as many real held-out images (the first min(n, validation.n)
   * validation images) against the same test images: what a perfect generator would get at
   * this sample size.
   */
  reference: MnistScore;
}

/** Options of {@linkcode mnistSampleScore}. */
export interface MnistSampleScoreOptions {
  /** The classifier whose features are compared. Default: the shipped one. */
  classifier?: MnistClassifier;
  /** The share of images a digit needs to count as covered. Default 0.01 (1%). */
  coverageShare?: number;
  /** Rows per classifier batch. Default 1000. */
  batchSize?: number;
}

interface Summary {
  stats: FeatureStatistics;
  classCounts: number[];
  meanMaxProb: number;
}

// Summaries of the test and validation sets, per classifier, set and row count.
const cache = new WeakMap<MnistClassifier, WeakMap<object, Map<number, Promise<Summary>>>>();

async function summarise(
  classifier: MnistClassifier,
  source: RowSource,
  count: number,
  batchSize: number,
): Promise<Summary> {
  const all = toRows(source, "rows", ACTION);
  const rows = count < all.n ? all.slice(0, count) : source;
  let out;
  try {
    out = await classifierOutputs(classifier, rows, { batchSize });
  } finally {
    if (rows !== source) (rows as Tensor).dispose();
  }
  const { n, features, featureDim, probabilities, predictions, classes } = out;
  const classCounts = new Array<number>(classes).fill(0);
  predictions.forEach((k) => classCounts[k]++);
  let maxProb = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < classes; k++) m = Math.max(m, probabilities[i * classes + k]);
    maxProb += m;
  }
  return {
    stats: featureStatistics(features, n, featureDim),
    classCounts,
    meanMaxProb: maxProb / n,
  };
}

function cached(
  classifier: MnistClassifier,
  source: RowSource,
  count: number,
  batchSize: number,
): Promise<Summary> {
  let bySource = cache.get(classifier);
  if (!bySource) cache.set(classifier, bySource = new WeakMap());
  let byCount = bySource.get(source);
  if (!byCount) bySource.set(source, byCount = new Map());
  let summary = byCount.get(count);
  if (!summary) {
    byCount.set(count, summary = summarise(classifier, source, count, batchSize));
    summary.catch(() => byCount.delete(count));
  }
  return summary;
}

function score(s: Summary, test: Summary, coverageShare: number): MnistScore {
  const n = s.stats.n;
  const frechet = frechetDistance(s.stats.mean, s.stats.cov, test.stats.mean, test.stats.cov);
  const K = s.classCounts.length;
  const classesCovered = s.classCounts.filter((c) => c > 0 && c >= coverageShare * n).length;
  const classKL = s.classCounts.reduce((t, c) => c > 0 ? t + (c / n) * Math.log(K * c / n) : t, 0);
  return {
    n,
    frechet,
    classCounts: s.classCounts,
    classesCovered,
    classKL,
    meanMaxProb: s.meanMaxProb,
  };
}

/**
 * A second measure of MNIST samples next to Parzen, one that does not reward blur: the
 * Frechet distance (FID-style, Heusel et al. 2017) between the samples and the 10k test images
 * in the 64-d feature space of a small MNIST classifier (the package's shipped one by
 * default), plus class coverage: the predicted-digit histogram, the digits covered, its KL to
 * uniform, and the mean confidence. With mu, C the feature mean and covariance (n - 1 divisor),
 *
 *   frechet = ||mu_s - mu_t||^2 + tr(C_s) + tr(C_t) - 2 tr((C_s^{1/2} C_t C_s^{1/2})^{1/2}).
 *
 * The estimate is biased upward at small n, so `reference` scores the same number of real
 * held-out images (validation, unseen by the classifier and by GAN training) against the same
 * test images: a generator can at best match it. Test and validation features are computed
 * once per classifier and set, then cached (the sets must not change in place).
 *
 * @param samples Images `[n, 784]` in [0, 1], n >= 2: a tensor, a Dataset or a row-major
 *   Float32Array (e.g. a generator's 10,000 samples).
 * @param mnist `test` (the 10k test images) and `validation` (real held-out images for the
 *   reference), e.g. from `loadMnist()`.
 * @param options `classifier`, `coverageShare`, `batchSize`.
 * @returns The samples' scores and the real-data reference; no tensors are left behind.
 * @throws {TypeError} If `samples`, a split or the classifier is malformed.
 * @throws {RangeError} If `samples` has fewer than 2 rows, widths differ from the
 *   classifier's input, or `coverageShare` is not in [0, 1].
 *
 * @example
 * ```ts ignore
 * import { loadMnist, mnistSampleScore } from "@adversarial/nets";
 * const mnist = await loadMnist();
 * const s = await mnistSampleScore(samples, mnist); // samples: Float32Array [10000 * 784]
 * console.log(s.frechet, s.classesCovered, "real:", s.reference.frechet);
 * ```
 */
export async function mnistSampleScore(
  samples: RowSource | Float32Array,
  mnist: { test: RowSource; validation: RowSource },
  options: MnistSampleScoreOptions = {},
): Promise<MnistSampleScore> {
  const classifier = checkClassifier(
    options.classifier ?? await loadShippedMnistClassifier(),
    ACTION,
  );
  const dim = classifier.sizes[0];
  const batchSize = checkPositiveInt(options.batchSize ?? 1000, "batchSize", ACTION);
  const coverageShare = options.coverageShare ?? 0.01;
  if (!(typeof coverageShare === "number" && coverageShare >= 0 && coverageShare <= 1)) {
    throw new RangeError(
      `Cannot ${ACTION} as coverageShare must be in [0, 1]: coverageShare=${coverageShare}`,
    );
  }
  let source: RowSource;
  if (samples instanceof Float32Array) {
    if (samples.length === 0 || samples.length % dim !== 0) {
      throw new RangeError(
        `Cannot ${ACTION} as samples must hold n * ${dim} values: samples.length=${samples.length}`,
      );
    }
    source = { x: samples, n: samples.length / dim, dim };
  } else {
    source = samples;
  }
  const n = toRows(source, "samples", ACTION).n;
  if (n < 2) throw new RangeError(`Cannot ${ACTION} as samples must hold >= 2 rows: n=${n}`);
  const test = toRows(mnist?.test, "mnist.test", ACTION);
  const validation = toRows(mnist?.validation, "mnist.validation", ACTION);
  const m = Math.min(n, validation.n);
  const testSummary = await cached(classifier, mnist.test, test.n, batchSize);
  const refSummary = await cached(classifier, mnist.validation, m, batchSize);
  const sampleSummary = await summarise(classifier, source, n, batchSize);
  return {
    ...score(sampleSummary, testSummary, coverageShare),
    reference: score(refSummary, testSummary, coverageShare),
  };
}
