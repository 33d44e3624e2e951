/**
 * Measuring a 1-D GAN state for Figure 1 (p_g by KDE, D on a grid, D*, JS) and drawing it.
 *
 * @module
 */
import type { Figure } from "../lib/display/figure.ts";
import { plotFigure } from "../lib/display/figure.ts";
import { figure1Marks } from "../lib/display/plots/figure1.ts";
import type { LayersModel } from "../lib/tensor_types.ts";
import {
  evaluate1d,
  gaussianKde,
  gridJs,
  maxAbsErrorWhere,
  midpoints,
  normalPdf,
} from "./toy_1d.ts";

/** The 1-D problem: p_data = N(mean, std^2), z ~ U(zLow, zHigh), drawn on [xMin, xMax]. */
export interface Figure1Setup {
  /** Mean of p_data. */
  mean: number;
  /** Standard deviation of p_data. */
  std: number;
  /** Lower end of z's interval. */
  zLow: number;
  /** Upper end of z's interval. */
  zHigh: number;
  /** Left end of the drawn x range. */
  xMin: number;
  /** Right end of the drawn x range. */
  xMax: number;
}

/** A measured state of the 1-D GAN. */
export interface Figure1State {
  /** Grid of x (200 midpoints of [xMin, xMax]). */
  x: number[];
  /** p_data(x). */
  pData: number[];
  /** p_g(x): Gaussian KDE (bandwidth 0.06) of G at 2000 evenly spaced z. */
  pG: number[];
  /** D(x) (sigmoid of D's logit); empty when not measured. */
  d: number[];
  /** D*(x) = p_data / (p_data + p_g). */
  dStar: number[];
  /** JS(p_g, p_data) of the densities on the grid, in the note's convention (<= 2 log 2). */
  js: number;
  /** max |D - D*| where p_data + p_g >= 5% of its maximum (NaN without D). */
  maxErrorToOptimal: number;
  /** Mean |D - D*| weighted by (p_data + p_g) / 2 (NaN without D). */
  meanErrorToOptimal: number;
  /** max |D - 1/2| where p_data >= 5% of its maximum (NaN without D). */
  maxErrorToHalf: number;
  /** Mean of D(G(z)) over the 2000 evenly spaced z (NaN without D). */
  meanDOfG: number;
  /** 15 evenly spaced z for the arrows. */
  z: number[];
  /** G(z) at those z. */
  gz: number[];
}

const KDE_POINTS = 2000;
const BANDWIDTH = 0.06;

/** Measures p_g, D, D* and the distances of the current state (G and D are only read). */
export async function measureState(
  models: { generator: LayersModel; discriminator: LayersModel },
  setup: Figure1Setup,
  withD: boolean,
): Promise<Figure1State> {
  const x = midpoints(setup.xMin, setup.xMax, 200);
  const pData = x.map((v) => normalPdf(v, setup.mean, setup.std));
  const zs = midpoints(setup.zLow, setup.zHigh, KDE_POINTS);
  const samples = await evaluate1d(models.generator, zs);
  const pG = gaussianKde(samples, x, BANDWIDTH);
  const dStar = pData.map((p, i) => (p + pG[i] > 0 ? p / (p + pG[i]) : 0.5));
  const z = Array.from(
    { length: 15 },
    (_, i) => setup.zLow + ((setup.zHigh - setup.zLow) * i) / 14,
  );
  const gz = await evaluate1d(models.generator, z);
  const d = withD ? await evaluate1d(models.discriminator, x, "sigmoid") : [];
  const dOfG = withD ? await evaluate1d(models.discriminator, samples, "sigmoid") : [NaN];
  const both = pData.map((p, i) => p + pG[i]);
  return {
    x,
    pData,
    pG,
    d,
    dStar,
    js: gridJs(pG, pData),
    maxErrorToOptimal: withD ? maxAbsErrorWhere(d, dStar, both, 0.05) : NaN,
    meanErrorToOptimal: withD ? weightedMeanAbs(d, dStar, both) : NaN,
    meanDOfG: dOfG.reduce((a, b) => a + b, 0) / dOfG.length,
    maxErrorToHalf: withD ? maxAbsErrorWhere(d, d.map(() => 0.5), pData, 0.05) : NaN,
    z,
    gz,
  };
}

function weightedMeanAbs(a: number[], b: number[], w: number[]): number {
  let s = 0, total = 0;
  for (let i = 0; i < a.length; i++) {
    s += w[i] * Math.abs(a[i] - b[i]);
    total += w[i];
  }
  return s / total;
}

/**
 * Draws a state as a Figure 1 panel (p_data black dotted, p_g green, D blue dashed, z -> G(z)
 * arrows). p_g is clipped at 2.5 max p_data for drawing only (an early, collapsed G is a spike);
 * arrows landing outside the x range are left out. The state must include D.
 */
export function panelFigure(state: Figure1State, setup: Figure1Setup, title: string): Figure {
  const cap = 2.5 * Math.max(...state.pData);
  const inside = state.gz.map((g) => g >= setup.xMin && g <= setup.xMax);
  const marks = figure1Marks({
    x: state.x,
    pData: state.pData,
    pG: state.pG.map((v) => Math.min(v, cap)),
    d: state.d,
    z: state.z.filter((_, i) => inside[i]),
    gz: state.gz.filter((_, i) => inside[i]),
    zDomain: [setup.zLow, setup.zHigh],
  });
  return plotFigure({
    width: 560,
    height: 260,
    marginLeft: 30,
    marginRight: 50,
    x: { label: "x" },
    y: { axis: null },
    title,
    marks,
  }, title);
}
