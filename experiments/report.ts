import { escapeHtml } from "../lib/display/base64.ts";
import { Figure } from "../lib/display/figure.ts";
import { SampleGrid } from "../lib/display/grid.ts";
import { Table, table } from "../lib/display/table.ts";
import type { ComparisonRow } from "./common.ts";

/** One item of a report section: a figure (SVG), an image (PNG), a table, or a paragraph. */
export type ReportItem =
  | { kind: "figure"; figure: Figure; caption?: string }
  | { kind: "image"; image: SampleGrid; caption?: string }
  | { kind: "table"; table: Table }
  | { kind: "text"; text: string };

/** A section of the report (one experiment). */
export interface ReportSection {
  /** Anchor id, e.g. `"mnist"`. */
  id: string;
  /** Heading. */
  title: string;
  /** Items in order. */
  items: ReportItem[];
}

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

function item(it: ReportItem): string {
  const caption = "caption" in it && it.caption
    ? `<figcaption>${escapeHtml(it.caption)}</figcaption>`
    : "";
  switch (it.kind) {
    case "figure":
      return `<figure>${it.figure.toSvgString()}${caption}</figure>`;
    case "image":
      return `<figure>${it.image.toHtml()}${caption}</figure>`;
    case "table":
      return it.table.toHtml();
    case "text":
      return `<p>${escapeHtml(it.text)}</p>`;
  }
}

const STYLE =
  `body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}
th{background:#f3f3f3}caption{font-weight:600;text-align:left;padding:4px 0}
figure{display:inline-block;margin:.5em;vertical-align:top}figcaption{font-size:13px;color:#555;max-width:640px}
nav a{margin-right:1em}`;

/**
 * A self-contained HTML report: inline SVG figures, PNG images as base64 data URLs, the
 * tables, no external resources (it opens from disk, offline).
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
 * ```
 */
export function renderReport(content: ReportContent): string {
  const meta = table(
    Object.entries(content.meta).map(([field, value]) => ({ field, value: String(value) })),
  );
  const nav = content.sections.map((s) =>
    `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`
  )
    .join("");
  const sections = content.sections.map((s) =>
    `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${
      s.items.map(item).join("\n")
    }</section>`
  ).join("\n");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(content.title)
  }</title><style>${STYLE}</style></head><body><h1>${
    escapeHtml(content.title)
  }</h1><nav>${nav}</nav>${meta.toHtml()}<h2>Paper vs this run</h2>${
    comparisonTable(content.comparison).toHtml()
  }${sections}</body></html>\n`;
}

/**
 * Collects the displayable results inside an experiment's result object (figures, PNG grids,
 * tables, at most `depth` levels down, arrays included), for experiments whose result has no
 * dedicated report adapter.
 *
 * @param result Any result object.
 * @param depth How deep to look (default 3).
 * @returns Report items with the property path as caption, in property order.
 */
export function collectReportItems(result: unknown, depth = 3): ReportItem[] {
  const items: ReportItem[] = [];
  const walk = (v: unknown, path: string, d: number) => {
    if (v instanceof Figure) items.push({ kind: "figure", figure: v, caption: path });
    else if (v instanceof SampleGrid) items.push({ kind: "image", image: v, caption: path });
    else if (v instanceof Table) items.push({ kind: "table", table: v });
    else if (d > 0 && v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, d - 1);
    }
  };
  walk(result, "", depth);
  return items;
}
