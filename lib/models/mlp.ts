import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import { checkSeed, Rng } from "../random.ts";
import { type Activation, applyActivation, checkActivation } from "./activation.ts";
import { checkKernelInit, initializeKernels, type KernelInit } from "./init.ts";
import { maxoutDense } from "./maxout.ts";
import { SeededDropout } from "./seeded_dropout.ts";
import { checkPositiveInt, checkRate, checkShape, sizeOf } from "./validate.ts";
import { checkOptions } from "../validate.ts";

/** A hidden layer: `n` dense units with the model's activation, or a maxout layer. */
export type MlpLayer = number | { units: number; pieces: number };

/** Options of {@linkcode mlpGenerator}. */
export interface MlpGeneratorOptions {
  /** Latent dimension (the input width). */
  latentDim: number;
  /** Shape of one sample, e.g. `[784]` or `[28, 28, 1]`. */
  outputShape: number[];
  /** Hidden layers. Default `[128, 128]`. */
  hidden?: MlpLayer[];
  /** Hidden activation. Default `"relu"` (the paper's G). */
  activation?: Activation;
  /** Output activation. Default `"linear"`; `"sigmoid"` for pixels in [0, 1]. */
  outputActivation?: Activation;
  /** Kernel init. Default uniform on [-0.05, 0.05] (the paper's G). */
  init?: KernelInit;
  /**
   * Initial output bias per output unit, e.g. logit(mean pixel) as the paper's
   * code does (`init_sigmoid_bias_from_marginals`). Default zeros.
   */
  outputBias?: ArrayLike<number>;
  /** Seed of the weight init (a finite integer). */
  seed: number;
  /** Model name and layer-name prefix. Default `"generator"`. */
  name?: string;
}

/** Options of {@linkcode mlpDiscriminator}. */
export interface MlpDiscriminatorOptions {
  /** Shape of one sample, e.g. `[784]` or `[28, 28, 1]` (flattened first). */
  inputShape: number[];
  /** Hidden layers. Default `[128, 128]`. */
  hidden?: MlpLayer[];
  /** Activation of dense hidden layers. Default `"leakyRelu"` (slope 0.2). */
  activation?: Activation;
  /**
   * Dropout rates (probability of dropping) on the input and on each hidden
   * layer's input (the paper: 0.2 and 0.5, i.e. keep 0.8 and 0.5). Default 0, 0.
   */
  dropout?: { input?: number; hidden?: number };
  /** Kernel init. Default uniform on [-0.005, 0.005] (the paper's D). */
  init?: KernelInit;
  /** Seed of the weight init and the dropout masks (a finite integer). */
  seed: number;
  /** Model name and layer-name prefix. Default `"discriminator"`. */
  name?: string;
}

function hiddenLayers(
  x: tf.SymbolicTensor,
  hidden: MlpLayer[],
  activation: Activation,
  name: string,
  beforeEach: (x: tf.SymbolicTensor, i: number) => tf.SymbolicTensor,
): tf.SymbolicTensor {
  hidden.forEach((layer, i) => {
    x = beforeEach(x, i);
    if (typeof layer === "number") {
      x = tf.layers.dense({ units: layer, name: `${name}_dense_${i}` }).apply(
        x,
      ) as tf.SymbolicTensor;
      x = applyActivation(x, activation, `${name}_act_${i}`);
    } else {
      x = maxoutDense(x, { units: layer.units, pieces: layer.pieces, name: `${name}_maxout_${i}` });
    }
  });
  return x;
}

const MLP_GENERATOR_KEYS = [
  "latentDim",
  "outputShape",
  "hidden",
  "activation",
  "outputActivation",
  "init",
  "outputBias",
  "seed",
  "name",
];
const MLP_DISCRIMINATOR_KEYS = [
  "inputShape",
  "hidden",
  "activation",
  "dropout",
  "init",
  "seed",
  "name",
];

function checkHidden(hidden: unknown, what: string): MlpLayer[] {
  if (!Array.isArray(hidden)) {
    throw new TypeError(`Cannot ${what} as hidden must be an array: hidden=${String(hidden)}`);
  }
  hidden.forEach((layer, i) => {
    if (typeof layer === "number") checkPositiveInt(layer, `hidden[${i}]`, what);
    else {
      checkOptions(layer, ["units", "pieces"], what, `hidden[${i}].`);
      checkPositiveInt(layer?.units, `hidden[${i}].units`, what);
      checkPositiveInt(layer?.pieces, `hidden[${i}].pieces`, what);
    }
  });
  return hidden;
}

/**
 * A fully connected generator G(z; theta_g) (Goodfellow et al. 2014): dense
 * hidden layers (or maxout), then a dense output layer reshaped to
 * `outputShape`. Kernels are drawn from `seed` in JavaScript, so the same seed
 * gives the same weights on every backend.
 *
 * @param options Sizes, activations, init and seed.
 * @returns A `LayersModel` from `[batch, latentDim]` to `[batch, ...outputShape]` float32.
 * @throws {RangeError} If a size is not a positive integer, an activation is
 *   unknown, or `outputBias` has the wrong length.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { mlpGenerator } from "./mlp.ts";
 * import assert from "node:assert";
 * const g = mlpGenerator({ latentDim: 2, outputShape: [1], hidden: [8], seed: 0 });
 * assert.deepStrictEqual(g.outputs[0].shape, [null, 1]);
 * ```
 */
