import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import type { NoisePrior } from "../latent/prior.ts";
import type { Rng } from "../random.ts";

/**
 * Draws `n` samples from a generator in inference mode, in batches, and reads them back.
 *
 * @param generator G: `[m, prior.dim]` -> `[m, d]`.
 * @param prior The noise prior.
 * @param n How many samples.
 * @param rng The noise stream (advanced).
 * @param batch Rows per forward pass (default 1000).
 * @returns Row-major `[n, d]` float32 values (no tensors left behind).
 */
export async function generateRows(
  generator: LayersModel,
  prior: NoisePrior,
  n: number,
  rng: Rng,
  batch = 1000,
): Promise<Float32Array> {
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
