/**
 * Jupyter integration for Deno's kernel: detection, MIME bundles, the display
 * symbol, and helpers that keep outputs clear of the kernel's late-output
 * race (outputs sent after the cell's idle, which nbconvert drops).
 *
 * @module
 */

import { checkOptions } from "../validate.ts";

/**
 * The symbol Deno's Jupyter kernel looks for: an object with a method under
 * this key is shown by calling it and sending the returned {@linkcode MimeBundle}.
 */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * A Jupyter MIME bundle: MIME type to content. Text types are strings,
 * `image/png` is base64 (no `data:` prefix), JSON types are plain objects.
 * Every bundle this module builds has a `text/plain` fallback.
 */
export type MimeBundle = Record<string, string | Record<string, unknown>>;

/** An object Deno's Jupyter kernel can display, with a plain-text fallback (`toString`). */
export interface Displayable {
  /** Returns the MIME bundle to show (always with `text/plain`). */
  [DISPLAY](): MimeBundle;
  /** The same content as plain text, for terminals and logs. */
  toString(): string;
}

/**
 * Whether code runs inside Deno's Jupyter kernel. Outside the kernel
 * `Deno.jupyter` exists but reading it throws, hence the try.
 *
 * @returns `true` inside `deno jupyter`, `false` under `deno run`/`deno test`.
 *
 * @example Outside a notebook
 * ```ts
 * import assert from "node:assert";
 * import { inJupyter } from "./jupyter.ts";
 * assert.strictEqual(inJupyter(), false);
 * ```
 */
export function inJupyter(): boolean {
  try {
    // deno-lint-ignore no-explicit-any
    return typeof (Deno as any).jupyter?.display === "function";
  } catch {
    return false;
  }
}

/**
 * Whether `value` carries the Jupyter display symbol.
 *
 * @param value Anything.
 * @returns `true` when `value[DISPLAY]` is a function.
 */
export function isDisplayable(value: unknown): value is Displayable {
  return value !== null && (typeof value === "object" || typeof value === "function") &&
    typeof (value as Record<symbol, unknown>)[DISPLAY] === "function";
}

/**
 * Turns a displayable, an SVG/HTML element, a string or a ready bundle into a
 * MIME bundle with a `text/plain` fallback.
 *
 * @param item A {@linkcode Displayable}, a DOM element (anything with
 *   `outerHTML`: `<svg>` gives `image/svg+xml`, other elements `text/html`),
 *   a string (`text/plain`) or a {@linkcode MimeBundle}.
 * @returns A new bundle that always has `text/plain`.
 * @throws {TypeError} When `item` is none of these.
 *
 * @example A string becomes text/plain
 * ```ts
 * import assert from "node:assert";
 * import { toBundle } from "./jupyter.ts";
 * assert.deepStrictEqual(toBundle("hi"), { "text/plain": "hi" });
 * ```
 */
export function toBundle(item: unknown): MimeBundle {
  if (isDisplayable(item)) return withText(item[DISPLAY](), String(item));
  if (typeof item === "string") return { "text/plain": item };
  if (item !== null && typeof item === "object") {
    const html = (item as { outerHTML?: unknown }).outerHTML;
    if (typeof html === "string") {
      const type = html.startsWith("<svg") ? "image/svg+xml" : "text/html";
      return { [type]: html, "text/plain": `<${html.slice(1, html.search(/[\s>]/))}> element` };
    }
    const entries = Object.entries(item);
    if (entries.length > 0 && entries.every(([k]) => /^[a-z]+\/[\w.+-]+$/.test(k))) {
      return withText({ ...(item as MimeBundle) }, "(no text form)");
    }
  }
  throw new TypeError(
    `Cannot display item as it is not a Displayable, element, string or MIME bundle: item=${
      String(item)
    }`,
  );
}

function withText(bundle: MimeBundle, text: string): MimeBundle {
  return "text/plain" in bundle ? bundle : { ...bundle, "text/plain": text };
}

