import type { Figure } from "../lib/display/figure.ts";
import { historyFigure } from "../lib/display/plots/history.ts";
import type { Table } from "../lib/display/table.ts";
import type { LayersModel } from "../lib/tensor_types.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import { Rng } from "../lib/random.ts";
import type { Mnist } from "../lib/data/mnist.ts";
import { makeDataset } from "../lib/data/dataset.ts";
import { figure2Grid } from "../lib/display/figure2.ts";
import type { SampleGrid } from "../lib/display/grid.ts";
import { nearestNeighbours } from "../lib/eval/nearest.ts";
import { parzenLogLikelihood } from "../lib/eval/parzen.ts";
import { type SampleDiversity, sampleDiversity } from "../lib/eval/diversity.ts";
import { type MnistSampleScore, mnistSampleScore } from "../lib/eval/mnist_score.ts";
import type { StepRecord } from "../lib/train/history.ts";
import type { Trainer } from "../lib/train/trainer.ts";
import { checkPositiveInteger, type ComparisonRow, plusMinus } from "./common.ts";
import {
  PAPER_TABLE1,
  PARZEN_CAVEAT,
  REAL_DATA_PARZEN_BENCH,
  table1,
  type Table1Row,
} from "./parzen_table.ts";
import { generateRows } from "./samples.ts";

/** Sizes of the Parzen evaluation (the paper: 10k centres, 10k test, 1000 validation). */
export interface ParzenSizes {
  /** Kernel centres (generated samples; also real images for the reference row). */
  centres: number;
  /** Test images scored (the first ones of the test set). */
  test: number;
  /** Validation images choosing sigma. */
  validation: number;
}

/** A Parzen estimate with its sizes. */
export interface ParzenSummary extends ParzenSizes {
  /** Mean test log-likelihood (nats). */
  mean: number;
  /** Its standard error. */
  stdErr: number;
  /** The chosen sigma. */
  sigma: number;
}

/**
 * Figure 2 of Goodfellow et al. 2014: the first 20 samples of `rng` (fair, not chosen) in
 * 4 rows of 5, and for the last sample of each row its nearest training image (squared pixel
 * distance, exhaustive over `mnist.train`), outlined in yellow.
 *
 * @param generator G: `[m, 100]` -> `[m, 784]` pixels in [0, 1].
 * @param prior The noise prior.
 * @param mnist The data (its `train` split is searched).
 * @param rng The evaluation noise stream (advanced by 20 draws).
 * @returns The PNG grid and the neighbours' indices and squared distances.
 */
export async function mnistFigure2(
  generator: LayersModel,
  prior: NoisePrior,
  mnist: Mnist,
  rng: Rng,
): Promise<{ figure2: SampleGrid; neighbourIndices: number[]; neighbourDistances: number[] }> {
  const shown = await generateRows(generator, prior, 20, rng);
  const lastOfRow = [4, 9, 14, 19];
  const queries = new Float32Array(4 * 784);
  lastOfRow.forEach((s, r) => queries.set(shown.subarray(s * 784, s * 784 + 784), r * 784));
  const nn = await nearestNeighbours(makeDataset(queries, 784), mnist.train);
  const neighbours = new Float32Array(4 * 784);
  nn.indices.forEach((idx, r) =>
    neighbours.set(mnist.train.x.subarray(idx * 784, idx * 784 + 784), r * 784)
  );
  const figure2 = figure2Grid(
    { data: shown, shape: [20, 28, 28] },
    { data: neighbours, shape: [4, 28, 28] },
    { scale: 2 },
  );
  return {
    figure2,
    neighbourIndices: Array.from(nn.indices),
    neighbourDistances: Array.from(nn.distances),
  };
}

/**
 * Table 1's Parzen window estimate with the authors' protocol (see `parzenLogLikelihood`):
 * `centres` as kernel centres, sigma chosen on the first `sizes.validation` validation images,
 * the first `sizes.test` test images scored.
 *
 * @param centres Row-major `[sizes.centres, 784]` kernel centres.
 * @param mnist The data.
 * @param sizes The sizes.
 * @param onPhase Progress messages.
 * @param label Prefix of the messages.
 * @returns Mean, standard error, sigma and the sizes.
 */
