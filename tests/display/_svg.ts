/** Test helpers: query a figure's SVG with linkedom. */
import { parseHTML } from "linkedom";
import type { Figure } from "../../lib/display/mod.ts";

/** A minimal element view for assertions. */
export interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelectorAll(selector: string): El[];
}

/** Parses the figure's standalone SVG text (what a file would hold) into a queryable root. */
export function parseSvg(figure: Figure): El {
  const window = parseHTML(`<html><body>${figure.toSvgString()}</body></html>`) as unknown as {
    document: { querySelector(s: string): El };
  };
  return window.document.querySelector("svg");
}

/** Elements `child` (e.g. "path") of the mark groups labelled `label` (Plot's aria-label). */
export function markChildren(root: El, label: string, child: string): El[] {
  return [...root.querySelectorAll(`g[aria-label="${label}"]`)].flatMap((g) => [
    ...g.querySelectorAll(child),
  ]);
}

/** Texts of Plot's axis labels, e.g. ["↑ loss", "step →"]. */
export function axisLabels(root: El): string[] {
  return [...root.querySelectorAll('g[aria-label$="-axis label"] text')].map((t) =>
    t.textContent ?? ""
  );
}

/** Texts of the visible titles (`data-figure-title`), outermost first. */
export function titles(root: El): string[] {
  return [...root.querySelectorAll("text[data-figure-title]")].map((t) => t.textContent ?? "");
}

/** Names in the figure's legend rows, in order. */
export function legendNames(root: El): string[] {
  return [...root.querySelectorAll("g[data-figure-legend] text")].map((t) => t.textContent ?? "");
}

/**
 * Normalises SVG text for snapshot comparison: numbers rounded to 1 decimal
 * (float noise across platforms), Plot's hashed class names made constant.
 */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/plot-[0-9a-f]{6}/g, "plot-X")
    .replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => {
      const v = Math.round(Number(m) * 10) / 10;
      return String(Object.is(v, -0) ? 0 : v);
    })
    .replace(/></g, ">\n<");
}
