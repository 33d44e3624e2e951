/**
 * Generator and discriminator builders as inspectable, saveable
 * `tf.LayersModel`s: MLPs with the 2014 paper's pieces (ReLU/sigmoid, maxout,
 * seeded dropout), the paper's MNIST presets, and DCGAN-style convolutional
 * networks. Weights are drawn from an explicit seed in JavaScript, so the same
 * seed gives the same networks on every backend; discriminators return logits.
 *
 * @example The paper's MNIST networks
 * ```ts
 * import { paperMnistGan } from "./mod.ts";
 * import assert from "node:assert";
 * const { generator, discriminator } = paperMnistGan({ seed: 1 });
 * assert.deepStrictEqual(generator.outputs[0].shape, [null, 784]);
 * assert.deepStrictEqual(discriminator.outputs[0].shape, [null, 1]);
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export { type Activation } from "./activation.ts";
export { sampleGenerator, type SampleGeneratorOptions } from "./sample_generator.ts";
export {
  maxout,
  type MaxoutArgs,
  maxoutDense,
  type MaxoutDenseOptions,
  type MaxoutLayer,
} from "./maxout.ts";
export {
  seededDropout,
  type SeededDropoutArgs,
  type SeededDropoutLayer,
  seededDropoutLayers,
} from "./seeded_dropout.ts";
export { initializeKernels, type KernelInit } from "./init.ts";
export {
  mlpDiscriminator,
  type MlpDiscriminatorOptions,
  mlpGenerator,
  type MlpGeneratorOptions,
  type MlpLayer,
} from "./mlp.ts";
export {
  paperMnistDiscriminator,
  paperMnistGan,
  paperMnistGenerator,
  type PaperMnistOptions,
} from "./paper.ts";
export {
  dcganDiscriminator,
  dcganGenerator,
  type DcganGeneratorOptions,
  type DcganOptions,
} from "./dcgan.ts";
export {
  type Architecture,
  checkArchitectureFits,
  describeArchitecture,
  type WeightSpec,
} from "./fingerprint.ts";
export type { Layer, SymbolicTensor } from "./tfjs_types.ts";
