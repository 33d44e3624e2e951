/**
 * Data for the experiments: an IDX reader (raw or gzip, from a path, URL or bytes), MNIST with
 * the paper's split (train 0..50000, validation 50000..60000, the 10k test set), seeded
 * minibatch iteration and sampling, and the toy distributions with exact densities: the 1-D
 * Gaussian of Figure 1 and the ring and grid Gaussian mixtures of the mode-collapse benchmarks.
 *
 * @example Seeded real minibatches from a toy mixture
 * ```ts
 * import { dataSampler, makeDataset, ringMixture } from "./mod.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const ring = ringMixture();
 * const data = makeDataset(ring.sampleWithModes(1000, new Rng(1)).x, 2);
 * const x = dataSampler(data).sample(64, new Rng(2)); // [64, 2]
 * assert.deepStrictEqual(x.shape, [64, 2]);
 * x.dispose();
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export { type IdxArray, type IdxData, type IdxDtype, idxToUnitFloat, parseIdx } from "./idx.ts";
export { type ByteSource, readIdx, SourceNotFoundError } from "./read.ts";
export { type Dataset, datasetTensor, labelsTensor, makeDataset } from "./dataset.ts";
export {
  loadMnist,
  type LoadMnistOptions,
  type Mnist,
  MNIST_FILES,
  mnistDataUrl,
  type MnistSplit,
} from "./mnist.ts";
export {
  type Batch,
  batches,
  type BatchesOptions,
  type DataOrder,
  type DataSampler,
  dataSampler,
  type DataSamplerOptions,
  type DataSamplerState,
  type DatasetSampler,
} from "./batches.ts";
export { type Gaussian1d, gaussian1d, type Gaussian1dOptions } from "./gaussian_1d.ts";
export {
  type GaussianMixture2d,
  gaussianMixture2d,
  type GaussianMixture2dOptions,
  type Point2d,
  type Points2d,
} from "./mixture_2d.ts";
export {
  gridMixture,
  type GridMixtureOptions,
  ringMixture,
  type RingMixtureOptions,
} from "./ring_grid.ts";
