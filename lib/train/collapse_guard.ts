/**
 * A collapse guard for training: **a safeguard beyond the paper** (Goodfellow et al. 2014 has
 * nothing like it). While a run trains, a check (e.g. a mode-collapse detector such as
 * `sampleDiversity`) looks at the trainer every `every` steps; when it reports collapse, the run
 * is rolled back to the last state the check judged healthy (one further back when it collapses
 * again straight after a rollback), its random streams (noise, data
 * order, dropout masks) are reseeded with a seed derived from the run's seed and a restart
 * counter, the event is recorded, and training continues. After `maxRestarts` restarts, the
 * next collapse ends the call with a {@linkcode CollapseGuardError}. With no collapse reported
 * the run is exactly the unguarded one: the checks only read the trainer.
 *
 * @module
 */
import type { Trainer, TrainOptions } from "./trainer.ts";
import type { StepRecord } from "./history.ts";
import type { TrainerSnapshot } from "./checkpoint/snapshot.ts";
import { checkPeriodic, resumeLatest } from "./checkpoint/periodic.ts";
import { checkpointSteps, saveAndPrune, stepDirName } from "./checkpoint/directory.ts";
import { checkTrainOptions } from "./validate.ts";
import { checkNumber, checkOptions, checkPositiveInt } from "../validate.ts";
import { checkSeed, Rng } from "../random.ts";
import { join } from "node:path";

const ACTION = "train with the collapse guard";

/** What a collapse check says about the trainer's current state. */
export interface CollapseVerdict {
  /** Whether the run has collapsed. */
  collapsed: boolean;
  /** Why (shown in events and errors; optional). */
  reason?: string;
}

/** One guarded check, in the order they ran (including checks of stretches later discarded). */
export interface CollapseGuardCheck {
  /** The step after which it ran. */
  step: number;
  /** The check's verdict. */
  collapsed: boolean;
  /** Its reason ("" when none was given). */
  reason: string;
  /**
   * What the guard did: `"healthy"` (the state became the rollback point), `"warmup"` (a
   * collapse verdict at or before `warmup` with no healthy check yet: not acted on),
   * `"rollback"` (rolled back and reseeded), `"gave-up"` (restarts exhausted: it threw).
   */
  action: "healthy" | "warmup" | "rollback" | "gave-up";
}

/** A rollback made by the guard. */
export interface CollapseGuardEvent {
  /** Which restart this is (1 for the first). */
  restart: number;
  /** The step of the check that reported collapse. */
  detectedAt: number;
  /**
   * The step the run was rolled back to: the last healthy check's (one further back when the run
   * collapsed again right after a rollback to it), or where the call started.
   */
  rolledBackTo: number;
  /** Whether `rolledBackTo` was judged healthy by a check (false: the call's starting state). */
  healthy: boolean;
  /** The seed the run's streams were reseeded with ({@linkcode collapseGuardSeed}). */
  seed: number;
  /** The check's reason. */
  reason: string;
}

/** The `guard` option of {@linkcode trainWithCollapseGuard}. */
export interface CollapseGuardOptions {
  /**
   * Judges the trainer's current state (awaited; it must not change the trainer, e.g. it draws
   * samples with its own noise stream). Returns `{ collapsed, reason? }`; a `SampleDiversity`
   * from `sampleDiversity` fits as it is.
   */
  check: (trainer: Trainer) => CollapseVerdict | Promise<CollapseVerdict>;
  /** Steps between checks: the check runs when the step counter is a multiple of `every`. */
  every: number;
  /** Restarts allowed in one call (a non-negative integer). Default 3. */
  maxRestarts?: number;
  /**
   * Collapse verdicts at steps `<= warmup` are not acted on until a check has found the run
   * healthy (a GAN's first samples can look collapsed: the paper's MNIST G starts from one
   * near-constant image). Default 0.
   */
  warmup?: number;
  /**
   * How many of the latest healthy states are kept in memory as rollback points (a positive
   * integer). A rollback point from which the run collapsed again before any check passed is
   * dropped, so the next rollback goes one healthy state further back (and, with none left, to
   * where the call started). Default 2.
   */
  keep?: number;
  /** Also save each healthy state there (`trainer.save`, atomically, replacing the last). */
  healthyDir?: string;
  /** Called with each rollback event, after the rollback (awaited). */
  onEvent?: (event: CollapseGuardEvent) => void | Promise<void>;
}

