/**
 * Text in hand-made SVG parts (titles, legends): a width estimate for a sans-serif font and
 * line wrapping, so that a title or legend stays inside its figure's box without a browser to
 * measure it. Internal to lib/display.
 *
 * @module
 */
import { escapeHtml } from "./base64.ts";

/** Width of each character in em, by class; generous so that estimates err wide. */
const NARROW = /[ilj.,:;'|!()[\]{}\s]/;
const SLIM = /[frtI1\-−/*]/;
const WIDE = /[mwMW@%]/;

/**
 * An upper estimate of a string's rendered width in a sans-serif font (system-ui, DejaVu
 * Sans, Helvetica): ~0.3 em for narrow glyphs, 0.45 for slim ones, 0.95 for m/w, 0.68 for
 * the rest (bold adds 8%).
 *
 * @param text The string.
 * @param fontSize Font size in pixels.
 * @param bold Whether the font is bold.
 * @returns Width in pixels.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    em += NARROW.test(ch) ? 0.32 : SLIM.test(ch) ? 0.45 : WIDE.test(ch) ? 0.95 : 0.68;
  }
  return em * fontSize * (bold ? 1.08 : 1);
}

/**
 * Breaks text into lines no wider than `width` (by {@linkcode textWidth}) at spaces; a word
 * longer than a line stays whole on its own line.
 *
 * @param text The text.
 * @param width Maximum line width in pixels.
 * @param fontSize Font size in pixels.
 * @param bold Whether the font is bold.
 * @returns The lines (at least one).
 */
export function wrapText(text: string, width: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/** Markup of a hand-made SVG part and the height it needs. */
export interface SvgPart {
  /** Children of an `<svg>` element. */
  markup: string;
  /** Height in pixels. */
  height: number;
  /** Width in pixels (at most the width it was laid out for). */
  width: number;
}

/** Wrapped lines of text as one `<text>` element of `<tspan>`s. */
function linesPart(
  text: string,
  width: number,
  style: { size: number; line: number; bold: boolean; attributes: string },
): SvgPart {
  const lines = wrapText(text, width - 4, style.size, style.bold);
  const tspans = lines.map((line, i) =>
    `<tspan x="2" y="${style.size + i * style.line}">${escapeHtml(line)}</tspan>`
  ).join("");
  const widest = Math.max(...lines.map((l) => textWidth(l, style.size, style.bold)));
  return {
    markup: `<text ${style.attributes}font-size="${style.size}"${
      style.bold ? ' font-weight="600"' : ""
    } fill="currentColor">${tspans}</text>`,
    height: lines.length * style.line + Math.ceil(style.size / 4),
    width: Math.min(width, Math.ceil(widest + 4)),
  };
}

/**
 * A figure's visible title: bold 13 px text wrapped to `width`, marked `data-figure-title`
 * so that checks (the browser test) can find it.
 *
 * @param title The title.
 * @param width Available width in pixels.
 * @returns The markup and its size.
 */
export function titlePart(title: string, width: number): SvgPart {
  return linesPart(title, width, {
    size: 13,
    line: 17,
    bold: true,
    attributes: 'data-figure-title="" ',
  });
}

/**
 * Plain 11 px text wrapped to `width` (a subtitle or caption).
 *
 * @param text The text.
 * @param width Available width in pixels.
 * @returns The markup and its size.
 */
export function notePart(text: string, width: number): SvgPart {
  return linesPart(text, width, { size: 11, line: 14, bold: false, attributes: "" });
}
