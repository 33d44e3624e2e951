import * as Plot from "@observablehq/plot";
import { type Figure, plotFigure, type PlotMark } from "../figure.ts";
import { checkOptions } from "../../validate.ts";
import { finiteArray, toPairs } from "./check.ts";
import type { Points2d } from "../../data/mixture_2d.ts";
import { isoline } from "./isoline.ts";

/** D's output on a regular grid: `values[j * xs.length + i]` = D(xs[i], ys[j]). */
export interface GridValues {
  /** Grid x coordinates (increasing, evenly spaced), length nx >= 2. */
  xs: ArrayLike<number>;
  /** Grid y coordinates (increasing, evenly spaced), length ny >= 2. */
  ys: ArrayLike<number>;
  /** nx * ny values, row j (y) after row j - 1. */
  values: ArrayLike<number>;
}

/** Data of the 2-D view: any subset of the layers. */
export interface PlaneData {
  /** Discriminator output over the plane, drawn as cells (and a contour at `boundary`). */
  d?: GridValues;
  /** Real points (green). */
  real?: Points2d;
  /** Generated points (purple). */
  fake?: Points2d;
  /** The generator's gradient field: arrows from `at[i]` along `vectors[i]` (e.g. -dL_G/dx at generated points). */
  gradient?: { at: Points2d; vectors: Points2d };
}

/** Options of {@linkcode planeMarks}. */
export interface PlaneMarkOptions {
  /** Level of the contour drawn over the cells; default 0.5 (D's decision boundary); null for none. */
  boundary?: number | null;
  /** Longest gradient arrow as a fraction of the plot's x extent; default 0.08. */
  arrowLength?: number;
  /** Dot radius; default 2. */
  r?: number;
}

const MARK_KEYS = ["boundary", "arrowLength", "r"];

/**
 * Marks of a GAN Lab-style 2-D view: D(x) over the plane as coloured cells
 * (colour scale: use {@linkcode planeColor}), its 0.5 isoline (dashed), real (green)
 * and generated (purple) points, and the generator's gradient field as
 * arrows (rescaled so the longest is `arrowLength` of the x extent).
 *
 * @param data See {@linkcode PlaneData}.
 * @param options See {@linkcode PlaneMarkOptions}.
 * @returns Observable Plot marks.
 * @throws {TypeError} For malformed data or unknown options.
 * @throws {RangeError} For mismatched sizes or non-finite values.
 */
export function planeMarks(data: PlaneData, options: PlaneMarkOptions = {}): PlotMark[] {
  checkOptions(options, MARK_KEYS, "draw planeMarks");
  const what = "the 2-D view";
  const { boundary = 0.5, arrowLength = 0.08, r = 2 } = options;
  const marks: PlotMark[] = [];
  const extent: number[] = [];
  if (data?.d !== undefined) {
    const xs = finiteArray(what, "d.xs", data.d.xs);
    const ys = finiteArray(what, "d.ys", data.d.ys);
    if (xs.length < 2 || ys.length < 2) {
      throw new RangeError(
        `Cannot draw ${what} as the grid needs >= 2 points per axis: nx=${xs.length}, ny=${ys.length}`,
      );
    }
    const values = finiteArray(what, "d.values", data.d.values, xs.length * ys.length);
    const hx = (xs[1] - xs[0]) / 2;
    const hy = (ys[1] - ys[0]) / 2;
    const cells = values.map((v, k) => {
      const x = xs[k % xs.length];
      const y = ys[Math.floor(k / xs.length)];
      return { x1: x - hx, x2: x + hx, y1: y - hy, y2: y + hy, v };
    });
    marks.push(Plot.rect(cells, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "v", inset: 0 }));
    if (boundary !== null) {
      marks.push(Plot.link(isoline(xs, ys, values, boundary), {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "black",
        strokeWidth: 1.2,
        strokeDasharray: "4,3",
      }));
    }
    extent.push(xs[0] - hx, xs[xs.length - 1] + hx);
  }
  const dots = (name: string, pts: Points2d | undefined, fill: string) => {
    if (pts === undefined) return;
    const pairs = toPairs(what, name, pts);
    extent.push(...pairs.map((p) => p[0]));
    marks.push(Plot.dot(pairs, { x: "0", y: "1", r, fill, stroke: "white", strokeWidth: 0.5 }));
  };
  dots("real", data?.real, "#1b7837");
  dots("fake", data?.fake, "#762a83");
  if (data?.gradient !== undefined) {
    const at = toPairs(what, "gradient.at", data.gradient.at);
    const vec = toPairs(what, "gradient.vectors", data.gradient.vectors);
    if (vec.length !== at.length) {
      throw new RangeError(
        `Cannot draw ${what} as gradient.vectors must match gradient.at: ${vec.length} != ${at.length}`,
      );
    }
    extent.push(...at.map((p) => p[0]));
    const span = extent.length ? Math.max(...extent) - Math.min(...extent) : 1;
    const longest = Math.max(...vec.map(([u, v]) => Math.hypot(u, v)), 0);
    const k = longest > 0 ? (arrowLength * (span || 1)) / longest : 0;
    const arrows = at.map(([x, y], i) => ({
      x1: x,
      y1: y,
      x2: x + k * vec[i][0],
      y2: y + k * vec[i][1],
    }));
    marks.push(
      Plot.arrow(arrows, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#d95f02",
        headLength: 4,
      }),
    );
  }
  return marks;
}

