/**
 * Figure 1 of Goodfellow et al. (2014) from real training states of a 1-D GAN.
 *
 * @module
 */
import { type Figure, stackFigures } from "../lib/display/figure.ts";
import { historyFigure } from "../lib/display/plots/history.ts";
import { gaussian1d } from "../lib/data/gaussian_1d.ts";
import { uniformPrior } from "../lib/latent/uniform.ts";
import { ganLoss } from "../lib/losses/registry.ts";
import { mlpDiscriminator, mlpGenerator } from "../lib/models/mlp.ts";
import { Rng } from "../lib/random.ts";
import type { Tensor } from "../lib/tensor_types.ts";
import { createTrainer } from "../lib/train/create_trainer.ts";
import type { StepRecord } from "../lib/train/history.ts";
import { adam } from "../lib/train/optimizers.ts";
import type { Trainer } from "../lib/train/trainer.ts";
import type { TrainerSnapshot } from "../lib/train/checkpoint/snapshot.ts";
import {
  checkPositiveInteger,
  commonOptions,
  type ComparisonRow,
  type ExperimentOptions,
  prepareBackend,
  type StepCallback,
} from "./common.ts";
import {
  type Figure1Setup,
  type Figure1State,
  measureState,
  panelFigure,
} from "./figure1_panel.ts";
import { figure1Comparison } from "./figure1_report.ts";
import { generatedSampler, trainDiscriminatorAlone, trainGeneratorAlone } from "./toy_1d.ts";

/** Options of {@linkcode runFigure1}. */
export interface Figure1RunOptions extends ExperimentOptions {
  /** Generator steps of Algorithm 1. Default: quick 600, full 3000. */
  steps?: number;
  /** Discriminator steps per generator step (Algorithm 1's k). Default 1, as in the paper. */
  k?: number;
  /** G's loss: "non-saturating" (default; the paper's advice and code) or "minimax". */
  loss?: "non-saturating" | "minimax";
  /** Panel (a) is the first state whose JS(p_g, p_data) falls below this. Default 0.3. */
  panelAThreshold?: number;
  /** D-only updates for panel (b). Default: quick 300, full 1000. */
  innerSteps?: number;
  /** G-only updates for panel (c). Default 5. */
  generatorSteps?: number;
  /** Called after each step of the main training (phase "figure1"). */
  onStep?: StepCallback;
  /** Called every `panelEvery` steps with a Figure 1 panel of the current state (a live view). */
  onPanel?: (
    panel: Figure,
    info: { step: number; total: number; js: number },
  ) => void | Promise<void>;
  /** Steps between `onPanel` calls. Default: quick 50, full 100. */
  panelEvery?: number;
}

/** One panel: the state's numbers and its figure. */
export interface Figure1Panel extends Figure1State {
  /** (a), (b), (c) or (d). */
  label: string;
  /** How the state was reached. */
  how: string;
  /** The panel. */
  figure: Figure;
}

/** Panels (a)-(d) of a trained run, from {@linkcode figure1Panels}. */
export interface Figure1Panels {
  /** Main training steps. */
  steps: number;
  /** Panels (a)-(d). */
  panels: { a: Figure1Panel; b: Figure1Panel; c: Figure1Panel; d: Figure1Panel };
  /** The four panels stacked. */
  figure: Figure;
  /** Loss and D-output curves of the main run. */
  historyFigure: Figure;
  /** The main run's records. */
  history: StepRecord[];
  /** Rows for the "paper vs this run" table. */
  comparison: ComparisonRow[];
}

/** The result of {@linkcode runFigure1}. */
export interface Figure1Result extends Figure1Panels {
  /** The backend that trained. */
  backend: string;
}

/** The 1-D problem of the figure: p_data = N(1, 0.5^2), z ~ U(-1, 1), x in [-1.5, 3.5]. */
export const FIGURE1_SETUP: Figure1Setup = Object.freeze({
  mean: 1,
  std: 0.5,
  zLow: -1,
  zHigh: 1,
  xMin: -1.5,
  xMax: 3.5,
});

