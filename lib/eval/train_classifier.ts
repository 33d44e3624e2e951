import * as tf from "@tensorflow/tfjs";
import { checkSeed, Rng } from "../random.ts";
import { checkPositiveInt } from "./rows.ts";
import {
  checkLabelled,
  classifierAccuracy,
  forward,
  type LabelledDataset,
  type MnistClassifier,
} from "./mnist_classifier.ts";

/** Options of {@linkcode trainMnistClassifier}. */
export interface TrainMnistClassifierOptions {
  /** Seed of the weight init and the per-epoch shuffles (a finite integer). */
  seed: number;
  /** Passes over the training rows. Default 5. */
  epochs?: number;
  /** Hidden widths. Default `[256, 64]`: the features are the last one (64-d). */
  hidden?: readonly number[];
  /** Rows per Adam step. Default 100. */
  batchSize?: number;
  /** Adam's learning rate (beta1 0.9, beta2 0.999). Default 1e-3. */
  learningRate?: number;
  /** Called after each epoch with its mean training loss (cross-entropy, nats). */
  onEpoch?: (info: { epoch: number; loss: number; seconds: number }) => void;
}

/** The result of {@linkcode trainMnistClassifier}. */
export interface TrainedMnistClassifier {
  /** The classifier, weights rounded to float16 (the storage format; see saveClassifier). */
  classifier: MnistClassifier;
  /** Accuracy of `classifier` on the `test` rows. */
  testAccuracy: number;
  /** Wall time of the training loop, seconds. */
  trainSeconds: number;
}

const ACTION_TRAIN = "train an MNIST classifier";

/**
 * Trains the small MNIST classifier behind {@linkcode mnistSampleScore}'s features: an MLP
 * in -> ReLU 256 -> ReLU 64 -> 10 (by default) minimising softmax cross-entropy with Adam
 * (Kingma & Ba 2015), batches drawn from a fresh permutation each epoch. Everything random
 * (He-uniform kernels U(+-sqrt(6 / fan_in)), zero biases, shuffles) comes from `seed`, so a
 * seed gives the same classifier on one backend and machine. The final weights are rounded to
 * float16, the format saveClassifier stores, and the accuracy is that of the rounded model.
 * The shipped classifier (loadShippedMnistClassifier) came from `bench/train_classifier.ts`.
 *
 * @param data `train`: labelled rows to fit (the paper's split: training images 0..50000);
 *   `test`: labelled rows to report accuracy on.
 * @param options `seed` (required), `epochs`, `hidden`, `batchSize`, `learningRate`, `onEpoch`.
 * @returns The classifier, its test accuracy and the training time; no tensors are left behind.
 * @throws {TypeError} If a split is not a Dataset with Uint8Array labels.
 * @throws {RangeError} If the seed is not a finite integer, a size or count is not a positive
 *   integer, the learning rate is not positive, a label is >= 10 or the dimensions differ.
 */
export async function trainMnistClassifier(
  data: { train: LabelledDataset; test: LabelledDataset },
  options: TrainMnistClassifierOptions,
): Promise<TrainedMnistClassifier> {
  const train = checkLabelled(data?.train, "train", ACTION_TRAIN);
  const test = checkLabelled(data?.test, "test", ACTION_TRAIN);
  if (train.dim !== test.dim) {
    throw new RangeError(
      `Cannot ${ACTION_TRAIN} as train and test must have the same dimension: ${train.dim} vs ${test.dim}`,
    );
  }
  const seed = checkSeed(options?.seed);
  const epochs = checkPositiveInt(options.epochs ?? 5, "epochs", ACTION_TRAIN);
  const batchSize = checkPositiveInt(options.batchSize ?? 100, "batchSize", ACTION_TRAIN);
  const hidden = [...(options.hidden ?? [256, 64])];
  if (hidden.length === 0) {
    throw new RangeError(`Cannot ${ACTION_TRAIN} as hidden must not be empty: hidden=[]`);
  }
  hidden.forEach((h, i) => checkPositiveInt(h, `hidden[${i}]`, ACTION_TRAIN));
  const lr = options.learningRate ?? 1e-3;
  if (!(typeof lr === "number" && Number.isFinite(lr) && lr > 0)) {
    throw new RangeError(
      `Cannot ${ACTION_TRAIN} as learningRate must be positive and finite: learningRate=${lr}`,
    );
  }
  const classes = 10;
  const bad = train.labels.findIndex((v) => v >= classes);
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${ACTION_TRAIN} as labels must be 0..9: train.labels[${bad}]=${train.labels[bad]}`,
    );
  }
  const sizes = [train.dim, ...hidden, classes];
  const root = new Rng(seed), initRng = root.fork("init"), dataRng = root.fork("data");
  const kernels = sizes.slice(1).map((out, l) => {
    const inp = sizes[l], limit = Math.sqrt(6 / inp);
    const w = Float32Array.from({ length: inp * out }, () => (2 * initRng.next() - 1) * limit);
    return tf.tidy(() =>
      tf.variable(tf.tensor2d(w, [inp, out]), true, `mnist_classifier_kernel_${l}`)
    );
  });
  const biases = sizes.slice(1).map((out, l) =>
    tf.tidy(() => tf.variable(tf.zeros([out]), true, `mnist_classifier_bias_${l}`)) as tf.Variable<
      tf.Rank.R1
    >
  );
  const optimizer = tf.train.adam(lr);
  const start = performance.now();
  const { dim, n } = train;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = dataRng.permutation(n);
      let lossSum = tf.scalar(0), steps = 0;
      for (let s = 0; s < n; s += batchSize, steps++) {
        const b = Math.min(batchSize, n - s);
        const xb = new Float32Array(b * dim), yb = new Float32Array(b * classes);
        for (let i = 0; i < b; i++) {
          const r = order[s + i];
          xb.set(train.x.subarray(r * dim, (r + 1) * dim), i * dim);
          yb[i * classes + train.labels[r]] = 1;
        }
        const xs = tf.tensor2d(xb, [b, dim]), ys = tf.tensor2d(yb, [b, classes]);
        const cost = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(ys, forward(xs, kernels, biases).logits) as tf.Scalar,
          true,
          [...kernels, ...biases],
        )!;
        const next = tf.add(lossSum, cost) as tf.Scalar;
        tf.dispose([xs, ys, cost, lossSum]);
        lossSum = next;
      }
      const loss = (await lossSum.data())[0] / steps;
      lossSum.dispose();
      options.onEpoch?.({ epoch: epoch + 1, loss, seconds: (performance.now() - start) / 1000 });
    }
    const toHalf = async (v: tf.Variable) =>
      Float32Array.from(new Float16Array(await v.data() as Float32Array));
    const classifier: MnistClassifier = {
      sizes,
      kernels: await Promise.all(kernels.map(toHalf)),
      biases: await Promise.all(biases.map(toHalf)),
    };
    const trainSeconds = (performance.now() - start) / 1000;
    return { classifier, testAccuracy: await classifierAccuracy(classifier, test), trainSeconds };
  } finally {
    optimizer.dispose();
    tf.dispose([...kernels, ...biases]);
  }
}