/** Plot colour-scale options (a `Plot.ScaleOptions`) for D(x); see {@linkcode planeColor}. */
export interface PlaneColorScale {
  /** "threshold". */
  type: "threshold";
  /** The band edges 0.1 .. 0.9. */
  domain: number[];
  /** "PRGn" (purple to green). */
  scheme: string;
  /** "D(x)". */
  label: string;
  /** Whether Plot draws the legend. */
  legend: boolean;
}

/**
 * The colour scale for D(x) in [0, 1]: ten threshold bands from purple
 * (fake, D = 0) to green (real, D = 1). A threshold scale, because
 * continuous colour legends need a canvas outside the browser.
 *
 * @returns Plot colour scale options.
 */
export function planeColor(): PlaneColorScale {
  return {
    type: "threshold",
    domain: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    scheme: "PRGn",
    label: "D(x)",
    legend: true,
  };
}

/** Options of {@linkcode planeFigure}. */
export interface PlaneOptions extends PlaneMarkOptions {
  /** Width in pixels; default 480. */
  width?: number;
  /** Height in pixels; default 480. */
  height?: number;
  /** Title drawn above the view (and the text fallback); default "2-D view". */
  title?: string;
  /** Show the D(x) colour legend; default true when `data.d` is given. */
  legend?: boolean;
}

/**
 * A ready 2-D view (see {@linkcode planeMarks}) under a visible title, with D's colour legend.
 *
 * @param data See {@linkcode PlaneData}.
 * @param options See {@linkcode PlaneOptions}.
 * @returns The figure (one SVG; the title and legend are stacked above the plot).
 * @throws {TypeError} For malformed data or unknown options.
 * @throws {RangeError} For mismatched sizes or non-finite values.
 *
 * @example Points only
 * ```ts
 * import assert from "node:assert";
 * import { planeFigure } from "./plane.ts";
 * const fig = planeFigure({ real: [[0, 0], [1, 1]], fake: [0.5, 0.5, 0.2, 0.1] });
 * assert.strictEqual((fig.toSvgString().match(/<circle/g) ?? []).length, 4);
 * ```
 */
export function planeFigure(data: PlaneData, options: PlaneOptions = {}): Figure {
  checkOptions(options, [...MARK_KEYS, "width", "height", "title", "legend"], "draw planeFigure");
  const { width = 480, height = 480, title = "2-D view", legend, ...markOptions } = options;
  const color = { ...planeColor(), legend: legend ?? data?.d !== undefined };
  return plotFigure({
    width,
    height,
    color,
    x: { label: "x₁" },
    y: { label: "x₂" },
    marks: planeMarks(data, markOptions),
  }, title);
}