/** Options of {@linkcode figure1Watch}. */
export interface Figure1WatchOptions {
  /** The planned number of steps (the last step always gets a panel). */
  steps: number;
  /** Panel (a) is the first state whose JS(p_g, p_data) falls below this. Default 0.3. */
  panelAThreshold?: number;
  /** Steps between `onPanel` calls. Default 100. */
  panelEvery?: number;
  /** Called every `panelEvery` steps with a Figure 1 panel of the current state (a live view). */
  onPanel?: Figure1RunOptions["onPanel"];
}

/** Watches a Figure 1 run: holds panel (a)'s state; see {@linkcode figure1Watch}. */
export interface Figure1Watch {
  /** Call after each training step (await it). */
  onStep(record: StepRecord): Promise<void>;
  /** The threshold of panel (a). */
  readonly threshold: number;
  /** Panel (a): the first state below the threshold and the trainer's snapshot there. */
  readonly panelA: { snapshot: TrainerSnapshot; state: Figure1State } | undefined;
}

/**
 * Watches the training of the Figure 1 GAN (see {@linkcode FIGURE1_SETUP}): every 10 steps it
 * measures JS(p_g, p_data) and keeps the first state below `panelAThreshold` (its snapshot,
 * for panel (a)); every `panelEvery` steps it draws a panel of the current state for `onPanel`.
 *
 * @param trainer The trainer of the 1-D GAN.
 * @param options Planned steps, threshold, panel interval and callback.
 * @returns The watch: pass `onStep` to `trainer.train`, then hand it to {@linkcode figure1Panels}.
 * @throws {RangeError} If `steps` or `panelEvery` is not a positive integer.
 */
export function figure1Watch(trainer: Trainer, options: Figure1WatchOptions): Figure1Watch {
  const action = "watch the Figure 1 run";
  const steps = checkPositiveInteger(options.steps, "steps", action);
  const panelEvery = checkPositiveInteger(options.panelEvery ?? 100, "panelEvery", action);
  const threshold = options.panelAThreshold ?? 0.3;
  const models = trainer;
  const setup = FIGURE1_SETUP;
  const held: { panelA?: { snapshot: TrainerSnapshot; state: Figure1State } } = {};
  return {
    threshold,
    get panelA() {
      return held.panelA;
    },
    async onStep(record: StepRecord) {
      const wantPanel = options.onPanel !== undefined &&
        (record.step % panelEvery === 0 || record.step === steps);
      if (record.step % 10 !== 0 && !wantPanel) return;
      const state = await measureState(models, setup, wantPanel);
      if (held.panelA === undefined && state.js < threshold) {
        const snapshot = await trainer.snapshot();
        held.panelA = {
          snapshot,
          state: state.d.length > 0 ? state : await measureState(models, setup, true),
        };
      }
      if (wantPanel) {
        await options.onPanel!(panelFigure(state, setup, `step ${record.step}`), {
          step: record.step,
          total: steps,
          js: state.js,
        });
      }
    },
  };
}

/** Options of {@linkcode figure1Panels}. */
export interface Figure1PanelsOptions {
  /** Samples p_data for D's inner loop (panel (b)), e.g. `(m, rng) => data.sample(m, rng)`. */
  sampleReal: (m: number, rng: Rng) => Tensor;
  /** Seed of the panels' noise and data streams (the run's seed). */
  seed: number;
  /** D-only updates for panel (b) (Adam lr 2e-3, beta1 0.9, batch 512). Default 1000. */
  innerSteps?: number;
  /** G-only updates for panel (c) (Adam lr 2e-3, beta1 0.5, batch 512). Default 5. */
  generatorSteps?: number;
  /** Aborts between updates. */
  signal?: AbortSignal;
}

/**
 * Draws Figure 1's panels from a trained run watched by {@linkcode figure1Watch}: (d) the end
 * state; (a) the watched state, restored into the trainer; (b) that state after D alone is
 * trained `innerSteps` more at the frozen G, approaching D* = p_data / (p_data + p_g); (c) then
 * G alone for `generatorSteps` against that D. Leaves the trainer at state (c).
 *
 * @param trainer The trained trainer (its models are updated in place).
 * @param watch The watch that saw its training.
 * @param options Real sampler, seed, inner steps.
 * @returns Panels with their numbers, figures, the history and the comparison rows.
 * @throws {RangeError} If JS never fell below the threshold (no panel (a)).
 */
