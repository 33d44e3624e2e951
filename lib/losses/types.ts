import type { Scalar, Tensor } from "../tensor_types.ts";

/**
 * A critic (discriminator) as a function from a batch of samples
 * `[batch, ...sampleShape]` to logits `[batch, 1]` (or `[batch]`), built so
 * gradients flow through it (for the gradient penalty).
 */
export type Critic = (x: Tensor) => Tensor;

/**
 * A GAN objective as a pair of losses with one shared signature, so pairs swap
 * freely in training (the TF-GAN convention). Both take the discriminator's raw
 * outputs (logits / critic values, before any sigmoid) and return a scalar to
 * MINIMISE. The caller owns the returned tensors.
 */
export interface GanLoss {
  /** A short stable name, e.g. `"minimax"`, `"non-saturating"`, `"wgan-gp"`. */
  readonly name: string;
  /**
   * What D outputs for this loss: `"logits"` of the probability that x is real (the
   * trainer reports `sigmoid` of their means as `dReal`/`dFake`), or `"critic"` values on
   * no probability scale (WGAN, hinge, least squares, f-GAN's V; reported raw). Absent
   * (a loss written before this field): `"critic"`.
   */
  readonly outputs?: "logits" | "critic";
  /**
   * The discriminator's loss from its outputs on a real batch `[m, 1]` and a
   * generated batch `[m, 1]` (the built-in losses also accept `[m]`, and
   * require the same `m` for both).
   */
  discriminator(realLogits: Tensor, fakeLogits: Tensor): Scalar;
  /** The generator's loss from the discriminator's outputs on generated samples `[m, 1]`. */
  generator(fakeLogits: Tensor): Scalar;
  /**
   * An extra term added to the discriminator's loss that needs the critic
   * itself (WGAN-GP's gradient penalty). `epsilon` `[m]` holds the
   * interpolation weights, drawn by the caller from its seeded generator so
   * runs stay reproducible.
   */
  penalty?(critic: Critic, real: Tensor, fake: Tensor, epsilon: Tensor): Scalar;
  /** If set, the discriminator's weights are clipped to [-c, c] after each of its steps (WGAN). */
  readonly weightClip?: number;
  /** The options that rebuild this loss (for checkpoints and reports). */
  toJSON(): Record<string, unknown>;
}
