import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/dataset.ts";
import { checkPositiveInt, type RowSource, toRows } from "./rows.ts";

/**
 * A small MLP classifier as plain float32 weights (backend-free, saveable): dense layers of
 * widths `sizes` (input first, e.g. `[784, 256, 64, 10]`), ReLU between them, softmax logits
 * last. Its last hidden layer (after ReLU) is the feature space of {@linkcode mnistSampleScore}.
 */
export interface MnistClassifier {
  /** Layer widths, input first, classes last. */
  readonly sizes: readonly number[];
  /** `kernels[l]`: row-major `[sizes[l], sizes[l + 1]]`. */
  readonly kernels: readonly Float32Array[];
  /** `biases[l]`: length `sizes[l + 1]`. */
  readonly biases: readonly Float32Array[];
}

/** Labelled rows: a {@linkcode Dataset} whose `labels` are class indices (MNIST: 0..9). */
export type LabelledDataset = Dataset & { readonly labels: Uint8Array };

/** The class logits and last hidden features of a batch `x` `[b, in]`. Call inside a tidy. */
export function forward(
  x: tf.Tensor2D,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
): { logits: tf.Tensor2D; features: tf.Tensor2D } {
  let h = x, features = x;
  kernels.forEach((k, l) => {
    const z = tf.add(tf.matMul(h, k), biases[l]) as tf.Tensor2D;
    h = l < kernels.length - 1 ? tf.relu(z) : z;
    if (l === kernels.length - 2) features = h;
  });
  return { logits: h, features };
}

/** Throws unless `d` is a Dataset with one Uint8Array label per row. */
export function checkLabelled(d: unknown, name: string, action: string): LabelledDataset {
  const s = d as LabelledDataset;
  if (!s || !(s.x instanceof Float32Array) || !(s.labels instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a Dataset with Uint8Array labels: ${name}=${String(d)}`,
    );
  }
  if (s.n < 1 || s.labels.length !== s.n || s.x.length !== s.n * s.dim) {
    throw new RangeError(
      `Cannot ${action} as ${name} must hold n >= 1 rows and n labels: ${name}.n=${s.n}, labels=${s.labels.length}`,
    );
  }
  return s;
}

/** What {@linkcode classifierOutputs} computes for each row. */
export interface ClassifierOutputs {
  /** The number of rows. */
  n: number;
  /** Last hidden layer after ReLU, row-major `[n, featureDim]`. */
  features: Float32Array;
  /** The feature width (64 for the shipped classifier). */
  featureDim: number;
  /** Softmax class probabilities, row-major `[n, classes]`. */
  probabilities: Float32Array;
  /** The most probable class of each row (the first on ties). */
  predictions: Uint8Array;
  /** The number of classes (10). */
  classes: number;
}

/** Throws a TypeError unless `c` is a well-formed {@linkcode MnistClassifier}. */
export function checkClassifier(c: unknown, action: string): MnistClassifier {
  const m = c as MnistClassifier;
  const ok = m && Array.isArray(m.sizes) && m.sizes.length >= 3 &&
    Array.isArray(m.kernels) && Array.isArray(m.biases) &&
    m.kernels.length === m.sizes.length - 1 && m.biases.length === m.sizes.length - 1 &&
    m.kernels.every((k, l) =>
      k instanceof Float32Array && k.length === m.sizes[l] * m.sizes[l + 1] &&
      m.biases[l] instanceof Float32Array && m.biases[l].length === m.sizes[l + 1]
    );
  if (!ok) {
    throw new TypeError(
      `Cannot ${action} as classifier must be an MnistClassifier {sizes, kernels, biases} of matching sizes: sizes=${
        JSON.stringify(m?.sizes)
      }`,
    );
  }
  return m;
}

/**
 * Runs a classifier over rows: last hidden features, softmax probabilities and predicted
 * classes, in batches (one tidy each, read back asynchronously, so it works on every backend).
 *
 * @param classifier The classifier.
 * @param rows `[n, in]` rows (tensor or Dataset; MNIST pixels in [0, 1]); not disposed.
 * @param options `batchSize` (default 1000).
 * @returns Features, probabilities and predictions; no tensors are left behind.
 * @throws {TypeError} If `classifier` or `rows` is malformed.
 * @throws {RangeError} If `rows` is empty or its width is not the classifier's input width.
 */
export async function classifierOutputs(
  classifier: MnistClassifier,
  rows: RowSource,
  options: { batchSize?: number } = {},
): Promise<ClassifierOutputs> {
  const action = "run the MNIST classifier";
  const c = checkClassifier(classifier, action);
  const r = toRows(rows, "rows", action);
  if (r.dim !== c.sizes[0]) {
    throw new RangeError(
      `Cannot ${action} as rows must have the classifier's input width ${
        c.sizes[0]
      }: rows has ${r.dim}`,
    );
  }
  const batchSize = checkPositiveInt(options.batchSize ?? 1000, "batchSize", action);
  const L = c.kernels.length, featureDim = c.sizes[L - 1], classes = c.sizes[L];
  const kernels = c.kernels.map((k, l) => tf.tensor2d(k, [c.sizes[l], c.sizes[l + 1]]));
  const biases = c.biases.map((b) => tf.tensor1d(b));
  const features = new Float32Array(r.n * featureDim);
  const probabilities = new Float32Array(r.n * classes);
  try {
    for (let s = 0; s < r.n; s += batchSize) {
      const e = Math.min(s + batchSize, r.n);
      const [f, p] = tf.tidy(() => {
        const out = forward(r.slice(s, e), kernels, biases);
        return [out.features, tf.softmax(out.logits)];
      });
      try {
        features.set(await f.data() as Float32Array, s * featureDim);
        probabilities.set(await p.data() as Float32Array, s * classes);
      } finally {
        tf.dispose([f, p]);
      }
    }
  } finally {
    tf.dispose([...kernels, ...biases]);
  }
  const predictions = new Uint8Array(r.n);
  for (let i = 0; i < r.n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    }
    predictions[i] = best;
  }
  return { n: r.n, features, featureDim, probabilities, predictions, classes };
}

/**
 * The fraction of labelled rows a classifier gets right.
 *
 * @param classifier The classifier.
 * @param data Labelled rows (e.g. `mnist.test`).
 * @returns Accuracy in [0, 1].
 * @throws {TypeError} If `classifier` or `data` is malformed.
 */
export async function classifierAccuracy(
  classifier: MnistClassifier,
  data: LabelledDataset,
): Promise<number> {
  const d = checkLabelled(data, "data", "measure classifier accuracy");
  const { predictions } = await classifierOutputs(classifier, d);
  let right = 0;
  for (let i = 0; i < d.n; i++) if (predictions[i] === d.labels[i]) right++;
  return right / d.n;
}
