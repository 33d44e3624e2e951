import { join } from "node:path";
import type { Figure } from "../lib/display/figure.ts";
import { writeFileAtomic } from "../lib/display/files.ts";
import { type Table, table } from "../lib/display/table.ts";
import {
  checkPositiveInteger,
  commonOptions,
  type ComparisonRow,
  type ExperimentOptions,
  prepareBackend,
  type StepCallback,
} from "./common.ts";
import {
  type ModeCollapseRun,
  type ModeCollapseSizes,
  runFigure,
  runModeCollapse,
  TOY_DATASETS,
  type ToyDataset,
  type ToyTrainFunction,
} from "./mode_collapse.ts";
import { TOY_LOSSES, toyLossSetup } from "./toy_losses.ts";

const ACTION = "run the loss comparison";

/** PacGAN (Lin et al. 2018), Table 1: mean modes captured (ring of 8 / grid of 25). */
export const PACGAN_TABLE1: readonly { model: string; ring: number; grid: number }[] = Object
  .freeze([
    { model: "GAN", ring: 6.3, grid: 17.3 },
    { model: "PacGAN2", ring: 7.9, grid: 23.8 },
    { model: "PacGAN4", ring: 7.8, grid: 24.8 },
  ]);

/** Options of {@linkcode runBeyond}. */
export interface BeyondOptions extends ExperimentOptions {
  /** Loss ids (default: all of `TOY_LOSSES`). */
  losses?: readonly string[];
  /** Benchmarks (default both). */
  datasets?: readonly ToyDataset[];
  /** Generator steps per run. Default: quick 30, full 2000. */
  steps?: number;
  /** Called after each training step. */
  onStep?: StepCallback;
  /** Called when a run finishes (or is loaded from `checkpointDir`). */
  onRun?: (run: ModeCollapseRun, cached: boolean) => void;
  /**
   * Directory where each finished run is saved as JSON; runs found there (same sizes and
   * seed) are loaded instead of trained again, so an interrupted comparison resumes.
   */
  checkpointDir?: string;
  /**
   * Trains one run (a notebook passes its own, written out); default {@linkcode trainToy}
   * with the seed, `onStep` and `signal`. It must build the same networks for `checkpointDir`'s
   * saved runs to stay valid.
   */
  train?: ToyTrainFunction;
}

/**
 * The sizes of every run of the comparison: quick 30 steps, batch 64, width 64; full 2000
 * steps, batch 100, width 128; 2500 samples scored.
 *
 * @param quick Quick sizes.
 * @param steps Overrides the steps.
 * @returns The sizes.
 * @throws {RangeError} If `steps` is not a positive integer.
 */
export function beyondSizes(quick: boolean, steps?: number): ModeCollapseSizes {
  return {
    steps: checkPositiveInteger(steps ?? (quick ? 30 : 2000), "steps", ACTION),
    batchSize: quick ? 64 : 100,
    hidden: quick ? [64, 64] : [128, 128],
    evalSamples: 2500,
  };
}

/** The result of {@linkcode runBeyond}. */
export interface BeyondResult {
  /** The sizes used for every run. */
  sizes: ModeCollapseSizes;
  /** The tfjs backend the runs used. */
  backend: string;
  /** One entry per (dataset, loss), datasets outer. */
  runs: ModeCollapseRun[];
  /** The comparison table. */
  table: Table;
  /** PacGAN's published mode counts, for reference. */
  paperTable: Table;
  /** One 2-D view per run, same order as `runs`. */
  figures: Figure[];
  /** Rows for "paper vs this run". */
  comparison: ComparisonRow[];
  /** How many runs were loaded from `checkpointDir` instead of trained. */
  cachedRuns: number;
}

/** Loads a finished run saved under `path` if it was made with the same `key`. */
async function loadRun(path: string, key: string): Promise<ModeCollapseRun | null> {
  let saved: { key: string; run: Omit<ModeCollapseRun, "figure"> };
  try {
    saved = JSON.parse(await Deno.readTextFile(path));
  } catch {
    return null;
  }
  if (saved.key !== key) return null;
  const run = { ...saved.run, reverseKL: saved.run.reverseKL ?? NaN };
  return { ...run, figure: runFigure(run.view) };
}

