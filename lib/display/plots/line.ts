/**
 * A small line-plot factory for curves over a shared x axis (densities, D, C(G), ratios,
 * gradient norms): each series has a fixed colour and dash and is named in a legend above
 * the plot, under the figure's visible title.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Figure, plotFigure, type PlotMark } from "../figure.ts";
import type { LegendItem } from "../legend.ts";
import { checkOptions } from "../../validate.ts";

/** One curve of a {@linkcode linePlot}. */
export interface LineSeries {
  /** The series' name, shown in the legend. */
  name: string;
  /** x values. */
  x: readonly number[];
  /** y values (non-finite values leave gaps). */
  y: readonly number[];
  /** Stroke colour; default "#1f77b4". */
  stroke?: string;
  /** SVG dash array, e.g. "6,4"; default solid. */
  dash?: string;
  /**
   * Ignored: series are named in the legend (labels on the curves overlapped them and each
   * other). Accepted so that older calls still type-check.
   *
   * @deprecated Names are drawn in the legend.
   */
  labelAt?: number;
}

/** Options of {@linkcode linePlot}. */
export interface LinePlotOptions {
  /** Title drawn above the plot (and the text fallback). Default "line plot". */
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
  /** Horizontal reference lines (grey, dashed), e.g. the value -2 log 2; labels go in the legend. */
  rules?: ReadonlyArray<{ y: number; label?: string }>;
  /** Width in pixels; default 560. */
  width?: number;
  /** Height of the plot area in pixels (the title and legend add to it); default 300. */
  height?: number;
}

/**
 * Draws series as lines over a shared x axis, named in a legend, under a
 * visible title. Non-finite y values leave gaps; lines are clipped to the
 * frame (useful with `yDomain`).
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
 * import { linePlot } from "./line.ts";
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
    marks.push(Plot.ruleY([r.y], { stroke: RULE_STROKE, strokeDasharray: RULE_DASH }));
  }
  for (const s of series) {
    const pts = s.x.map((x, i) => ({ x, y: Number.isFinite(s.y[i]) ? s.y[i] : NaN }));
    marks.push(
      Plot.line(pts, {
        x: "x",
        y: "y",
        stroke: s.stroke ?? DEFAULT_STROKE,
        strokeDasharray: s.dash,
        strokeWidth: 1.6,
        clip: true,
      }),
    );
  }
  const legend: LegendItem[] = series.map((s) => ({
    name: s.name,
    stroke: s.stroke ?? DEFAULT_STROKE,
    dash: s.dash,
  }));
  for (const r of options.rules ?? []) {
    if (r.label) legend.push({ name: r.label, stroke: RULE_STROKE, dash: RULE_DASH });
  }
  return plotFigure(
    {
      width: options.width ?? 560,
      height: options.height ?? 300,
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
    },
    options.title ?? "line plot",
    legend,
  );
}

const DEFAULT_STROKE = "#1f77b4";
const RULE_STROKE = "#888";
const RULE_DASH = "3,3";

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
