import * as Plot from "@observablehq/plot";
import { type Figure, plotFigure, type PlotMark } from "../figure.ts";
import { checkOptions } from "../../validate.ts";

/** One point of a generator cost curve. */
export interface SaturationPoint {
  /** D(G(z)) in (0, 1). */
  d: number;
  /** The generator's cost at that D(G(z)). */
  cost: number;
  /** Which cost. */
  loss: "minimax" | "non-saturating" | "maximum likelihood";
}

/**
 * The generator costs of the NIPS 2016 GAN tutorial (Goodfellow 2016,
 * Figure 16) as functions of D(G(z)): minimax log(1 - D), non-saturating
 * -log D, and maximum likelihood -exp(sigmoid^-1(D)) = -D / (1 - D). The
 * tutorial's costs carry a common factor 1/2, left out as it changes no shape.
 * Minimax is flat (saturates) where D(G(z)) ~ 0, i.e. early in training.
 *
 * @param n Points per curve, evenly spaced on [eps, 1 - eps]; default 199.
 * @param eps Distance kept from 0 and 1; default 1e-3.
 * @returns 3n points, curve by curve.
 * @throws {RangeError} When n < 2 or eps is outside (0, 0.5).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { saturationCurves } from "./saturation.ts";
 * const pts = saturationCurves(3, 0.25);
 * const ns = pts.filter((p) => p.loss === "non-saturating");
 * assert.ok(Math.abs(ns[1].cost - Math.log(2)) < 1e-12); // -log(0.5)
 * ```
 */
export function saturationCurves(n = 199, eps = 1e-3): SaturationPoint[] {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot compute cost curves as n must be an integer >= 2: n=${n}`);
  }
  if (!(eps > 0 && eps < 0.5)) {
    throw new RangeError(`Cannot compute cost curves as eps must be in (0, 0.5): eps=${eps}`);
  }
  const ds = Array.from({ length: n }, (_, i) => eps + (i * (1 - 2 * eps)) / (n - 1));
  return [
    ...ds.map((d) => ({ d, cost: Math.log1p(-d), loss: "minimax" as const })),
    ...ds.map((d) => ({ d, cost: -Math.log(d), loss: "non-saturating" as const })),
    ...ds.map((d) => ({ d, cost: -d / (1 - d), loss: "maximum likelihood" as const })),
  ];
}

const STYLE = {
  domain: ["minimax", "non-saturating", "maximum likelihood"],
  range: ["#1f77b4", "#d62728", "#2ca02c"],
};

/**
 * Marks for {@linkcode saturationCurves}: one line per cost, coloured by the
 * colour channel (the loss name). {@linkcode saturationFigure} names the
 * curves in a legend above the plot (labels on the curves struck through
 * them where the curves are steep).
 *
 * @param points From {@linkcode saturationCurves}.
 * @returns Observable Plot marks (colour channel = loss name; pair with {@linkcode saturationFigure}'s scale or your own).
 */
export function saturationMarks(points: SaturationPoint[] = saturationCurves()): PlotMark[] {
  return [
    Plot.ruleY([0], { stroke: "#ccc" }),
    Plot.line(points, {
      x: "d",
      y: "cost",
      z: "loss",
      stroke: "loss",
      strokeWidth: 1.5,
      clip: true,
    }),
  ];
}

/** Options of {@linkcode saturationFigure}. */
export interface SaturationOptions {
  /** Width in pixels; default 560. */
  width?: number;
  /** Height in pixels; default 360. */
  height?: number;
  /** Visible cost range; default [-20, 5] as in the tutorial's figure. */
  yDomain?: readonly [number, number];
  /** Title drawn above the plot (and the text fallback); default "Generator cost vs D(G(z))". */
  title?: string;
}

/**
 * The saturation plot: generator cost vs D(G(z)) for the three costs (see
 * {@linkcode saturationCurves}), clipped to `yDomain`, under a visible
 * title and a legend naming the costs.
 *
 * @param options See {@linkcode SaturationOptions}.
 * @returns The figure.
 * @throws {TypeError} For unknown options.
 * @throws {RangeError} For a bad `yDomain`.
 */
export function saturationFigure(options: SaturationOptions = {}): Figure {
  checkOptions(options, ["width", "height", "yDomain", "title"], "draw saturationFigure");
  const { width = 560, height = 360, yDomain = [-20, 5], title = "Generator cost vs D(G(z))" } =
    options;
  if (!Array.isArray(yDomain) || yDomain.length !== 2 || !(yDomain[1] > yDomain[0])) {
    throw new RangeError(
      `Cannot draw the saturation plot as yDomain must be [low, high]: yDomain=${
        JSON.stringify(yDomain)
      }`,
    );
  }
  return plotFigure(
    {
      width,
      height,
      x: { label: "D(G(z))", domain: [0, 1] },
      y: { label: "generator cost J(G)", domain: [...yDomain], grid: true },
      color: STYLE,
      marks: saturationMarks(),
    },
    title,
    STYLE.domain.map((name, i) => ({ name, stroke: STYLE.range[i] })),
  );
}
