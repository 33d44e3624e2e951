import { loadMnist, type Mnist } from "../lib/data/mnist.ts";
import { type DataOrder, dataSampler } from "../lib/data/batches.ts";
import type { UpdateRule } from "../lib/train/options.ts";
import type { GeneratorAverageConfig } from "../lib/train/generator_average.ts";
import { checkOptions } from "../lib/validate.ts";
import { uniformPrior } from "../lib/latent/uniform.ts";
import { nonSaturatingLoss } from "../lib/losses/minimax.ts";
import { paperMnistGan } from "../lib/models/paper.ts";
import { Rng } from "../lib/random.ts";
import { createTrainer } from "../lib/train/create_trainer.ts";
import type { Trainer } from "../lib/train/trainer.ts";
import type { StepRecord } from "../lib/train/history.ts";
import {
  type LearningRateSchedule,
  type OptimizerSpec,
  sgdMomentum,
} from "../lib/train/optimizers.ts";
import {
  checkPositiveInteger,
  commonOptions,
  type ExperimentOptions,
  prepareBackend,
  type StepCallback,
} from "./common.ts";
import { generateRows } from "./samples.ts";
import { type SampleDiversity, sampleDiversity } from "../lib/eval/diversity.ts";
import { mnistSampleScore } from "../lib/eval/mnist_score.ts";
import {
  checkParzenFits,
  evaluateMnist,
  type MnistEvaluation,
  type ParzenSizes,
  parzenSizes,
} from "./mnist_eval.ts";
import { trainResumable } from "./train_resumable.ts";
import type { CollapseGuardEvent } from "../lib/train/collapse_guard.ts";

const ACTION = "run the MNIST experiment";
/** Updates per epoch at the paper's 50,000 training images and batch 100. */
export const MNIST_STEPS_PER_EPOCH = 500;

/** Options of {@linkcode runMnist}. */
export interface MnistOptions extends ExperimentOptions {
  /** Training budget in generator steps (exclusive with `epochs`). Default: quick 6, full 50,000. */
  steps?: number;
  /** Training budget in epochs of 500 steps (exclusive with `steps`). */
  epochs?: number;
  /** Checkpoint directory: resumes from its newest checkpoint, saves periodically. */
  checkpointDir?: string;
  /** Steps between checkpoints. Default: quick 3, full 1000. */
  checkpointEvery?: number;
  /** Parzen sizes. Default: quick 500 / 200 / 200, full 10000 / 10000 / 1000. */
  parzen?: Partial<ParzenSizes>;
  /** Called after each training step. */
  onStep?: StepCallback;
  /** Progress messages of the evaluation phases. */
  onPhase?: (text: string) => void;
  /** Already loaded MNIST (default: {@linkcode loadMnist}). */
  mnist?: Mnist;
  /** The step: `"simultaneous"` (default, the authors' code) or `"alternating"` (Algorithm 1). */
  update?: UpdateRule;
  /** Steps between collapse checks while training (`sampleDiversity`). Default: quick 3, full 500. */
  monitorEvery?: number;
  /**
   * The collapse guard (beyond the paper, see {@linkcode MnistGuardOptions}): `true` (default) or
   * settings turn it on, `false` off (training exactly as the paper's recipe, collapse only
   * reported).
   */
  guard?: boolean | MnistGuardOptions;
}

/**
 * Settings of the MNIST run's collapse guard, a safeguard **beyond the paper**: when the collapse
 * check (every `monitorEvery` steps) reports collapse, the run goes back to its last healthy
 * check, its noise, data order and dropout masks are reseeded, and training continues
 * (`trainWithCollapseGuard`). The recipe itself (update rule, optimiser, data) is unchanged.
 */
export interface MnistGuardOptions {
  /** Restarts before giving up with a `CollapseGuardError`. Default 3. */
  maxRestarts?: number;
  /**
   * Collapse verdicts up to this step are not acted on until a check has passed (the paper's G
   * starts from one near-constant image, which the detector flags for the first 500-1500
   * steps). Default: 5 checks (2,500 steps at the full job's `monitorEvery` of 500).
   */
  warmup?: number;
}

