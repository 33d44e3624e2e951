/** Checkpoint plumbing of the trainer (internal). */
import { join } from "node:path";
import { checkpointSteps, stepDirName } from "./checkpoint.ts";
import type { TrainerConfig } from "./snapshot.ts";
import type { PeriodicCheckpoints } from "./options.ts";

/** Saves `root/step-N` via `trainer.save` and removes all but the newest `keep`. */
export async function saveAndPrune(
  trainer: { stepCount: number; save(dir: string): Promise<string> },
  options: PeriodicCheckpoints,
): Promise<void> {
  await trainer.save(join(options.dir, stepDirName(trainer.stepCount)));
  const steps = await checkpointSteps(options.dir);
  const keep = options.keep ?? 2;
  for (const step of steps.slice(0, Math.max(0, steps.length - keep))) {
    await Deno.remove(join(options.dir, stepDirName(step)), { recursive: true });
  }
}

/** Throws a `RangeError` naming the first setting that differs from the checkpoint's. */
export function restoreConfigCheck(here: TrainerConfig, saved: TrainerConfig): void {
  const keys = [
    "loss",
    "prior",
    "batchSize",
    "k",
    "update",
    "outputScale",
    "dOptimizer",
    "gOptimizer",
  ] as const;
  for (const key of keys) {
    const read = (c: TrainerConfig) => key === "update" ? c.update ?? "alternating" : c[key];
    const a = JSON.stringify(read(here)), b = JSON.stringify(read(saved));
    if (a !== b) {
      throw new RangeError(
        `Cannot restore a checkpoint of another configuration as ${key} differs: here=${a}, checkpoint=${b} (pass { strict: false } to override)`,
      );
    }
  }
}