/**
 * Beyond the paper (section 2 of the note): the same small networks trained with the
 * non-saturating GAN loss, f-GAN divergences, WGAN, WGAN-GP, LSGAN and hinge on the 8-Gaussian
 * ring and the 25-Gaussian grid (PacGAN settings), scored with the mode metrics (modes
 * captured, high-quality %, reverse KL) and the binned Jensen-Shannon divergence, with wall
 * time; PacGAN's published GAN mode counts as reference. Quick mode: 30 steps, width 64, batch
 * 64 (same code path); full: 2000 steps, width 128, batch 100. Notebook 5 passes its own
 * `train`, the same training written out.
 *
 * @param options Losses, datasets, steps, seed, quick, callbacks, abort signal.
 * @returns The runs, the tables and one figure per run.
 * @throws {RangeError} For an unknown loss or dataset, or a bad step count.
 */
export async function runBeyond(options: BeyondOptions = {}): Promise<BeyondResult> {
  const { quick, seed } = commonOptions(options, ACTION, [
    "losses",
    "datasets",
    "steps",
    "onStep",
    "onRun",
    "checkpointDir",
    "train",
  ]);
  const losses = options.losses ?? TOY_LOSSES.map((l) => l.id);
  losses.forEach(toyLossSetup);
  const datasets = options.datasets ?? TOY_DATASETS;
  for (const d of datasets) {
    if (!TOY_DATASETS.includes(d)) {
      throw new RangeError(`Cannot ${ACTION} as a dataset must be ring or grid: dataset=${d}`);
    }
  }
  const sizes = beyondSizes(quick, options.steps);
  if (options.train !== undefined && typeof options.train !== "function") {
    throw new TypeError(
      `Cannot ${ACTION} as train must be a function (dataset, lossId, sizes) => training: train=${
        String(options.train)
      }`,
    );
  }
  const backend = await prepareBackend(options.backend);
  const runs: ModeCollapseRun[] = [];
  const dir = options.checkpointDir;
  if (dir !== undefined) await Deno.mkdir(dir, { recursive: true });
  const key = JSON.stringify({ sizes, seed });
  let cachedRuns = 0;
  for (const dataset of datasets) {
    for (const loss of losses) {
      const path = dir === undefined
        ? undefined
        : join(dir, `${dataset}-${loss.replace(/[^a-z0-9-]/g, "_")}.json`);
      let run = path === undefined ? null : await loadRun(path, key);
      const cached = run !== null;
      if (run === null) {
        options.signal?.throwIfAborted();
        run = await runModeCollapse(dataset, loss, sizes, {
          seed,
          onStep: options.onStep,
          signal: options.signal,
          train: options.train,
        });
        if (path !== undefined) {
          const { figure: _figure, ...data } = run;
          await writeFileAtomic(path, JSON.stringify({ key, run: data }));
        }
      } else {
        cachedRuns++;
      }
      runs.push(run);
      options.onRun?.(run, cached);
    }
  }
  const rows = runs.map((r) => ({
    dataset: r.dataset,
    loss: r.label,
    modes: `${r.modesCaptured}/${r.modes}`,
    "high quality %": Number(r.highQualityPercent.toFixed(1)),
    "reverse KL": Number.isNaN(r.reverseKL) ? "n/a" : Number(r.reverseKL.toFixed(3)),
    "JS (binned)": Number(r.js.toFixed(3)),
    "time (s)": Number(r.seconds.toFixed(1)),
    note: r.diverged ? `diverged at step ${r.steps + 1}` : "",
  }));
  const best = (d: ToyDataset) => {
    const on = runs.filter((r) => r.dataset === d);
    return on.length ? Math.max(...on.map((r) => r.modesCaptured)) : NaN;
  };
  const gan = (d: ToyDataset) => runs.find((r) => r.dataset === d && r.loss === "gan");
  const comparison: ComparisonRow[] = datasets.map((d) => {
    const g = gan(d);
    const paper = PACGAN_TABLE1[0][d];
    return {
      experiment: "beyond",
      quantity: `${d}: modes captured, GAN (best loss here)`,
      paper: `${paper} / ${d === "ring" ? 8 : 25} (PacGAN, GAN)`,
      thisRun: `${g ? g.modesCaptured : "-"} (${best(d)}) / ${
        d === "ring" ? 8 : 25
      } after ${sizes.steps} steps`,
    };
  });
  return {
    sizes,
    backend,
    runs,
    table: table(rows, {
      caption: `Losses on the 2-D benchmarks: ${sizes.steps} steps, batch ${sizes.batchSize}, ` +
        `hidden ${sizes.hidden.join("x")}, ${sizes.evalSamples} samples scored, seed ${seed}`,
    }),
    paperTable: table(PACGAN_TABLE1.map((r) => ({ ...r })), {
      caption: "PacGAN (Lin et al. 2018) Table 1: modes captured, mean over trials (ring/grid)",
    }),
    figures: runs.map((r) => r.figure),
    comparison,
    cachedRuns,
  };
}
