import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "./types.ts";
import { defineGanLoss } from "./define.ts";
import { checkLossOptions } from "./validate.ts";
import { sigmoid, softplus } from "./scalar.ts";

/** The f-divergences {@linkcode fGanLoss} supports, in a stable order. */
export const F_GAN_DIVERGENCES = [
  "kl",
  "reverse-kl",
  "pearson",
  "neyman",
  "hellinger",
  "js",
  "gan",
  "tv",
] as const;

/** One of {@linkcode F_GAN_DIVERGENCES}. */
export type FGanDivergence = typeof F_GAN_DIVERGENCES[number];

/** Options of {@linkcode fGanLoss}. */
export interface FGanLossOptions {
  /** Which f-divergence the critic estimates (required). */
  divergence: FGanDivergence;
  /**
   * `"saturating"` (default): G minimises `-mean f*(g_f(V(G(z))))`, the
   * f-GAN saddle-point objective. `"non-saturating"`: G minimises
   * `-mean g_f(V(G(z)))` (Nowozin et al. 2016, section 3.2; used in their experiments).
   */
  generatorForm?: "saturating" | "non-saturating";
}

/**
 * Per divergence: the output activation `T = g_f(v)` and the composition
 * `f*(g_f(v))`, simplified by hand so no intermediate leaves float32 range
 * needlessly and no `log` of a rounded probability is taken.
 */
interface Conjugate {
  activation(v: tf.Tensor1D): tf.Tensor1D;
  conjugateOfActivation(v: tf.Tensor1D): tf.Tensor1D;
}

const LOG2 = Math.log(2);

/** g_f and f*(g_f) of each divergence in plain numbers, with their derivatives. */
interface ScalarConjugate {
  g(v: number): number;
  dg(v: number): number;
  c(v: number): number;
  dc(v: number): number;
}

const SCALAR_CONJUGATES: Readonly<Record<FGanDivergence, ScalarConjugate>> = {
  "kl": { g: (v) => v, dg: () => 1, c: (v) => Math.exp(v - 1), dc: (v) => Math.exp(v - 1) },
  "reverse-kl": {
    g: (v) => -Math.exp(-v),
    dg: (v) => Math.exp(-v),
    c: (v) => v - 1,
    dc: () => 1,
  },
  "pearson": { g: (v) => v, dg: () => 1, c: (v) => v * v / 4 + v, dc: (v) => v / 2 + 1 },
  "neyman": {
    g: (v) => 1 - Math.exp(-v),
    dg: (v) => Math.exp(-v),
    c: (v) => 2 - 2 * Math.exp(-0.5 * v),
    dc: (v) => Math.exp(-0.5 * v),
  },
  "hellinger": {
    g: (v) => 1 - Math.exp(-v),
    dg: (v) => Math.exp(-v),
    c: (v) => Math.exp(v) - 1,
    dc: (v) => Math.exp(v),
  },
  "js": {
    g: (v) => LOG2 - softplus(-v),
    dg: (v) => sigmoid(-v),
    c: (v) => softplus(v) - LOG2,
    dc: (v) => sigmoid(v),
  },
  "gan": { g: (v) => -softplus(-v), dg: (v) => sigmoid(-v), c: softplus, dc: sigmoid },
  "tv": {
    g: (v) => Math.tanh(v) / 2,
    dg: (v) => (1 - Math.tanh(v) ** 2) / 2,
    c: (v) => Math.tanh(v) / 2,
    dc: (v) => (1 - Math.tanh(v) ** 2) / 2,
  },
};

const CONJUGATES: Readonly<Record<FGanDivergence, Conjugate>> = {
  // f(u) = u log u; g = v; f*(t) = exp(t - 1).
  "kl": { activation: (v) => v, conjugateOfActivation: (v) => tf.exp(tf.sub(v, 1)) },
  // f(u) = -log u; g = -exp(-v); f*(t) = -1 - log(-t) = -1 + v.
  "reverse-kl": {
    activation: (v) => tf.neg(tf.exp(tf.neg(v))),
    conjugateOfActivation: (v) => tf.sub(v, 1),
  },
  // f(u) = (u - 1)^2; g = v; f*(t) = t^2/4 + t.
  "pearson": {
    activation: (v) => v,
    conjugateOfActivation: (v) => tf.add(tf.div(tf.square(v), 4), v),
  },
  // f(u) = (1 - u)^2/u; g = 1 - exp(-v); f*(t) = 2 - 2 sqrt(1 - t) = 2 - 2 exp(-v/2).
  "neyman": {
    activation: (v) => tf.sub(1, tf.exp(tf.neg(v))),
    conjugateOfActivation: (v) => tf.sub(2, tf.mul(2, tf.exp(tf.mul(v, -0.5)))),
  },
  // f(u) = (sqrt u - 1)^2; g = 1 - exp(-v); f*(t) = t/(1 - t) = exp(v) - 1.
  "hellinger": {
    activation: (v) => tf.sub(1, tf.exp(tf.neg(v))),
    conjugateOfActivation: (v) => tf.sub(tf.exp(v), 1),
  },
  // f(u) = u log u - (u + 1) log((u + 1)/2); g = log 2 - softplus(-v) = log(2 sigmoid(v));
  // f*(t) = -log(2 - exp t) = -log(2 sigmoid(-v)) = softplus(v) - log 2.
  "js": {
    activation: (v) => tf.sub(LOG2, tf.softplus(tf.neg(v))),
    conjugateOfActivation: (v) => tf.sub(tf.softplus(v), LOG2),
  },
  // f(u) = u log u - (u + 1) log(u + 1); g = -softplus(-v) = log sigmoid(v);
  // f*(t) = -log(1 - exp t) = -log sigmoid(-v) = softplus(v).
  "gan": {
    activation: (v) => tf.neg(tf.softplus(tf.neg(v))),
    conjugateOfActivation: (v) => tf.softplus(v),
  },
  // f(u) = |u - 1|/2; g = tanh(v)/2; f*(t) = t on |t| <= 1/2.
  "tv": {
    activation: (v) => tf.mul(tf.tanh(v), 0.5),
    conjugateOfActivation: (v) => tf.mul(tf.tanh(v), 0.5),
  },
};

