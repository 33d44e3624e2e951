/**
 * A small line-plot factory for the experiments' curves (densities, D, C(G), ratios): each
 * series has a fixed colour and dash and is labelled at its last point, so no legend is needed.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Figure, plotFigure, type PlotMark } from "../lib/display/figure.ts";
import { checkOptions } from "../lib/validate.ts";

/** One curve of a {@linkcode linePlot}. */
export interface LineSeries {
  /** Label drawn at the curve's last point (or at `labelAt`). */
  name: string;
  /** x values. */
  x: readonly number[];
  /** y values (non-finite values leave gaps). */
  y: readonly number[];
  /** Stroke colour; default "#1f77b4". */
  stroke?: string;
  /** SVG dash array, e.g. "6,4"; default solid. */
  dash?: string;
  /** Index of the point where the label goes; default the last point. */
  labelAt?: number;
}

/** Options of {@linkcode linePlot}. */
export interface LinePlotOptions {
  /** Title for the text fallback and the heading. Default "line plot". */
  title?: string;
  /** x axis label. */
  xLabel?: string;
  /** y axis label. */
  yLabel?: string;
  /** "linear" (default) or "log" x axis. */
  xType?: "linear" | "log";
  /** "linear" (default) or "log" y axis. */
  yType?: "linear" | "log";
  /** Fixed y range; default from the data. */
  yDomain?: readonly [number, number];
  /** Horizontal reference lines, e.g. the value -2 log 2. */
  rules?: ReadonlyArray<{ y: number; label?: string }>;
  /** Width in pixels; default 560. */
  width?: number;
  /** Height in pixels; default 300. */
  height?: number;
}

/**
 * Draws series as lines over a shared x axis.
 *
 * @param series The curves: each with `x` and `y` arrays of one length.
 * @param options Axes, title, reference lines (all optional).
 * @returns An SVG {@linkcode Figure}.
 * @throws {TypeError} When `series` is not an array of series with `x`/`y` arrays of one
 *   length, or `options` has an unknown key.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { linePlot } from "./line_plot.ts";
 * const x = [1, 2, 3];
 * const fig = linePlot([{ name: "x^2", x, y: x.map((v) => v * v) }], { title: "squares" });
 * assert.match(fig.toSvgString(), /^<svg/);
 * ```
 */
export function linePlot(series: readonly LineSeries[], options?: LinePlotOptions): Figure {
  options = checkOptions(options, LINE_PLOT_KEYS, "draw linePlot");
  checkSeries(series);
  const marks: PlotMark[] = [];
  for (const r of options.rules ?? []) {
    marks.push(Plot.ruleY([r.y], { stroke: "#999", strokeDasharray: "3,3" }));
    if (r.label) {
      const x0 = Math.min(...series.flatMap((s) => s.x));
      marks.push(Plot.text([{ x: x0, y: r.y, t: r.label }], {
        x: "x",
        y: "y",
        text: "t",
        dy: -6,
        textAnchor: "start",
        fill: "#666",
      }));
    }
  }
  for (const s of series) {
    const stroke = s.stroke ?? "#1f77b4";
    const pts = s.x.map((x, i) => ({ x, y: Number.isFinite(s.y[i]) ? s.y[i] : NaN }));
    const at = s.labelAt ?? pts.length - 1;
    marks.push(
      Plot.line(pts, {
        x: "x",
        y: "y",
        stroke,
        strokeDasharray: s.dash,
        strokeWidth: 1.6,
        clip: true,
      }),
      Plot.text([{ ...pts[at], t: s.name }], {
        x: "x",
        y: "y",
        text: "t",
        fill: stroke,
        dx: 5,
        dy: -6,
        textAnchor: "start",
      }),
    );
  }
  return plotFigure({
    width: options.width ?? 560,
    height: options.height ?? 300,
    marginRight: 90,
    x: {
      label: options.xLabel ?? "x",
      type: options.xType ?? "linear",
      // d3's "~g" (0.001, 10, 1e+4) instead of the log scale's SI prefixes (1m, 10k)
      tickFormat: options.xType === "log" ? "~g" : undefined,
    },
    y: {
      label: options.yLabel,
      type: options.yType ?? "linear",
      tickFormat: options.yType === "log" ? "~g" : undefined,
      grid: true,
      domain: options.yDomain ? [...options.yDomain] : undefined,
    },
    marks,
  }, options.title ?? "line plot");
}

const LINE_PLOT_KEYS = [
  "title",
  "xLabel",
  "yLabel",
  "xType",
  "yType",
  "yDomain",
  "rules",
  "width",
  "height",
];

function checkSeries(series: unknown): void {
  if (!Array.isArray(series)) {
    throw new TypeError(`Cannot draw linePlot as series must be an array: series=${series}`);
  }
  series.forEach((s: Partial<LineSeries> | null, i) => {
    const ok = s !== null && typeof s === "object" && isArrayLike(s.x) && isArrayLike(s.y) &&
      s.x.length === s.y.length;
    if (!ok) {
      throw new TypeError(
        `Cannot draw linePlot as series[${i}] must have x and y arrays of one length: ` +
          `x.length=${s?.x?.length}, y.length=${s?.y?.length}`,
      );
    }
  });
}

const isArrayLike = (v: unknown): v is readonly number[] =>
  Array.isArray(v) || ArrayBuffer.isView(v);