/** Options of {@linkcode trainWithCollapseGuard}: those of `trainer.train` and the guard. */
export interface GuardedTrainOptions extends TrainOptions {
  /** The guard's check and settings. */
  guard: CollapseGuardOptions;
}

/** What {@linkcode trainWithCollapseGuard} did. */
export interface GuardedTrainResult {
  /** The records of this call's steps that the run kept (as in `trainer.history`). */
  records: StepRecord[];
  /** The rollbacks, in order (empty when no collapse was acted on). */
  events: CollapseGuardEvent[];
  /** Every check made, in order. */
  checks: CollapseGuardCheck[];
  /** The step resumed from out of `checkpoint.dir`, or null. */
  resumedFrom: number | null;
}

/**
 * Thrown by {@linkcode trainWithCollapseGuard} when the check reports collapse after
 * `maxRestarts` restarts. The trainer is left at the collapsed step.
 */
export class CollapseGuardError extends Error {
  /** The step of the check that reported the last collapse. */
  readonly step: number;
  /** The check's reason. */
  readonly reason: string;
  /** The rollbacks made before giving up. */
  readonly events: CollapseGuardEvent[];
  /** Every check made in the call. */
  readonly checks: CollapseGuardCheck[];

  /**
   * Builds the error (thrown by {@linkcode trainWithCollapseGuard}).
   *
   * @param step The step of the check that reported collapse.
   * @param reason The check's reason.
   * @param maxRestarts The restart limit that was reached.
   * @param events The rollbacks made.
   * @param checks The checks made.
   */
  constructor(
    step: number,
    reason: string,
    maxRestarts: number,
    events: CollapseGuardEvent[],
    checks: CollapseGuardCheck[],
  ) {
    super(
      `Cannot ${ACTION} as the run collapsed again at step ${step} after maxRestarts=${maxRestarts} restart(s)` +
        (reason ? ` (${reason})` : "") +
        (events.length > 0
          ? `; earlier collapses at steps ${events.map((e) => e.detectedAt).join(", ")}`
          : ""),
    );
    this.name = "CollapseGuardError";
    this.step = step;
    this.reason = reason;
    this.events = events;
    this.checks = checks;
  }
}

/**
 * The seed of the `restart`-th restart of a run seeded with `seed`: the first output of
 * `new Rng(seed).fork("collapse-guard:<restart>")`, a 32-bit unsigned integer. Deterministic, so
 * a guarded run is reproducible.
 *
 * @param seed The run's seed (`trainer.config.seed`).
 * @param restart The restart counter (1 for the first).
 * @returns The derived seed.
 * @throws {TypeError | RangeError} If `seed` is not a finite integer or `restart` not a positive
 *   integer.
 *
 * @example
 * ```ts
 * import { collapseGuardSeed } from "./collapse_guard.ts";
 * import assert from "node:assert";
 * assert.strictEqual(collapseGuardSeed(3, 1), collapseGuardSeed(3, 1));
 * assert.notStrictEqual(collapseGuardSeed(3, 1), collapseGuardSeed(3, 2));
 * ```
 */
export function collapseGuardSeed(seed: number, restart: number): number {
  checkSeed(seed, "seed");
  checkPositiveInt(restart, "restart", "derive a collapse-guard seed");
  return new Rng(seed).fork(`collapse-guard:${restart}`).nextUint32();
}

/** Checks the `guard` option; returns it with its defaults. */
function checkGuard(
  guard: unknown,
): Required<Omit<CollapseGuardOptions, "healthyDir" | "onEvent">> & CollapseGuardOptions {
  if (guard === undefined) {
    throw new TypeError(`Cannot ${ACTION} as guard must be an object: guard=undefined`);
  }
  const g = checkOptions(
    guard as CollapseGuardOptions,
    ["check", "every", "maxRestarts", "warmup", "keep", "healthyDir", "onEvent"],
    ACTION,
    "guard.",
  );
  if (typeof g.check !== "function") {
    throw new TypeError(
      `Cannot ${ACTION} as guard.check must be a function: guard.check=${String(g.check)}`,
    );
  }
  const every = checkPositiveInt(g.every, "guard.every", ACTION);
  const maxRestarts = checkNumber(g.maxRestarts ?? 3, "guard.maxRestarts", ACTION, {
    min: 0,
    integer: true,
  });
  const warmup = checkNumber(g.warmup ?? 0, "guard.warmup", ACTION, { min: 0, integer: true });
  const keep = checkPositiveInt(g.keep ?? 2, "guard.keep", ACTION);
  if (g.healthyDir !== undefined && (typeof g.healthyDir !== "string" || g.healthyDir === "")) {
    const what = typeof g.healthyDir === "string" ? RangeError : TypeError;
    throw new what(
      `Cannot ${ACTION} as guard.healthyDir must be a non-empty string: guard.healthyDir=${
        JSON.stringify(g.healthyDir) ?? String(g.healthyDir)
      }`,
    );
  }
  if (g.onEvent !== undefined && typeof g.onEvent !== "function") {
    throw new TypeError(
      `Cannot ${ACTION} as guard.onEvent must be a function: guard.onEvent=${String(g.onEvent)}`,
    );
  }
  return { ...g, every, maxRestarts, warmup, keep };
}

