import * as tf from "@tensorflow/tfjs";
import type { Figure } from "../lib/display/figure.ts";
import { planeFigure } from "../lib/display/plots/plane.ts";
import { gridMixture, ringMixture } from "../lib/data/ring_grid.ts";
import type { GaussianMixture2d } from "../lib/data/mixture_2d.ts";
import { binnedJensenShannon } from "../lib/eval/binned_js.ts";
import { modeMetrics } from "../lib/eval/modes.ts";
import { gaussianPrior } from "../lib/latent/gaussian.ts";
import { mlpDiscriminator, mlpGenerator } from "../lib/models/mlp.ts";
import { Rng } from "../lib/random.ts";
import { createTrainer } from "../lib/train/create_trainer.ts";
import { TrainingDivergedError } from "../lib/train/diverged.ts";
import type { StepRecord } from "../lib/train/history.ts";
import type { Trainer } from "../lib/train/trainer.ts";
import type { StepCallback } from "./common.ts";
import { generateRows } from "./samples.ts";
import { toyLossSetup } from "./toy_losses.ts";
import { checkOptions } from "../lib/validate.ts";

/** The 2-D benchmarks: PacGAN's ring (8 modes, radius 1, std 0.01) and grid (25, std 0.05). */
export type ToyDataset = "ring" | "grid";

/** The 2-D benchmark names. */
export const TOY_DATASETS: readonly ToyDataset[] = Object.freeze(["ring", "grid"]);

/** The benchmark's mixture, plotting box and histogram bins for the binned JS. */
export function toyDataset(name: ToyDataset): {
  mixture: GaussianMixture2d;
  box: [number, number, number, number];
  bins: number;
} {
  if (name === "ring") return { mixture: ringMixture(), box: [-1.5, 1.5, -1.5, 1.5], bins: 30 };
  if (name === "grid") return { mixture: gridMixture(), box: [-6, 6, -6, 6], bins: 30 };
  throw new RangeError(
    `Cannot build a toy data set as name must be ring or grid: name=${String(name)}`,
  );
}

/** Sizes of one mode-collapse run. */
export interface ModeCollapseSizes {
  /** Generator steps. */
  steps: number;
  /** Minibatch size. */
  batchSize: number;
  /** Hidden widths of G and D. */
  hidden: number[];
  /** Generated (and real) samples scored (PacGAN: 2500). */
  evalSamples: number;
}

/** One loss trained on one benchmark, evaluated. */
export interface ModeCollapseRun {
  /** The benchmark. */
  dataset: ToyDataset;
  /** The loss id. */
  loss: string;
  /** The loss label. */
  label: string;
  /** Generator steps done (fewer than planned if training diverged). */
  steps: number;
  /** Modes with at least one high-quality sample (within 3 std). */
  modesCaptured: number;
  /** Number of modes of the benchmark. */
  modes: number;
  /** Percentage of high-quality samples. */
  highQualityPercent: number;
  /** KL(mode histogram of high-quality samples || uniform), nats (NaN if none). */
  reverseKL: number;
  /** Binned JS(P_g, P_data) in the note's convention (<= 2 log 2), nats. */
  js: number;
  /** Wall seconds of training. */
  seconds: number;
  /** Why training stopped early, or null. */
  diverged: string | null;
  /** The last step's record (null if none). */
  last: StepRecord | null;
  /** What the figure shows (plain data, so a run can be cached as JSON and redrawn). */
  view: RunView;
  /** D (or the critic, rescaled) over the plane with real and generated samples. */
  figure: Figure;
}

/** The data of a run's 2-D view. */
export interface RunView {
  /** D in [0, 1] on a grid (sigmoid of logits, or the critic rescaled min-max). */
  d: { xs: number[]; ys: number[]; values: number[] };
  /** Real points, interleaved x, y. */
  real: number[];
  /** Generated points, interleaved, clipped to the box. */
  fake: number[];
  /** The figure's title. */
  title: string;
  /** Whether `d` is a probability (then the 0.5 boundary is drawn). */
  probability: boolean;
}

/**
 * Draws a run's 2-D view: D over the plane, real (green) and generated (purple) samples.
 *
 * @param view The run's {@linkcode RunView}.
 * @returns A 320 x 320 figure.
 */
