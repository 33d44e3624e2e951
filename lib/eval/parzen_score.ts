import * as tf from "@tensorflow/tfjs";
import { type Rows, squaredDistances } from "./rows.ts";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Kernel centres ready for scoring: centred by their mean, transposed, squared norms. */
export interface Centres {
  n: number;
  dim: number;
  shift: tf.Tensor2D;
  muT: tf.Tensor2D;
  muSq: tf.Tensor2D;
  dispose(): void;
}

/** Moves the centres into tensors once (the caller disposes them with `dispose()`). */
export function prepareCentres(rows: Rows): Centres {
  const [shift, muT, muSq] = tf.tidy(() => {
    const mu = rows.slice(0, rows.n);
    // Distances are shift-invariant; centring shrinks the norms that ||x||^2 - 2x.mu + ||mu||^2
    // subtracts, so float32 loses less to cancellation.
    const shift = tf.mean(mu, 0, true) as tf.Tensor2D;
    const centred = tf.sub(mu, shift);
    return [
      shift,
      tf.transpose(centred) as tf.Tensor2D,
      tf.sum(tf.square(centred), 1).reshape([1, rows.n]) as tf.Tensor2D,
    ];
  });
  return {
    n: rows.n,
    dim: rows.dim,
    shift,
    muT,
    muSq,
    dispose: () => tf.dispose([shift, muT, muSq]),
  };
}

/**
 * log p(x) for the first `count` rows of `x`, one Float64Array per sigma, batch by batch:
 * logmeanexp_i(-||x - mu_i||^2 / (2 sigma^2)) - d log(sigma sqrt(2 pi)).
 */
export async function scoreRows(
  c: Centres,
  x: Rows,
  count: number,
  sigmas: readonly number[],
  batchSize: number,
  onBatch: (done: number) => void,
): Promise<Float64Array[]> {
  const out = sigmas.map(() => new Float64Array(count));
  const offsets = sigmas.map((s) => Math.log(c.n) + c.dim * (Math.log(s) + LOG_SQRT_2PI));
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(start + batchSize, count);
    const lse = tf.tidy(() => {
      const d2 = squaredDistances(tf.sub(x.slice(start, end), c.shift), c.muT, c.muSq);
      return tf.stack(sigmas.map((s) => tf.logSumExp(tf.mul(d2, -1 / (2 * s * s)), 1)));
    });
    const values = await lse.data();
    lse.dispose();
    const b = end - start;
    for (let k = 0; k < sigmas.length; k++) {
      for (let i = 0; i < b; i++) out[k][start + i] = values[k * b + i] - offsets[k];
    }
    onBatch(end);
  }
  return out;
}
