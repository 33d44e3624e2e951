/** Periodic checkpoints of `train(steps, { checkpoint })`: option checks and resuming (internal). */
import { checkOptions } from "../../validate.ts";
import type { PeriodicCheckpoints } from "../options.ts";
import { latestCheckpoint } from "./directory.ts";

const ACTION = "train";

/**
 * Checks the `checkpoint` option of `train`: an object with a non-empty string `dir`, a
 * positive integer `every` and optionally a positive integer `keep`.
 *
 * @throws {TypeError} If it is not an object, has an unknown key, or `dir` is not a string.
 * @throws {RangeError} If `dir` is empty or `every` or `keep` is not a positive integer.
 */
export function checkPeriodic(value: unknown): PeriodicCheckpoints {
  if (value === undefined) {
    throw new TypeError(`Cannot ${ACTION} as checkpoint must be an object: checkpoint=undefined`);
  }
  const ck = checkOptions(
    value as PeriodicCheckpoints,
    ["dir", "every", "keep"],
    ACTION,
    "checkpoint.",
  );
  if (typeof ck.dir !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as checkpoint.dir must be a string: checkpoint.dir=${String(ck.dir)}`,
    );
  }
  if (ck.dir === "") {
    throw new RangeError(`Cannot ${ACTION} as checkpoint.dir must not be empty: checkpoint.dir=""`);
  }
  for (const [name, v] of [["every", ck.every], ["keep", ck.keep ?? 2]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new RangeError(
        `Cannot ${ACTION} as checkpoint.${name} must be a positive integer: checkpoint.${name}=${
          String(v)
        }`,
      );
    }
  }
  return ck;
}

/**
 * Restores the newest complete checkpoint under `dir` when it is ahead of the trainer (a
 * checkpoint at or behind the trainer's step is left alone: the trainer already holds that
 * state or a later one).
 *
 * @param trainer The trainer (strict restore: same configuration).
 * @param dir The periodic checkpoint directory (need not exist).
 * @param target The step the call trains to.
 * @returns The step resumed from, or null.
 * @throws {RangeError} If the newest checkpoint is past `target`, or is of another configuration.
 */
export async function resumeLatest(
  trainer: { stepCount: number; restore(dir: string): Promise<void> },
  dir: string,
  target: number,
): Promise<number | null> {
  const latest = await latestCheckpoint(dir);
  if (latest === null) return null;
  const step = Number(/step-(\d+)$/.exec(latest)![1]);
  if (step <= trainer.stepCount) return null;
  if (step > target) {
    throw new RangeError(
      `Cannot ${ACTION} as the newest checkpoint is past the step budget: checkpoint step=${step}, target step=${target}, checkpoint.dir=${dir} (use another directory or more steps)`,
    );
  }
  await trainer.restore(latest);
  return trainer.stepCount;
}
