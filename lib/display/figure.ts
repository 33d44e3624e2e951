import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { DISPLAY, type Displayable, type MimeBundle } from "./jupyter.ts";
import { type LegendItem, legendPart } from "./legend.ts";
import { notePart, type SvgPart, titlePart } from "./svg_text.ts";
import { yTickMargin } from "./tick_margin.ts";

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
 * A `title` is drawn above the plot (Plot's own `title` option is drawn
 * instead when set), a `legend` row of line samples beneath it, and the left
 * margin grows when the y axis's tick labels would not fit (Plot's default
 * 40 px cuts "0.69316" to "69316").
 * Canvas-backed features (`Plot.raster`, continuous colour legends) do not
 * work outside a browser: use quantize/threshold colour scales.
 *
 * @param options Observable Plot options (`marks`, scales, size, ...).
 * @param title The visible title and text fallback; none drawn when absent (fallback "figure").
 * @param legend Series to name in a legend row above the plot; default none.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import assert from "node:assert";
 * import { plotFigure } from "./figure.ts";
 * const fig = plotFigure({ marks: [Plot.lineY([1, 3, 2])] }, "three points");
 * assert.match(fig.toSvgString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * assert.match(fig.toSvgString(), /data-figure-title[^>]*><tspan[^>]*>three points</);
 * ```
 */
export function plotFigure(
  options: PlotOptions,
  title?: string,
  legend: readonly LegendItem[] = [],
): Figure {
  let el = renderPlot(options);
  const margin = yTickMargin(el.outerHTML);
  if (margin !== null) el = renderPlot({ ...options, marginLeft: margin });
  const plotTitle = typeof options.title === "string" ? options.title : undefined;
  const root = el.tagName.toLowerCase() === "svg" ? el : flatten(el);
  if ((title === undefined || plotTitle !== undefined) && legend.length === 0) {
    return new Figure(root, title ?? plotTitle ?? "figure");
  }
  const width = Number(root.getAttribute("width") ?? 640);
  const parts: SvgNode[] = [];
  if (title !== undefined && plotTitle === undefined) {
    parts.push(partElement(titlePart(title, width), width));
  }
  if (legend.length > 0) parts.push(partElement(legendPart(legend, width), width));
  return new Figure(stackElements([...parts, root], 2), title ?? plotTitle ?? "figure");
}

function renderPlot(options: PlotOptions): SvgNode {
  // deno-lint-ignore no-explicit-any
  return Plot.plot({ ...options, document: svgDocument() } as any) as unknown as SvgNode;
}

/** An `<svg>` holding a title or legend, as wide as the figure it heads. */
function partElement(part: SvgPart, width: number): SvgNode {
  const svg = svgDocument().createElementNS(SVG_NS, "svg");
  svg.setAttribute("width", String(Math.ceil(Math.max(width, part.width))));
  svg.setAttribute("height", String(Math.ceil(part.height)));
  svg.innerHTML = part.markup;
  return svg;
}

/**
 * Stacks figures vertically into one SVG (e.g. loss and D-output panels),
 * under a visible title when one is given.
 *
 * @param figures Figures or `<svg>` elements, top to bottom.
 * @param title The visible title and text fallback; none drawn when absent (fallback "figure").
 * @param gap Pixels between panels; default 8.
 * @returns A new figure whose root holds the panels as nested `<svg>`s.
 */
export function stackFigures(figures: Array<Figure | SvgNode>, title?: string, gap = 8): Figure {
  const parts = figures.map((f) => f instanceof Figure ? f.element : f);
  if (title !== undefined) {
    const width = Math.max(...parts.map((p) => Number(p.getAttribute("width") ?? 640)), 100);
    parts.unshift(partElement(titlePart(title, width), width));
  }
  return new Figure(stackElements(parts, gap), title ?? "figure");
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
  const children = Array.from(figure.children);
  const isSvg = (c: SvgNode) => c.tagName.toLowerCase() === "svg";
  const width = Math.max(
    100,
    ...children.filter(isSvg).map((c) => Number(c.getAttribute("width"))),
  );
  const parts = children.flatMap((child) => {
    if (isSvg(child)) return [child];
    const text = child.textContent?.trim();
    if (!text) return [];
    const h2 = child.tagName.toLowerCase() === "h2";
    return [partElement(h2 ? titlePart(text, width) : notePart(text, width), width)];
  });
  return stackElements(parts, 4);
}
