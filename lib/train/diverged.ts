import type { StepRecord } from "./history.ts";

function formatLosses(r: Pick<StepRecord, "dLoss" | "gLoss">): string {
  return `dLoss=${r.dLoss}, gLoss=${r.gLoss}`;
}

/**
 * Thrown when training produces a non-finite loss or gradient norm (NaN or
 * ±Infinity), or non-finite weights at a checkpoint. The message names the
 * step and the last finite losses, e.g.
 * `Training diverged at step 12: dLoss=NaN, gLoss=Infinity; last finite losses at step 11: dLoss=0.7, gLoss=3.1`.
 * The trainer refuses further steps until it is restored from a checkpoint.
 *
 * @example
 * ```ts
 * import { TrainingDivergedError } from "./diverged.ts";
 * import assert from "node:assert";
 * const e = new TrainingDivergedError(3, "dLoss=NaN, gLoss=1", null);
 * assert.match(e.message, /step 3/);
 * ```
 */
export class TrainingDivergedError extends Error {
  /** The generator step (1-based) whose values were not finite. */
  readonly step: number;
  /** The last step whose losses and gradient norms were all finite, or `null` if none was. */
  readonly lastFinite: StepRecord | null;
  /** The offending step's record, when the divergence showed in the losses. */
  readonly record: StepRecord | null;

  /**
   * Builds the error and its message.
   *
   * @param step The step that diverged.
   * @param what What was not finite, e.g. `"dLoss=NaN, gLoss=1.2"`.
   * @param lastFinite The last finite record, or `null`.
   * @param record The offending record, if any.
   */
  constructor(
    step: number,
    what: string,
    lastFinite: StepRecord | null,
    record: StepRecord | null = null,
  ) {
    const last = lastFinite
      ? `last finite losses at step ${lastFinite.step}: ${formatLosses(lastFinite)}`
      : "no earlier finite step";
    super(`Training diverged at step ${step}: ${what}; ${last}`);
    this.name = "TrainingDivergedError";
    this.step = step;
    this.lastFinite = lastFinite;
    this.record = record;
  }
}

/** The names and values of the non-finite fields of a record (losses and gradient norms). */
export function nonFiniteFields(r: StepRecord): string | null {
  const fields = ["dLoss", "gLoss", "dGradNorm", "gGradNorm"] as const;
  if (fields.every((f) => Number.isFinite(r[f]))) return null;
  return fields.map((f) => `${f}=${r[f]}`).join(", ");
}
