import * as Plot from "@observablehq/plot";
import { type Figure, plotFigure, type PlotMark } from "../figure.ts";
import { checkOptions } from "../../validate.ts";
import { finiteArray } from "./check.ts";

/** Data of a Figure 1 panel: curves on a grid of x, and optional z -> x = G(z) pairs. */
export interface Figure1Data {
  /** Grid of x values (increasing), length m. */
  x: ArrayLike<number>;
  /** p_data(x) on the grid (black, dotted). */
  pData: ArrayLike<number>;
  /** p_g(x) on the grid (green, solid). */
  pG: ArrayLike<number>;
  /** D(x) on the grid (blue, dashed). */
  d: ArrayLike<number>;
  /** Noise samples z, drawn on the lower line. */
  z?: ArrayLike<number>;
  /** G(z) for each z (same length), where each arrow lands on the x line. */
  gz?: ArrayLike<number>;
  /** The z interval spread along the lower line; default [min z, max z]. */
  zDomain?: readonly [number, number];
}

/** Options of {@linkcode figure1Marks}. */
export interface Figure1MarkOptions {
  /** Height of the lower (z) line; default -0.35 (the x line is at 0). */
  zLine?: number;
}

const MARK_KEYS = ["zLine"];

/**
 * The marks of Figure 1 of Goodfellow et al. (2014): p_data (black dotted),
 * p_g (green solid), D (blue dashed) over x, and beneath them arrows from
 * uniformly drawn z on a lower line to x = G(z) on the x line (at y = 0),
 * showing how G maps the noise. The densities are labelled above their maxima (the left
 * peak's label to the left, the other to the right, so they never overlap; the y domain leaves
 * room for them), D at its right end.
 * Compose with other Plot marks.
 *
 * @param data See {@linkcode Figure1Data}.
 * @param options See {@linkcode Figure1MarkOptions}.
 * @returns Observable Plot marks (use with `y: { axis: null }`).
 * @throws {TypeError} For non-array data or unknown options.
 * @throws {RangeError} For mismatched lengths or non-finite values.
 */
