import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import type { NoisePrior } from "../latent/prior.ts";
import type { Rng } from "../random.ts";
import { checkOptions, checkPositiveInt } from "../validate.ts";

/** Options of {@linkcode sampleGenerator}. */
export interface SampleGeneratorOptions {
  /** Rows per forward pass (bounds memory). Default 1000. */
  batchSize?: number;
}

/**
 * Draws `n` samples x = G(z), z ~ P_z, from a generator in inference mode (dropout off,
 * batch-norm running statistics), in batches, and reads them back. The noise comes from
 * `rng`, so a seed gives the same samples on every backend up to G's float rounding.
 *
 * @param generator G: `[m, prior.dim]` -> `[m, ...shape]`.
 * @param prior The noise prior P_z (its `dim` is G's input size).
 * @param n How many samples, a positive integer.
 * @param rng The noise stream (advanced by `n` draws of the prior).
 * @param options Rows per forward pass.
 * @returns Row-major `[n, prod(shape)]` float32 values; no tensors are left behind.
 * @throws {RangeError} If `n` or `batchSize` is not a positive integer.
 * @throws {TypeError} If `options` has an unknown key.
 *
 * @example Eight draws from a 1-D generator
 * ```ts
 * import { mlpGenerator, sampleGenerator } from "./mod.ts";
 * import { uniformPrior } from "../latent/mod.ts";
 * import { Rng } from "../random.ts";
 * import assert from "node:assert";
 * const g = mlpGenerator({ latentDim: 2, outputShape: [1], hidden: [4], seed: 1 });
 * const rows = await sampleGenerator(g, uniformPrior(2), 8, new Rng(0));
 * assert.strictEqual(rows.length, 8);
 * ```
 */
export async function sampleGenerator(
  generator: LayersModel,
  prior: NoisePrior,
  n: number,
  rng: Rng,
  options: SampleGeneratorOptions = {},
): Promise<Float32Array> {
  checkOptions(options, ["batchSize"], "sample a generator");
  checkPositiveInt(n, "n", "sample a generator");
  const batch = checkPositiveInt(options.batchSize ?? 1000, "batchSize", "sample a generator");
  const d = (generator.outputs[0].shape as number[]).slice(1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * d);
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const z = prior.sample(m, rng);
    const x = tf.tidy(() => generator.apply(z, { training: false }) as tf.Tensor);
    out.set(await x.data(), start * d);
    tf.dispose([z, x]);
  }
  return out;
}