/**
 * Waits `ms` milliseconds. Deno's kernel (2.9.6) can publish a cell's output
 * after the cell's `status: idle` message, and nbclient-based runners
 * (`jupyter nbconvert --execute`, papermill) stop listening at idle and drop
 * it; cells ending in a plain expression are the ones hit. Sending outputs
 * with an awaited display and then waiting a little before the cell ends
 * (what {@linkcode show} does) puts them on the wire well before idle. A
 * runner that keeps listening after idle (this project's notebook executor)
 * needs none of this.
 *
 * @param ms Milliseconds to wait, default 50.
 * @returns A promise that resolves after the wait.
 * @throws {RangeError} When `ms` is negative or not finite.
 *
 * @example
 * ```ts
 * import { settle } from "./jupyter.ts";
 * await settle(1);
 * ```
 */
export function settle(ms = 50): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Cannot settle as ms must be a non-negative number: ms=${ms}`);
  }
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** Milliseconds to wait after the last display (see {@linkcode settle}); default 50. */
  settle?: number;
}

/**
 * Displays items in the notebook, in order, awaiting each send and then
 * settling (see {@linkcode settle}), so that a cell ending in `await show(x)`
 * keeps its output even under `jupyter nbconvert --execute` or papermill,
 * which drop what Deno's kernel sends after a cell's idle; a cell ending in
 * a bare `x` sometimes loses it there. Outside Jupyter it prints each item's
 * text form to stdout instead.
 *
 * @param items Displayables, elements, strings or bundles (see {@linkcode toBundle}).
 * @returns A promise resolved once all items are sent and the wait is over.
 * @throws {TypeError} When an item cannot be displayed.
 */
export async function show(...items: unknown[]): Promise<void> {
  await showWith({}, ...items);
}

/**
 * {@linkcode show} with options (the settle time).
 *
 * @param options See {@linkcode ShowOptions}.
 * @param items What to display.
 * @returns A promise resolved once all items are sent and the wait is over.
 * @throws {TypeError} When an item cannot be displayed, or `options` has an unknown key.
 */
export async function showWith(options: ShowOptions, ...items: unknown[]): Promise<void> {
  options = checkOptions(options, ["settle"], "show");
  const bundles = items.map(toBundle);
  if (!inJupyter()) {
    for (const b of bundles) console.log(b["text/plain"]);
    return;
  }
  for (const b of bundles) await jupyterDisplay(b, {});
  await settle(options.settle ?? 50);
}

/** Sends a raw bundle through `Deno.jupyter.display`; callers check {@linkcode inJupyter} first. */
export async function jupyterDisplay(
  bundle: MimeBundle,
  options: { display_id?: string; update?: boolean },
): Promise<void> {
  // deno-lint-ignore no-explicit-any
  await (Deno as any).jupyter.display(bundle, { raw: true, ...options });
}

/**
 * Attaches the display symbol to `target` (returned, same object), for types
 * defined elsewhere (Parzen results, model summaries) that should render in
 * notebooks.
 *
 * @param target The object to extend.
 * @param bundle Builds the bundle when the kernel asks.
 * @param text The plain-text form (also used as `toString`).
 * @returns `target`, now {@linkcode Displayable}.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { DISPLAY, makeDisplayable } from "./jupyter.ts";
 * const r = makeDisplayable({ mean: 225 }, () => ({ "text/html": "<b>225</b>" }), () => "225");
 * assert.strictEqual(r[DISPLAY]()["text/plain"], "225");
 * ```
 */
export function makeDisplayable<T extends object>(
  target: T,
  bundle: () => MimeBundle,
  text: () => string,
): T & Displayable {
  Object.defineProperty(target, DISPLAY, {
    value: () => withText(bundle(), text()),
    enumerable: false,
  });
  Object.defineProperty(target, "toString", { value: text, enumerable: false });
  return target as T & Displayable;
}
