import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../lib/backend/init_backend.ts";
import { checkSeed } from "../lib/random.ts";
import { checkOptions } from "../lib/validate.ts";
import type { StepRecord } from "../lib/train/history.ts";

/** One row of the "paper vs this run" comparison that `deno task repro` prints. */
export interface ComparisonRow {
  /** The experiment, e.g. `"mnist"`. */
  experiment: string;
  /** What is compared, e.g. `"Table 1: GAN Parzen log-likelihood (nats)"`. */
  quantity: string;
  /** The paper's value, as text (e.g. `"225 ± 2"`), or `"-"` when the paper gives none. */
  paper: string;
  /** This run's value, as text. */
  thisRun: string;
  /** Whether a check passed (`undefined` when the row is informative only). */
  ok?: boolean;
}

/** Options every experiment takes. */
export interface ExperimentOptions {
  /** Small sizes (same code path) for CI and quick looks. Default false. */
  quick?: boolean;
  /** Seed of every random choice (a finite integer). Default 0. */
  seed?: number;
  /** Stops training between steps: the experiment rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Start this tfjs backend first (`initBackend`; "auto" picks the fastest here). Default:
   * keep the active backend.
   */
  backend?: BackendName | "auto";
}

/**
 * Starts the requested backend (if any) and names the active one.
 *
 * @param backend The `backend` option.
 * @returns The active tfjs backend's name.
 * @throws {Error} If an explicitly named backend cannot start.
 */
export async function prepareBackend(backend: BackendName | "auto" | undefined): Promise<string> {
  if (backend !== undefined) await initBackend({ backend });
  await tf.ready();
  return tf.getBackend();
}

/** Called after each training step with the step's record and the planned total of the phase. */
export type StepCallback = (
  record: StepRecord,
  info: { phase: string; done: number; total: number },
) => void | Promise<void>;

/**
 * Checks a positive integer option once, at the public boundary.
 *
 * @param value The value.
 * @param name The option's name for the message.
 * @param action What could not be done, e.g. `"run the MNIST experiment"`.
 * @returns `value`.
 * @throws {RangeError} If `value` is not a positive integer.
 */
export function checkPositiveInteger(value: unknown, name: string, action: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a positive integer: ${name}=${String(value)}`,
    );
  }
  return value;
}

/** The keys of {@linkcode ExperimentOptions}. */
export const EXPERIMENT_KEYS: readonly string[] = ["quick", "seed", "signal", "backend"];

/**
 * Resolves the common options: `quick` (default false) and `seed` (default 0, checked).
 *
 * @param options The caller's options.
 * @param action For error messages.
 * @param keys When given, the experiment's own keys: any key of `options` that is neither
 *   one of them nor one of {@linkcode EXPERIMENT_KEYS} is refused.
 * @returns `{ quick, seed }`.
 * @throws {RangeError | TypeError} If `seed` is not a finite integer or `quick` is not boolean.
 * @throws {TypeError} If `keys` is given and `options` has another key (the message names the
 *   nearest valid one).
 */
export function commonOptions(
  options: ExperimentOptions,
  action: string,
  keys?: readonly string[],
): { quick: boolean; seed: number } {
  if (keys !== undefined) options = checkOptions(options, [...EXPERIMENT_KEYS, ...keys], action);
  const { quick = false, seed = 0 } = options ?? {};
  if (typeof quick !== "boolean") {
    throw new TypeError(`Cannot ${action} as quick must be a boolean: quick=${String(quick)}`);
  }
  return { quick, seed: checkSeed(seed, "seed") };
}

/**
 * Formats a mean with its standard error, as the paper's Table 1: `225.1 ± 2.0`.
 *
 * @param mean The mean.
 * @param stdErr The standard error.
 * @param digits Decimals (default 1).
 * @returns The text.
 */
export function plusMinus(mean: number, stdErr: number, digits = 1): string {
  return `${mean.toFixed(digits)} ± ${stdErr.toFixed(digits)}`;
}
