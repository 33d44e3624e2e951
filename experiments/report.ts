/**
 * The reproduction's report: the "paper vs this run" table, human captions for the
 * experiments' figures, and the page itself, rendered by lib/display's {@linkcode reportHtml}.
 *
 * @module
 */
import { Figure } from "../lib/display/figure.ts";
import { SampleGrid } from "../lib/display/grid.ts";
import { reportHtml, type ReportItem, type ReportSection } from "../lib/display/report.ts";
import { Table, table } from "../lib/display/table.ts";
import type { ComparisonRow } from "./common.ts";

export type { ReportItem, ReportSection } from "../lib/display/report.ts";

/** Everything {@linkcode renderReport} needs. */
export interface ReportContent {
  /** Page title. */
  title: string;
  /** Key facts about the run (backend, seed, mode, durations). */
  meta: Record<string, string | number | boolean>;
  /** "Paper vs this run" rows. */
  comparison: readonly ComparisonRow[];
  /** The sections. */
  sections: readonly ReportSection[];
}

/**
 * The "paper vs this run" table.
 *
 * @param rows The comparison rows.
 * @returns A table with columns experiment, quantity, paper, this run, check.
 */
export function comparisonTable(rows: readonly ComparisonRow[]): Table {
  return table(
    rows.map((r) => ({
      experiment: r.experiment,
      quantity: r.quantity,
      paper: r.paper,
      "this run": r.thisRun,
      check: r.ok === undefined ? "" : r.ok ? "ok" : "FAIL",
    })),
    { caption: "Paper vs this run" },
  );
}

/**
 * The reproduction's self-contained HTML report: the run's facts, a first section "Paper vs
 * this run" with the comparison table, then the experiments' sections (see
 * {@linkcode reportHtml}).
 *
 * @param content Title, run facts, comparison rows and sections.
 * @returns The HTML document text.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { renderReport } from "./report.ts";
 * const html = renderReport({ title: "t", meta: { seed: 0 }, comparison: [], sections: [] });
 * assert.match(html, /^<!DOCTYPE html>/);
 * assert.match(html, /Paper vs this run/);
 * ```
 */
export function renderReport(content: ReportContent): string {
  return reportHtml({
    title: content.title,
    meta: content.meta,
    sections: [
      {
        id: "comparison",
        title: "Paper vs this run",
        items: [{ kind: "table", table: comparisonTable(content.comparison) }],
      },
      ...content.sections,
    ],
  });
}

/**
 * Captions of the experiments' figures, by their property path in the experiment's result
 * (what a reader should look for); figures not listed are captioned with their title.
 */
export const REPORT_CAPTIONS: Readonly<Record<string, string>> = Object.freeze({
  "theorem1.figure": "Theorem 1: the virtual training criterion C(G) over a family of " +
    "generators is smallest, -log 4, exactly where p_g = p_data.",
  "lemma.figure": "The lemma behind the Jensen-Shannon triangle inequality: g(x) increases " +
    "on both sides of 1.",
  "powerTriangle.figure": "The worst ratio found in the triangle inequality of JS^alpha on " +
    "two-point distributions: it stays at or below 1 for alpha = 1/2.",
  "chiSquare.figure": "Near p_g = p_data, JS behaves like a quarter of the chi-square " +
    "divergence (and half the triangular discrimination).",
  "proposition1.figure": "Proposition 1: a discriminator trained against a fixed generator " +
    "approaches D* = p_data / (p_data + p_g).",
  "panels.a.figure": "Figure 1 (a): a state near convergence, with a partially accurate D.",
  "panels.b.figure": "Figure 1 (b): D trained alone at the fixed G approaches D*.",
  "panels.c.figure": "Figure 1 (c): after G's update, G(z) flows to where D says data is.",
  "panels.d.figure": "Figure 1 (d): at the end p_g = p_data and D = 1/2 everywhere.",
  "figure": "Panels (a)-(d) stacked, as in the paper's Figure 1.",
  "historyFigure": "Training history: losses and mean discriminator outputs per step.",
  "costFigure": "Generator costs as functions of D(G(z)) (NIPS 2016 tutorial, Figure 16): " +
    "the minimax cost is flat where D(G(z)) is small, early in training.",
  "gradientFigure": "G's gradient norm per step from a confident D: the minimax loss " +
    "saturates, the non-saturating loss does not.",
  "densityFigure": "Where p_g went: p_data, p_g at the start, and p_g after each run.",
});

/**
 * Collects the displayable results inside an experiment's result object (figures, PNG grids,
 * tables, at most `depth` levels down, arrays included), for experiments whose result has no
 * dedicated report adapter. Figures and images get a human caption (the
 * {@linkcode REPORT_CAPTIONS} entry of their property path, else a figure's title) and their
 * property path as `name` (for file names).
 *
 * @param result Any result object.
 * @param depth How deep to look (default 3).
 * @returns Report items in property order.
 *
 * @example Captions for the saturation experiment's figures
 * ```ts
 * import assert from "node:assert";
 * import { linePlot } from "../lib/display/mod.ts";
 * import { collectReportItems, REPORT_CAPTIONS } from "./report.ts";
 * const fig = linePlot([{ name: "a", x: [0, 1], y: [0, 1] }], { title: "A title" });
 * const items = collectReportItems({ costFigure: fig, other: { figure: fig } });
 * assert.deepStrictEqual(items.map((it) => "caption" in it && it.caption), [
 *   REPORT_CAPTIONS.costFigure,
 *   "A title",
 * ]);
 * assert.deepStrictEqual(items.map((it) => "name" in it && it.name), ["costFigure", "other.figure"]);
 * ```
 */
export function collectReportItems(result: unknown, depth = 3): ReportItem[] {
  const items: ReportItem[] = [];
  const walk = (v: unknown, path: string, d: number) => {
    if (v instanceof Figure) {
      items.push({
        kind: "figure",
        figure: v,
        caption: REPORT_CAPTIONS[path] ?? v.title,
        name: path,
      });
    } else if (v instanceof SampleGrid) {
      items.push({ kind: "image", image: v, caption: REPORT_CAPTIONS[path], name: path });
    } else if (v instanceof Table) items.push({ kind: "table", table: v });
    else if (d > 0 && v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, d - 1);
    }
  };
  walk(result, "", depth);
  return items;
}
