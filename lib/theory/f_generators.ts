/**
 * Generators f of f-divergences D_f(P||Q) = sum_i q_i f(p_i/q_i), with their
 * convex conjugates f*(t) = sup_{u >= 0} (t u - f(u)) and f-GAN output
 * activations g_f (Nowozin et al. 2016, Table 2 and Table 6).
 *
 * @module
 */
import { describe } from "./validate.ts";

/** An interval of the real line; bounds may be infinite. */
export interface Interval {
  /** Lower bound (may be `-Infinity`). */
  readonly min: number;
  /** Upper bound (may be `Infinity`). */
  readonly max: number;
  /** Whether `min` itself belongs to the interval. */
  readonly minInclusive: boolean;
  /** Whether `max` itself belongs to the interval. */
  readonly maxInclusive: boolean;
}

/** A convex generator f with f-GAN's conjugate and output activation. */
export interface FGenerator {
  /** Short identifier, e.g. `"kl"`, `"jensen-shannon"`, `"alpha(2)"`. */
  readonly name: string;
  /** Human-readable formula of f. */
  readonly formula: string;
  /** f(u) for u >= 0 (f(0) as the limit u -> 0+, possibly `Infinity`). */
  f(u: number): number;
  /** f'(inf) = lim_{u -> inf} f(u)/u: the cost of mass of P where Q has none. */
  readonly slopeAtInfinity: number;
  /** f*(t) = sup_{u >= 0} (t u - f(u)); `Infinity` outside {@linkcode FGenerator.conjugateDomain}. */
  conjugate(t: number): number;
  /** Where f* is finite. */
  readonly conjugateDomain: Interval;
  /** f-GAN's output activation g_f: maps a real v into the conjugate's domain. */
  activation(v: number): number;
  /** The order a of an alpha-divergence generator (absent for the others). */
  readonly alpha?: number;
}

const ALL: Interval = { min: -Infinity, max: Infinity, minInclusive: false, maxInclusive: false };
const below = (max: number, maxInclusive = false): Interval => ({
  min: -Infinity,
  max,
  minInclusive: false,
  maxInclusive,
});
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const xlogx = (u: number): number => (u === 0 ? 0 : u * Math.log(u));

/** KL(P||Q): f(u) = u log u; f*(t) = exp(t - 1); g_f(v) = v. */
export const klGenerator: FGenerator = {
  name: "kl",
  formula: "u log u",
  f: xlogx,
  slopeAtInfinity: Infinity,
  conjugate: (t) => Math.exp(t - 1),
  conjugateDomain: ALL,
  activation: (v) => v,
};

/** Reverse KL, KL(Q||P): f(u) = -log u; f*(t) = -1 - log(-t) for t < 0; g_f(v) = -exp(v). */
export const reverseKlGenerator: FGenerator = {
  name: "reverse-kl",
  formula: "-log u",
  f: (u) => -Math.log(u),
  slopeAtInfinity: 0,
  conjugate: (t) => (t < 0 ? -1 - Math.log(-t) : Infinity),
  conjugateDomain: below(0),
  activation: (v) => -Math.exp(v),
};

/**
 * Total variation sup_A |P(A) - Q(A)| = 1/2 sum |p - q|: f(u) = 1/2 |u - 1|;
 * f*(t) = t on [-1/2, 1/2]; g_f(v) = 1/2 tanh v (f-GAN's convention).
 * The seed note writes |u - 1|, which is {@linkcode l1Generator} (twice this).
 */
export const totalVariationGenerator: FGenerator = {
  name: "total-variation",
  formula: "1/2 |u - 1|",
  f: (u) => 0.5 * Math.abs(u - 1),
  slopeAtInfinity: 0.5,
  conjugate: (t) => (Math.abs(t) <= 0.5 ? t : Infinity),
  conjugateDomain: { min: -0.5, max: 0.5, minInclusive: true, maxInclusive: true },
  activation: (v) => 0.5 * Math.tanh(v),
};

/** The seed note's variation V = sum |p - q|: f(u) = |u - 1|; f*(t) = t on [-1, 1]; g_f(v) = tanh v. */
export const l1Generator: FGenerator = {
  name: "l1",
  formula: "|u - 1|",
  f: (u) => Math.abs(u - 1),
  slopeAtInfinity: 1,
  conjugate: (t) => (Math.abs(t) <= 1 ? t : Infinity),
  conjugateDomain: { min: -1, max: 1, minInclusive: true, maxInclusive: true },
  activation: (v) => Math.tanh(v),
};

/**
 * Pearson chi^2: f(u) = (u - 1)^2; g_f(v) = v. The conjugate over u >= 0 is
 * t^2/4 + t for t >= -2 and -1 below (f-GAN's table gives t^2/4 + t everywhere,
 * the conjugate of f extended to u < 0: larger, so a looser but valid bound).
 */
export const pearsonGenerator: FGenerator = {
  name: "pearson",
  formula: "(u - 1)^2",
  f: (u) => (u - 1) ** 2,
  slopeAtInfinity: Infinity,
  conjugate: (t) => (t >= -2 ? t * t / 4 + t : -1),
  conjugateDomain: ALL,
  activation: (v) => v,
};

/** Neyman chi^2: f(u) = (1 - u)^2 / u; f*(t) = 2 - 2 sqrt(1 - t) for t <= 1; g_f(v) = 1 - exp(v). */
export const neymanGenerator: FGenerator = {
  name: "neyman",
  formula: "(1 - u)^2 / u",
  f: (u) => (u === 0 ? Infinity : (1 - u) ** 2 / u),
  slopeAtInfinity: 1,
  conjugate: (t) => (t <= 1 ? 2 - 2 * Math.sqrt(1 - t) : Infinity),
  conjugateDomain: below(1, true),
  activation: (v) => 1 - Math.exp(v),
};

