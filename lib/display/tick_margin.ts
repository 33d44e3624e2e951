/**
 * Room for the y axis's tick labels: Observable Plot 0.6 does not size its left margin to
 * them. Internal to lib/display.
 *
 * @module
 */
import { textWidth } from "./svg_text.ts";

/**
 * The left margin that a rendered plot's y-axis tick labels need, when more than the plot has
 * (Plot's default 40 px cuts "0.69316" to "69316"). Plot puts the labels' right edges 9 px
 * left of the axis at x = marginLeft; widths are {@linkcode textWidth}'s estimates at 10 px.
 *
 * @param html The plot's markup (Plot's `<svg>` or `<figure>`).
 * @returns The margin in pixels, or null when the labels fit.
 */
export function yTickMargin(html: string): number | null {
  let need = 0, axisX = NaN;
  for (const group of html.matchAll(/<g[^>]*aria-label="y-axis tick label"[^>]*>(.*?)<\/g>/g)) {
    const shift = Number(/translate\((-?[\d.]+)/.exec(group[0])?.[1] ?? -9);
    for (const t of group[1].matchAll(/translate\((-?[\d.]+),[^>]*>([^<]*)<\/text>/g)) {
      axisX = Number(t[1]);
      // left edge of the label = axisX + shift - width; keep 2 px clear of the SVG's edge
      need = Math.max(need, 2 - (axisX + shift - textWidth(unescape(t[2]), 10)));
    }
  }
  return need > 0 && Number.isFinite(axisX) ? Math.ceil(axisX + need) : null;
}

const unescape = (text: string) =>
  text.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))).replace(/&amp;/g, "&");
