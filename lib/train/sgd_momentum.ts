import * as tf from "@tensorflow/tfjs";
import type { Tensor } from "../tensor_types.ts";
import { momentumStep } from "../ops/momentum_step.ts";

/** A tensor with a name, as tfjs optimizers exchange weights and gradients. */
export interface NamedTensor {
  /** The variable's (or slot's) name. */
  name: string;
  /** Its value. */
  tensor: Tensor;
}

/** Options of {@linkcode SgdMomentumOptimizer}; defaults are the 2014 paper's MNIST settings. */
export interface SgdMomentumConfig {
  /** Initial learning rate lr_0. Default 0.1. */
  lr: number;
  /** Decay factor: lr_t = lr_0 / decay^t. Default 1.000004. */
  decay: number;
  /** Floor of the learning rate. Default 1e-6. */
  minLr: number;
  /** Momentum before the ramp. Default 0.5. */
  momentumStart: number;
  /** Momentum after the ramp. Default 0.7. */
  momentumEnd: number;
  /**
   * Update index where the linear momentum ramp starts. Default 500 (epoch 1
   * at the paper's 50,000 examples / batch 100 = 500 updates per epoch).
   */
  rampFrom: number;
  /** Update index where the ramp ends. Default 125,000 (epoch 250). */
  rampTo: number;
  /**
   * The momentum changes only every `rampEvery` updates (at multiples of it), as pylearn2's
   * `MomentumAdjustor` changes it once per epoch: 500 for the paper's epochs. Default 1 (every
   * update).
   */
  rampEvery?: number;
}

/**
 * The learning rate after `t` updates: `max(lr_0 / decay^t, minLr)`
 * (pylearn2 `ExponentialDecay`, the 2014 paper's code).
 *
 * @param config The schedule.
 * @param t Updates done so far (0 for the first update).
 * @returns The learning rate for update `t`.
 */
export function learningRateAt(config: SgdMomentumConfig, t: number): number {
  return Math.max(config.lr / config.decay ** t, config.minLr);
}

/**
 * The momentum after `t` updates: `momentumStart` until `rampFrom`, then
 * linear to `momentumEnd` at `rampTo` (pylearn2 `MomentumAdjustor`), evaluated at
 * `t` rounded down to a multiple of `rampEvery` (per epoch when that is the epoch length).
 *
 * @param config The schedule.
 * @param t Updates done so far.
 * @returns The momentum for update `t`.
 */
export function momentumAt(config: SgdMomentumConfig, t: number): number {
  const { momentumStart: a, momentumEnd: b, rampFrom, rampTo } = config;
  const every = config.rampEvery ?? 1;
  t = Math.floor(t / every) * every;
  if (t <= rampFrom) return a;
  if (t >= rampTo) return b;
  return a + (b - a) * (t - rampFrom) / (rampTo - rampFrom);
}

/**
 * SGD with momentum in the form of the 2014 paper's code (pylearn2):
 * `v <- mu_t v - lr_t g; theta <- theta + v`, with the learning rate decaying
 * as `lr_t = max(lr_0 / decay^t, minLr)` and the momentum ramping linearly
 * (see {@linkcode learningRateAt}, {@linkcode momentumAt}); `t` counts this
 * optimizer's updates. Unlike `tf.train.momentum`, the velocity carries
 * `lr`, so a changing learning rate does not rescale past steps, and the
 * momentum can change between steps. Weights for checkpoints:
 * `[iter, velocity_0, velocity_1, ...]` in gradient order.
 */
export class SgdMomentumOptimizer extends tf.Optimizer {
  /** The name under which the optimizer is registered for serialisation. */
  static get className(): string {
    return "SgdMomentumPaper";
  }
  /** The schedule. */
  readonly config: SgdMomentumConfig;
  #velocities: tf.Variable[] = [];
  #lr: number | null = null;

  /** @param config The full schedule (see {@linkcode sgdMomentum} for defaults and checks). */
  constructor(config: SgdMomentumConfig) {
    super();
    this.config = { ...config };
  }

  /** The learning rate the next update will use (the schedule's, or the one set). */
  get learningRate(): number {
    return this.#lr ?? learningRateAt(this.config, this.iterations);
  }

  /**
   * Replaces the scheduled learning rate by `lr` for the following updates (`null` returns to
   * the schedule). Not saved with the optimiser's weights. The caller checks `lr`
   * (see `setLearningRate`).
   *
   * @param lr The learning rate, or null.
   */
  setLearningRate(lr: number | null): void {
    this.#lr = lr;
  }

  /** The momentum the next update will use. */
  get momentum(): number {
    return momentumAt(this.config, this.iterations);
  }

  /** Applies one update with this step's learning rate and momentum. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const lr = this.learningRate, mu = this.momentum;
    // Where the backend fuses the update (native), one pass per parameter, same float32 values.
    tf.tidy(() => {
      named.forEach(({ name, tensor: grad }, i) => {
        const value = tf.engine().registeredVariables[name];
        if (this.#velocities[i] == null) {
          this.#velocities[i] = tf.keep(
            tf.variable(tf.zerosLike(value), false, `${name}/velocity`),
          );
        }
        const v = this.#velocities[i];
        const [newValue, newV] = momentumStep(value, v, grad, lr, mu);
        v.assign(newV);
        value.assign(newValue);
      });
    });
    this.incrementIterations();
  }

  /**
   * The velocity slot of each variable, in update order, created as zeros where missing (as
   * the first {@linkcode SgdMomentumOptimizer.prototype.applyGradients} would), for a compiled
   * step that updates them itself.
   *
   * @param variables The variables, in the order updates pass their gradients.
   * @returns One velocity variable per variable.
   */
  velocitiesFor(variables: readonly tf.Variable[]): tf.Variable[] {
    return variables.map((value, i) => {
      if (this.#velocities[i] == null) {
        this.#velocities[i] = tf.tidy(() =>
          tf.variable(tf.zerosLike(value), false, `${value.name}/velocity`)
        );
      }
      return this.#velocities[i];
    });
  }

  /** Counts an update made elsewhere (a compiled step) towards the schedule. */
  countUpdate(): void {
    this.incrementIterations();
  }

  /** `[iter, velocities...]`; the tensors are live variables: read them before the next update. */
  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.#velocities.map((v) => ({ name: v.name, tensor: v })),
    ];
  }

  /** Restores `[iter, velocities...]` (copies the tensors). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    tf.dispose(this.#velocities);
    this.#velocities = rest.map((w) => tf.variable(w.tensor, false));
  }

  /** Disposes the velocities. */
  override dispose(): void {
    tf.dispose(this.#velocities);
    this.#velocities = [];
  }

  /** The schedule, for serialisation. */
  getConfig(): tf.serialization.ConfigDict {
    return { ...this.config };
  }

  /** Rebuilds from {@linkcode SgdMomentumOptimizer.prototype.getConfig}. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as unknown as SgdMomentumConfig);
  }
}
tf.serialization.registerClass(SgdMomentumOptimizer);