/** What the collapse guard did in {@linkcode runMnist} (beyond the paper). */
export interface MnistGuardReport {
  /** Whether the guard was on. */
  enabled: boolean;
  /** Its settings (null when off). */
  settings: { every: number; warmup: number; maxRestarts: number } | null;
  /** Its rollbacks in this call (empty when it did not fire or was off). */
  events: CollapseGuardEvent[];
  /** One line: `collapse guard (beyond the paper): fired N times` (and the events), or `off`. */
  summary: string;
}

/** One collapse check made while training. */
export interface CollapseCheck {
  /** The step after which it ran. */
  step: number;
  /** Its result on 500 fresh samples. */
  diversity: SampleDiversity;
}

/** The result of {@linkcode runMnist}: its settings, training and {@linkcode MnistEvaluation}. */
export interface MnistResult extends MnistEvaluation {
  /** The settings used. */
  settings: {
    quick: boolean;
    seed: number;
    update: UpdateRule;
    steps: number;
    epochs: number;
    batchSize: number;
    k: number;
    loss: string;
    optimizer: string;
    backend: string;
  };
  /** The step training resumed from (null for a fresh run). */
  resumedFrom: number | null;
  /** Steps trained in this call. */
  stepsThisRun: number;
  /** Wall seconds of this call's training. */
  trainSeconds: number;
  /** Collapse checks made while training (this call's steps, discarded stretches included). */
  monitor: CollapseCheck[];
  /** The collapse guard (beyond the paper): its settings and rollbacks. */
  guard: MnistGuardReport;
}

function budget(options: MnistOptions, quick: boolean): number {
  if (options.steps !== undefined && options.epochs !== undefined) {
    throw new RangeError(
      `Cannot ${ACTION} as steps and epochs are exclusive: steps=${options.steps}, epochs=${options.epochs}`,
    );
  }
  if (options.epochs !== undefined) {
    return checkPositiveInteger(options.epochs, "epochs", ACTION) * MNIST_STEPS_PER_EPOCH;
  }
  return checkPositiveInteger(options.steps ?? (quick ? 6 : 50000), "steps", ACTION);
}

/**
 * G's initial output bias in the paper's MNIST run: the logit of the mean training pixel, the
 * mean clipped to [1e-7, 1 - 1e-7] as pylearn2's `init_sigmoid_bias_from_marginals` does (the
 * authors' code): -16.1 on pixels that are black in every training image.
 *
 * @param mnist Loaded MNIST (its `train` split is averaged).
 * @returns 784 logits, for `paperMnistGan({ outputBias })`.
 */
export function mnistOutputBias(mnist: Mnist): Float32Array {
  const { x, n, dim } = mnist.train;
  const sum = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sum[j] += x[i * dim + j];
  const bias = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    const p = Math.min(Math.max(sum[j] / n, 1e-7), 1 - 1e-7);
    bias[j] = Math.log(p / (1 - p));
  }
  return bias;
}

/** Updates per epoch of the paper's run, and so the momentum ramp's unit. */
const EPOCH = 500;

/** Options of {@linkcode paperMnistTrainer}. */
export interface PaperMnistTrainerOptions {
  /** Seed of the weights, dropout masks, noise and data order. Default 0. */
  seed?: number;
  /** Minibatch size. Default 100 (the paper's). */
  batchSize?: number;
  /**
   * The step: `"simultaneous"` (default: the authors' code, which produced the paper's
   * numbers) or `"alternating"` (Algorithm 1 as printed). See `UpdateRule`.
   */
  update?: UpdateRule;
  /** Real minibatches: `"epochs"` (default, the authors' shuffled epochs) or `"iid"`. */
  dataOrder?: DataOrder;
  /** Use the compiled step where it applies (default true; see `TrainerOptions.compiled`). */
  compiled?: boolean;
  /**
   * Also keep a moving average of G's weights (`TrainerOptions.generatorAverage`; beyond the
   * paper, which samples from G itself). Training is unchanged. Default: none.
   */
  generatorAverage?: GeneratorAverageConfig;
  /**
   * Replace the authors' SGD with momentum (and its schedule) for both networks, e.g.
   * `adam({ lr: 2e-4, beta1: 0.5 })` (beyond the paper). Default: the authors' optimiser.
   */
  optimizer?: OptimizerSpec;
  /**
   * A learning-rate schedule replacing the optimiser's own (`TrainerOptions.learningRate`;
   * beyond the paper, e.g. the authors' rate annealed to zero at the end of a run). Default:
   * none.
   */
  learningRate?: LearningRateSchedule;
}

