/**
 * Builds a {@linkcode GanLoss} from two tensor formulas, adding the checks at
 * the boundary, `tf.tidy` around each call and `toJSON()`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Critic, GanLoss, PerExampleTerms } from "./types.ts";
import { checkLogitPair, checkLogits } from "./validate.ts";

/** What a loss supplies; inputs arrive checked and flattened to `[m]`. */
export interface GanLossSpec {
  name: string;
  /** What D outputs (see {@linkcode GanLoss.outputs}). */
  outputs: "logits" | "critic";
  options: Record<string, unknown>;
  discriminator(real: tf.Tensor1D, fake: tf.Tensor1D): tf.Scalar;
  generator(fake: tf.Tensor1D): tf.Scalar;
  penalty?(critic: Critic, real: tf.Tensor, fake: tf.Tensor, epsilon: tf.Tensor): tf.Scalar;
  weightClip?: number;
  /** WGAN-GP's lambda when `penalty` is its gradient penalty. */
  gradientPenaltyWeight?: number;
  /** The losses example by example (see `perExample` of {@linkcode GanLoss}). */
  perExample?: PerExampleTerms;
}

/** Wraps a spec into a validated, tidy, serialisable {@linkcode GanLoss}. */
export function defineGanLoss(spec: GanLossSpec): GanLoss {
  const options = Object.freeze({ ...spec.options });
  const loss: GanLoss = {
    name: spec.name,
    outputs: spec.outputs,
    discriminator(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
      checkLogitPair(realLogits, fakeLogits, `compute the ${spec.name} discriminator loss`);
      return tf.tidy(() =>
        spec.discriminator(tf.reshape(realLogits, [-1]), tf.reshape(fakeLogits, [-1]))
      );
    },
    generator(fakeLogits: tf.Tensor): tf.Scalar {
      checkLogits(fakeLogits, "fakeLogits", `compute the ${spec.name} generator loss`);
      return tf.tidy(() => spec.generator(tf.reshape(fakeLogits, [-1])));
    },
    toJSON(): Record<string, unknown> {
      return { name: spec.name, ...options };
    },
  };
  const extra: {
    penalty?: GanLoss["penalty"];
    weightClip?: number;
    perExample?: PerExampleTerms;
    gradientPenaltyWeight?: number;
  } = {};
  if (spec.gradientPenaltyWeight !== undefined) {
    extra.gradientPenaltyWeight = spec.gradientPenaltyWeight;
  }
  if (spec.perExample) extra.perExample = Object.freeze({ ...spec.perExample });
  if (spec.penalty) extra.penalty = spec.penalty;
  if (spec.weightClip !== undefined) extra.weightClip = spec.weightClip;
  return Object.freeze(Object.assign(loss, extra));
}
