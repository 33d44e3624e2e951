import * as tf from "@tensorflow/tfjs";
import type { Optimizer } from "../tensor_types.ts";
import { type SgdMomentumConfig, SgdMomentumOptimizer } from "./sgd_momentum.ts";
import { checkOptions } from "../validate.ts";

/** Adam's settings (Kingma & Ba 2015). */
export interface AdamConfig {
  /** Learning rate. */
  lr: number;
  /** First-moment decay. */
  beta1: number;
  /** Second-moment decay. */
  beta2: number;
  /** Denominator offset. */
  epsilon: number;
}

/** RMSProp's settings (Tieleman & Hinton 2012) as tfjs implements it. */
export interface RmspropConfig {
  /** Learning rate. */
  lr: number;
  /** Decay of the running mean square (PyTorch's `alpha`). */
  decay: number;
  /** Momentum. */
  momentum: number;
  /** Denominator offset. */
  epsilon: number;
  /** Whether to divide by the centred (variance) estimate. */
  centered: boolean;
}

/**
 * A serialisable optimiser description (stored in checkpoints); build the
 * optimiser with {@linkcode createOptimizer}.
 */
export type OptimizerSpec =
  | ({ kind: "sgd-momentum" } & SgdMomentumConfig)
  | ({ kind: "adam" } & AdamConfig)
  | ({ kind: "rmsprop" } & RmspropConfig);

function check(
  kind: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  rule: string,
): void {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(
      `Cannot build optimizer ${kind} as ${name} must be ${rule}: ${name}=${String(value)}`,
    );
  }
}
const positive = (v: number) => v > 0;
const unit = (v: number) => v >= 0 && v < 1;
const nonNegative = (v: number) => v >= 0;

/** Throws a `RangeError` naming the first invalid field of `spec`. */
function validate(spec: OptimizerSpec): OptimizerSpec {
  const k = spec.kind;
  if (k === "sgd-momentum") {
    check(k, "lr", spec.lr, positive, "a positive finite number");
    check(k, "decay", spec.decay, (v) => v >= 1, "a finite number >= 1");
    check(k, "minLr", spec.minLr, nonNegative, "a finite number >= 0");
    check(k, "momentumStart", spec.momentumStart, unit, "in [0, 1)");
    check(k, "momentumEnd", spec.momentumEnd, unit, "in [0, 1)");
    check(k, "rampFrom", spec.rampFrom, nonNegative, "a finite number >= 0");
    check(k, "rampTo", spec.rampTo, (v) => v > spec.rampFrom, "a finite number > rampFrom");
    if (spec.rampEvery !== undefined) {
      check(
        k,
        "rampEvery",
        spec.rampEvery,
        (v) => Number.isInteger(v) && v >= 1,
        "an integer >= 1",
      );
    }
  } else if (k === "adam") {
    check(k, "lr", spec.lr, positive, "a positive finite number");
    check(k, "beta1", spec.beta1, unit, "in [0, 1)");
    check(k, "beta2", spec.beta2, unit, "in [0, 1)");
    check(k, "epsilon", spec.epsilon, positive, "a positive finite number");
  } else if (k === "rmsprop") {
    check(k, "lr", spec.lr, positive, "a positive finite number");
    check(k, "decay", spec.decay, unit, "in [0, 1)");
    check(k, "momentum", spec.momentum, unit, "in [0, 1)");
    check(k, "epsilon", spec.epsilon, positive, "a positive finite number");
  } else {
    throw new RangeError(
      `Cannot build an optimizer as kind must be sgd-momentum, adam or rmsprop: kind=${
        String((spec as { kind: unknown }).kind)
      }`,
    );
  }
  return spec;
}

/**
 * SGD with momentum as in the 2014 paper's MNIST code (Goodfellow et al.
 * 2014, `mnist.yaml`): lr_0 = 0.1 decaying as lr_t = lr_0 / 1.000004^t (floor
 * 1e-6), momentum 0.5 rising linearly to 0.7 between updates 500 and 125,000
 * (epochs 1 and 250 at 500 updates per epoch). See {@linkcode SgdMomentumOptimizer}.
 *
 * @param options Overrides of the defaults.
 * @returns The spec, for {@linkcode createOptimizer} or a trainer.
 * @throws {RangeError} If a value is not finite or out of range.
 *
 * @example
 * ```ts
 * import { sgdMomentum } from "./optimizers.ts";
 * import assert from "node:assert";
 * assert.strictEqual(sgdMomentum().lr, 0.1);
 * ```
 */
export function sgdMomentum(options: Partial<SgdMomentumConfig> = {}): OptimizerSpec {
  checkOptions(options, [
    "lr",
    "decay",
    "minLr",
    "momentumStart",
    "momentumEnd",
    "rampFrom",
    "rampTo",
    "rampEvery",
  ], "build optimizer sgd-momentum");
  return validate({
    kind: "sgd-momentum",
    lr: 0.1,
    decay: 1.000004,
    minLr: 1e-6,
    momentumStart: 0.5,
    momentumEnd: 0.7,
    rampFrom: 500,
    rampTo: 125000,
    ...options,
  });
}