function checkVerdict(v: unknown, step: number): { collapsed: boolean; reason: string } {
  const verdict = v as CollapseVerdict;
  if (
    verdict === null || typeof verdict !== "object" || typeof verdict.collapsed !== "boolean" ||
    (verdict.reason !== undefined && typeof verdict.reason !== "string")
  ) {
    throw new TypeError(
      `Cannot ${ACTION} as guard.check must return { collapsed: boolean, reason?: string }: returned=${
        JSON.stringify(v) ?? String(v)
      } at step ${step}`,
    );
  }
  return { collapsed: verdict.collapsed, reason: verdict.reason ?? "" };
}

/**
 * Trains like `trainer.train(steps, options)`, with a collapse guard (**beyond the paper**: a
 * safeguard of this package, not part of Goodfellow et al. 2014's procedure). Training runs in
 * stretches that end where the step counter is a multiple of `guard.every`; after each,
 * `guard.check(trainer)` judges the run:
 *
 * - healthy: the state is kept in memory (`trainer.snapshot()`, the latest `guard.keep` of them,
 *   and in `guard.healthyDir` when given) as the rollback point;
 * - collapsed at or before `guard.warmup` with no healthy check yet: recorded, not acted on;
 * - collapsed otherwise: the run is rolled back (`trainer.restoreSnapshot`) to the last healthy
 *   state (or, if no check has been healthy yet, to the state this call started from, after any
 *   resume; when the run collapsed again before any check passed since the last rollback, that
 *   rollback point is dropped and the one before it is used), reseeded with `trainer.reseed(collapseGuardSeed(trainer.config.seed, restart))`
 *   (fresh noise, data order and dropout masks; restart = 1, 2, ...), the event recorded and
 *   training continued, until the budget is reached. A collapse after `maxRestarts` restarts
 *   throws {@linkcode CollapseGuardError}.
 *
 * With `checkpoint`, the call first resumes from the newest checkpoint in `checkpoint.dir` (as
 * `train` does); on a rollback it deletes the periodic checkpoints past the rollback step (a
 * resume would otherwise continue the collapsed stretch) and saves the reseeded state there, so
 * an interrupted guarded run resumes on its reseeded path (the guard itself, its restart count
 * and rollback point, starts afresh in the new call). `train` saves a checkpoint at the end of
 * each stretch too, so with `guard.every` not a multiple of `checkpoint.every` there are extra
 * ones (pruned to `keep` as usual). `onStep` also sees the steps of stretches later discarded.
 *
 * Without a collapse verdict acted on, the run's history is bit for bit the unguarded run's:
 * the check must only read the trainer (draw samples from its own noise stream).
 *
 * @param trainer The trainer (continued from its current step).
 * @param steps How many steps from the trainer's current step (a non-negative integer).
 * @param options `trainer.train`'s options (`onStep`, `signal`, `checkpoint`) and `guard`.
 * @returns The kept records, the rollback events, every check, where it resumed from.
 * @throws {CollapseGuardError} When the check reports collapse after `maxRestarts` restarts.
 * @throws {RangeError} If `steps`, `guard.every`, `guard.maxRestarts`, `guard.warmup` or a
 *   checkpoint setting is out of range (the message names it and its value).
 * @throws {TypeError} If an option has the wrong type or an unknown key, or `guard.check` returns
 *   something other than `{ collapsed: boolean, reason?: string }`.
 * @throws Whatever `trainer.train` throws (divergence, the signal's reason).
 *
 * @example A fake check that reports collapse once, at step 6
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { adam, createTrainer, trainWithCollapseGuard } from "./mod.ts";
 * import { mlpDiscriminator, mlpGenerator } from "../models/mod.ts";
 * import { nonSaturatingLoss } from "../losses/mod.ts";
 * import { uniformPrior } from "../latent/mod.ts";
 * const trainer = createTrainer({
 *   generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [8], seed: 1 }),
 *   discriminator: mlpDiscriminator({ inputShape: [1], hidden: [8], seed: 2 }),
 *   loss: nonSaturatingLoss(),
 *   prior: uniformPrior(1),
 *   sampleReal: (m, rng) => tf.tensor2d(Array.from({ length: m }, () => [4 + 0.5 * rng.normal()])),
 *   batchSize: 16,
 *   dOptimizer: adam({ lr: 1e-3 }),
 *   gOptimizer: adam({ lr: 1e-3 }),
 *   seed: 0,
 * });
 * let fired = false;
 * const { events } = await trainWithCollapseGuard(trainer, 10, {
 *   guard: {
 *     every: 2,
 *     check: (t) => {
 *       const collapsed = t.stepCount === 6 && !fired;
 *       fired ||= collapsed;
 *       return { collapsed, reason: collapsed ? "fake" : "" };
 *     },
 *   },
 * });
 * assert.deepStrictEqual([events.length, events[0].detectedAt, events[0].rolledBackTo], [1, 6, 4]);
 * assert.strictEqual(trainer.stepCount, 10);
 * trainer.dispose();
 * ```
 */
