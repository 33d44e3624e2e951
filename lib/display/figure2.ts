import { blitImage, checkImages, type ImageBatch, outlineBox, resolveRange } from "./image.ts";
import { cellOrigin, drawGrid, encodeRgb, SampleGrid, type SampleGridOptions } from "./grid.ts";
import { checkOptions } from "../validate.ts";

/** Options of {@linkcode figure2Grid}: the grid options (rows default 4, cols default 5) plus the outline. */
export interface Figure2Options extends SampleGridOptions {
  /** Outline colour `[r, g, b]`; default yellow `[255, 255, 0]`. */
  outline?: readonly [number, number, number];
  /** Outline thickness in pixels, at most `padding`; default `padding` (padding defaults to 2 here). */
  outlineWidth?: number;
}

const KEYS = [
  "rows",
  "cols",
  "imageShape",
  "range",
  "padding",
  "background",
  "scale",
  "outline",
  "outlineWidth",
];

/**
 * The layout of Figure 2 of Goodfellow et al. (2014): rows x cols fair
 * (not cherry-picked) samples, plus a rightmost column that shows, for the
 * neighbouring sample (the last of each row), its nearest training example
 * (by squared Euclidean pixel distance, searched elsewhere), outlined in
 * yellow. The authors' script uses 4 rows x 5 samples.
 *
 * @param samples rows * cols generated images, row by row (`[n, h, w]`, `[n, h, w, c]` or `[n, d]` with `imageShape`).
 * @param neighbours `rows` training images: entry r is the nearest neighbour of sample `r * cols + cols - 1`.
 * @param options See {@linkcode Figure2Options}. With `range: "auto"` both batches share one min..max.
 * @returns A PNG of rows x (cols + 1) cells.
 * @throws {TypeError} For wrong ranks, mismatched image shapes, or unknown options.
 * @throws {RangeError} When counts do not match rows x cols, for non-finite pixels, or an outline wider than the padding.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { figure2Grid } from "./figure2.ts";
 * const s = { data: new Float32Array(20 * 4), shape: [20, 2, 2] };
 * const nb = { data: new Float32Array(4 * 4).fill(1), shape: [4, 2, 2] };
 * const g = figure2Grid(s, nb);
 * assert.deepStrictEqual([g.rows, g.cols], [4, 6]);
 * ```
 */
export function figure2Grid(
  samples: ImageBatch,
  neighbours: ImageBatch,
  options: Figure2Options = {},
): SampleGrid {
  checkOptions(options, KEYS, "draw figure2Grid");
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 5;
  const padding = options.padding ?? 2;
  const outlineWidth = options.outlineWidth ?? padding;
  const outline = options.outline ?? [255, 255, 0];
  const range = options.range ?? "unit";
  let s = checkImages("samples", samples, options.imageShape, range);
  let nb = checkImages("neighbours", neighbours, options.imageShape, range);
  if (s.h !== nb.h || s.w !== nb.w || s.c !== nb.c) {
    throw new TypeError(
      `Cannot draw figure 2 as samples and neighbours differ in image shape: samples=[${s.h},${s.w},${s.c}], neighbours=[${nb.h},${nb.w},${nb.c}]`,
    );
  }
  if (
    !Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 ||
    s.n !== rows * cols
  ) {
    throw new RangeError(
      `Cannot draw figure 2 as rows x cols must equal the number of samples: rows=${rows}, cols=${cols}, n=${s.n}`,
    );
  }
  if (nb.n !== rows) {
    throw new RangeError(
      `Cannot draw figure 2 as there must be one neighbour per row: rows=${rows}, neighbours=${nb.n}`,
    );
  }
  if (!Number.isInteger(outlineWidth) || outlineWidth < 1 || outlineWidth > padding) {
    throw new RangeError(
      `Cannot draw figure 2 as outlineWidth must be an integer in 1..padding (${padding}): outlineWidth=${outlineWidth}`,
    );
  }
  if (
    !Array.isArray(outline) || outline.length !== 3 ||
    !outline.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)
  ) {
    throw new RangeError(
      `Cannot draw figure 2 as outline must be [r, g, b] in 0..255: outline=${
        JSON.stringify(outline)
      }`,
    );
  }
  if (range === "auto") {
    const [low, high] = resolveRange("auto", Math.min(s.min, nb.min), Math.max(s.max, nb.max));
    s = { ...s, low, high };
    nb = { ...nb, low, high };
  }
  const { raster, layout } = drawGrid(s, rows, cols, { ...options, padding }, 1);
  const scale = options.scale ?? 1;
  for (let r = 0; r < rows; r++) {
    const [x, y] = cellOrigin(layout, r, cols);
    blitImage(raster, nb, r, x, y, scale);
    outlineBox(raster, x, y, layout.cellW, layout.cellH, outlineWidth, outline);
  }
  return new SampleGrid(encodeRgb(raster), layout.width, layout.height, rows, cols + 1);
}