export async function parzenSummary(
  centres: Float32Array,
  mnist: Mnist,
  sizes: ParzenSizes,
  onPhase: (t: string) => void,
  label: string,
): Promise<ParzenSummary> {
  const dim = mnist.train.dim;
  const r = await parzenLogLikelihood(
    makeDataset(centres, dim),
    makeDataset(mnist.test.x.subarray(0, sizes.test * dim), dim),
    {
      validation: makeDataset(mnist.validation.x.subarray(0, sizes.validation * dim), dim),
      validationCount: sizes.validation,
      onProgress: (p) => {
        if (p.done === p.total || p.done % 1000 === 0) {
          onPhase(`${label}: ${p.phase} ${p.done}/${p.total}`);
        }
      },
    },
  );
  return { ...sizes, mean: r.mean, stdErr: r.stdErr, sigma: r.sigma };
}

/**
 * The Parzen sizes: quick 500 centres / 200 test / 200 validation, full (the paper's) 10000 /
 * 10000 / 1000, with overrides.
 *
 * @param quick Quick sizes.
 * @param overrides Any of the three.
 * @returns The checked sizes.
 * @throws {RangeError} If a size is not a positive integer or `test` exceeds 10000.
 */
export function parzenSizes(quick: boolean, overrides: Partial<ParzenSizes> = {}): ParzenSizes {
  const action = "evaluate the MNIST run";
  const sizes: ParzenSizes = {
    centres: quick ? 500 : 10000,
    test: quick ? 200 : 10000,
    validation: quick ? 200 : 1000,
    ...overrides,
  };
  checkPositiveInteger(sizes.centres, "parzen.centres", action);
  checkPositiveInteger(sizes.validation, "parzen.validation", action);
  if (checkPositiveInteger(sizes.test, "parzen.test", action) > 10000) {
    throw new RangeError(`Cannot ${action} as parzen.test must be <= 10000: ${sizes.test}`);
  }
  return sizes;
}

/**
 * Throws unless the Parzen sizes fit the loaded splits.
 *
 * @param sizes The sizes.
 * @param mnist The data.
 * @throws {RangeError} If `centres` exceeds the training split or `validation` the validation split.
 */
export function checkParzenFits(sizes: ParzenSizes, mnist: Mnist): void {
  if (sizes.centres > mnist.train.n || sizes.validation > mnist.validation.n) {
    throw new RangeError(
      `Cannot evaluate the MNIST run as parzen.centres and parzen.validation must fit the splits: centres=${sizes.centres}, validation=${sizes.validation}`,
    );
  }
}

/** Options of {@linkcode evaluateMnist}. */
export interface EvaluateMnistOptions {
  /** The run's seed (the evaluation noise is its own fork "mnist-eval"). */
  seed: number;
  /** Parzen sizes; default the paper's (see {@linkcode parzenSizes}). */
  parzen?: Partial<ParzenSizes>;
  /** Progress messages of the phases. */
  onPhase?: (text: string) => void;
}

/** What {@linkcode evaluateMnist} measures of a trained MNIST generator. */
export interface MnistEvaluation {
  /** Median milliseconds per step over the whole history. */
  msPerStep: number;
  /** The full training history. */
  history: StepRecord[];
  /** Losses and mean D outputs over the steps. */
  historyFigure: Figure;
  /** Figure 2: 4 x 5 fair samples plus the 5th sample's nearest training image per row. */
  figure2: SampleGrid;
  /** Indices (into train[0:50000]) of the 4 nearest neighbours. */
  neighbourIndices: number[];
  /** Their squared pixel distances to the samples. */
  neighbourDistances: number[];
  /** This run's Parzen estimate (generated samples as centres). */
  parzen: ParzenSummary;
  /** The collapse detector on the first 1000 of the Parzen centres (the final model). */
  diversity: SampleDiversity;
  /**
   * The second measure: Frechet distance and class coverage of the Parzen centres in the
   * feature space of the package's shipped MNIST classifier, with the real reference.
   */
  sampleScore: MnistSampleScore;
  /** The same protocol with real training images as centres. */
  reference: ParzenSummary;
  /** Table 1 rows: the paper's, this run's, real data (this run and the bench). */
  table1Rows: Table1Row[];
  /** Table 1, displayable. */
  table1: Table;
  /** Why the Parzen numbers must be read with care. */
  caveat: string;
  /** Rows for "paper vs this run". */
  comparison: ComparisonRow[];
}

