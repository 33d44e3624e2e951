/**
 * The paper's footnote on G's loss (Goodfellow et al. 2014, section 3): log(1 - D(G(z)))
 * saturates when D confidently rejects G's samples early on; -log D(G(z)) does not.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Figure } from "../lib/display/figure.ts";
import { saturationFigure } from "../lib/display/plots/saturation.ts";
import { gaussian1d } from "../lib/data/gaussian_1d.ts";
import { uniformPrior } from "../lib/latent/uniform.ts";
import { ganLoss } from "../lib/losses/registry.ts";
import { mlpDiscriminator, mlpGenerator } from "../lib/models/mlp.ts";
import { Rng } from "../lib/random.ts";
import { createTrainer } from "../lib/train/create_trainer.ts";
import type { StepRecord } from "../lib/train/history.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import { adam, sgdMomentum } from "../lib/train/optimizers.ts";
import {
  checkPositiveInteger,
  commonOptions,
  type ComparisonRow,
  type ExperimentOptions,
  prepareBackend,
  type StepCallback,
} from "./common.ts";
import {
  comparisonRows,
  densityFigure,
  gradientFigure,
  median,
  type SaturationRun,
} from "./saturation_report.ts";

export type { SaturationRun };
import {
  evaluate1d,
  gaussianKde,
  generatedSampler,
  gridJs,
  midpoints,
  normalPdf,
  trainDiscriminatorAlone,
} from "./toy_1d.ts";

/** Options of {@linkcode runSaturation}. */
export interface SaturationRunOptions extends ExperimentOptions {
  /** Generator steps of each run. Default: quick 300, full 2000. */
  steps?: number;
  /** D-only steps that make D confident before both runs. Default: quick 200, full 500. */
  pretrainSteps?: number;
  /** Called after each step; phase "minimax" or "non-saturating". */
  onStep?: StepCallback;
}

/** The two runs compared, from {@linkcode saturationResult}. */
export interface SaturationComparison {
  /** Steps per run. */
  steps: number;
  /** Mean D(G(z)) after D's pre-training (the confident start). */
  startDFake: number;
  /** The two runs from the same start. */
  runs: { minimax: SaturationRun; nonSaturating: SaturationRun };
  /** Grid of x. */
  x: number[];
  /** p_data on the grid. */
  pData: number[];
  /** p_g at the start. */
  pGStart: number[];
  /** Generator cost vs D(G(z)) for the three costs (NIPS 2016 tutorial, Figure 16). */
  costFigure: Figure;
  /** G's gradient norm per step, both runs (log scale). */
  gradientFigure: Figure;
  /** p_data, p_g at the start and after each run. */
  densityFigure: Figure;
  /** Rows for the "paper vs this run" table. */
  comparison: ComparisonRow[];
}

/** The result of {@linkcode runSaturation}. */
export interface SaturationResult extends SaturationComparison {
  /** The backend that trained. */
  backend: string;
}

/** The confident start both runs share, from {@linkcode saturationStart}. */
export interface SaturationStart {
  /** Grid of x. */
  x: number[];
  /** p_data on the grid. */
  pData: number[];
  /** p_g at the start (KDE of G at 2000 evenly spaced z). */
  pG: number[];
  /** Mean of G(z) at the start. */
  mean: number;
  /** Mean D(G(z)) at the start. */
  startDFake: number;
  /** Puts both networks back to the start's weights (before each run). */
  reset(): void;
  /** Frees the saved weights. */
  dispose(): void;
}

/** p_data of the saturation runs: N(2, 0.5^2). */
export const SATURATION_DATA: Readonly<{ mean: number; std: number }> = Object.freeze({
  mean: 2,
  std: 0.5,
});
const DATA = SATURATION_DATA;
const X_RANGE = [-4, 4] as const;

async function densityOf(generator: tf.LayersModel, x: number[]) {
  const samples = await evaluate1d(generator, midpoints(-1, 1, 2000));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { pG: gaussianKde(samples, x, 0.06), mean };
}

