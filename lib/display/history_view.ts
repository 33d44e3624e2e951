import type { StepRecord } from "../train/history.ts";
import { escapeHtml } from "./base64.ts";
import type { Figure } from "./figure.ts";
import type { SampleGrid } from "./grid.ts";
import { DISPLAY, type Displayable, type MimeBundle } from "./jupyter.ts";
import { checkOptions } from "../validate.ts";
import { historyFigure, type HistoryOptions } from "./plots/history.ts";

/**
 * One line summarising the last record, e.g.
 * `step 200: D loss 1.32, G loss 0.714, D(x) 0.521, D(G(z)) 0.473 (1.2 s/step)`.
 *
 * @param records The history (may be empty).
 * @returns The summary text.
 */
export function historySummary(records: readonly StepRecord[]): string {
  const r = records.at(-1);
  if (r === undefined) return "no training steps yet";
  const f = (v: number) => Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v);
  return `step ${r.step}: D loss ${f(r.dLoss)}, G loss ${f(r.gLoss)}, D(x) ${f(r.dReal)}, D(G(z)) ${
    f(r.dFake)
  } (${records.length} records, ${f(r.ms)} ms/step)`;
}

/**
 * A training history for notebooks: loss and D-output curves
 * (`image/svg+xml`), with a one-line text summary as fallback.
 *
 * @param records The history (see {@linkcode StepRecord}); an empty one shows text only.
 * @param options Figure options (see {@linkcode HistoryOptions}).
 * @returns A displayable view; `figure` is undefined when `records` is empty.
 * @throws {TypeError} For unknown options or malformed records.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { DISPLAY } from "./jupyter.ts";
 * import { historyView } from "./history_view.ts";
 * const rec = { step: 1, dLoss: 1.4, gLoss: 0.7, dReal: 0.5, dFake: 0.5, dGradNorm: 1, gGradNorm: 1, lr: 0.1, ms: 5 };
 * const view = historyView([rec, { ...rec, step: 2 }]);
 * assert.ok("image/svg+xml" in view[DISPLAY]());
 * ```
 */
export function historyView(
  records: readonly StepRecord[],
  options: HistoryOptions = {},
): HistoryView {
  checkOptions(options, ["width", "panelHeight", "panels", "title"], "draw historyView");
  const figure = records.length > 0 ? historyFigure(records, options) : undefined;
  return new HistoryView(historySummary(records), figure);
}

/** The displayable returned by {@linkcode historyView}. */
export class HistoryView implements Displayable {
  /**
   * Wraps a summary and its figure (use {@linkcode historyView} to make one).
   *
   * @param summary The text summary.
   * @param figure The curves, if any records.
   */
  constructor(readonly summary: string, readonly figure?: Figure) {}
  /** `image/svg+xml` (when there are records) and `text/plain`. */
  [DISPLAY](): MimeBundle {
    const bundle: MimeBundle = { "text/plain": this.summary };
    if (this.figure) bundle["image/svg+xml"] = this.figure.toSvgString();
    return bundle;
  }
  /** The text summary. */
  toString(): string {
    return this.summary;
  }
}

/** Contents of a {@linkcode trainingDashboard}. */
export interface DashboardContent {
  /** The history so far. */
  records: readonly StepRecord[];
  /** A sample grid (e.g. of a fixed noise batch) to show beside the curves. */
  samples?: SampleGrid;
  /** A heading; default none. */
  title?: string;
  /** Further figures (e.g. a 2-D view) shown after the curves. */
  figures?: readonly Figure[];
}

/**
 * The live training view: heading, summary line, history curves, sample
 * grid and extra figures in one `text/html` output (SVG and PNG inlined), so
 * one {@linkcode liveView} update refreshes all of it.
 *
 * @param content See {@linkcode DashboardContent}.
 * @returns A displayable (`text/html` + `text/plain`).
 * @throws {TypeError} For malformed records.
 */
export function trainingDashboard(content: DashboardContent): Displayable {
  const { records, samples, title, figures = [] } = content;
  const summary = historySummary(records);
  const curves = records.length > 0
    ? historyFigure(records, { panelHeight: 160, width: 520 })
    : undefined;
  const html = [
    title ? `<h4>${escapeHtml(title)}</h4>` : "",
    `<div class="an-summary">${escapeHtml(summary)}</div>`,
    `<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start">`,
    curves ? curves.toSvgString() : "",
    samples ? samples.toHtml() : "",
    ...figures.map((f) => f.toSvgString()),
    `</div>`,
  ].join("");
  const text = [title, summary, samples ? String(samples) : ""].filter(Boolean).join("\n");
  return {
    [DISPLAY]: () => ({ "text/html": html, "text/plain": text }),
    toString: () => text,
  };
}
