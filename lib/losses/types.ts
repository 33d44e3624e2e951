import type { Scalar, Tensor } from "../tensor_types.ts";

/**
 * A critic (discriminator) as a function from a batch of samples
 * `[batch, ...sampleShape]` to logits `[batch, 1]` (or `[batch]`), built so
 * gradients flow through it (for the gradient penalty).
 */
export type Critic = (x: Tensor) => Tensor;

/**
 * A GAN loss written example by example (see `perExample` of {@linkcode GanLoss}): each term
 * of D's output `v` and the term's derivative with respect to `v`.
 */
export interface PerExampleTerms {
  /** D's term for a real example. */
  real(v: number): number;
  /** Its derivative. */
  realDerivative(v: number): number;
  /** D's term for a generated example. */
  fake(v: number): number;
  /** Its derivative. */
  fakeDerivative(v: number): number;
  /** G's term for a generated example. */
  generator(v: number): number;
  /** Its derivative. */
  generatorDerivative(v: number): number;
}

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
  /**
   * The same losses example by example, in plain numbers (the built-in losses have it): D's
   * loss is `mean_i real(r_i) + mean_i fake(f_i)` and G's `mean_i generator(f_i)`, with each
   * term's derivative, so a compiled step needs no tfjs ops for them. Must agree with
   * `discriminator` and `generator` to float32 rounding (tests check every built-in loss).
   */
  readonly perExample?: PerExampleTerms;
  /**
   * Set when `penalty` is WGAN-GP's gradient penalty (`gradientPenalty` of this package) with
   * this weight lambda, so a compiled step may compute it itself.
   */
  readonly gradientPenaltyWeight?: number;
  /** If set, the discriminator's weights are clipped to [-c, c] after each of its steps (WGAN). */
  readonly weightClip?: number;
  /** The options that rebuild this loss (for checkpoints and reports). */
  toJSON(): Record<string, unknown>;
}
