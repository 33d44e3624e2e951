/**
 * A legend row drawn as SVG (Plot's own swatch legends are HTML, which an SVG file cannot
 * hold): a short line sample in each series' stroke and dash, then its name, laid out left to
 * right and wrapped to the figure's width. Internal to lib/display.
 *
 * @module
 */
import { escapeHtml } from "./base64.ts";
import { type SvgPart, textWidth } from "./svg_text.ts";

/** One entry of a figure's legend. */
export interface LegendItem {
  /** The series' name. */
  name: string;
  /** Its stroke colour (CSS colour). */
  stroke: string;
  /** Its SVG dash array, e.g. "6,4"; solid when absent. */
  dash?: string;
}

const SIZE = 11;
const ROW = 16;
const SAMPLE = 22;
const GAP = 14;

/**
 * Lays out legend items in rows no wider than `width`.
 *
 * @param items The entries, in order.
 * @param width Available width in pixels.
 * @returns The markup and its height (0 for no items).
 */
export function legendPart(items: readonly LegendItem[], width: number): SvgPart {
  let x = 2, row = 0, widest = 0;
  const parts: string[] = [];
  for (const item of items) {
    const w = SAMPLE + 5 + textWidth(item.name, SIZE);
    if (x > 2 && x + w > width - 2) {
      row++;
      x = 2;
    }
    const y = row * ROW + 9;
    const dash = item.dash ? ` stroke-dasharray="${escapeHtml(item.dash)}"` : "";
    parts.push(
      `<line x1="${x}" x2="${x + SAMPLE}" y1="${y}" y2="${y}" stroke="${
        escapeHtml(item.stroke)
      }" stroke-width="2"${dash}></line>` +
        `<text x="${x + SAMPLE + 5}" y="${y}" dy="0.35em" font-size="${SIZE}" ` +
        `fill="${escapeHtml(item.stroke)}">${escapeHtml(item.name)}</text>`,
    );
    x = Math.round(x + w + GAP);
    widest = Math.max(widest, x - GAP);
  }
  if (parts.length === 0) return { markup: "", height: 0, width: 0 };
  return {
    markup: `<g data-figure-legend="">${parts.join("")}</g>`,
    height: (row + 1) * ROW + 2,
    width: Math.min(width, widest + 2),
  };
}
