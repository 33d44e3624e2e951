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

/** The result of {@linkcode runSaturation}. */
export interface SaturationResult {
  /** The backend that trained. */
  backend: string;
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

const DATA = { mean: 2, std: 0.5 };
const X_RANGE = [-4, 4] as const;

async function densityOf(generator: tf.LayersModel, x: number[]) {
  const samples = await evaluate1d(generator, midpoints(-1, 1, 2000));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { pG: gaussianKde(samples, x, 0.06), mean };
}

/**
 * From one start where D confidently rejects G's samples (p_data = N(2, 0.5^2); G, an MLP
 * 1 -> 32 -> 32 -> 1 on z ~ U(-1, 1), starts around -2; D is trained alone until
 * D(G(z)) ~ 0), trains twice with Algorithm 1 (k = 1, SGD lr 0.05 with momentum 0.5 for both
 * nets, batch 128, the same seed): once with the minimax G loss log(1 - D(G(z))) and once with
 * the non-saturating -log D(G(z)). Reports G's gradient norms, D(G(z)), and how far p_g moved
 * (mean of G(z), JS to p_data).
 *
 * @param options Sizes, seed, backend, step callback.
 * @returns Both runs' numbers and the cost, gradient and density figures.
 * @throws {RangeError} For a bad seed or size.
 */
export async function runSaturation(options: SaturationRunOptions = {}): Promise<SaturationResult> {
  const action = "run the saturation experiment";
  const { quick, seed } = commonOptions(options, action, ["steps", "pretrainSteps", "onStep"]);
  const steps = checkPositiveInteger(options.steps ?? (quick ? 300 : 2000), "steps", action);
  const pretrain = checkPositiveInteger(
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
  const x = midpoints(X_RANGE[0], X_RANGE[1], 200);
  const pData = x.map((v) => normalPdf(v, DATA.mean, DATA.std));
  const saved: tf.Tensor[] = [];
  try {
    const root = new Rng(seed).fork("saturation");
    await trainDiscriminatorAlone(
      discriminator,
      generatedSampler(generator, prior),
      (m, r) => data.sample(m, r),
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
    saved.push(...generator.getWeights().map((w) => w.clone()));
    saved.push(...discriminator.getWeights().map((w) => w.clone()));
    const nG = generator.getWeights().length;
    const runOne = async (loss: "minimax" | "non-saturating"): Promise<SaturationRun> => {
      generator.setWeights(saved.slice(0, nG));
      discriminator.setWeights(saved.slice(nG));
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
        const end = await densityOf(generator, x);
        const early = history.slice(0, Math.max(1, Math.round(steps / 10))).map((r) => r.gGradNorm);
        return {
          loss,
          firstGradNorm: history[0].gGradNorm,
          earlyGradNorm: median(early),
          firstDFake: history[0].dFake,
          lastDFake: history[history.length - 1].dFake,
          meanBefore: start.mean,
          meanAfter: end.mean,
          jsBefore: gridJs(start.pG, pData),
          jsAfter: gridJs(end.pG, pData),
          history,
          pG: end.pG,
        };
      } finally {
        trainer.dispose();
      }
    };
    const minimax = await runOne("minimax");
    const nonSaturating = await runOne("non-saturating");
    return {
      backend,
      steps,
      startDFake,
      runs: { minimax, nonSaturating },
      x,
      pData,
      pGStart: start.pG,
      costFigure: saturationFigure(),
      gradientFigure: gradientFigure(minimax, nonSaturating),
      densityFigure: densityFigure(x, pData, start.pG, minimax, nonSaturating, steps),
      comparison: comparisonRows(minimax, nonSaturating),
    };
  } finally {
    tf.dispose(saved);
    generator.dispose();
    discriminator.dispose();
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