/**
 * Adam with DCGAN's settings by default (Radford et al. 2016): lr 2e-4,
 * beta1 0.5, beta2 0.999, epsilon 1e-8. WGAN-GP (Gulrajani et al. 2017) uses
 * `adam({ lr: 1e-4, beta1: 0, beta2: 0.9 })` (beta1 0.5 in their MNIST script).
 *
 * @param options Overrides of the defaults.
 * @returns The spec.
 * @throws {RangeError} If a value is not finite or out of range.
 */
export function adam(options: Partial<AdamConfig> = {}): OptimizerSpec {
  checkOptions(options, ["lr", "beta1", "beta2", "epsilon"], "build optimizer adam");
  return validate({ kind: "adam", lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, ...options });
}

/**
 * RMSProp with WGAN's settings by default (Arjovsky et al. 2017): lr 5e-5,
 * decay 0.99 (PyTorch's default alpha, which their code used), no momentum,
 * epsilon 1e-8, not centred. tfjs's update:
 * `ms <- decay ms + (1 - decay) g^2; theta <- theta - lr g / sqrt(ms + epsilon)`.
 *
 * @param options Overrides of the defaults.
 * @returns The spec.
 * @throws {RangeError} If a value is not finite or out of range.
 */
export function rmsprop(options: Partial<RmspropConfig> = {}): OptimizerSpec {
  checkOptions(
    options,
    ["lr", "decay", "momentum", "epsilon", "centered"],
    "build optimizer rmsprop",
  );
  return validate({
    kind: "rmsprop",
    lr: 5e-5,
    decay: 0.99,
    momentum: 0,
    epsilon: 1e-8,
    centered: false,
    ...options,
  });
}

/**
 * Builds the tfjs optimizer a spec describes.
 *
 * @param spec From {@linkcode sgdMomentum}, {@linkcode adam} or {@linkcode rmsprop} (or parsed JSON).
 * @returns A new `Optimizer` (the caller disposes it).
 * @throws {RangeError} If the spec is invalid.
 */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  validate(spec);
  switch (spec.kind) {
    case "sgd-momentum": {
      const { kind: _, ...config } = spec;
      return new SgdMomentumOptimizer(config);
    }
    case "adam":
      return tf.train.adam(spec.lr, spec.beta1, spec.beta2, spec.epsilon);
    case "rmsprop":
      return tf.train.rmsprop(spec.lr, spec.decay, spec.momentum, spec.epsilon, spec.centered);
  }
}

/**
 * A learning-rate schedule: the rate of a training step from the number of generator steps
 * done before it (0 for the first step). Must return a positive finite number.
 *
 * @example Lower the rate for the last 30% of 1000 steps
 * ```ts
 * import type { LearningRateSchedule } from "./optimizers.ts";
 * const schedule: LearningRateSchedule = (step) => step < 700 ? 2e-3 : 5e-4;
 * ```
 */
export type LearningRateSchedule = (step: number) => number;

/**
 * Sets the learning rate of an optimizer's next updates: the `learningRate` of tfjs's
 * optimizers (Adam, RMSProp, SGD, ...), or, for the paper's {@linkcode SgdMomentumOptimizer},
 * a rate that replaces its decay schedule. A trainer's own optimisers are set each step by its
 * `learningRate` schedule (see `TrainerOptions`); this is for driving a rate by hand.
 *
 * @param optimizer A tfjs optimizer (e.g. `trainer.gOptimizer`).
 * @param lr The new learning rate (positive, finite).
 * @throws {RangeError} If `lr` is not a positive finite number.
 * @throws {TypeError} If the optimizer has no numeric learning rate.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { adam, createOptimizer, currentLearningRate, setLearningRate } from "./optimizers.ts";
 * const optimizer = createOptimizer(adam({ lr: 2e-3 }));
 * setLearningRate(optimizer, 5e-4);
 * assert.strictEqual(currentLearningRate(optimizer), 5e-4);
 * optimizer.dispose();
 * ```
 */
export function setLearningRate(optimizer: Optimizer, lr: number): void {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new RangeError(
      `Cannot set the learning rate as lr must be a positive finite number: lr=${String(lr)}`,
    );
  }
  // Not `instanceof`: tfjs's Optimizer answers it for any object with its methods.
  if (Object.getPrototypeOf(optimizer ?? {}) === SgdMomentumOptimizer.prototype) {
    (optimizer as SgdMomentumOptimizer).setLearningRate(lr);
    return;
  }
  // tfjs's optimizers keep the rate in a protected field read by every update.
  const o = optimizer as unknown as { learningRate?: unknown };
  if (optimizer === null || typeof optimizer !== "object" || typeof o.learningRate !== "number") {
    throw new TypeError(
      `Cannot set the learning rate as optimizer must be a tfjs optimizer with a numeric learningRate: optimizer=${
        optimizer === null || typeof optimizer !== "object"
          ? String(optimizer)
          : optimizer.getClassName?.() ?? "object"
      }`,
    );
  }
  o.learningRate = lr;
}

/**
 * The learning rate an optimizer's next update uses (scheduled for
 * {@linkcode SgdMomentumOptimizer}, constant otherwise).
 *
 * @param optimizer A tfjs optimizer.
 * @returns The learning rate, or NaN if the optimizer does not expose one.
 */
export function currentLearningRate(optimizer: Optimizer): number {
  const lr = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof lr === "number" ? lr : NaN;
}
