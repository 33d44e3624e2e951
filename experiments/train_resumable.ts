import type { Trainer } from "../lib/train/trainer.ts";
import {
  type CollapseGuardEvent,
  type CollapseGuardOptions,
  trainWithCollapseGuard,
} from "../lib/train/collapse_guard.ts";
import type { StepCallback } from "./common.ts";
import type { StepRecord } from "../lib/train/history.ts";

/** Options of {@linkcode trainResumable}. */
export interface ResumableOptions {
  /** The step budget: the run ends when the trainer's step counter reaches it. */
  steps: number;
  /** Checkpoint directory; when it holds a checkpoint, training resumes from the newest. */
  checkpointDir?: string;
  /** Save every this many steps (and always at the end). */
  checkpointEvery: number;
  /** The phase name passed to `onStep` (e.g. `"mnist"`). */
  phase: string;
  /** Called after each step. */
  onStep?: StepCallback;
  /** Aborts between steps (a checkpoint of the current step is saved first). */
  signal?: AbortSignal;
  /** Train with this collapse guard (beyond the paper; `trainWithCollapseGuard`). */
  guard?: CollapseGuardOptions;
}

/** What {@linkcode trainResumable} did. */
export interface ResumableReport {
  /** The step the run resumed from (null for a fresh start). */
  resumedFrom: number | null;
  /** Steps trained in this call. */
  stepsThisRun: number;
  /** Wall seconds of this call's training. */
  seconds: number;
  /** The collapse guard's rollbacks (only with `guard`). */
  guardEvents?: CollapseGuardEvent[];
}

/**
 * Trains a fresh `trainer` up to `steps` total steps with the trainer's own resumable
 * checkpoints (`trainer.train(steps, { checkpoint })`: resume from the newest under
 * `checkpointDir`, save every `checkpointEvery` steps and at the end), and reports where it
 * resumed from and how long it took.
 *
 * @param trainer A fresh trainer (step 0) built exactly as the checkpointed one was.
 * @param options Budget, directory, callbacks.
 * @returns Where it resumed from, how many steps ran, and how long they took.
 * @throws {RangeError} If a checkpoint is from another configuration, or is past `steps`.
 * @throws The signal's reason when aborted (after saving a checkpoint of the current step).
 */
export async function trainResumable(
  trainer: Trainer,
  options: ResumableOptions,
): Promise<ResumableReport> {
  const { steps, checkpointDir, checkpointEvery, phase, onStep, signal, guard } = options;
  const before = trainer.stepCount;
  const start = performance.now();
  const trainOptions = {
    signal,
    ...(checkpointDir === undefined
      ? {}
      : { checkpoint: { dir: checkpointDir, every: checkpointEvery, keep: 2 } }),
    onStep: (record: StepRecord) => onStep?.(record, { phase, done: record.step, total: steps }),
  };
  if (guard !== undefined) {
    const r = await trainWithCollapseGuard(trainer, steps - before, { ...trainOptions, guard });
    return {
      resumedFrom: r.resumedFrom,
      stepsThisRun: trainer.stepCount - (r.resumedFrom ?? before),
      seconds: (performance.now() - start) / 1000,
      guardEvents: r.events,
    };
  }
  const records = await trainer.train(steps - before, trainOptions);
  const from = trainer.stepCount - records.length;
  return {
    resumedFrom: from > before ? from : null,
    stepsThisRun: records.length,
    seconds: (performance.now() - start) / 1000,
  };
}
