import { encode } from "fast-png";
import { base64 } from "./base64.ts";
import { DISPLAY, type Displayable, type MimeBundle } from "./jupyter.ts";
import {
  blankRaster,
  blitImage,
  type CheckedImages,
  checkImages,
  type ImageBatch,
  type RgbRaster,
  type ValueRange,
} from "./image.ts";
import { checkOptions } from "../validate.ts";

/** Options of {@linkcode sampleGrid}. */
export interface SampleGridOptions {
  /** Grid rows; default `ceil(n / cols)`. With `cols`, rows x cols must equal n. */
  rows?: number;
  /** Grid columns; default the smallest divisor of n at or above sqrt(n), or `n / rows` when only `rows` is given. */
  cols?: number;
  /** Image shape `[h, w]` or `[h, w, c]` for a `[n, d]` batch. */
  imageShape?: readonly number[];
  /** Pixel value range; default `"unit"` ([0, 1]). See {@linkcode ValueRange}. */
  range?: ValueRange;
  /** Pixels between and around cells; default 2. */
  padding?: number;
  /** Padding colour `[r, g, b]` in 0..255; default mid grey `[128, 128, 128]`. */
  background?: readonly [number, number, number];
  /** Integer upscaling of each pixel (nearest neighbour); default 1. */
  scale?: number;
}

const GRID_KEYS = ["rows", "cols", "imageShape", "range", "padding", "background", "scale"];

/**
 * A PNG image of samples laid out in a grid; displays as `image/png` in
 * Jupyter, with a text/plain description.
 */
export class SampleGrid implements Displayable {
  /**
   * Wraps encoded PNG bytes and their layout (use {@linkcode sampleGrid} to make one).
   *
   * @param png The encoded PNG bytes.
   * @param width Width in pixels.
   * @param height Height in pixels.
   * @param rows Grid rows.
   * @param cols Grid columns.
   */
  constructor(
    readonly png: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly rows: number,
    readonly cols: number,
  ) {}
  /** `image/png` (base64) and `text/plain`. */
  [DISPLAY](): MimeBundle {
    return { "image/png": base64(this.png), "text/plain": this.toString() };
  }
  /** An `<img>` with the PNG inlined as a data URL. */
  toHtml(): string {
    return `<img src="data:image/png;base64,${
      base64(this.png)
    }" width="${this.width}" height="${this.height}" style="image-rendering:pixelated" alt="${this}"/>`;
  }
  /** E.g. `SampleGrid 4x5 (152x152 px PNG)`. */
  toString(): string {
    return `SampleGrid ${this.rows}x${this.cols} (${this.width}x${this.height} px PNG)`;
  }
}

/** Resolved layout: cell size and origin of cell (r, c). */
export interface GridLayout {
  rows: number;
  cols: number;
  cellW: number;
  cellH: number;
  padding: number;
  width: number;
  height: number;
}

/** Cell (r, c)'s top-left pixel. */
export function cellOrigin(layout: GridLayout, r: number, c: number): [number, number] {
  const { padding, cellW, cellH } = layout;
  return [padding + c * (cellW + padding), padding + r * (cellH + padding)];
}

/**
 * Lays `images` out as rows x cols and encodes a PNG (8-bit RGB). Grey
 * images are replicated to RGB; values are mapped from `range` to 0..255 and
 * clamped.
 *
 * @param images `[n, h, w]`, `[n, h, w, 1|3]`, or `[n, d]` with `imageShape`.
 * @param options See {@linkcode SampleGridOptions}.
 * @returns The grid as a displayable PNG.
 * @throws {TypeError} For a wrong rank or an unknown option.
 * @throws {RangeError} For non-finite pixels, rows x cols != n, or bad numbers.
 *
 * @example Two 2x2 grey images side by side
 * ```ts
 * import assert from "node:assert";
 * import { sampleGrid } from "./grid.ts";
 * const g = sampleGrid({ data: new Float32Array(8).fill(1), shape: [2, 2, 2] }, { rows: 1, padding: 1 });
 * assert.deepStrictEqual([g.width, g.height], [7, 4]);
 * ```
 */
export function sampleGrid(images: ImageBatch, options: SampleGridOptions = {}): SampleGrid {
  checkOptions(options, GRID_KEYS, "draw sampleGrid");
  const img = checkImages("images", images, options.imageShape, options.range ?? "unit");
  const { rows, cols } = gridShape(img.n, options.rows, options.cols);
  const { raster, layout } = drawGrid(img, rows, cols, options);
  return new SampleGrid(encodeRgb(raster), layout.width, layout.height, rows, cols);
}

/** Checks rows/cols against n and fills in the missing one. */
export function gridShape(n: number, rows?: number, cols?: number): { rows: number; cols: number } {
  for (const [name, v] of [["rows", rows], ["cols", cols]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new RangeError(
        `Cannot lay out a grid as ${name} must be a positive integer: ${name}=${v}`,
      );
    }
  }
  if (rows === undefined && cols === undefined) {
    // the smallest divisor of n at or above sqrt(n): square-ish, never a ragged last row
    cols = Math.ceil(Math.sqrt(n));
    while (n % cols !== 0) cols++;
  }
  rows ??= n / cols!;
  cols ??= n / rows;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows * cols !== n) {
    throw new RangeError(
      `Cannot lay out a grid as rows x cols must equal the number of samples: rows=${rows}, cols=${cols}, n=${n}`,
    );
  }
  return { rows, cols };
}

/** Draws images 0..rows*cols-1 row by row into a fresh raster with `extraCols` empty columns. */
export function drawGrid(
  img: CheckedImages,
  rows: number,
  cols: number,
  options: SampleGridOptions,
  extraCols = 0,
): { raster: RgbRaster; layout: GridLayout } {
  const padding = options.padding ?? 2;
  const scale = options.scale ?? 1;
  const background = options.background ?? [128, 128, 128];
  if (!Number.isInteger(padding) || padding < 0) {
    throw new RangeError(
      `Cannot lay out a grid as padding must be a non-negative integer: padding=${padding}`,
    );
  }
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new RangeError(
      `Cannot lay out a grid as scale must be an integer in 1..64: scale=${scale}`,
    );
  }
  if (
    !Array.isArray(background) || background.length !== 3 ||
    !background.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)
  ) {
    throw new RangeError(
      `Cannot lay out a grid as background must be [r, g, b] in 0..255: background=${
        JSON.stringify(background)
      }`,
    );
  }
  const cellW = img.w * scale;
  const cellH = img.h * scale;
  const allCols = cols + extraCols;
  const width = allCols * cellW + (allCols + 1) * padding;
  const height = rows * cellH + (rows + 1) * padding;
  const layout = { rows, cols: allCols, cellW, cellH, padding, width, height };
  const raster = blankRaster(width, height, background);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [x, y] = cellOrigin(layout, r, c);
      blitImage(raster, img, r * cols + c, x, y, scale);
    }
  }
  return { raster, layout };
}

/** Encodes an RGB raster as an 8-bit PNG. */
export function encodeRgb(raster: RgbRaster): Uint8Array {
  return encode({
    width: raster.width,
    height: raster.height,
    data: raster.data,
    channels: 3,
    depth: 8,
  });
}