/** Options of {@linkcode saturationStart}. */
export interface SaturationStartOptions {
  /** Samples p_data (`SATURATION_DATA`), e.g. `(m, rng) => data.sample(m, rng)`. */
  sampleReal: (m: number, rng: Rng) => tf.Tensor;
  /** The run's seed (the D-only phase draws from its own fork of it). */
  seed: number;
  /** D-only steps (Adam lr 2e-3, beta1 0.9, batch 256, minimax D loss). Default 500. */
  pretrainSteps?: number;
  /** Aborts between updates. */
  signal?: AbortSignal;
}

/**
 * Makes D confident: trains D alone (G frozen) until it rejects G's samples, measures p_g and
 * D(G(z)) there, and saves both networks' weights so each run starts from this same state.
 *
 * @param models G (1-D, on `prior`) and D, updated in place.
 * @param prior G's noise prior.
 * @param options Real sampler, seed, D-only steps.
 * @returns The start; call `reset()` before each run and `dispose()` at the end.
 * @throws {RangeError} If `pretrainSteps` is not a positive integer.
 */
export async function saturationStart(
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  prior: NoisePrior,
  options: SaturationStartOptions,
): Promise<SaturationStart> {
  const { generator, discriminator } = models;
  const pretrain = checkPositiveInteger(
    options.pretrainSteps ?? 500,
    "pretrainSteps",
    "make the saturation start",
  );
  const x = midpoints(X_RANGE[0], X_RANGE[1], 200);
  const pData = x.map((v) => normalPdf(v, DATA.mean, DATA.std));
  const root = new Rng(options.seed).fork("saturation");
  await trainDiscriminatorAlone(
    discriminator,
    generatedSampler(generator, prior),
    options.sampleReal,
    ganLoss("minimax"),
    {
      steps: pretrain,
      batchSize: 256,
      optimizer: adam({ lr: 2e-3, beta1: 0.9 }),
      noiseRng: root.fork("noise"),
      dataRng: root.fork("data"),
      signal: options.signal,
    },
  );
  const start = await densityOf(generator, x);
  const startDFake = mean(
    await evaluate1d(
      discriminator,
      await evaluate1d(generator, midpoints(-1, 1, 500)),
      "sigmoid",
    ),
  );
  const saved = [
    ...generator.getWeights().map((w) => w.clone()),
    ...discriminator.getWeights().map((w) => w.clone()),
  ];
  const nG = generator.getWeights().length;
  return {
    x,
    pData,
    pG: start.pG,
    mean: start.mean,
    startDFake,
    reset() {
      generator.setWeights(saved.slice(0, nG));
      discriminator.setWeights(saved.slice(nG));
    },
    dispose() {
      tf.dispose(saved);
    },
  };
}

/**
 * Measures one run from the start: G's gradient norms (first, early median), D(G(z)), and how
 * far p_g moved (mean of G(z), JS to p_data).
 *
 * @param start The shared start.
 * @param generator G after the run.
 * @param loss The G loss the run used.
 * @param history The run's records.
 * @returns The run's numbers.
 */
export async function saturationRun(
  start: SaturationStart,
  generator: tf.LayersModel,
  loss: "minimax" | "non-saturating",
  history: StepRecord[],
): Promise<SaturationRun> {
  const end = await densityOf(generator, start.x);
  const early = history.slice(0, Math.max(1, Math.round(history.length / 10)))
    .map((r) => r.gGradNorm);
  return {
    loss,
    firstGradNorm: history[0].gGradNorm,
    earlyGradNorm: median(early),
    firstDFake: history[0].dFake,
    lastDFake: history[history.length - 1].dFake,
    meanBefore: start.mean,
    meanAfter: end.mean,
    jsBefore: gridJs(start.pG, start.pData),
    jsAfter: gridJs(end.pG, start.pData),
    history,
    pG: end.pG,
  };
}

/**
 * The comparison of the two runs: the cost, gradient and density figures and the rows
 * checking the footnote's claim.
 *
 * @param start The shared start.
 * @param minimax The minimax run.
 * @param nonSaturating The non-saturating run.
 * @returns Numbers, figures and rows.
 */
