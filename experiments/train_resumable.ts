import type { Trainer } from "../lib/train/trainer.ts";
import { latestCheckpoint, saveAndPrune } from "../lib/train/checkpoint/directory.ts";
import type { StepRecord } from "../lib/train/history.ts";
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
  /** Aborts between steps (the newest periodic checkpoint stays). */
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
 * Trains `trainer` up to `steps` total steps, resuming from the newest checkpoint under
 * `checkpointDir` if there is one, saving every `checkpointEvery` steps and once at the end.
 * The trainer's checkpoints hold weights, optimiser slots and PRNG states, so an interrupted
 * and resumed run ends bit for bit where an uninterrupted one does.
 *
 * @param trainer A fresh trainer built exactly as the checkpointed one was.
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
  let resumedFrom: number | null = null;
  if (checkpointDir !== undefined) {
    await Deno.mkdir(checkpointDir, { recursive: true });
    const latest = await latestCheckpoint(checkpointDir);
    if (latest !== null) {
      await trainer.restore(latest);
      resumedFrom = trainer.stepCount;
      if (resumedFrom > steps) {
        throw new RangeError(
          `Cannot resume as the checkpoint is past the step budget: checkpoint step=${resumedFrom}, steps=${steps} (use another checkpoint directory)`,
        );
      }
    }
  }
  const start = performance.now();
  const first = trainer.stepCount;
  const remaining = steps - first;
  const periodic = checkpointDir === undefined
    ? undefined
    : { dir: checkpointDir, every: checkpointEvery, keep: 2 };
  try {
    await trainer.train(remaining, {
      signal,
      checkpoint: periodic,
      onStep: (record: StepRecord) => onStep?.(record, { phase, done: record.step, total: steps }),
    });
  } catch (error) {
    // Stopped on purpose (Ctrl-C, --stop-after): keep the work done since the last checkpoint.
    if (periodic && signal?.aborted && trainer.stepCount % checkpointEvery !== 0) {
      await saveAndPrune(trainer, periodic);
    }
    throw error;
  }
  if (checkpointDir !== undefined && remaining > 0 && steps % checkpointEvery !== 0) {
    await saveAndPrune(trainer, { dir: checkpointDir, every: checkpointEvery, keep: 2 });
  }
  return {
    resumedFrom,
    stepsThisRun: remaining,
    seconds: (performance.now() - start) / 1000,
  };
}