/**
 * The trainer of the paper's MNIST experiment as the authors' code ran it (Goodfellow et al.
 * 2014, `mnist.yaml` with `AdversaryCost2` and pylearn2's SGD): the paper's G and maxout D with
 * dropout (G's output bias the logit of the mean training pixel, clipped at 1e-7), 100-d
 * U(-sqrt 3, sqrt 3) noise, the non-saturating G loss with D's loss scaled by 1/2, the
 * simultaneous update (one pass, both gradients, applied together), SGD with momentum (lr 0.1
 * decaying by 1.000004 per update, momentum 0.5 -> 0.7 changed once per epoch from epoch 1 to
 * 250), shuffled epochs of train[0:50000].
 *
 * @param mnist Loaded MNIST (its `train` split is used).
 * @param options Seed and batch size.
 * @returns A trainer at step 0; the caller disposes it (and its models).
 */
export function paperMnistTrainer(mnist: Mnist, options: PaperMnistTrainerOptions = {}): Trainer {
  const action = "build the paper's MNIST trainer";
  if (mnist === null || typeof mnist !== "object" || !mnist.train?.x) {
    throw new TypeError(
      `Cannot ${action} as mnist must be loaded MNIST (loadMnist()) with a train split: mnist=${
        mnist === null ? "null" : typeof mnist
      }`,
    );
  }
  const {
    seed = 0,
    batchSize = 100,
    update = "simultaneous",
    dataOrder = "epochs",
    compiled,
    generatorAverage,
    optimizer,
    learningRate,
  } = checkOptions(
    options,
    [
      "seed",
      "batchSize",
      "update",
      "dataOrder",
      "compiled",
      "generatorAverage",
      "optimizer",
      "learningRate",
    ],
    action,
  );
  const { generator, discriminator } = paperMnistGan({ seed, outputBias: mnistOutputBias(mnist) });
  // pylearn2's MomentumAdjustor(start=1, saturate=250): during epoch e (0-based) the
  // momentum is 0.5 + 0.2 * min(e / 249, 1).
  const schedule = optimizer ??
    sgdMomentum({ rampFrom: 0, rampTo: 249 * EPOCH, rampEvery: EPOCH });
  return createTrainer({
    generator,
    discriminator,
    loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
    prior: uniformPrior(100),
    sampleReal: dataSampler(mnist.train, { order: dataOrder }),
    batchSize,
    k: 1,
    update,
    dOptimizer: schedule,
    gOptimizer: schedule,
    seed,
    compiled,
    ...(generatorAverage === undefined ? {} : { generatorAverage }),
    ...(learningRate === undefined ? {} : { learningRate }),
  });
}

/**
 * The MNIST experiment of Goodfellow et al. 2014 with the authors' settings (REFERENCE.md):
 * the paper's G (100 -> 1200 -> 1200 -> 784) and maxout D with dropout, 100-d uniform noise,
 * the non-saturating G loss, D's loss scaled 1/2 as in their code, k = 1, batch 100, SGD with
 * momentum (lr 0.1 / 1.000004^t, momentum 0.5 -> 0.7 over epochs 1..250), on train[0:50000].
 * Trains for the budget (resuming from `checkpointDir`), then draws Figure 2 (fair samples,
 * the nearest training image of each row's last sample) and Table 1 (Parzen window
 * log-likelihood with the authors' protocol, next to the paper's rows and real data scored
 * the same way). Quick mode: same code path, 6 steps and 500 centres / 200 test / 200
 * validation images.
 *
 * @param options Budget, checkpoints, Parzen sizes, callbacks, seed, quick.
 * @returns The {@linkcode MnistResult} (no tensors left behind).
 * @throws {RangeError} For a bad budget or size, or a checkpoint of another configuration.
 * @throws The signal's reason when aborted (the newest checkpoint stays for a resume).
 */
