import type { GanLoss } from "../lib/losses/types.ts";
import { ganLoss } from "../lib/losses/registry.ts";
import { adam, type OptimizerSpec, rmsprop } from "../lib/train/optimizers.ts";

/** A loss with the training settings it is compared under on the 2-D benchmarks. */
export interface ToyLossSetup {
  /** Identifier, e.g. `"wgan-gp"`. */
  id: string;
  /** Label for tables, e.g. `"WGAN-GP"`. */
  label: string;
  /** Builds the loss. */
  loss(): GanLoss;
  /** Critic steps per generator step. */
  k: number;
  /** D's optimiser. */
  dOptimizer: OptimizerSpec;
  /** G's optimiser. */
  gOptimizer: OptimizerSpec;
  /** What differs from the published setting and why. */
  note: string;
}

const ADAM = adam({ lr: 1e-3, beta1: 0.5, beta2: 0.999 });
const common = { k: 1, dOptimizer: ADAM, gOptimizer: ADAM };

/**
 * The losses compared on the ring and grid (section 2 of the note): the paper's
 * non-saturating GAN, three f-GAN divergences (Nowozin et al. 2016, non-saturating G form as
 * in their experiments), WGAN with weight clipping (Arjovsky et al. 2017), WGAN-GP (Gulrajani
 * et al. 2017), least squares (Mao et al. 2017) and hinge (Lim & Ye 2017). All use Adam
 * (lr 1e-3, beta1 0.5) except the WGANs, which keep their published optimisers and n_critic 5
 * with a larger learning rate, since the budgets here are a few thousand steps.
 */
export const TOY_LOSSES: readonly ToyLossSetup[] = Object.freeze([
  {
    id: "gan",
    label: "GAN (non-saturating)",
    loss: () => ganLoss("non-saturating"),
    ...common,
    note: "Goodfellow et al. 2014, section 3",
  },
  {
    id: "f-gan:kl",
    label: "f-GAN KL",
    loss: () => ganLoss("f-gan:kl", { generatorForm: "non-saturating" }),
    ...common,
    note: "Nowozin et al. 2016",
  },
  {
    id: "f-gan:reverse-kl",
    label: "f-GAN reverse KL",
    loss: () => ganLoss("f-gan:reverse-kl", { generatorForm: "non-saturating" }),
    ...common,
    note: "Nowozin et al. 2016",
  },
  {
    id: "f-gan:hellinger",
    label: "f-GAN squared Hellinger",
    loss: () => ganLoss("f-gan:hellinger", { generatorForm: "non-saturating" }),
    ...common,
    note: "Nowozin et al. 2016",
  },
  {
    id: "wgan",
    label: "WGAN (clip 0.01)",
    loss: () => ganLoss("wasserstein", { weightClip: 0.01 }),
    k: 5,
    dOptimizer: rmsprop({ lr: 1e-3 }),
    gOptimizer: rmsprop({ lr: 1e-3 }),
    note: "Arjovsky et al. 2017; RMSProp lr 1e-3 (published 5e-5), n_critic 5",
  },
  {
    id: "wgan-gp",
    label: "WGAN-GP (lambda 10)",
    loss: () => ganLoss("wgan-gp", { lambda: 10 }),
    k: 5,
    dOptimizer: adam({ lr: 1e-3, beta1: 0.5, beta2: 0.9 }),
    gOptimizer: adam({ lr: 1e-3, beta1: 0.5, beta2: 0.9 }),
    note: "Gulrajani et al. 2017; Adam lr 1e-3 (published 1e-4), betas 0.5/0.9, n_critic 5",
  },
  {
    id: "lsgan",
    label: "LSGAN",
    loss: () => ganLoss("least-squares", { a: 0, b: 1, c: 1 }),
    ...common,
    note: "Mao et al. 2017, a=0, b=c=1",
  },
  {
    id: "hinge",
    label: "hinge",
    loss: () => ganLoss("hinge"),
    ...common,
    note: "Lim & Ye 2017",
  },
]);

/**
 * Looks up a loss setup by id.
 *
 * @param id One of the {@linkcode TOY_LOSSES} ids.
 * @returns The setup.
 * @throws {RangeError} If the id is unknown (the message lists the known ones).
 */
export function toyLossSetup(id: string): ToyLossSetup {
  const found = TOY_LOSSES.find((s) => s.id === id);
  if (!found) {
    throw new RangeError(
      `Cannot compare losses as the loss id is unknown: id=${id} (known: ${
        TOY_LOSSES.map((s) => s.id).join(", ")
      })`,
    );
  }
  return found;
}