export function saturationResult(
  start: SaturationStart,
  minimax: SaturationRun,
  nonSaturating: SaturationRun,
): SaturationComparison {
  const steps = minimax.history.length;
  return {
    steps,
    startDFake: start.startDFake,
    runs: { minimax, nonSaturating },
    x: start.x,
    pData: start.pData,
    pGStart: start.pG,
    costFigure: saturationFigure(),
    gradientFigure: gradientFigure(minimax, nonSaturating),
    densityFigure: densityFigure(start.x, start.pData, start.pG, minimax, nonSaturating, steps),
    comparison: comparisonRows(minimax, nonSaturating),
  };
}

/**
 * From one start where D confidently rejects G's samples (p_data = N(2, 0.5^2); G, an MLP
 * 1 -> 32 -> 32 -> 1 on z ~ U(-1, 1), starts around -2; D is trained alone until
 * D(G(z)) ~ 0, {@linkcode saturationStart}), trains twice with Algorithm 1 (k = 1, SGD lr 0.05
 * with momentum 0.5 for both nets, batch 128, the same seed): once with the minimax G loss
 * log(1 - D(G(z))) and once with the non-saturating -log D(G(z)). Reports G's gradient norms,
 * D(G(z)), and how far p_g moved (mean of G(z), JS to p_data). Notebook 3 writes the same
 * training out.
 *
 * @param options Sizes, seed, backend, step callback.
 * @returns Both runs' numbers and the cost, gradient and density figures.
 * @throws {RangeError} For a bad seed or size.
 */
export async function runSaturation(options: SaturationRunOptions = {}): Promise<SaturationResult> {
  const action = "run the saturation experiment";
  const { quick, seed } = commonOptions(options, action, ["steps", "pretrainSteps", "onStep"]);
  const steps = checkPositiveInteger(options.steps ?? (quick ? 300 : 2000), "steps", action);
  const pretrainSteps = checkPositiveInteger(
    options.pretrainSteps ?? (quick ? 200 : 500),
    "pretrainSteps",
    action,
  );
  const backend = await prepareBackend(options.backend);
  const data = gaussian1d(DATA);
  const prior = uniformPrior(1, { low: -1, high: 1 });
  const generator = mlpGenerator({
    latentDim: 1,
    outputShape: [1],
    hidden: [32, 32],
    init: { kind: "uniform", scale: 0.3 },
    outputBias: [-2],
    seed,
  });
  const discriminator = mlpDiscriminator({
    inputShape: [1],
    hidden: [32, 32],
    init: { kind: "normal", std: 0.5 },
    seed: seed + 100,
  });
  let start: SaturationStart | undefined;
  try {
    start = await saturationStart({ generator, discriminator }, prior, {
      sampleReal: (m, r) => data.sample(m, r),
      seed,
      pretrainSteps,
      signal: options.signal,
    });
    const runOne = async (loss: "minimax" | "non-saturating"): Promise<SaturationRun> => {
      start!.reset();
      const sgd = sgdMomentum({ lr: 0.05, decay: 1 });
      const trainer = createTrainer({
        generator,
        discriminator,
        loss: ganLoss(loss),
        prior,
        sampleReal: (m, r) => data.sample(m, r),
        batchSize: 128,
        seed,
        dOptimizer: sgd,
        gOptimizer: sgd,
      });
      try {
        const history = await trainer.train(steps, {
          signal: options.signal,
          onStep: (record) =>
            options.onStep?.(record, { phase: loss, done: record.step, total: steps }),
        });
        return await saturationRun(start!, generator, loss, history);
      } finally {
        trainer.dispose();
      }
    };
    const minimax = await runOne("minimax");
    const nonSaturating = await runOne("non-saturating");
    return { backend, ...saturationResult(start, minimax, nonSaturating) };
  } finally {
    start?.dispose();
    generator.dispose();
    discriminator.dispose();
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
