import type { LayersModel } from "../tensor_types.ts";
import { mlpDiscriminator, mlpGenerator } from "./mlp.ts";
import { checkOptions } from "../validate.ts";

/** Options of the paper's MNIST presets. */
export interface PaperMnistOptions {
  /** Seed of the weight init (and D's dropout masks), a finite integer. */
  seed: number;
  /**
   * G's initial output bias (784 values), e.g. logit of the mean training
   * pixel as in the authors' code. Default zeros.
   */
  outputBias?: ArrayLike<number>;
}

/**
 * The 2014 paper's MNIST generator (Goodfellow et al. 2014, authors'
 * `mnist.yaml`): z in R^100 -> ReLU 1200 -> ReLU 1200 -> sigmoid 784, kernels
 * uniform on [-0.05, 0.05], biases 0. Parameters:
 * 100*1200+1200 + 1200*1200+1200 + 1200*784+784 = 2,503,984.
 *
 * @param options The seed (and optional output bias).
 * @returns A `LayersModel` `[batch, 100]` -> `[batch, 784]` float32 in (0, 1).
 * @throws {RangeError | TypeError} If the seed is not a finite integer, or `options` has an
 *   unknown key.
 *
 * @example
 * ```ts
 * import { paperMnistGenerator } from "./paper.ts";
 * import assert from "node:assert";
 * assert.strictEqual(paperMnistGenerator({ seed: 0 }).countParams(), 2503984);
 * ```
 */
export function paperMnistGenerator(options: PaperMnistOptions): LayersModel {
  options = checkOptions(options, ["seed", "outputBias"], "build the paper's MNIST generator");
  return mlpGenerator({
    latentDim: 100,
    outputShape: [784],
    hidden: [1200, 1200],
    activation: "relu",
    outputActivation: "sigmoid",
    init: { kind: "uniform", scale: 0.05 },
    outputBias: options.outputBias,
    seed: options.seed,
    name: "generator",
  });
}

/**
 * The 2014 paper's MNIST discriminator (authors' `mnist.yaml`): x in R^784 ->
 * maxout 240 units x 5 pieces -> maxout 240 x 5 -> 1 logit (the paper's final
 * sigmoid lives in the loss), kernels uniform on [-0.005, 0.005], seeded
 * dropout with keep probability 0.8 on the input and 0.5 on each hidden
 * layer's input. Parameters:
 * 784*1200+1200 + 240*1200+1200 + 240+1 = 1,231,441.
 *
 * @param options The seed.
 * @returns A `LayersModel` `[batch, 784]` -> logits `[batch, 1]` float32.
 * @throws {RangeError | TypeError} If the seed is not a finite integer, or `options` has an
 *   unknown key.
 *
 * @example
 * ```ts
 * import { paperMnistDiscriminator } from "./paper.ts";
 * import assert from "node:assert";
 * assert.strictEqual(paperMnistDiscriminator({ seed: 0 }).countParams(), 1231441);
 * ```
 */
export function paperMnistDiscriminator(options: Pick<PaperMnistOptions, "seed">): LayersModel {
  options = checkOptions(options, ["seed"], "build the paper's MNIST discriminator");
  return mlpDiscriminator({
    inputShape: [784],
    hidden: [{ units: 240, pieces: 5 }, { units: 240, pieces: 5 }],
    dropout: { input: 0.2, hidden: 0.5 },
    init: { kind: "uniform", scale: 0.005 },
    seed: options.seed,
    name: "discriminator",
  });
}

/**
 * Both networks of the paper's MNIST GAN, seeded from one seed (G from `seed`,
 * D from `seed + 1`).
 *
 * @param options The seed (and G's optional output bias).
 * @returns `{ generator, discriminator }` as built by {@linkcode paperMnistGenerator}
 *   and {@linkcode paperMnistDiscriminator}.
 * @throws {RangeError | TypeError} If the seed is not a finite integer, or `options` has an
 *   unknown key.
 */
export function paperMnistGan(
  options: PaperMnistOptions,
): { generator: LayersModel; discriminator: LayersModel } {
  options = checkOptions(options, ["seed", "outputBias"], "build the paper's MNIST GAN");
  return {
    generator: paperMnistGenerator(options),
    discriminator: paperMnistDiscriminator({ seed: options.seed + 1 }),
  };
}
