/**
 * A self-contained HTML report page of figures, images, tables and text: inline SVG, PNGs as
 * base64 data URLs, no external resources, so it opens from disk, offline, and prints.
 *
 * @module
 */
import { escapeHtml } from "./base64.ts";
import type { Figure } from "./figure.ts";
import type { SampleGrid } from "./grid.ts";
import { type Table, table } from "./table.ts";

/**
 * One item of a report section: a figure (inline SVG), an image (PNG), a table, or a
 * paragraph. `caption` is shown under a figure or image; `name` is not shown (a short
 * identifier, e.g. for the file a figure is also saved to).
 */
export type ReportItem =
  | { kind: "figure"; figure: Figure; caption?: string; name?: string }
  | { kind: "image"; image: SampleGrid; caption?: string; name?: string }
  | { kind: "table"; table: Table }
  | { kind: "text"; text: string };

/** A section of the report: a heading, an anchor in the page's navigation, and items. */
export interface ReportSection {
  /** Anchor id, e.g. `"mnist"`. */
  id: string;
  /** Heading. */
  title: string;
  /** Items in order. */
  items: readonly ReportItem[];
}

/** What {@linkcode reportHtml} renders. */
export interface ReportPage {
  /** Page title (the `<title>` and the top heading). */
  title: string;
  /** Key facts shown as a two-column table under the title (e.g. backend, seed, durations). */
  meta?: Record<string, string | number | boolean>;
  /** The sections, each linked from the navigation bar. */
  sections: readonly ReportSection[];
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
figure svg{display:block;overflow:hidden}nav a{margin-right:1em}`;

/**
 * Renders a report page: the title, the `meta` table, a navigation bar, then each section's
 * heading and items (figures and images in `<figure>`s with their captions).
 *
 * @param page Title, run facts and sections.
 * @returns The HTML document text (UTF-8, ends with a newline).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { reportHtml } from "./report.ts";
 * const html = reportHtml({
 *   title: "A run",
 *   meta: { seed: 0 },
 *   sections: [{ id: "notes", title: "Notes", items: [{ kind: "text", text: "1 < 2" }] }],
 * });
 * assert.match(html, /^<!DOCTYPE html>/);
 * assert.match(html, /<a href="#notes">Notes<\/a>/);
 * assert.match(html, /<p>1 &#60; 2<\/p>/);
 * ```
 */
export function reportHtml(page: ReportPage): string {
  const meta = page.meta === undefined ? "" : table(
    Object.entries(page.meta).map(([field, value]) => ({ field, value: String(value) })),
  ).toHtml();
  const nav = page.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`)
    .join("");
  const sections = page.sections.map((s) =>
    `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${
      s.items.map(item).join("\n")
    }</section>`
  ).join("\n");
  const title = escapeHtml(page.title);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `<style>${STYLE}</style></head><body><h1>${title}</h1><nav>${nav}</nav>${meta}` +
    `${sections}</body></html>\n`;
}