export function runFigure(view: RunView): Figure {
  return planeFigure({ d: view.d, real: view.real, fake: view.fake }, {
    width: 320,
    height: 320,
    r: 1.5,
    boundary: view.probability ? 0.5 : null,
    title: view.title,
  });
}

/** D's output on a grid over `box`, in [0, 1]: sigmoid of logits, or a min-max rescaled critic. */
async function criticGrid(
  discriminator: tf.LayersModel,
  box: [number, number, number, number],
  probability: boolean,
  n = 25,
): Promise<{ xs: number[]; ys: number[]; values: number[] }> {
  const [x0, x1, y0, y1] = box;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
  const ys = Array.from({ length: n }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / n);
  const pts = ys.flatMap((y) => xs.map((x) => [x, y]));
  const out = tf.tidy(() => {
    const v = discriminator.apply(tf.tensor2d(pts), { training: false }) as tf.Tensor;
    return probability ? tf.sigmoid(v) : v;
  });
  let values = Array.from(await out.data());
  out.dispose();
  if (!probability) {
    const lo = Math.min(...values), hi = Math.max(...values);
    values = values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
  }
  return { xs, ys, values: values.map((v) => (Number.isFinite(v) ? v : 0.5)) };
}

/** A trained toy run: the trainer (with its models) and why training stopped early, or null. */
export interface ToyTraining {
  /** The trainer after training (its generator and discriminator are scored). */
  trainer: Trainer;
  /** The divergence message when training stopped early (the last good state is scored). */
  diverged: string | null;
}

/**
 * Trains one loss on one benchmark with the comparison's networks: small MLPs (2-D Gaussian
 * noise -> ReLU hidden -> 2, and D with leaky ReLU; init U(±0.15)), the loss's optimisers and
 * critic steps from `toyLossSetup`. A run that diverges stops there and says why.
 *
 * @param dataset `"ring"` or `"grid"`.
 * @param lossId One of the `TOY_LOSSES` ids.
 * @param sizes Steps, batch, widths.
 * @param options Seed, step callback, abort signal.
 * @returns The trainer and the divergence message (or null); the caller disposes the trainer
 *   and its models.
 * @throws {RangeError} For an unknown dataset or loss.
 */
export async function trainToy(
  dataset: ToyDataset,
  lossId: string,
  sizes: ModeCollapseSizes,
  options: { seed: number; onStep?: StepCallback; signal?: AbortSignal },
): Promise<ToyTraining> {
  const { mixture } = toyDataset(dataset);
  const setup = toyLossSetup(lossId);
  const seed = options.seed;
  const init = { kind: "uniform" as const, scale: 0.15 };
  const generator = mlpGenerator({
    latentDim: 2,
    outputShape: [2],
    hidden: sizes.hidden,
    init,
    seed,
  });
  const discriminator = mlpDiscriminator({
    inputShape: [2],
    hidden: sizes.hidden,
    init,
    seed: seed + 1,
  });
  const trainer = createTrainer({
    generator,
    discriminator,
    loss: setup.loss(),
    prior: gaussianPrior(2),
    sampleReal: (m, rng) => mixture.sample(m, rng),
    batchSize: sizes.batchSize,
    k: setup.k,
    dOptimizer: setup.dOptimizer,
    gOptimizer: setup.gOptimizer,
    seed,
  });
  const phase = `${dataset} ${setup.id}`;
  try {
    await trainer.train(sizes.steps, {
      signal: options.signal,
      onStep: (r) => options.onStep?.(r, { phase, done: r.step, total: sizes.steps }),
    });
    return { trainer, diverged: null };
  } catch (error) {
    if (error instanceof TrainingDivergedError) return { trainer, diverged: error.message };
    trainer.dispose();
    generator.dispose();
    discriminator.dispose();
    throw error;
  }
}

/**
 * Scores a trained toy run as PacGAN (Lin et al. 2018) does: 2500 generated samples (from the
 * seed's evaluation stream), modes captured, high-quality fraction (within 3 std of a mode),
 * reverse KL of the mode histogram, and the binned Jensen-Shannon divergence to as many real
 * samples; with the 2-D view of D and the samples.
 *
 * @param dataset The benchmark it trained on.
 * @param lossId The loss id it trained with.
 * @param training The trained run (read only; not disposed).
 * @param options The sizes, the seed and the training's wall seconds.
 * @returns The {@linkcode ModeCollapseRun}.
 * @throws {RangeError} For an unknown dataset or loss.
 */