export async function runMnist(options: MnistOptions = {}): Promise<MnistResult> {
  const { quick, seed } = commonOptions(options, ACTION, [
    "steps",
    "epochs",
    "checkpointDir",
    "checkpointEvery",
    "parzen",
    "onStep",
    "onPhase",
    "mnist",
    "update",
    "monitorEvery",
    "guard",
  ]);
  const steps = budget(options, quick);
  const checkpointEvery = checkPositiveInteger(
    options.checkpointEvery ?? (quick ? 3 : 1000),
    "checkpointEvery",
    ACTION,
  );
  const sizes = parzenSizes(quick, options.parzen);
  const onPhase = options.onPhase ?? (() => {});
  const backend = await prepareBackend(options.backend);
  const mnist = options.mnist ?? await loadMnist();
  checkParzenFits(sizes, mnist);
  const update = options.update ?? "simultaneous";
  const monitorEvery = checkPositiveInteger(
    options.monitorEvery ?? (quick ? 3 : 500),
    "monitorEvery",
    ACTION,
  );
  const guard = mnistGuardSettings(options.guard, monitorEvery);
  const trainer = paperMnistTrainer(mnist, { seed, update });
  const collapse = collapseMonitor(trainer, mnist, { every: monitorEvery, seed, onPhase });
  try {
    const report = await trainResumable(trainer, {
      steps,
      checkpointDir: options.checkpointDir,
      checkpointEvery,
      phase: "mnist",
      onStep: async (record, info) => {
        await options.onStep?.(record, info);
        if (guard === null) await collapse.onStep(record);
      },
      signal: options.signal,
      ...(guard === null ? {} : {
        guard: {
          ...guard,
          check: () => collapse.check(),
          onEvent: (e: CollapseGuardEvent) =>
            onPhase(
              `collapse guard (beyond the paper): collapse at step ${e.detectedAt} (${e.reason}); ` +
                `rolled back to step ${e.rolledBackTo}${
                  e.healthy ? "" : " (no healthy check yet)"
                }, reseeded with ${e.seed} (restart ${e.restart} of at most ${guard.maxRestarts})`,
            ),
        },
      }),
    });
    const events = report.guardEvents ?? [];
    const guardReport: MnistGuardReport = {
      enabled: guard !== null,
      settings: guard,
      events,
      summary: guardSummary(guard !== null, events),
    };
    onPhase(guardReport.summary);
    const evaluation = await evaluateMnist(trainer, mnist, { seed, parzen: sizes, onPhase });
    return {
      settings: {
        quick,
        seed,
        steps,
        epochs: steps / MNIST_STEPS_PER_EPOCH,
        batchSize: 100,
        k: 1,
        loss: "non-saturating G, D cross-entropy x 1/2",
        optimizer: "SGD momentum, lr 0.1/1.000004^t, momentum 0.5->0.7 per epoch (epochs 1-250)",
        update,
        backend,
      },
      resumedFrom: report.resumedFrom,
      stepsThisRun: report.stepsThisRun,
      trainSeconds: report.seconds,
      monitor: collapse.checks,
      guard: guardReport,
      ...evaluation,
    };
  } finally {
    trainer.dispose();
    trainer.generator.dispose();
    trainer.discriminator.dispose();
  }
}

/** The guard's settings from `runMnist`'s `guard` option (null: off). */
function mnistGuardSettings(
  value: boolean | MnistGuardOptions | undefined,
  monitorEvery: number,
): { every: number; warmup: number; maxRestarts: number } | null {
  if (value === false) return null;
  if (value !== undefined && value !== true && (value === null || typeof value !== "object")) {
    throw new TypeError(
      `Cannot ${ACTION} as guard must be a boolean or { maxRestarts, warmup }: guard=${
        String(value)
      }`,
    );
  }
  const o = value === true || value === undefined
    ? {}
    : checkOptions(value, ["maxRestarts", "warmup"], ACTION, "guard.");
  const warmup = o.warmup ?? 5 * monitorEvery;
  const maxRestarts = o.maxRestarts ?? 3;
  for (const [name, v] of [["warmup", warmup], ["maxRestarts", maxRestarts]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw new RangeError(
        `Cannot ${ACTION} as guard.${name} must be a non-negative integer: guard.${name}=${v}`,
      );
    }
  }
  return { every: monitorEvery, warmup, maxRestarts };
}

