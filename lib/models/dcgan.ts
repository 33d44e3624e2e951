import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import { checkSeed, Rng } from "../random.ts";
import { type Activation, applyActivation, checkActivation } from "./activation.ts";
import { checkKernelInit, initializeKernels, type KernelInit } from "./init.ts";
import { checkPositiveInt, checkShape } from "./validate.ts";
import { checkOptions } from "../validate.ts";
import { batchNormalization } from "./batch_norm.ts";

/** Options shared by {@linkcode dcganGenerator} and {@linkcode dcganDiscriminator}. */
export interface DcganOptions {
  /** Image shape `[height, width, channels]`, e.g. `[28, 28, 1]` or `[32, 32, 3]`. */
  imageShape: [number, number, number];
  /** Filters of the widest-resolution conv layer; each halving of resolution doubles them. Default 64. */
  baseFilters?: number;
  /** Square kernel size. Default 5 (Radford et al. 2016). */
  kernelSize?: number;
  /** Kernel init. Default N(0, 0.02^2) (Radford et al. 2016). */
  init?: KernelInit;
  /** Seed of the weight init, a finite integer. */
  seed: number;
  /** Model name and layer-name prefix. Default `"generator"` / `"discriminator"`. */
  name?: string;
}

/** Options of {@linkcode dcganGenerator}. */
export interface DcganGeneratorOptions extends DcganOptions {
  /** Latent dimension. */
  latentDim: number;
  /**
   * Output activation. Default `"sigmoid"`, for images in [0, 1] (this
   * package's data); DCGAN used `"tanh"` with images scaled to [-1, 1].
   */
  outputActivation?: Activation;
}

/** Number of stride-2 stages and the base resolution for an image shape. */
function stages(imageShape: number[], what: string): { n: number; h: number; w: number } {
  let [h, w] = imageShape;
  let n = 0;
  while (h % 2 === 0 && w % 2 === 0 && h / 2 >= 4 && w / 2 >= 4) {
    h /= 2;
    w /= 2;
    n++;
  }
  if (n === 0) {
    throw new RangeError(
      `Cannot ${what} as height and width must be even and at least 8: imageShape=${
        JSON.stringify(imageShape)
      }`,
    );
  }
  return { n, h, w };
}

const DCGAN_KEYS = ["imageShape", "baseFilters", "kernelSize", "init", "seed", "name"];

function readCommon(options: DcganOptions, what: string) {
  const imageShape = checkShape(options.imageShape, "imageShape", what);
  if (imageShape.length !== 3) {
    throw new RangeError(
      `Cannot ${what} as imageShape must be [height, width, channels]: imageShape=${
        JSON.stringify(imageShape)
      }`,
    );
  }
  return {
    imageShape,
    ...stages(imageShape, what),
    baseFilters: checkPositiveInt(options.baseFilters ?? 64, "baseFilters", what),
    kernelSize: checkPositiveInt(options.kernelSize ?? 5, "kernelSize", what),
    init: checkKernelInit(options.init ?? { kind: "normal", std: 0.02 }, what),
    seed: checkSeed(options.seed, "seed"),
  };
}

/**
 * A DCGAN generator (Radford et al. 2016): z -> dense to an `h x w` map
 * (7x7 for 28x28, 4x4 for 32x32) -> batch norm -> ReLU, then stride-2
 * transposed convolutions that double the resolution and halve the filters,
 * with batch norm and ReLU, the last one to `channels` with `outputActivation`.
 * Batch norm uses batch statistics in training mode (`{ training: true }`).
 *
 * @param options Image shape, latent size, filters, seed.
 * @returns A `LayersModel` `[batch, latentDim]` -> `[batch, height, width, channels]` float32.
 * @throws {RangeError} If the image is not `[h, w, c]` with even h, w >= 8, or a size is invalid.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { dcganGenerator } from "./dcgan.ts";
 * import assert from "node:assert";
 * const g = dcganGenerator({ latentDim: 8, imageShape: [28, 28, 1], baseFilters: 2, seed: 0 });
 * assert.deepStrictEqual(g.outputs[0].shape, [null, 28, 28, 1]);
 * ```
 */