export async function scoreToyRun(
  dataset: ToyDataset,
  lossId: string,
  training: ToyTraining,
  options: { sizes: ModeCollapseSizes; seed: number; seconds: number },
): Promise<ModeCollapseRun> {
  const { mixture, box, bins } = toyDataset(dataset);
  const setup = toyLossSetup(lossId);
  const { sizes, seed } = options;
  const { trainer } = training;
  const evalRng = new Rng(seed).fork(`eval-${dataset}`);
  const real = mixture.sampleWithModes(sizes.evalSamples, evalRng).x;
  let fake = await generateRows(trainer.generator, trainer.prior, sizes.evalSamples, evalRng);
  // A diverged generator may output non-finite points: score them as far from every mode.
  if (fake.some((v) => !Number.isFinite(v))) {
    fake = fake.map((v) => (Number.isFinite(v) ? v : 1e6));
  }
  const m = modeMetrics(fake, mixture);
  const js = binnedJensenShannon(fake, real, { bins, box });
  const probability = trainer.config.outputScale === "probability";
  // Up to 400 points of each kind in the view.
  const shown = Math.min(400, sizes.evalSamples);
  const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const view: RunView = {
    d: await criticGrid(trainer.discriminator, box, probability),
    real: Array.from(real.subarray(0, 2 * shown)),
    fake: Array.from(
      { length: 2 * shown },
      (_, i) => clip(fake[i], box[2 * (i % 2)], box[2 * (i % 2) + 1]),
    ),
    title: `${dataset}, ${setup.label}: ${m.modesCaptured}/${m.modes} modes${
      probability ? "" : " (critic rescaled to [0, 1])"
    }`,
    probability,
  };
  return {
    dataset,
    loss: setup.id,
    label: setup.label,
    steps: trainer.stepCount,
    modesCaptured: m.modesCaptured,
    modes: m.modes,
    highQualityPercent: 100 * m.highQualityFraction,
    reverseKL: m.reverseKL,
    js,
    seconds: options.seconds,
    diverged: training.diverged,
    last: trainer.history.at(-1) ?? null,
    view,
    figure: runFigure(view),
  };
}

/** The function that trains one run of the comparison (see {@linkcode trainToy}). */
export type ToyTrainFunction = (
  dataset: ToyDataset,
  lossId: string,
  sizes: ModeCollapseSizes,
) => Promise<ToyTraining>;

/**
 * Trains one loss on one benchmark ({@linkcode trainToy}, or `options.train`) and scores it
 * ({@linkcode scoreToyRun}), leaving no tensors behind.
 *
 * @param dataset `"ring"` or `"grid"`.
 * @param lossId One of the `TOY_LOSSES` ids.
 * @param sizes Steps, batch, widths, evaluation samples.
 * @param options Seed, step callback, abort signal, and a replacement training function.
 * @returns The {@linkcode ModeCollapseRun}. A diverged run reports its last good state and
 *   the reason instead of throwing.
 * @throws {RangeError} For an unknown dataset or loss.
 */
export async function runModeCollapse(
  dataset: ToyDataset,
  lossId: string,
  sizes: ModeCollapseSizes,
  options: {
    seed: number;
    onStep?: StepCallback;
    signal?: AbortSignal;
    train?: ToyTrainFunction;
  },
): Promise<ModeCollapseRun> {
  checkOptions(options, ["seed", "onStep", "signal", "train"], "run a mode-collapse experiment");
  toyDataset(dataset);
  toyLossSetup(lossId);
  const start = performance.now();
  const training = options.train
    ? await options.train(dataset, lossId, sizes)
    : await trainToy(dataset, lossId, sizes, options);
  const seconds = (performance.now() - start) / 1000;
  try {
    return await scoreToyRun(dataset, lossId, training, { sizes, seed: options.seed, seconds });
  } finally {
    training.trainer.dispose();
    training.trainer.generator.dispose();
    training.trainer.discriminator.dispose();
  }
}
