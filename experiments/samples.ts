import type { LayersModel } from "../lib/tensor_types.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import type { Rng } from "../lib/random.ts";
import { sampleGenerator } from "../lib/models/sample_generator.ts";

/**
 * Draws `n` samples from a generator in inference mode, in batches, and reads them back:
 * {@linkcode sampleGenerator} with a positional batch size.
 *
 * @param generator G: `[m, prior.dim]` -> `[m, d]`.
 * @param prior The noise prior.
 * @param n How many samples.
 * @param rng The noise stream (advanced).
 * @param batch Rows per forward pass (default 1000).
 * @returns Row-major `[n, d]` float32 values (no tensors left behind).
 */
export function generateRows(
  generator: LayersModel,
  prior: NoisePrior,
  n: number,
  rng: Rng,
  batch = 1000,
): Promise<Float32Array> {
  return sampleGenerator(generator, prior, n, rng, { batchSize: batch });
}