/**
 * Evaluates a trained MNIST GAN as the paper did, and more: Figure 2 (fair samples, the
 * nearest training image of each row's last sample), Table 1 (Parzen window log-likelihood
 * with the authors' protocol, next to the paper's rows and real training images scored the
 * same way), the Frechet distance and class coverage in the shipped classifier's features,
 * and the collapse detector. The evaluation noise comes from its own stream, so a resumed run
 * draws the same samples.
 *
 * @param trainer The trained trainer (read only).
 * @param mnist The data.
 * @param options Seed, Parzen sizes, progress messages.
 * @returns The {@linkcode MnistEvaluation} (no tensors left behind).
 * @throws {RangeError} If the Parzen sizes are invalid or do not fit the splits.
 */
export async function evaluateMnist(
  trainer: Trainer,
  mnist: Mnist,
  options: EvaluateMnistOptions,
): Promise<MnistEvaluation> {
  const sizes = parzenSizes(false, options.parzen);
  checkParzenFits(sizes, mnist);
  const onPhase = options.onPhase ?? (() => {});
  const { generator, prior } = trainer;
  const steps = trainer.stepCount;
  const history = [...trainer.history];
  const evalRng = new Rng(options.seed).fork("mnist-eval");
  onPhase("figure 2: sampling and nearest neighbours");
  const fig = await mnistFigure2(generator, prior, mnist, evalRng);
  onPhase(`table 1: ${sizes.centres} generated samples as Parzen centres`);
  const centres = await generateRows(generator, prior, sizes.centres, evalRng);
  const ours = await parzenSummary(centres, mnist, sizes, onPhase, "parzen (generated)");
  onPhase("collapse detector and classifier-feature score of the centres");
  const sampleScore = await mnistSampleScore(centres, mnist);
  const diversity = await sampleDiversity(
    centres.subarray(0, Math.min(1000, sizes.centres) * 784),
    mnist.train,
    { classCounts: sampleScore.classCounts },
  );
  onPhase(`table 1: ${sizes.centres} real training images as Parzen centres`);
  const realCentres = mnist.train.x.slice(0, sizes.centres * 784);
  const reference = await parzenSummary(realCentres, mnist, sizes, onPhase, "parzen (real)");
  const sizeNote = `${sizes.centres} centres, ${sizes.test} test, sigma on ${sizes.validation}`;
  const rows: Table1Row[] = [
    ...PAPER_TABLE1,
    {
      model: `adversarial nets, this run (${steps} steps)`,
      mean: ours.mean,
      stdErr: ours.stdErr,
      source: `this run, ${sizeNote}`,
    },
    {
      model: `real training images (${sizes.centres} centres)`,
      mean: reference.mean,
      stdErr: reference.stdErr,
      source: `this run, ${sizeNote}`,
    },
    REAL_DATA_PARZEN_BENCH,
  ];
  const full = sizes.centres === 10000 && sizes.test === 10000 && sizes.validation === 1000;
  const msList = history.map((r) => r.ms).sort((a, b) => a - b);
  return {
    msPerStep: msList.length ? msList[Math.floor(msList.length / 2)] : NaN,
    history,
    historyFigure: historyFigure(history, { title: "MNIST GAN training history" }),
    ...fig,
    parzen: ours,
    diversity,
    sampleScore,
    reference,
    table1Rows: rows,
    table1: table1(rows, `Table 1 (MNIST): Parzen window log-likelihood, ${sizeNote}`),
    caveat: PARZEN_CAVEAT,
    comparison: [
      {
        experiment: "mnist",
        quantity: `Table 1: GAN Parzen LL (nats)${full ? "" : ", reduced protocol"}`,
        paper: "225 ± 2",
        thisRun: `${plusMinus(ours.mean, ours.stdErr)} after ${steps} steps`,
      },
      {
        experiment: "mnist",
        quantity: "Table 1 protocol on real training images",
        paper: "241.2 ± 2.1 (bench)",
        thisRun: plusMinus(reference.mean, reference.stdErr),
      },
      {
        experiment: "mnist",
        quantity: "Frechet distance in classifier features (lower is better; not in the paper)",
        paper: `real validation images: ${sampleScore.reference.frechet.toFixed(2)}`,
        thisRun: `${sampleScore.frechet.toFixed(2)}, ${sampleScore.classesCovered}/10 classes, ` +
          (diversity.collapsed
            ? `collapsed (${diversity.reason})`
            : diversity.modeDropping
            ? `not collapsed, mode dropping (${diversity.reason})`
            : "not collapsed"),
      },
    ],
  };
}