export async function figure1Panels(
  trainer: Trainer,
  watch: Figure1Watch,
  options: Figure1PanelsOptions,
): Promise<Figure1Panels> {
  const action = "draw the Figure 1 panels";
  const innerSteps = checkPositiveInteger(options.innerSteps ?? 1000, "innerSteps", action);
  const generatorSteps = checkPositiveInteger(
    options.generatorSteps ?? 5,
    "generatorSteps",
    action,
  );
  const { generator, discriminator, prior, loss } = trainer;
  const setup = FIGURE1_SETUP;
  const steps = trainer.stepCount;
  const history = [...trainer.history];
  const d = await measureState(trainer, setup, true);
  const held = watch.panelA;
  if (held === undefined) {
    throw new RangeError(
      `Cannot ${action} as JS(p_g, p_data) never fell below panelAThreshold=${watch.threshold} in ${steps} steps (train longer or raise it)`,
    );
  }
  const snapA = held.snapshot, a = held.state;
  await trainer.restoreSnapshot(snapA);
  const rng = new Rng(options.seed).fork("figure1-panels");
  const noiseRng = rng.fork("noise");
  await trainDiscriminatorAlone(
    discriminator,
    generatedSampler(generator, prior),
    options.sampleReal,
    loss,
    {
      steps: innerSteps,
      batchSize: 512,
      optimizer: adam({ lr: 2e-3, beta1: 0.9 }),
      noiseRng,
      dataRng: rng.fork("data"),
      signal: options.signal,
    },
  );
  const b = await measureState(trainer, setup, true);
  await trainGeneratorAlone(generator, discriminator, prior, loss, {
    steps: generatorSteps,
    batchSize: 512,
    optimizer: adam({ lr: 2e-3, beta1: 0.5 }),
    noiseRng,
    signal: options.signal,
  });
  const c = await measureState(trainer, setup, true);
  const aHow =
    `first state (checked every 10 steps) with JS(p_g, p_data) < ${watch.threshold}, step ${snapA.step}`;
  const panel = (label: string, s: Figure1State, how: string, title: string): Figure1Panel => ({
    ...s,
    label,
    how,
    figure: panelFigure(s, setup, title),
  });
  const f = (v: number) => v.toFixed(3);
  const panels = {
    a: panel("a", a, aHow, `(a) near convergence, step ${snapA.step}: JS = ${f(a.js)}`),
    b: panel(
      "b",
      b,
      `(a) then ${innerSteps} D-only steps at the frozen G`,
      `(b) D alone at fixed G: mean |D - D*| ${f(a.meanErrorToOptimal)} -> ${
        f(b.meanErrorToOptimal)
      }`,
    ),
    c: panel(
      "c",
      c,
      `(b) then ${generatorSteps} G-only steps (Adam lr 2e-3) against the frozen D`,
      `(c) after G updates: mean D(G(z)) ${f(b.meanDOfG)} -> ${f(c.meanDOfG)}`,
    ),
    d: panel(
      "d",
      d,
      `end of training, step ${steps}`,
      `(d) step ${steps}: JS = ${f(d.js)}, max |D - 1/2| = ${f(d.maxErrorToHalf)}`,
    ),
  };
  return {
    steps,
    panels,
    figure: stackFigures(
      [panels.a.figure, panels.b.figure, panels.c.figure, panels.d.figure],
      "Figure 1 (a)-(d)",
    ),
    historyFigure: historyFigure(history, { title: "Figure 1 GAN: training history" }),
    history,
    comparison: figure1Comparison(a, b, c, d),
  };
}

