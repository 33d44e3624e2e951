import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { escapeHtml } from "./base64.ts";
import { DISPLAY, type Displayable, type MimeBundle } from "./jupyter.ts";

/** The part of a DOM element (linkedom's) that figures use; a browser's `Element` fits too. */
export interface SvgNode {
  /** Tag name, e.g. `svg`. */
  readonly tagName: string;
  /** The element's markup. */
  readonly outerHTML: string;
  /** The children's markup (settable). */
  innerHTML: string;
  /** Concatenated text. */
  readonly textContent: string | null;
  /** Child elements. */
  readonly children: ArrayLike<SvgNode>;
  /** Reads an attribute. */
  getAttribute(name: string): string | null;
  /** Writes an attribute. */
  setAttribute(name: string, value: string): void;
  /** Appends a child element. */
  appendChild(child: SvgNode): unknown;
}

/** The part of a DOM document that figures use. */
export interface SvgDocument {
  /** Creates an element in a namespace (SVG). */
  createElementNS(namespace: string, tag: string): SvgNode;
}

let sharedDocument: SvgDocument | undefined;

/**
 * The linkedom document figures are drawn into (Observable Plot needs a DOM
 * outside the browser). Created once.
 *
 * @returns A document able to create SVG elements.
 */
export function svgDocument(): SvgDocument {
  if (sharedDocument === undefined) {
    // linkedom's typings use DOM lib types that Deno does not load by default
    const window = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as {
      document: SvgDocument;
    };
    sharedDocument = window.document;
  }
  return sharedDocument;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * A rendered figure: one `<svg>` element. Displays as `image/svg+xml` in
 * Jupyter (text/plain fallback: its title and size); `toSvgString()` gives a
 * standalone SVG file's text (with `xmlns`).
 */
export class Figure implements Displayable {
  /**
   * Wraps a rendered `<svg>` element.
   *
   * @param element The root `<svg>` element (linkedom).
   * @param title A short description for the text fallback.
   */
  constructor(readonly element: SvgNode, readonly title = "figure") {}
  /** Width in pixels from the `width` attribute. */
  get width(): number {
    return Number(this.element.getAttribute("width"));
  }
  /** Height in pixels from the `height` attribute. */
  get height(): number {
    return Number(this.element.getAttribute("height"));
  }
  /** Standalone SVG text with `xmlns` set on the root (Plot omits it). */
  toSvgString(): string {
    this.element.setAttribute("xmlns", SVG_NS);
    return this.element.outerHTML;
  }
  /** `image/svg+xml` and `text/plain`. */
  [DISPLAY](): MimeBundle {
    return { "image/svg+xml": this.toSvgString(), "text/plain": this.toString() };
  }
  /** E.g. `Figure: training history (640x480 SVG)`. */
  toString(): string {
    return `Figure: ${this.title} (${this.width}x${this.height} SVG)`;
  }
}

/**
 * An Observable Plot mark (what `Plot.line(...)`, `Plot.dot(...)` return, a
 * `Plot.Markish`). Kept opaque so that Plot's internal types stay out of this
 * package's API; pass marks to {@linkcode plotFigure} or to `Plot.plot`
 * (there with a cast when type-checking).
 */
export type PlotMark = object | null | undefined;

/**
 * Observable Plot's options (see its documentation: scales, size, margins,
 * `marks`), minus `document`, which {@linkcode plotFigure} supplies.
 */
export interface PlotOptions {
  /** The marks to draw, e.g. `figure1Marks(data)` plus your own. */
  marks?: readonly PlotMark[];
  /** Width in pixels (Plot's default 640). */
  width?: number;
  /** Height in pixels (Plot's default depends on the marks). */
  height?: number;
  /** Any other Plot option (`x`, `y`, `color`, margins, `title`, ...). */
  [option: string]: unknown;
}

/**
 * Renders Observable Plot options into a {@linkcode Figure}, supplying the
 * linkedom document. When Plot returns a `<figure>` (legends, titles), its
 * parts are stacked into a single `<svg>` so the result is always one SVG.
 * Canvas-backed features (`Plot.raster`, continuous colour legends) do not
 * work outside a browser: use quantize/threshold colour scales.
 *
 * @param options Observable Plot options (`marks`, scales, size, ...).
 * @param title Text fallback description.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import assert from "node:assert";
 * import { plotFigure } from "./figure.ts";
 * const fig = plotFigure({ marks: [Plot.lineY([1, 3, 2])] });
 * assert.match(fig.toSvgString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * ```
 */
export function plotFigure(options: PlotOptions, title = "figure"): Figure {
  const document = svgDocument();
  // deno-lint-ignore no-explicit-any
  const el = Plot.plot({ ...options, document } as any) as unknown as SvgNode;
  return new Figure(el.tagName.toLowerCase() === "svg" ? el : flatten(el), title);
}

/**
 * Stacks figures vertically into one SVG (e.g. loss and D-output panels).
 *
 * @param figures Figures or `<svg>` elements, top to bottom.
 * @param title Text fallback description.
 * @param gap Pixels between panels; default 8.
 * @returns A new figure whose root holds the panels as nested `<svg>`s.
 */
export function stackFigures(figures: Array<Figure | SvgNode>, title = "figure", gap = 8): Figure {
  const parts = figures.map((f) => f instanceof Figure ? f.element : f);
  return new Figure(stackElements(parts, gap), title);
}

function stackElements(parts: SvgNode[], gap: number): SvgNode {
  const document = svgDocument();
  const root = document.createElementNS(SVG_NS, "svg");
  let y = 0;
  let width = 0;
  for (const part of parts) {
    const w = Number(part.getAttribute("width") ?? 640);
    const h = Number(part.getAttribute("height") ?? 20);
    part.setAttribute("x", "0");
    part.setAttribute("y", String(y));
    root.appendChild(part);
    y += h + gap;
    width = Math.max(width, w);
  }
  const height = Math.max(0, y - gap);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.setAttribute("font-family", "system-ui, sans-serif");
  root.setAttribute("font-size", "10");
  return root;
}

/** Turns Plot's `<figure>` (svgs plus HTML headings/swatches) into one stacked `<svg>`. */
function flatten(figure: SvgNode): SvgNode {
  const document = svgDocument();
  const parts: SvgNode[] = [];
  for (const child of Array.from(figure.children)) {
    if (child.tagName.toLowerCase() === "svg") {
      parts.push(child);
      continue;
    }
    const text = child.textContent?.trim();
    if (!text) continue;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", String(Math.max(100, 7 * text.length)));
    svg.setAttribute("height", "18");
    svg.innerHTML = `<text x="0" y="13" font-size="12" fill="currentColor">${
      escapeHtml(text)
    }</text>`;
    parts.push(svg);
  }
  return stackElements(parts, 4);
}
