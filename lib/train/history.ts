/**
 * One record of the training history, written after every generator step of
 * Algorithm 1 (Goodfellow et al. 2014). All values are plain numbers read
 * asynchronously from the backend after the step.
 */
export interface StepRecord {
  /** Generator step index, 1-based (each follows `k` discriminator steps). */
  step: number;
  /** The discriminator's loss at its last inner step. */
  dLoss: number;
  /** The generator's loss. */
  gLoss: number;
  /** Mean D(x) on the real batch: a probability for logit losses, the raw critic value for WGAN-style losses. */
  dReal: number;
  /** Mean D(G(z)) on the generated batch, same scale as `dReal`. */
  dFake: number;
  /** Global L2 norm of the discriminator's gradient at its last inner step. */
  dGradNorm: number;
  /** Global L2 norm of the generator's gradient. */
  gGradNorm: number;
  /** Learning rate used for this step. */
  lr: number;
  /** Wall-clock milliseconds spent on this step (all k + 1 updates). */
  ms: number;
}
