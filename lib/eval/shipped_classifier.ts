import type { MnistClassifier } from "./mnist_classifier.ts";
import { decodeClassifier } from "./classifier_io.ts";
import { sha256Hex } from "../sha256.ts";
import {
  MNIST_CLASSIFIER_BASE64,
  MNIST_CLASSIFIER_INFO,
  MNIST_CLASSIFIER_SHA256,
} from "./mnist_classifier_weights.ts";

/** Provenance of the classifier the package ships (see {@linkcode loadShippedMnistClassifier}). */
export interface ShippedClassifierInfo {
  /** Seed of `trainMnistClassifier`. */
  readonly seed: number;
  /** Epochs over MNIST training images 0..50000. */
  readonly epochs: number;
  /** Layer widths, input first: `[784, 256, 64, 10]`. */
  readonly sizes: readonly number[];
  /** Accuracy on the 10k MNIST test set (of the float16 weights as shipped). */
  readonly testAccuracy: number;
  /** Training time in seconds on `backend`, one CPU core. */
  readonly trainSeconds: number;
  /** The tfjs backend it was trained on. */
  readonly backend: string;
  /** Size of the encoded weights in bytes. */
  readonly bytes: number;
  /** SHA-256 (hex) of the encoded weights, checked on load. */
  readonly sha256: string;
}

/**
 * Provenance of the shipped MNIST classifier: seed, epochs, sizes, test accuracy, checksum.
 * Produced with its weights by `bench/train_classifier.ts`.
 */
export const SHIPPED_MNIST_CLASSIFIER: ShippedClassifierInfo = Object.freeze({
  ...MNIST_CLASSIFIER_INFO,
  sha256: MNIST_CLASSIFIER_SHA256,
});

let shipped: Promise<MnistClassifier> | undefined;

/**
 * The MNIST classifier the package ships (an MLP 784 -> ReLU 256 -> ReLU 64 -> 10 trained by
 * `trainMnistClassifier` for {@linkcode SHIPPED_MNIST_CLASSIFIER}.epochs epochs; float16
 * weights embedded in the package): decoded once, its SHA-256 checked against the recorded
 * one, then shared by every call (do not modify it). Needs no file or network access.
 *
 * @returns The classifier.
 * @throws {RangeError} If the embedded bytes do not match their recorded checksum.
 *
 * @example
 * ```ts
 * import { loadShippedMnistClassifier } from "./shipped_classifier.ts";
 * import assert from "node:assert";
 * const c = await loadShippedMnistClassifier();
 * assert.deepStrictEqual(c.sizes, [784, 256, 64, 10]);
 * ```
 */
export function loadShippedMnistClassifier(): Promise<MnistClassifier> {
  shipped ??= (async () => {
    const binary = atob(MNIST_CLASSIFIER_BASE64);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const got = await sha256Hex(bytes);
    if (got !== MNIST_CLASSIFIER_SHA256) {
      throw new RangeError(
        `Cannot load the shipped MNIST classifier as its SHA-256 is ${got}, expected ${MNIST_CLASSIFIER_SHA256}`,
      );
    }
    return decodeClassifier(bytes);
  })();
  shipped.catch(() => shipped = undefined);
  return shipped;
}
