import type { Trainer } from "../lib/train/trainer.ts";
import type { StepCallback } from "./common.ts";

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
}

/** What {@linkcode trainResumable} did. */
export interface ResumableReport {
  /** The step the run resumed from (null for a fresh start). */
  resumedFrom: number | null;
  /** Steps trained in this call. */
  stepsThisRun: number;
  /** Wall seconds of this call's training. */
  seconds: number;
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
  const { steps, checkpointDir, checkpointEvery, phase, onStep, signal } = options;
  const before = trainer.stepCount;
  const start = performance.now();
  const records = await trainer.train(steps - before, {
    signal,
    ...(checkpointDir === undefined
      ? {}
      : { checkpoint: { dir: checkpointDir, every: checkpointEvery, keep: 2 } }),
    onStep: (record) => onStep?.(record, { phase, done: record.step, total: steps }),
  });
  const from = trainer.stepCount - records.length;
  return {
    resumedFrom: from > before ? from : null,
    stepsThisRun: records.length,
    seconds: (performance.now() - start) / 1000,
  };
}