export async function trainWithCollapseGuard(
  trainer: Trainer,
  steps: number,
  options: GuardedTrainOptions,
): Promise<GuardedTrainResult> {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `Cannot ${ACTION} as steps must be a non-negative integer: steps=${steps}`,
    );
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot ${ACTION} as options must be an object: options=${String(options)}`,
    );
  }
  const { guard: rawGuard, ...trainOptions } = options;
  checkTrainOptions(trainOptions);
  const guard = checkGuard(rawGuard);
  const ck = trainOptions.checkpoint === undefined
    ? undefined
    : checkPeriodic(trainOptions.checkpoint);
  const target = trainer.stepCount + steps;
  const resumedFrom = ck ? await resumeLatest(trainer, ck.dir, target) : null;
  const records: StepRecord[] = [];
  const events: CollapseGuardEvent[] = [];
  const checks: CollapseGuardCheck[] = [];
  // Rollback points: the latest `keep` healthy states, newest last; then where the call started.
  const healthy: TrainerSnapshot[] = [];
  const start = await trainer.snapshot();
  // Whether the last thing the guard did was a rollback (no healthy check since).
  let justRolledBack = false;
  const every = guard.every;
  while (trainer.stepCount < target) {
    const next = Math.min(target, (Math.floor(trainer.stepCount / every) + 1) * every);
    records.push(...await trainer.train(next - trainer.stepCount, trainOptions));
    const step = trainer.stepCount;
    if (step % every !== 0) continue; // the budget ended between checks
    const verdict = checkVerdict(await guard.check(trainer), step);
    if (!verdict.collapsed) {
      checks.push({ step, ...verdict, action: "healthy" });
      healthy.push(await trainer.snapshot());
      if (healthy.length > guard.keep) healthy.shift();
      justRolledBack = false;
      if (guard.healthyDir !== undefined) await trainer.save(guard.healthyDir);
      continue;
    }
    if (healthy.length === 0 && step <= guard.warmup) {
      checks.push({ step, ...verdict, action: "warmup" });
      continue;
    }
    if (events.length >= guard.maxRestarts) {
      checks.push({ step, ...verdict, action: "gave-up" });
      throw new CollapseGuardError(step, verdict.reason, guard.maxRestarts, events, checks);
    }
    checks.push({ step, ...verdict, action: "rollback" });
    // Back at the same point and collapsed again: that point leads to collapse; go further back.
    if (justRolledBack) healthy.pop();
    const to = healthy.at(-1) ?? start;
    justRolledBack = true;
    await trainer.restoreSnapshot(to);
    const restart = events.length + 1;
    const seed = collapseGuardSeed(trainer.config.seed, restart);
    trainer.reseed(seed);
    while (records.length > 0 && records.at(-1)!.step > to.step) records.pop();
    if (ck) {
      for (const s of await checkpointSteps(ck.dir)) {
        if (s > to.step) await Deno.remove(join(ck.dir, stepDirName(s)), { recursive: true });
      }
      await saveAndPrune(trainer, ck);
    }
    const event: CollapseGuardEvent = {
      restart,
      detectedAt: step,
      rolledBackTo: to.step,
      healthy: to !== start,
      seed,
      reason: verdict.reason,
    };
    events.push(event);
    await guard.onEvent?.(event);
  }
  return { records, events, checks, resumedFrom };
}
