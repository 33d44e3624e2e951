/**
 * Proposition 1 of Goodfellow et al. (2014), verified by training: a discriminator trained
 * against two fixed 1-D densities approaches D* = p_data / (p_data + p_g).
 *
 * @module
 */
import { Rng } from "../lib/random.ts";
import type { Figure } from "../lib/display/figure.ts";
import { mlpDiscriminator } from "../lib/models/mlp.ts";
import { minimaxLoss } from "../lib/losses/minimax.ts";
import { adam } from "../lib/train/optimizers.ts";
import { ganValue } from "../lib/theory/mod.ts";
import {
  checkPositiveInteger,
  commonOptions,
  type ExperimentOptions,
  prepareBackend,
} from "./common.ts";
import { linePlot } from "./line_plot.ts";
import {
  evaluate1d,
  maxAbsErrorWhere,
  midpoints,
  type Mixture1d,
  mixturePdf,
  sampleMixture,
  trainDiscriminatorAlone,
} from "./toy_1d.ts";

/** p_data of the Proposition 1 experiment: 0.7 N(-1, 0.7^2) + 0.3 N(2, 0.5^2). */
export const PROPOSITION1_DATA: Mixture1d = Object.freeze({
  components: Object.freeze([
    Object.freeze({ weight: 0.7, mean: -1, std: 0.7 }),
    Object.freeze({ weight: 0.3, mean: 2, std: 0.5 }),
  ]),
});

/** p_g of the Proposition 1 experiment: N(1, 1). */
export const PROPOSITION1_GENERATOR: Mixture1d = Object.freeze({
  components: Object.freeze([Object.freeze({ weight: 1, mean: 1, std: 1 })]),
});

/** Options of {@linkcode runProposition1}. */
export interface Proposition1Options extends ExperimentOptions {
  /** D updates (Adam, lr 1e-2 then 1e-3 for the last 30%). Default: quick 600, full 2500. */
  steps?: number;
  /** Samples of each density per update. Default 256. */
  batchSize?: number;
}

/** The result of {@linkcode runProposition1}. */
export interface Proposition1Result {
  /** The backend that trained. */
  backend: string;
  /** D updates made. */
  steps: number;
  /** Grid of x. */
  x: number[];
  /** p_data(x), p_g(x). */
  pData: number[];
  /** p_g(x). */
  pG: number[];
  /** The trained D(x) (sigmoid of its logit). */
  d: number[];
  /** D*(x) = p_data / (p_data + p_g). */
  dStar: number[];
  /** max |D - D*| where p_data + p_g >= 5% of its maximum. */
  maxAbsError: number;
  /** Mean |D - D*| weighted by (p_data + p_g) / 2. */
  meanAbsError: number;
  /** V(D, G) of the trained D, by quadrature on the grid (nats). */
  value: number;
  /** C(G) = V(D*, G) = -log 4 + JS (nats); value <= valueAtOptimum. */
  valueAtOptimum: number;
  /** p_data, p_g, D* and the trained D. */
  figure: Figure;
}

/**
 * Trains a discriminator (MLP 1 -> 64 -> 64 -> 1, leaky ReLU; Adam, lr 1e-2 then 1e-3) to maximise
 * V(D, G) = E_{p_data} log D(x) + E_{p_g} log(1 - D(x)) with fresh samples of two fixed
 * densities each step (p_data = {@linkcode PROPOSITION1_DATA}, p_g =
 * {@linkcode PROPOSITION1_GENERATOR}), then compares D with Proposition 1's
 * D* = p_data / (p_data + p_g) on a grid of [-4, 5].
 *
 * @param options Quick mode, seed, steps, batch size, backend.
 * @returns The curves, the errors, V(D) vs V(D*), and the figure.
 * @throws {RangeError} For a bad seed, steps or batch size.
 */
export async function runProposition1(
  options: Proposition1Options = {},
): Promise<Proposition1Result> {
  const action = "run the Proposition 1 experiment";
  const { quick, seed } = commonOptions(options, action, ["steps", "batchSize"]);
  const steps = checkPositiveInteger(options.steps ?? (quick ? 600 : 2500), "steps", action);
  const batchSize = checkPositiveInteger(options.batchSize ?? 256, "batchSize", action);
  const backend = await prepareBackend(options.backend);
  const discriminator = mlpDiscriminator({
    inputShape: [1],
    hidden: [64, 64],
    init: { kind: "normal", std: 0.3 },
    seed,
  });
  try {
    const root = new Rng(seed);
    const noiseRng = root.fork("noise"), dataRng = root.fork("data");
    // Adam at lr 1e-2 for 70% of the steps, then 1e-3 to settle the sampling noise.
    const fast = Math.round(0.7 * steps);
    for (const [lr, n] of [[1e-2, fast], [1e-3, steps - fast]]) {
      if (n === 0) continue;
      await trainDiscriminatorAlone(
        discriminator,
        (m, rng) => sampleMixture(PROPOSITION1_GENERATOR, m, rng),
        (m, rng) => sampleMixture(PROPOSITION1_DATA, m, rng),
        minimaxLoss(),
        {
          steps: n,
          batchSize,
          optimizer: adam({ lr, beta1: 0.9 }),
          noiseRng,
          dataRng,
          signal: options.signal,
        },
      );
    }
    const x = midpoints(-4, 5, 181);
    const pData = x.map((v) => mixturePdf(PROPOSITION1_DATA, v));
    const pG = x.map((v) => mixturePdf(PROPOSITION1_GENERATOR, v));
    const d = await evaluate1d(discriminator, x, "sigmoid");
    const dStar = pData.map((v, i) => v / (v + pG[i]));
    const weight = pData.map((v, i) => v + pG[i]);
    const wSum = weight.reduce((a, b) => a + b, 0);
    const meanAbsError = weight.reduce((s, w, i) => s + w * Math.abs(d[i] - dStar[i]), 0) / wSum;
    const clamp = d.map((v) => Math.min(1 - 1e-7, Math.max(1e-7, v)));
    const norm = { normalize: true };
    const figure = linePlot([
      { name: "p_data", x, y: pData, stroke: "black", dash: "2,3", labelAt: 40 },
      { name: "p_g", x, y: pG, stroke: "green", labelAt: 110 },
      { name: "D*", x, y: dStar, stroke: "#ff7f0e" },
      { name: "D (trained)", x, y: d, stroke: "blue", dash: "6,4", labelAt: 150 },
    ], {
      title: `Proposition 1: D trained for ${steps} steps vs D* = p_data/(p_data+p_g)`,
      yLabel: "density / D(x)",
      yDomain: [0, 1.05],
    });
    return {
      backend,
      steps,
      x,
      pData,
      pG,
      d,
      dStar,
      maxAbsError: maxAbsErrorWhere(d, dStar, weight, 0.05),
      meanAbsError,
      value: ganValue(clamp, pData, pG, norm),
      valueAtOptimum: ganValue(dStar, pData, pG, norm),
      figure,
    };
  } finally {
    discriminator.dispose();
  }
}