export function mlpGenerator(options: MlpGeneratorOptions): LayersModel {
  const what = "build an MLP generator";
  options = checkOptions(options, MLP_GENERATOR_KEYS, what);
  const latentDim = checkPositiveInt(options.latentDim, "latentDim", what);
  const outputShape = checkShape(options.outputShape, "outputShape", what);
  const hidden = checkHidden(options.hidden ?? [128, 128], what);
  const activation = checkActivation(options.activation ?? "relu", "activation", what);
  const outAct = checkActivation(options.outputActivation ?? "linear", "outputActivation", what);
  const init = checkKernelInit(options.init ?? { kind: "uniform", scale: 0.05 }, what);
  const seed = checkSeed(options.seed, "seed");
  const name = options.name ?? "generator";
  const outSize = sizeOf(outputShape);
  if (options.outputBias !== undefined && options.outputBias.length !== outSize) {
    throw new RangeError(
      `Cannot ${what} as outputBias must have one value per output unit (${outSize}): outputBias.length=${options.outputBias.length}`,
    );
  }

  const input = tf.input({ shape: [latentDim], name: `${name}_z` });
  let x = hiddenLayers(input, hidden, activation, name, (x) => x);
  const out = tf.layers.dense({ units: outSize, name: `${name}_out` });
  x = applyActivation(out.apply(x) as tf.SymbolicTensor, outAct, `${name}_out_act`);
  if (outputShape.length > 1) {
    x = tf.layers.reshape({ targetShape: outputShape, name: `${name}_reshape` }).apply(
      x,
    ) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: x, name });
  initializeKernels(model, new Rng(seed).fork("init"), init);
  if (options.outputBias !== undefined) {
    const bias = tf.tensor1d(Float32Array.from(options.outputBias));
    out.weights[1].write(bias);
    bias.dispose();
  }
  return model;
}

/**
 * A fully connected discriminator D(x; theta_d) returning one logit per sample
 * (no final sigmoid; losses take logits): optional seeded dropout on the input
 * and before each later layer, dense or maxout hidden layers, a dense output of
 * width 1 (the paper's D, Goodfellow et al. 2014, with maxout layers).
 *
 * @param options Sizes, activation, dropout, init and seed.
 * @returns A `LayersModel` from `[batch, ...inputShape]` to logits `[batch, 1]` float32.
 * @throws {RangeError} If a size is not a positive integer, a dropout rate is
 *   outside [0, 1) or an activation is unknown.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { mlpDiscriminator } from "./mlp.ts";
 * import assert from "node:assert";
 * const d = mlpDiscriminator({ inputShape: [2], hidden: [{ units: 4, pieces: 3 }], seed: 0 });
 * assert.deepStrictEqual(d.outputs[0].shape, [null, 1]);
 * ```
 */
export function mlpDiscriminator(options: MlpDiscriminatorOptions): LayersModel {
  const what = "build an MLP discriminator";
  options = checkOptions(options, MLP_DISCRIMINATOR_KEYS, what);
  checkOptions(options.dropout, ["input", "hidden"], what, "dropout.");
  const inputShape = checkShape(options.inputShape, "inputShape", what);
  const hidden = checkHidden(options.hidden ?? [128, 128], what);
  const activation = checkActivation(options.activation ?? "leakyRelu", "activation", what);
  const inputRate = checkRate(options.dropout?.input ?? 0, "dropout.input", what);
  const hiddenRate = checkRate(options.dropout?.hidden ?? 0, "dropout.hidden", what);
  const init = checkKernelInit(options.init ?? { kind: "uniform", scale: 0.005 }, what);
  const seed = checkSeed(options.seed, "seed");
  const name = options.name ?? "discriminator";
  const root = new Rng(seed);
  const initRng = root.fork("init");
  const dropoutRng = root.fork("dropout");

  const input = tf.input({ shape: inputShape, name: `${name}_x` });
  let x: tf.SymbolicTensor = input;
  if (inputShape.length > 1) {
    x = tf.layers.flatten({ name: `${name}_flatten` }).apply(x) as tf.SymbolicTensor;
  }
  const dropout = (x: tf.SymbolicTensor, i: number) => {
    const rate = i === 0 ? inputRate : hiddenRate;
    if (rate === 0) return x;
    const layer = new SeededDropout({
      rate,
      seed: dropoutRng.nextUint32(),
      name: `${name}_dropout_${i}`,
    });
    return layer.apply(x) as tf.SymbolicTensor;
  };
  x = hiddenLayers(x, hidden, activation, name, dropout);
  x = dropout(x, hidden.length);
  x = tf.layers.dense({ units: 1, name: `${name}_logit` }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x, name });
  initializeKernels(model, initRng, init);
  return model;
}