/**
 * The one-line account of the collapse guard: `collapse guard (beyond the paper): fired 0 times`,
 * or the number of rollbacks and each one (`at step D -> rolled back to R, seed S`), or `off`.
 *
 * @param enabled Whether the guard was on.
 * @param events Its rollbacks.
 * @returns The line.
 */
export function guardSummary(enabled: boolean, events: readonly CollapseGuardEvent[]): string {
  if (!enabled) return "collapse guard (beyond the paper): off";
  const times = events.length === 1 ? "time" : "times";
  return `collapse guard (beyond the paper): fired ${events.length} ${times}` +
    (events.length === 0
      ? ""
      : `: ${
        events.map((e) =>
          `collapse at step ${e.detectedAt} -> rolled back to step ${e.rolledBackTo}, reseeded with ${e.seed}`
        ).join("; ")
      }`);
}

/** Options of {@linkcode collapseMonitor}. */
export interface CollapseMonitorOptions {
  /** Steps between checks. Default 500. */
  every?: number;
  /** The run's seed (check `s` draws its noise from `new Rng(seed + s)`). */
  seed: number;
  /** Receives a line per check. */
  onPhase?: (text: string) => void;
}

/** Collapse checks made while training; see {@linkcode collapseMonitor}. */
export interface CollapseMonitor {
  /** Call after each training step (await it): checks when the step is a multiple of `every`. */
  onStep(record: StepRecord): Promise<void>;
  /** Checks now, at the trainer's current step (e.g. as a collapse guard's check). */
  check(): Promise<SampleDiversity>;
  /** The checks so far. */
  readonly checks: CollapseCheck[];
}

/**
 * Checks an MNIST generator for collapse while it trains: every `every` steps, 500 fresh
 * samples go through `sampleDiversity` (pixel spread vs the training set, distinct nearest
 * training images, and the balance of the digits the shipped classifier sees in them, which
 * catches a G that draws mostly one digit: `modeDropping`, reported but not collapse, since
 * on the paper's recipe it passes with more training).
 *
 * @param trainer The MNIST trainer.
 * @param mnist The data (its `train` split is the reference).
 * @param options Interval, seed, message sink.
 * @returns The monitor: pass `onStep` to `trainer.train`, read `checks`.
 * @throws {RangeError} If `every` is not a positive integer.
 */
export function collapseMonitor(
  trainer: Trainer,
  mnist: Mnist,
  options: CollapseMonitorOptions,
): CollapseMonitor {
  const every = checkPositiveInteger(options.every ?? 500, "every", "monitor collapse");
  const checks: CollapseCheck[] = [];
  const check = async (): Promise<SampleDiversity> => {
    const step = trainer.stepCount;
    const rows = await generateRows(
      trainer.generator,
      trainer.prior,
      500,
      new Rng(options.seed + step),
    );
    const { classCounts } = await mnistSampleScore(rows, mnist);
    const diversity = await sampleDiversity(rows, mnist.train, { classCounts });
    checks.push({ step, diversity });
    options.onPhase?.(
      `collapse check at step ${step}: spread ratio ${
        diversity.spreadRatio.toFixed(3)
      }, ${diversity.distinctNeighbours}/${diversity.queries} distinct nearest training images, class KL ${
        diversity.classKL!.toFixed(3)
      }` +
        (diversity.collapsed
          ? ` -> COLLAPSED (${diversity.reason})`
          : diversity.modeDropping
          ? ` -> mode dropping, mostly one digit (${diversity.reason}); reported, not collapse`
          : " -> ok"),
    );
    return diversity;
  };
  return {
    checks,
    check,
    async onStep(record: StepRecord) {
      if (record.step % every === 0) await check();
    },
  };
}
