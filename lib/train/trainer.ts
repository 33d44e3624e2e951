import * as tf from "@tensorflow/tfjs";
import type { LayersModel, Optimizer } from "../tensor_types.ts";
import type { GanLoss } from "../losses/types.ts";
import type { NoisePrior } from "../latent/prior.ts";
import type { StepRecord } from "./history.ts";
import { currentLearningRate, setLearningRate } from "./optimizers.ts";
import { discriminatorUpdate, generatorUpdate, simultaneousUpdate } from "./update.ts";
import { nonFiniteFields, TrainingDivergedError } from "./diverged.ts";
import type { PeriodicCheckpoints, TrainerConfig, TrainerOptions } from "./options.ts";
import { checkRealBatch, checkTrainOptions } from "./validate.ts";
import { checkPeriodic, resumeLatest } from "./checkpoint/periodic.ts";
import { firstNonFinite, snapshotOf, type TrainerSnapshot } from "./checkpoint/snapshot.ts";
import { loadCheckpoint, saveAndPrune, saveCheckpoint } from "./checkpoint/directory.ts";
import { restoreState } from "./checkpoint/restore.ts";
import { initialState, reseedStreams, type RunState } from "./run_state.ts";
import { checkSeed } from "../random.ts";
import { type CompiledSteps, compileSteps } from "./compiled/step.ts";

/** Whether a trainer's steps run compiled (see `compiled` in {@linkcode TrainerOptions}). */
export interface CompiledStepInfo {
  /** True when steps on the active backend run compiled. */
  compiled: boolean;
  /** Why not (empty when compiled). */
  reason: string;
}

/** Options of {@linkcode Trainer.prototype.train}. */
export interface TrainOptions {
  /** Called after each step with its record (awaited if it returns a promise). */
  onStep?: (record: StepRecord, trainer: Trainer) => void | Promise<void>;
  /** Aborts between steps: `train` rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Resumable training: resume from the newest checkpoint in `dir`, save one every `every`
   * steps, at the end and when aborted (the last good one survives a divergence).
   */
  checkpoint?: PeriodicCheckpoints;
}

/**
 * Trains a GAN step by step. With `update: "alternating"` (the default) each
 * {@linkcode Trainer.prototype.step} is Algorithm 1 of Goodfellow et al. 2014: `k`
 * discriminator updates on fresh minibatches (m real examples from `sampleReal`, m noise
 * vectors from the prior), then one generator update on fresh noise. With
 * `update: "simultaneous"` it is the step of the authors' code: one minibatch, one forward
 * pass, both gradients on the same D(G(z)), applied together (see {@linkcode UpdateRule}).
 * Every step records a {@linkcode StepRecord}. Values are read with `await data()` once per
 * step, after all its updates are queued (so it runs on WebGPU). Create one with
 * {@linkcode createTrainer}.
 */