export function dcganGenerator(options: DcganGeneratorOptions): LayersModel {
  const what = "build a DCGAN generator";
  options = checkOptions(options, [...DCGAN_KEYS, "latentDim", "outputActivation"], what);
  const latentDim = checkPositiveInt(options.latentDim, "latentDim", what);
  const c = readCommon(options, what);
  const outAct = checkActivation(options.outputActivation ?? "sigmoid", "outputActivation", what);
  const name = options.name ?? "generator";
  const bn = (x: tf.SymbolicTensor, i: number) =>
    batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: `${name}_bn_${i}` })
      .apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: [latentDim], name: `${name}_z` });
  let filters = c.baseFilters * 2 ** (c.n - 1);
  let x = tf.layers.dense({ units: c.h * c.w * filters, useBias: false, name: `${name}_project` })
    .apply(input) as tf.SymbolicTensor;
  x = applyActivation(bn(x, 0), "relu", `${name}_relu_0`);
  x = tf.layers.reshape({ targetShape: [c.h, c.w, filters], name: `${name}_reshape` })
    .apply(x) as tf.SymbolicTensor;
  for (let i = 1; i <= c.n; i++) {
    const last = i === c.n;
    filters = last ? c.imageShape[2] : filters / 2;
    x = tf.layers.conv2dTranspose({
      filters,
      kernelSize: c.kernelSize,
      strides: 2,
      padding: "same",
      useBias: last,
      name: `${name}_deconv_${i}`,
    }).apply(x) as tf.SymbolicTensor;
    x = last
      ? applyActivation(x, outAct, `${name}_out_act`)
      : applyActivation(bn(x, i), "relu", `${name}_relu_${i}`);
  }
  const model = tf.model({ inputs: input, outputs: x, name });
  initializeKernels(model, new Rng(c.seed).fork("init"), c.init);
  return model;
}

/**
 * A DCGAN discriminator (Radford et al. 2016): stride-2 convolutions that halve
 * the resolution and double the filters (`baseFilters`, `2 baseFilters`, ...),
 * each followed by leaky ReLU (slope 0.2), then a dense layer to one logit (no
 * sigmoid; no batch norm, so it also suits WGAN-GP's per-sample penalty).
 *
 * @param options Image shape, filters, seed.
 * @returns A `LayersModel` `[batch, height, width, channels]` -> logits `[batch, 1]` float32.
 * @throws {RangeError} If the image is not `[h, w, c]` with even h, w >= 8, or a size is invalid.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { dcganDiscriminator } from "./dcgan.ts";
 * import assert from "node:assert";
 * const d = dcganDiscriminator({ imageShape: [32, 32, 3], baseFilters: 2, seed: 0 });
 * assert.deepStrictEqual(d.outputs[0].shape, [null, 1]);
 * ```
 */
export function dcganDiscriminator(options: DcganOptions): LayersModel {
  const what = "build a DCGAN discriminator";
  options = checkOptions(options, DCGAN_KEYS, what);
  const c = readCommon(options, what);
  const name = options.name ?? "discriminator";
  const input = tf.input({ shape: c.imageShape, name: `${name}_x` });
  let x: tf.SymbolicTensor = input;
  for (let i = 0; i < c.n; i++) {
    x = tf.layers.conv2d({
      filters: c.baseFilters * 2 ** i,
      kernelSize: c.kernelSize,
      strides: 2,
      padding: "same",
      name: `${name}_conv_${i}`,
    }).apply(x) as tf.SymbolicTensor;
    x = applyActivation(x, "leakyRelu", `${name}_lrelu_${i}`);
  }
  x = tf.layers.flatten({ name: `${name}_flatten` }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 1, name: `${name}_logit` }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x, name });
  initializeKernels(model, new Rng(c.seed).fork("init"), c.init);
  return model;
}