/**
 * Trains a 1-D GAN with Algorithm 1 (G: 1 -> 32 -> 32 -> 1 ReLU, D: 1 -> 32 -> 32 -> 1 leaky
 * ReLU, Adam lr 2e-3, beta1 0.5, lowered to 5e-4 for the last 30% of the steps by a
 * `learningRate` schedule, batch 128) on p_data = N(1, 0.5^2) with z ~ U(-1, 1), watched by
 * {@linkcode figure1Watch}, and draws Figure 1's panels with {@linkcode figure1Panels}:
 * (a) the first state whose JS(p_g, p_data) falls below `panelAThreshold` (checked every 10
 * steps); (b) that state after D alone is trained `innerSteps` more (Adam lr 2e-3, batch 512)
 * at the frozen G; (c) then G alone for `generatorSteps` against that D; (d) the end of
 * training, p_g ~ p_data and D ~ 1/2. p_g is a Gaussian KDE of G at 2000 evenly spaced z.
 * Notebook 2 writes the same training out.
 *
 * @param options Sizes, seed, loss, backend, callbacks.
 * @returns Panels with their numbers (JS, max |D - D*|, max |D - 1/2|), figures, history.
 * @throws {RangeError} For a bad seed or size.
 * @throws The signal's reason when aborted.
 */
export async function runFigure1(options: Figure1RunOptions = {}): Promise<Figure1Result> {
  const action = "run the Figure 1 experiment";
  const { quick, seed } = commonOptions(options, action, [
    "steps",
    "k",
    "loss",
    "panelAThreshold",
    "innerSteps",
    "generatorSteps",
    "onStep",
    "onPanel",
    "panelEvery",
  ]);
  const steps = checkPositiveInteger(options.steps ?? (quick ? 600 : 3000), "steps", action);
  const k = checkPositiveInteger(options.k ?? 1, "k", action);
  const innerSteps = checkPositiveInteger(
    options.innerSteps ?? (quick ? 300 : 1000),
    "innerSteps",
    action,
  );
  const generatorSteps = checkPositiveInteger(
    options.generatorSteps ?? 5,
    "generatorSteps",
    action,
  );
  const panelEvery = checkPositiveInteger(
    options.panelEvery ?? (quick ? 50 : 100),
    "panelEvery",
    action,
  );
  const lossName = options.loss ?? "non-saturating";
  if (lossName !== "non-saturating" && lossName !== "minimax") {
    throw new RangeError(
      `Cannot ${action} as loss must be "non-saturating" or "minimax": loss=${lossName}`,
    );
  }
  const backend = await prepareBackend(options.backend);
  const setup = FIGURE1_SETUP;
  const data = gaussian1d({ mean: setup.mean, std: setup.std });
  const generator = mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [32, 32], seed });
  const discriminator = mlpDiscriminator({
    inputShape: [1],
    hidden: [32, 32],
    init: { kind: "normal", std: 0.5 },
    seed: seed + 100,
  });
  // Constant-lr GANs keep oscillating around the equilibrium: anneal for the last 30%.
  const annealAt = Math.round(0.7 * steps);
  const trainer = createTrainer({
    generator,
    discriminator,
    loss: ganLoss(lossName),
    prior: uniformPrior(1, { low: setup.zLow, high: setup.zHigh }),
    sampleReal: (m, rng) => data.sample(m, rng),
    batchSize: 128,
    k,
    seed,
    dOptimizer: adam({ lr: 2e-3, beta1: 0.5 }),
    gOptimizer: adam({ lr: 2e-3, beta1: 0.5 }),
    learningRate: (step) => step < annealAt ? 2e-3 : 5e-4,
  });
  try {
    const watch = figure1Watch(trainer, {
      steps,
      panelAThreshold: options.panelAThreshold,
      panelEvery,
      onPanel: options.onPanel,
    });
    await trainer.train(steps, {
      signal: options.signal,
      onStep: async (record) => {
        await options.onStep?.(record, { phase: "figure1", done: record.step, total: steps });
        await watch.onStep(record);
      },
    });
    const panels = await figure1Panels(trainer, watch, {
      sampleReal: (m, rng) => data.sample(m, rng),
      seed,
      innerSteps,
      generatorSteps,
      signal: options.signal,
    });
    return { backend, ...panels };
  } finally {
    trainer.dispose();
    generator.dispose();
    discriminator.dispose();
  }
}
