import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random.ts";
import type { Tensor2D } from "../tensor_types.ts";
import { checkPositiveInt } from "../validate.ts";

/**
 * A noise prior P_z (Goodfellow et al. 2014, section 3): `sample(n, rng)`
 * draws `n` latent vectors as a `[n, dim]` float32 tensor owned by the caller.
 * Draws are made in JavaScript from `rng`, so they are bit-identical on every
 * backend.
 */
export interface NoisePrior {
  /** The name of the distribution, e.g. `"uniform"`. */
  readonly kind: "uniform" | "gaussian" | "sphere";
  /** The latent dimension. */
  readonly dim: number;
  /** Fills `out` (length `n * dim`, row-major) with `n` draws. */
  fill(out: Float32Array, n: number, rng: Rng): Float32Array;
  /** Draws `n` vectors as a `[n, dim]` float32 tensor (the caller disposes it). */
  sample(n: number, rng: Rng): Tensor2D;
  /** The options that rebuild this prior (for checkpoints and reports). */
  toJSON(): Record<string, unknown>;
}

export { checkPositiveInt } from "../validate.ts";

/** Builds a {@linkcode NoisePrior} from a per-row filling function. */
export function makePrior(
  kind: NoisePrior["kind"],
  dim: number,
  fillRows: (out: Float32Array, n: number, rng: Rng) => void,
  options: Record<string, unknown>,
): NoisePrior {
  const prior: NoisePrior = {
    kind,
    dim,
    fill(out, n, rng) {
      checkPositiveInt(n, "n", "sample noise");
      if (out.length !== n * dim) {
        throw new RangeError(
          `Cannot sample noise as out must have n * dim = ${
            n * dim
          } entries: out.length=${out.length}`,
        );
      }
      fillRows(out, n, rng);
      return out;
    },
    sample(n, rng) {
      checkPositiveInt(n, "n", "sample noise");
      const out = new Float32Array(n * dim);
      fillRows(out, n, rng);
      return tf.tensor2d(out, [n, dim], "float32");
    },
    toJSON: () => ({ kind, dim, ...options }),
  };
  return prior;
}