/** Squared Hellinger sum (sqrt p - sqrt q)^2: f(u) = (sqrt u - 1)^2; f*(t) = t/(1 - t), t < 1; g_f(v) = 1 - exp(v). */
export const squaredHellingerGenerator: FGenerator = {
  name: "squared-hellinger",
  formula: "(sqrt u - 1)^2",
  f: (u) => (Math.sqrt(u) - 1) ** 2,
  slopeAtInfinity: 1,
  conjugate: (t) => (t < 1 ? t / (1 - t) : Infinity),
  conjugateDomain: below(1),
  activation: (v) => 1 - Math.exp(v),
};

/**
 * Jensen-Shannon in the note's convention (D_f = JS = KL(P||M) + KL(Q||M)):
 * f(u) = u log(2u/(u+1)) + log(2/(u+1)); f*(t) = -log(2 - exp t), t < log 2;
 * g_f(v) = log 2 - log(1 + exp(-v)).
 */
export const jensenShannonGenerator: FGenerator = {
  name: "jensen-shannon",
  formula: "u log(2u/(u+1)) + log(2/(u+1))",
  f: (u) => xlogx(u) - xlogx(u + 1) + (u + 1) * Math.LN2,
  slopeAtInfinity: Math.LN2,
  conjugate: (t) => (t < Math.LN2 ? -Math.log(2 - Math.exp(t)) : Infinity),
  conjugateDomain: below(Math.LN2),
  activation: (v) => Math.LN2 - softplus(-v),
};

/**
 * The GAN divergence (Goodfellow et al. 2014 as an f-divergence, f-GAN):
 * f(u) = u log u - (u+1) log(u+1), D_f = JS - 2 log 2 (so f(1) = -log 4, not 0);
 * f*(t) = -log(1 - exp t), t < 0; g_f(v) = -log(1 + exp(-v)) = log sigmoid(v).
 */
export const ganGenerator: FGenerator = {
  name: "gan",
  formula: "u log u - (u+1) log(u+1)",
  f: (u) => xlogx(u) - xlogx(u + 1),
  slopeAtInfinity: 0,
  conjugate: (t) => (t < 0 ? -Math.log(-Math.expm1(t)) : Infinity),
  conjugateDomain: below(0),
  activation: (v) => -softplus(-v),
};

/**
 * The alpha-divergence generator (Amari; f-GAN Table 1):
 * f(u) = (u^a - 1 - a(u - 1)) / (a(a - 1)), a not 0 or 1 (those limits are
 * reverse KL and KL). Conjugate, derived from f'(u) = (u^(a-1) - 1)/(a - 1):
 * f*(t) = ((1 + (a-1) t)^(a/(a-1)) - 1) / a where 1 + (a-1) t > 0; for a > 1,
 * -1/a below that (all t are allowed); for a < 1, t must stay below 1/(1-a).
 * Activation (our choice, f-GAN gives none): v for a > 1, 1/(1-a) - log(1+exp(-v)) for a < 1.
 *
 * @param alpha The order a: finite, not 0 or 1.
 * @returns The generator, named `alpha(a)`.
 * @throws {RangeError} If `alpha` is not finite or is 0 or 1.
 *
 * @example alpha = 2 is half of Pearson chi^2
 * ```ts
 * import { alphaGenerator } from "./f_generators.ts";
 * import assert from "node:assert";
 * assert.strictEqual(alphaGenerator(2).f(3), 2);
 * ```
 */
export function alphaGenerator(alpha: number): FGenerator {
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha === 0 || alpha === 1) {
    throw new RangeError(
      `Cannot build an alpha-divergence generator as alpha must be finite and not 0 or 1 ` +
        `(use reverseKlGenerator or klGenerator): alpha=${describe(alpha)}`,
    );
  }
  const a = alpha;
  const edge = 1 / (1 - a); // for a < 1, f*'s domain ends here
  return {
    name: `alpha(${a})`,
    alpha: a,
    formula: `(u^${a} - 1 - ${a}(u - 1)) / (${a * (a - 1)})`,
    f: (u) => (Math.pow(u, a) - 1 - a * (u - 1)) / (a * (a - 1)),
    slopeAtInfinity: a > 1 ? Infinity : edge,
    conjugate: (t) => {
      const s = 1 + (a - 1) * t;
      if (s > 0) return (Math.pow(s, a / (a - 1)) - 1) / a;
      if (a > 1 || (a < 0 && s === 0)) return -1 / a;
      return Infinity;
    },
    conjugateDomain: a > 1 ? ALL : below(edge, a < 0),
    activation: a > 1 ? (v) => v : (v) => edge - softplus(-v),
  };
}

/** The named generators, keyed by {@linkcode FGenerator.name} (alpha-divergences via {@linkcode alphaGenerator}). */
export const fGenerators: Readonly<Record<string, FGenerator>> = Object.freeze({
  [klGenerator.name]: klGenerator,
  [reverseKlGenerator.name]: reverseKlGenerator,
  [totalVariationGenerator.name]: totalVariationGenerator,
  [l1Generator.name]: l1Generator,
  [pearsonGenerator.name]: pearsonGenerator,
  [neymanGenerator.name]: neymanGenerator,
  [squaredHellingerGenerator.name]: squaredHellingerGenerator,
  [jensenShannonGenerator.name]: jensenShannonGenerator,
  [ganGenerator.name]: ganGenerator,
});