export function figure1Marks(data: Figure1Data, options: Figure1MarkOptions = {}): PlotMark[] {
  checkOptions(options, MARK_KEYS, "draw figure1Marks");
  const what = "figure 1";
  const x = finiteArray(what, "data.x", data?.x);
  const m = x.length;
  if (m < 2) {
    throw new RangeError(`Cannot draw figure 1 as data.x needs at least 2 points: length=${m}`);
  }
  const curves = [
    {
      name: "p_data",
      values: finiteArray(what, "data.pData", data.pData, m),
      stroke: "black",
      dash: "2,3",
    },
    { name: "p_g", values: finiteArray(what, "data.pG", data.pG, m), stroke: "green", dash: null },
    { name: "D", values: finiteArray(what, "data.d", data.d, m), stroke: "blue", dash: "6,4" },
  ];
  const zLine = options.zLine ?? -0.35;
  if (!Number.isFinite(zLine) || zLine >= 0) {
    throw new RangeError(`Cannot draw figure 1 as zLine must be a negative number: zLine=${zLine}`);
  }
  const [x0, x1] = [Math.min(...x), Math.max(...x)];
  const marks: PlotMark[] = [
    Plot.ruleY([0], { x1: x0, x2: x1, stroke: "black" }),
    Plot.text([{ x: x0, y: 0, t: "x" }], { x: "x", y: "y", text: "t", dx: -8, textAnchor: "end" }),
  ];
  if (data.z !== undefined || data.gz !== undefined) {
    const z = finiteArray(what, "data.z", data.z);
    const gz = finiteArray(what, "data.gz", data.gz, z.length);
    const [z0, z1] = data.zDomain ?? [Math.min(...z), Math.max(...z)];
    if (!(z1 > z0)) {
      throw new RangeError(
        `Cannot draw figure 1 as zDomain must be increasing: zDomain=[${z0},${z1}]`,
      );
    }
    const arrows = z.map((zi, i) => ({ zx: x0 + ((zi - z0) / (z1 - z0)) * (x1 - x0), gz: gz[i] }));
    marks.push(
      Plot.ruleY([zLine], { x1: x0, x2: x1, stroke: "black" }),
      Plot.text([{ x: x0, y: zLine, t: "z" }], {
        x: "x",
        y: "y",
        text: "t",
        dx: -8,
        textAnchor: "end",
      }),
      Plot.arrow(arrows, {
        x1: "zx",
        y1: zLine,
        x2: "gz",
        y2: 0,
        stroke: "#555",
        strokeWidth: 0.8,
        headLength: 5,
      }),
    );
  }
  // Headroom above the highest curve for the labels drawn over the peaks (an invisible rule
  // widens the y domain, so the labels never leave the frame).
  const top = Math.max(...curves.flatMap((c) => c.values));
  marks.push(
    Plot.ruleY([top + 0.14 * (top - zLine)], {
      strokeOpacity: 0,
      ariaHidden: "true",
      ariaLabel: "headroom",
    }),
  );
  // The density labels go above their peaks, pointing away from each other (the left peak's
  // label to the left), so that they never overlap, not even when p_g = p_data.
  const peak = (v: number[]) => v.indexOf(Math.max(...v));
  const [iData, iG] = [peak(curves[0].values), peak(curves[1].values)];
  const dataLeft = x[iData] <= x[iG];
  for (const c of curves) {
    const pts = x.map((xi, i) => ({ x: xi, y: c.values[i], name: c.name }));
    marks.push(
      Plot.line(pts, {
        x: "x",
        y: "y",
        stroke: c.stroke,
        strokeDasharray: c.dash ?? undefined,
        strokeWidth: 1.5,
      }),
    );
  }
  const labels = [
    { ...curves[0], i: iData, anchor: dataLeft ? "end" as const : "start" as const },
    { ...curves[1], i: iG, anchor: dataLeft ? "start" as const : "end" as const },
  ];
  for (const l of labels) {
    marks.push(
      Plot.text([{ x: x[l.i], y: l.values[l.i], t: l.name }], {
        x: "x",
        y: "y",
        text: "t",
        fill: l.stroke,
        dx: l.anchor === "end" ? -2 : 2,
        dy: -4,
        lineAnchor: "bottom",
        textAnchor: l.anchor,
      }),
    );
  }
  // D at its right end, in the right margin
  marks.push(
    Plot.text([{ x: x[m - 1], y: curves[2].values[m - 1], t: "D" }], {
      x: "x",
      y: "y",
      text: "t",
      fill: curves[2].stroke,
      dx: 6,
      textAnchor: "start",
    }),
  );
  return marks;
}

/** Options of {@linkcode figure1}. */
export interface Figure1Options extends Figure1MarkOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Height in pixels; default 320. */
  height?: number;
  /** Title drawn above the panel (and the text fallback); default "Figure 1". */
  title?: string;
  /** x axis label; default "x". */
  xLabel?: string;
}

/**
 * A ready Figure 1 panel (see {@linkcode figure1Marks}) as an SVG figure.
 *
 * @param data See {@linkcode Figure1Data}.
 * @param options See {@linkcode Figure1Options}.
 * @returns The figure (displays as image/svg+xml).
 * @throws {TypeError} For unknown options or non-array data.
 * @throws {RangeError} For mismatched lengths or non-finite values.
 *
 * @example D* = p_data / (p_data + p_g) between two Gaussians
 * ```ts
 * import assert from "node:assert";
 * import { figure1 } from "./figure1.ts";
 * const x = Array.from({ length: 50 }, (_, i) => -3 + i * 0.2);
 * const n = (m: number) => x.map((v) => Math.exp(-((v - m) ** 2) / 2) / Math.sqrt(2 * Math.PI));
 * const [pData, pG] = [n(1), n(-1)];
 * const d = pData.map((p, i) => p / (p + pG[i]));
 * const fig = figure1({ x, pData, pG, d, z: [0, 0.5, 1], gz: [-2, -1, 0] });
 * assert.match(fig.toSvgString(), /<svg/);
 * ```
 */
export function figure1(data: Figure1Data, options: Figure1Options = {}): Figure {
  checkOptions(options, ["zLine", "width", "height", "title", "xLabel"], "draw figure1");
  const { width = 640, height = 320, title = "Figure 1", xLabel = "x", ...markOptions } = options;
  return plotFigure({
    width,
    height,
    marginLeft: 30,
    marginRight: 50,
    x: { label: xLabel },
    y: { axis: null },
    marks: figure1Marks(data, markOptions),
  }, title);
}
