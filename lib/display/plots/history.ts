import * as Plot from "@observablehq/plot";
import type { StepRecord } from "../../train/history.ts";
import { type Figure, plotFigure, type PlotMark, stackFigures } from "../figure.ts";
import { checkOptions } from "../../validate.ts";

/** Which history panel: losses (D and G) or mean discriminator outputs (D(x), D(G(z))). */
export type HistoryPanel = "losses" | "outputs";

const SERIES: Record<HistoryPanel, Array<[keyof StepRecord, string, string]>> = {
  losses: [["dLoss", "D loss", "#1f77b4"], ["gLoss", "G loss", "#2ca02c"]],
  outputs: [["dReal", "D(x)", "#1b7837"], ["dFake", "D(G(z))", "#762a83"]],
};

/** Checks the history array: non-empty records with an integer step. */
export function checkRecords(records: readonly StepRecord[]): void {
  if (!Array.isArray(records) || records.length === 0) {
    throw new RangeError(
      `Cannot draw the history as records must be a non-empty array: records=${
        Array.isArray(records) ? "[]" : String(records)
      }`,
    );
  }
  records.forEach((r, i) => {
    if (r === null || typeof r !== "object" || !Number.isFinite(r.step)) {
      throw new TypeError(
        `Cannot draw the history as records[${i}] has no finite step: step=${r?.step}`,
      );
    }
  });
}

/**
 * Marks of one history panel: a line per series over `step` (non-finite
 * values, e.g. a diverged loss, leave gaps). The series are told apart by
 * colour: {@linkcode historyFigure} names them in a legend above the panel
 * (labels at the lines' ends collided where the curves meet, e.g. D(x) and
 * D(G(z)) at 1/2).
 *
 * @param records Training history ({@linkcode StepRecord}s, any order of steps).
 * @param panel `"losses"` (D loss blue, G loss green) or `"outputs"` (D(x) dark green,
 *   D(G(z)) purple, and a dashed rule at 1/2).
 * @returns Observable Plot marks; colours are fixed per series (no colour scale needed).
 * @throws {RangeError} For an empty history or unknown panel.
 * @throws {TypeError} For a record without a finite step.
 */
export function historyMarks(records: readonly StepRecord[], panel: HistoryPanel): PlotMark[] {
  checkRecords(records);
  const series = SERIES[panel];
  if (!series) throw new RangeError(`Cannot draw the history as panel is unknown: panel=${panel}`);
  const marks: PlotMark[] = [];
  if (panel === "outputs") {
    marks.push(Plot.ruleY([0.5], { stroke: "#bbb", strokeDasharray: "3,3" }));
  }
  for (const [key, , color] of series) {
    const pts = records.map((r) => ({
      step: r.step,
      value: Number.isFinite(r[key]) ? r[key] : NaN,
    }));
    marks.push(Plot.line(pts, { x: "step", y: "value", stroke: color, strokeWidth: 1.5 }));
  }
  return marks;
}

/** Options of {@linkcode historyFigure}. */
export interface HistoryOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Height of each panel; default 200. */
  panelHeight?: number;
  /** Panels top to bottom; default ["losses", "outputs"]. */
  panels?: readonly HistoryPanel[];
  /** Title drawn above the panels (and the text fallback); default "Training history". */
  title?: string;
}

/**
 * Training history over generator steps: D and G losses, then mean D(x) and
 * D(G(z)) (with a reference line at 1/2, the value at the equilibrium
 * p_g = p_data of Goodfellow et al. 2014), stacked in one SVG under a
 * visible title, each panel with a legend naming its series.
 *
 * @param records The history.
 * @param options See {@linkcode HistoryOptions}.
 * @returns The figure.
 * @throws {RangeError} For an empty history or an unknown panel.
 * @throws {TypeError} For unknown options or malformed records.
 */
export function historyFigure(
  records: readonly StepRecord[],
  options: HistoryOptions = {},
): Figure {
  checkOptions(options, ["width", "panelHeight", "panels", "title"], "draw historyFigure");
  const {
    width = 640,
    panelHeight = 200,
    panels = ["losses", "outputs"],
    title = "Training history",
  } = options;
  checkRecords(records);
  const figures = panels.map((panel) => {
    if (!(panel in SERIES)) {
      throw new RangeError(`Cannot draw the history as panel is unknown: panel=${panel}`);
    }
    return plotFigure(
      {
        width,
        height: panelHeight,
        x: { label: "step" },
        y: { label: panel === "losses" ? "loss" : "mean D output", grid: true },
        marks: historyMarks(records, panel),
      },
      undefined,
      SERIES[panel].map(([, name, stroke]) => ({ name, stroke })),
    );
  });
  return stackFigures(figures, title);
}