/**
 * The f-GAN losses (Nowozin et al. 2016, "f-GAN: Training Generative Neural
 * Samplers using Variational Divergence Minimization", eq. 6 and Table 2).
 * With raw critic outputs `v` and `T = g_f(v)`, the critic maximises the
 * variational lower bound on D_f(P || Q) = sum q f(p/q),
 * `F = E_P[g_f(V(x))] - E_Q[f*(g_f(V(G(z))))]`, so
 *
 * - D minimises `-F = mean f*(g_f(v_g)) - mean g_f(v_x)`;
 * - G minimises `-mean f*(g_f(v_g))` (saturating, default) or
 *   `-mean g_f(v_g)` (`generatorForm: "non-saturating"`).
 *
 * Activations (Table 2; each increasing, so a larger `v` means "more real"):
 * kl `v`; reverse-kl `-exp(-v)`; pearson `v`; neyman and hellinger
 * `1 - exp(-v)`; js `log 2 - log(1 + exp(-v))`; gan `-log(1 + exp(-v))`;
 * tv `tanh(v)/2`. `f*(g_f(v))` is simplified in closed form (e.g. gan:
 * `softplus(v)`; js: `softplus(v) - log 2`; reverse-kl: `v - 1`).
 * Note: project REFERENCE.md writes `-exp(v)` and `1 - exp(v)` for
 * reverse-kl, neyman and hellinger; that is the same family with `v -> -v`
 * (same optimum), but decreasing; this follows the paper's Table 2.
 *
 * "js" is f-GAN's JS = KL(P||M) + KL(Q||M) = 2 JSD (bounded by 2 log 2);
 * "gan" estimates 2 JSD - log 4, so its D loss equals {@linkcode minimaxLoss}'s.
 * "tv" uses f(u) = |u - 1|/2, so it estimates (1/2) sum |p - q|.
 * kl, reverse-kl, neyman and hellinger contain `exp(+-v)`: their values
 * exceed float32 range (Infinity) once |v| passes ~88, as the true objective does.
 *
 * @param options `divergence` (required) and `generatorForm`.
 * @returns A {@linkcode GanLoss} named `"f-gan:<divergence>"`; its methods take
 *   float32 logits `[m]` or `[m, 1]` and return a float32 scalar owned by the caller.
 * @throws {RangeError} If `divergence` or `generatorForm` is not a known value.
 * @throws {TypeError} If `options` is missing or has an unknown key.
 *
 * @example For the "gan" divergence, the D loss is the minimax cross-entropy
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { fGanLoss } from "./f_gan.ts";
 * const d = tf.tidy(() => fGanLoss({ divergence: "gan" }).discriminator(tf.zeros([2]), tf.zeros([2])));
 * assert.ok(Math.abs(d.dataSync()[0] - 2 * Math.log(2)) < 1e-6);
 * d.dispose();
 * ```
 */
export function fGanLoss(options: FGanLossOptions): GanLoss {
  if (options === undefined) {
    throw new TypeError(
      `Cannot build GAN loss "f-gan" as options must give a divergence (one of ${
        F_GAN_DIVERGENCES.join(", ")
      }): options=undefined`,
    );
  }
  const { divergence, generatorForm = "saturating" } = checkLossOptions(
    options,
    ["divergence", "generatorForm"],
    "f-gan",
  );
  const name = `f-gan:${divergence}`;
  if (!(F_GAN_DIVERGENCES as readonly unknown[]).includes(divergence)) {
    throw new RangeError(
      `Cannot build GAN loss "f-gan" as divergence must be one of ${
        F_GAN_DIVERGENCES.join(", ")
      }: divergence=${String(divergence)}`,
    );
  }
  if (generatorForm !== "saturating" && generatorForm !== "non-saturating") {
    throw new RangeError(
      `Cannot build GAN loss "${name}" as generatorForm must be "saturating" or ` +
        `"non-saturating": generatorForm=${String(generatorForm)}`,
    );
  }
  const { activation, conjugateOfActivation } = CONJUGATES[divergence];
  const { g, dg, c, dc } = SCALAR_CONJUGATES[divergence];
  const saturating = generatorForm === "saturating";
  return defineGanLoss({
    name,
    // Only the "gan" divergence's V is a logit (of D = sigmoid(V)).
    outputs: divergence === "gan" ? "logits" : "critic",
    options: { divergence, generatorForm },
    discriminator: (real, fake) =>
      tf.sub(tf.mean(conjugateOfActivation(fake)), tf.mean(activation(real))),
    generator: generatorForm === "saturating"
      ? (fake) => tf.neg(tf.mean(conjugateOfActivation(fake)))
      : (fake) => tf.neg(tf.mean(activation(fake))),
    perExample: {
      real: (v) => -g(v),
      realDerivative: (v) => -dg(v),
      fake: c,
      fakeDerivative: dc,
      generator: saturating ? (v) => -c(v) : (v) => -g(v),
      generatorDerivative: saturating ? (v) => -dc(v) : (v) => -dg(v),
    },
  });
}