export class Trainer {
  /** The generator (updated in place). */
  readonly generator: LayersModel;
  /** The discriminator (updated in place). */
  readonly discriminator: LayersModel;
  /** The objective. */
  readonly loss: GanLoss;
  /** The noise prior. */
  readonly prior: NoisePrior;
  #s: RunState;
  #compiled: {
    key: unknown[];
    steps: CompiledSteps | null;
    reason: string;
  } | null = null;

  /**
   * Use {@linkcode createTrainer}, which checks the options first.
   *
   * @param options The checked options.
   * @param config The settings derived from them.
   */
  constructor(options: TrainerOptions, config: TrainerConfig) {
    this.generator = options.generator;
    this.discriminator = options.discriminator;
    this.loss = options.loss;
    this.prior = options.prior;
    this.#s = initialState(options, config);
  }

  /** The run's settings (plain JSON, stored in checkpoints). */
  get config(): TrainerConfig {
    return this.#s.config;
  }

  /** Generator steps done so far. */
  get stepCount(): number {
    return this.#s.step;
  }

  /** The records of all finite steps so far (do not modify). */
  get history(): readonly StepRecord[] {
    return this.#s.history;
  }

  /**
   * A copy of G whose weights are the exponential moving average of G's over the steps
   * (`generatorAverage` option; beyond the paper), updated after every step and held in
   * checkpoints; null without the option. Sample from it as from G. Not trained: it is
   * read only.
   *
   * @example
   * ```ts ignore
   * const trainer = createTrainer({ ...options, generatorAverage: { decay: 0.999 } });
   * await trainer.train(5000);
   * const samples = trainer.averagedGenerator!.predict(z);
   * ```
   */
  get averagedGenerator(): LayersModel | null {
    return this.#s.average?.model ?? null;
  }

  /** The generator's optimiser. */
  get gOptimizer(): Optimizer {
    return this.#s.ctx.gOptimizer;
  }

  /** The discriminator's optimiser. */
  get dOptimizer(): Optimizer {
    return this.#s.ctx.dOptimizer;
  }

  /**
   * Whether steps on the active backend run compiled, and if not why (see `compiled` in
   * {@linkcode TrainerOptions}).
   */
  get compiledStep(): CompiledStepInfo {
    const steps = this.#compiledSteps();
    return { compiled: steps !== null, reason: this.#compiled?.reason ?? "" };
  }

  /** The compiled updates for the active backend and optimisers, or null (op chain). */
  #compiledSteps(): CompiledSteps | null {
    const s = this.#s;
    if (!s.compile) {
      this.#compiled = { key: [], steps: null, reason: "compiled: false was asked for" };
      return null;
    }
    // Restoring a checkpoint builds new optimisers; a backend switch needs other storage.
    const key = [tf.getBackend(), s.ctx.gOptimizer, s.ctx.dOptimizer, s.ctx.gVars, s.ctx.dVars];
    const cached = this.#compiled;
    if (
      cached === null || cached.key.length !== key.length || cached.key.some((k, i) => k !== key[i])
    ) {
      const steps = compileSteps(s.ctx);
      this.#compiled = typeof steps === "string"
        ? { key, steps: null, reason: steps }
        : { key, steps, reason: "" };
    }
    return this.#compiled!.steps;
  }

  /** Algorithm 1, compiled: k D updates, then a G update; the six record values. */
  async #compiledAlternating(c: CompiledSteps): Promise<number[]> {
    const m = this.#s.config.batchSize;
    let d: number[] = [];
    for (let i = 0; i < this.#s.config.k; i++) {
      const real = await this.#realBatch();
      const z = this.prior.sample(m, this.#s.rng.noise);
      const epsilon = this.loss.penalty ? this.#epsilonValues(m) : null;
      try {
        const x = real.dataSync() as Float32Array;
        d = c.discriminatorUpdate(x, z.dataSync() as Float32Array, m, epsilon);
      } finally {
        tf.dispose([real, z]);
      }
    }
    const z = this.prior.sample(m, this.#s.rng.noise);
    try {
      return [...d, ...c.generatorUpdate(z.dataSync() as Float32Array, m)];
    } finally {
      z.dispose();
    }
  }

  /** The authors' step, compiled. */
  async #compiledSimultaneous(c: CompiledSteps): Promise<number[]> {
    const m = this.#s.config.batchSize;
    const real = await this.#realBatch();
    const z = this.prior.sample(m, this.#s.rng.noise);
    const epsilon = this.loss.penalty ? this.#epsilonValues(m) : null;
    try {
      const x = real.dataSync() as Float32Array;
      return c.simultaneousUpdate(x, z.dataSync() as Float32Array, m, epsilon);
    } finally {
      tf.dispose([real, z]);
    }
  }

  async #realBatch(): Promise<tf.Tensor> {
    const m = this.#s.config.batchSize;
    const x = await this.#s.source.sample(m, this.#s.rng.data);
    return checkRealBatch(x, m, this.discriminator.inputs[0].shape.slice(1));
  }

  #epsilon(m: number): tf.Tensor1D {
    return tf.tensor1d(this.#epsilonValues(m));
  }

  /** The gradient penalty's interpolation weights `[m]` from the run's penalty stream. */
  #epsilonValues(m: number): Float32Array {
    const e = new Float32Array(m);
    for (let i = 0; i < m; i++) e[i] = this.#s.rng.penalty.next();
    return e;
  }

  /** Sets both optimisers' rate to the schedule's value for the coming step. */
  #applySchedule(schedule: (step: number) => number): void {
    const lr = schedule(this.#s.step);
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
      throw new RangeError(
        `Cannot step as learningRate(${this.#s.step}) must return a positive finite number: learningRate(${this.#s.step})=${
          String(lr)
        }`,
      );
    }
    setLearningRate(this.#s.ctx.gOptimizer, lr);
    setLearningRate(this.#s.ctx.dOptimizer, lr);
  }

  /** The k discriminator updates; returns the last one's stats tensor. */
  async #discriminatorSteps(m: number): Promise<tf.Tensor> {
    let stats: tf.Tensor | null = null;
    try {
      for (let i = 0; i < this.#s.config.k; i++) {
        const real = await this.#realBatch();
        const z = this.prior.sample(m, this.#s.rng.noise);
        const epsilon = this.loss.penalty ? this.#epsilon(m) : null;
        stats?.dispose();
        stats = null;
        try {
          stats = discriminatorUpdate(this.#s.ctx, real, z, epsilon);
        } finally {
          tf.dispose([real, z, ...(epsilon ? [epsilon] : [])]);
        }
      }
    } catch (e) {
      stats?.dispose();
      throw e;
    }
    return stats!;
  }

  /** Algorithm 1: k D updates, then a G update; the six record values. */
  async #alternatingStep(): Promise<tf.Tensor> {
    const m = this.#s.config.batchSize;
    const dStats = await this.#discriminatorSteps(m);
    const z = this.prior.sample(m, this.#s.rng.noise);
    try {
      const gStats = generatorUpdate(this.#s.ctx, z);
      const both = tf.concat([dStats, gStats]);
      gStats.dispose();
      return both;
    } finally {
      tf.dispose([z, dStats]);
    }
  }

  /** The authors' step: one batch, both gradients from one pass, applied together. */
  async #simultaneousStep(): Promise<tf.Tensor> {
    const m = this.#s.config.batchSize;
    const real = await this.#realBatch();
    const z = this.prior.sample(m, this.#s.rng.noise);
    const epsilon = this.loss.penalty ? this.#epsilon(m) : null;
    try {
      return simultaneousUpdate(this.#s.ctx, real, z, epsilon);
    } finally {
      tf.dispose([real, z, ...(epsilon ? [epsilon] : [])]);
    }
  }

  /**
   * One training step: k discriminator updates and one generator update (alternating), or
   * one update of both from one pass (simultaneous).
   * The record's `dLoss`, `dReal`, `dFake` and `dGradNorm` come from the last
   * discriminator update; `lr` is the generator's learning rate.
   *
   * @returns The step's record (also appended to {@linkcode Trainer.prototype.history}).
   * @throws {TrainingDivergedError} If a loss or gradient norm is NaN or infinite
   *   (the trainer then refuses further steps until restored).
   * @throws {RangeError | TypeError} If `sampleReal` returns a wrong shape or a non-tensor.
   * @throws {RangeError} If the `learningRate` schedule returns a non-positive or non-finite rate.
   */
  async step(): Promise<StepRecord> {
    const s = this.#s;
    if (s.diverged) {
      throw new Error(
        `Cannot step as training diverged at step ${s.diverged.step}; restore a checkpoint first`,
      );
    }
    const start = performance.now();
    if (s.learningRate) this.#applySchedule(s.learningRate);
    const lr = currentLearningRate(s.ctx.gOptimizer);
    const compiled = this.#compiledSteps();
    let v: ArrayLike<number>;
    if (compiled !== null) {
      v = s.config.update === "simultaneous"
        ? await this.#compiledSimultaneous(compiled)
        : await this.#compiledAlternating(compiled);
    } else {
      const both = s.config.update === "simultaneous"
        ? await this.#simultaneousStep()
        : await this.#alternatingStep();
      // The only read of the step, after all its updates are queued.
      v = await both.data();
      both.dispose();
    }
    s.step++;
    const record: StepRecord = {
      step: s.step,
      dLoss: v[0],
      dReal: v[1],
      dFake: v[2],
      dGradNorm: v[3],
      gLoss: v[4],
      gGradNorm: v[5],
      lr,
      ms: performance.now() - start,
    };
    const bad = nonFiniteFields(record);
    if (bad) {
      s.diverged = new TrainingDivergedError(record.step, bad, s.history.at(-1) ?? null, record);
      throw s.diverged;
    }
    s.history.push(record);
    s.average?.update(s.step);
    return record;
  }

  /**
   * Runs `steps` steps, calling `onStep` after each. Stops between steps when `signal` aborts.
   *
   * With `checkpoint: { dir, every, keep }` the run is resumable: it first restores the newest
   * complete checkpoint under `dir` if that is ahead of the trainer (so a fresh trainer built
   * the same way continues an interrupted run, and the checkpoint's steps count towards
   * `steps`), then saves `dir/step-NNNNNNNN` atomically every `every` steps (counted on the
   * step counter), at the end of the call and when aborted, keeping the newest `keep`. An
   * interrupted and resumed run ends bit for bit where an uninterrupted one does.
   *
   * @param steps How many steps from the trainer's current step (a non-negative integer).
   * @param options Callback, abort signal, resumable checkpoints.
   * @returns The records of the steps run in this call (after any resume).
   * @throws {TrainingDivergedError} On divergence (periodic checkpoints up to the last good step stay).
   * @throws {RangeError} If `steps` or a checkpoint setting is invalid, or the newest checkpoint
   *   is past the budget or of another configuration.
   * @throws {TypeError} If an option has the wrong type or an unknown key.
   * @throws The signal's reason when aborted (after saving a checkpoint of the current step).
   *
   * @example Resumable training
   * ```ts ignore
   * // Rerun after an interruption: it continues from the newest checkpoint in "ck".
   * await trainer.train(10000, { checkpoint: { dir: "ck", every: 1000 } });
   * ```
   */
  async train(steps: number, options: TrainOptions = {}): Promise<StepRecord[]> {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new RangeError(`Cannot train as steps must be a non-negative integer: steps=${steps}`);
    }
    checkTrainOptions(options);
    const ck = options.checkpoint === undefined ? undefined : checkPeriodic(options.checkpoint);
    const target = this.#s.step + steps;
    if (ck) await resumeLatest(this, ck.dir, target);
    const records: StepRecord[] = [];
    try {
      await this.#run(target, records, options, ck);
    } catch (error) {
      // Stopped on purpose (Ctrl-C): keep the work done since the last periodic checkpoint.
      if (ck && options.signal?.aborted && !this.#s.diverged && this.#s.step % ck.every !== 0) {
        await saveAndPrune(this, ck);
      }
      throw error;
    }
    if (ck && records.length > 0 && this.#s.step % ck.every !== 0) await saveAndPrune(this, ck);
    return records;
  }

  async #run(
    target: number,
    records: StepRecord[],
    options: TrainOptions,
    ck: PeriodicCheckpoints | undefined,
  ): Promise<void> {
    let lastYield = performance.now();
    while (this.#s.step < target) {
      // On CPU backends every await in a step resolves as a microtask, so timers, signal
      // listeners (Ctrl-C) and abort events would never run; give them a turn every ~50 ms.
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      options.signal?.throwIfAborted();
      const record = await this.step();
      records.push(record);
      await options.onStep?.(record, this);
      if (ck && this.#s.step % ck.every === 0) await saveAndPrune(this, ck);
    }
  }

  /**
   * The full state of the run, read from the backend (async).
   *
   * @returns A snapshot that {@linkcode Trainer.prototype.restoreSnapshot} (or a fresh trainer
   *   built the same way) continues bit for bit.
   */
  snapshot(): Promise<TrainerSnapshot> {
    return snapshotOf(this.#s);
  }

  /**
   * Continues the run a snapshot describes: weights, optimiser slots, PRNG and
   * dropout states, step counter and history.
   *
   * @param snap From {@linkcode Trainer.prototype.snapshot} or {@linkcode loadCheckpoint}.
   * @param options `strict` (default true): also require the same loss, prior,
   *   batch size, k, output scale and optimisers.
   * @throws {RangeError} If an architecture (naming the layer and shapes) or,
   *   when strict, a setting does not fit.
   */
  async restoreSnapshot(snap: TrainerSnapshot, options: { strict?: boolean } = {}): Promise<void> {
    await restoreState(this.#s, snap, options.strict ?? true);
  }

  /**
   * Saves a checkpoint of the run to `dir` atomically (see {@linkcode saveCheckpoint}).
   *
   * @param dir The checkpoint directory (replaced if it exists).
   * @returns `dir`.
   * @throws {TrainingDivergedError} If a weight is not finite (nothing is written).
   */
  async save(dir: string): Promise<string> {
    const snap = await this.snapshot();
    const bad = firstNonFinite([...snap.tensors.generator, ...snap.tensors.discriminator]);
    if (bad) {
      const s = this.#s;
      s.diverged = new TrainingDivergedError(s.step, `weight ${bad}`, s.history.at(-1) ?? null);
      throw s.diverged;
    }
    return await saveCheckpoint(snap, dir);
  }

  /**
   * Restores the run from a checkpoint directory (verified, see {@linkcode loadCheckpoint}).
   *
   * @param dir A directory written by {@linkcode Trainer.prototype.save}.
   * @param options As for {@linkcode Trainer.prototype.restoreSnapshot}.
   * @throws {Error} If the checkpoint is incomplete or corrupt.
   * @throws {RangeError} If it is from another architecture or (strict) another configuration.
   */
  async restore(dir: string, options: { strict?: boolean } = {}): Promise<void> {
    await this.restoreSnapshot(await loadCheckpoint(dir), options);
  }

  /**
   * Reseeds the run's random streams from `seed`, keeping everything else (weights, optimiser
   * state, step counter, history, the data source's place in its epoch): the noise and data
   * order streams become those a fresh run of `seed` would start with (the penalty stream
   * too), and each seeded dropout layer's mask generator restarts from
   * `new Rng(seed).fork("dropout:generator:<i>")` (`"dropout:discriminator:<i>"` for D's, `i`
   * counting that network's dropout layers in layer order). The new states are part of the
   * run's state, so {@linkcode Trainer.prototype.snapshot}, `save` and checkpoints after a
   * reseed hold them and a restored run continues the reseeded streams. `config.seed` keeps
   * the run's original seed. Used by `trainWithCollapseGuard` after a rollback; not
   * part of the paper's procedure.
   *
   * @param seed A finite integer.
   * @throws {TypeError} If `seed` is not a finite number.
   * @throws {RangeError} If `seed` is not an integer.
   */
  reseed(seed: number): void {
    reseedStreams(this.#s, checkSeed(seed, "seed"));
  }

  /**
   * Disposes the optimisers' state and the averaged generator (the models belong to the
   * caller).
   */
  dispose(): void {
    this.#s.ctx.gOptimizer.dispose();
    this.#s.ctx.dOptimizer.dispose();
    this.#s.average?.dispose();
  }
}
