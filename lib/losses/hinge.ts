import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "./types.ts";
import { defineGanLoss } from "./define.ts";

/**
 * The hinge GAN losses (Lim & Ye 2017, "Geometric GAN"; Miyato et al. 2018,
 * "Spectral Normalization for GANs", eq. 17), on raw discriminator outputs:
 *
 * - D minimises `mean relu(1 - D(x)) + mean relu(1 + D(G(z)))`;
 * - G minimises `-mean D(G(z))`.
 *
 * @returns A {@linkcode GanLoss} named `"hinge"` (no options); its methods take
 *   float32 `[m]` or `[m, 1]` outputs and return a float32 scalar owned by the caller.
 *
 * @example Outside the margins the D loss is zero
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { hingeLoss } from "./hinge.ts";
 * const d = tf.tidy(() => hingeLoss().discriminator(tf.tensor1d([1, 3]), tf.tensor1d([-2, -1])));
 * assert.strictEqual(d.dataSync()[0], 0);
 * d.dispose();
 * ```
 */
export function hingeLoss(): GanLoss {
  return defineGanLoss({
    name: "hinge",
    outputs: "critic",
    options: {},
    discriminator: (real, fake) =>
      tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))),
    generator: (fake) => tf.neg(tf.mean(fake)),
    perExample: {
      real: (v) => Math.max(0, 1 - v),
      realDerivative: (v) => 1 - v > 0 ? -1 : 0,
      fake: (v) => Math.max(0, 1 + v),
      fakeDerivative: (v) => 1 + v > 0 ? 1 : 0,
      generator: (v) => -v,
      generatorDerivative: () => -1,
    },
  });
}
