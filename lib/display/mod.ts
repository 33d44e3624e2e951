/**
 * The notebook experience: displayable views (training history, sample
 * grids, tables) for Deno's Jupyter kernel, a live view that a training loop
 * updates in place, a stderr progress bar for `deno run`, Observable Plot
 * figures of the paper (Figure 1, 2-D view, saturation plot, history) and
 * line plots, each with a visible title, PNG sample grids (Figure 2 layout),
 * a self-contained HTML report page, and atomic SVG/PNG file output.
 *
 * In notebooks: await display calls, end output-producing cells with
 * `await show(x)` or `await settle()`, and start with `await settle(300)`;
 * Deno's kernel can report a cell idle before its last outputs are sent.
 *
 * @example A sample grid and a table
 * ```ts
 * import assert from "node:assert";
 * import { DISPLAY, sampleGrid, table } from "./mod.ts";
 * const grid = sampleGrid({ data: new Float32Array(4 * 9).fill(0.5), shape: [4, 3, 3] });
 * assert.ok("image/png" in grid[DISPLAY]());
 * assert.ok("text/html" in table([{ a: 1 }])[DISPLAY]());
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export {
  DISPLAY,
  type Displayable,
  inJupyter,
  isDisplayable,
  makeDisplayable,
  type MimeBundle,
  settle,
  show,
  type ShowOptions,
  showWith,
  toBundle,
} from "./jupyter.ts";
export { type DisplaySink, type LiveView, liveView, type LiveViewOptions } from "./live_view.ts";
export { formatDuration, type ProgressBar, progressBar, type ProgressOptions } from "./progress.ts";
export { type MonitorOptions, type TrainingMonitor, trainingMonitor } from "./monitor.ts";
export type { ImageBatch, ValueRange } from "./image.ts";
export { SampleGrid, sampleGrid, type SampleGridOptions } from "./grid.ts";
export { figure2Grid, type Figure2Options } from "./figure2.ts";
export { type Cell, keyValueTable, Table, table, type TableOptions } from "./table.ts";
export {
  Figure,
  plotFigure,
  type PlotMark,
  type PlotOptions,
  stackFigures,
  type SvgDocument,
  svgDocument,
  type SvgNode,
} from "./figure.ts";
export {
  figure1,
  type Figure1Data,
  type Figure1MarkOptions,
  figure1Marks,
  type Figure1Options,
} from "./plots/figure1.ts";
export {
  type GridValues,
  planeColor,
  type PlaneColorScale,
  type PlaneData,
  planeFigure,
  type PlaneMarkOptions,
  planeMarks,
  type PlaneOptions,
} from "./plots/plane.ts";
export {
  saturationCurves,
  saturationFigure,
  saturationMarks,
  type SaturationOptions,
  type SaturationPoint,
} from "./plots/saturation.ts";
export {
  historyFigure,
  historyMarks,
  type HistoryOptions,
  type HistoryPanel,
} from "./plots/history.ts";
export {
  type DashboardContent,
  historySummary,
  HistoryView,
  historyView,
  trainingDashboard,
} from "./history_view.ts";
export { linePlot, type LinePlotOptions, type LineSeries } from "./plots/line.ts";
export type { LegendItem } from "./legend.ts";
export { reportHtml, type ReportItem, type ReportPage, type ReportSection } from "./report.ts";
export { savePng, saveSvg } from "./files.ts";
