import { escapeHtml } from "./base64.ts";
import { DISPLAY, type Displayable, type MimeBundle } from "./jupyter.ts";
import { checkOptions } from "../validate.ts";

/** A table cell value: numbers are formatted, everything else goes through String. */
export type Cell = string | number | boolean | null | undefined;

/** Options of {@linkcode table}. */
export interface TableOptions {
  /** Column order and selection; default the keys of the first row (object rows) or 0.. (array rows). */
  columns?: readonly string[];
  /** Significant digits for non-integer numbers; default 4. */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

/** A table: displays as `text/html` in Jupyter, with an aligned `text/plain` form. */
export class Table implements Displayable {
  /**
   * Wraps formatted cells (use {@linkcode table} to make one).
   *
   * @param columns Column headers.
   * @param cells Formatted cell text, row by row.
   * @param caption Optional caption.
   */
  constructor(readonly columns: string[], readonly cells: string[][], readonly caption?: string) {}
  /** The HTML `<table>`, escaped. */
  toHtml(): string {
    const head = this.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
    const body = this.cells.map((row) =>
      `<tr>${row.map((c) => `<td style="text-align:right">${escapeHtml(c)}</td>`).join("")}</tr>`
    ).join("");
    const caption = this.caption ? `<caption>${escapeHtml(this.caption)}</caption>` : "";
    return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }
  /** `text/html` and `text/plain`. */
  [DISPLAY](): MimeBundle {
    return { "text/html": this.toHtml(), "text/plain": this.toString() };
  }
  /** Columns padded to equal width, right-aligned. */
  toString(): string {
    const all = [this.columns, ...this.cells];
    const widths = this.columns.map((_, j) => Math.max(...all.map((r) => r[j].length)));
    const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    return [
      ...(this.caption ? [this.caption] : []),
      line(this.columns),
      rule,
      ...this.cells.map(line),
    ].join("\n");
  }
}

/** Formats a cell: integers as is, other numbers to `digits` significant digits. */
export function formatCell(value: Cell, digits = 4): string {
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(digits)));
  }
  return value === null || value === undefined ? "" : String(value);
}

/**
 * A table of rows (divergence tables, Parzen scores, model summaries).
 *
 * @param rows Objects (column name to value) or arrays of cells.
 * @param options See {@linkcode TableOptions}.
 * @returns A displayable table.
 * @throws {TypeError} For rows that are not objects/arrays, or unknown options.
 * @throws {RangeError} For `digits` outside 1..21.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { table } from "./table.ts";
 * const t = table([{ model: "GAN", ll: 225.01234 }, { model: "DBN", ll: 138 }]);
 * assert.strictEqual(t.cells[0][1], "225");
 * assert.match(t.toHtml(), /<th>model<\/th>/);
 * ```
 */
export function table(
  rows: ReadonlyArray<Record<string, Cell> | readonly Cell[]>,
  options: TableOptions = {},
): Table {
  checkOptions(options, ["columns", "digits", "caption"], "draw table");
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(
      `Cannot make a table as digits must be an integer in 1..21: digits=${digits}`,
    );
  }
  if (!Array.isArray(rows)) {
    throw new TypeError(`Cannot make a table as rows must be an array: rows=${rows}`);
  }
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object") {
      throw new TypeError(
        `Cannot make a table as rows[${i}] must be an object or array: value=${r}`,
      );
    }
  });
  const first = rows[0];
  const columns = options.columns
    ? [...options.columns]
    : first === undefined
    ? []
    : Array.isArray(first)
    ? first.map((_, j) => String(j))
    : Object.keys(first);
  const cells = rows.map((r) =>
    columns.map((c) => formatCell((r as Record<string, Cell>)[c], digits))
  );
  return new Table(columns, cells, options.caption);
}

/**
 * A two-column table of an object's fields (e.g. a Parzen result
 * `{ mean, stderr, sigma }`, a model summary).
 *
 * @param record The fields to show, in key order.
 * @param options Caption and digits (see {@linkcode TableOptions}).
 * @returns A displayable table with columns "field" and "value".
 * @throws {TypeError} When `record` is not an object.
 */
export function keyValueTable(
  record: Record<string, Cell>,
  options: Omit<TableOptions, "columns"> = {},
): Table {
  if (record === null || typeof record !== "object") {
    throw new TypeError(`Cannot make a table as record must be an object: record=${record}`);
  }
  checkOptions(options, ["digits", "caption"], "draw keyValueTable");
  return table(Object.entries(record).map(([field, value]) => ({ field, value })), options);
}
