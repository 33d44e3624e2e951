/**
 * A batch of images as plain data: `shape` is `[n, h, w]` (grey),
 * `[n, h, w, c]` with c = 1 (grey) or 3 (RGB), or `[n, d]` together with
 * an `imageShape` option (e.g. MNIST rows of 784 with `[28, 28]`).
 * `data` is row-major (as `await tensor.data()` returns it).
 */
export interface ImageBatch {
  /** Pixel values, row-major, length = product of `shape`. */
  data: ArrayLike<number>;
  /** `[n, h, w]`, `[n, h, w, c]` or `[n, d]` (with an image shape given separately). */
  shape: readonly number[];
}

/**
 * How pixel values map to [0, 255]: `"unit"` is [0, 1] (sigmoid outputs),
 * `"symmetric"` is [-1, 1] (tanh outputs), `"auto"` the batch's min..max, or
 * an explicit `[low, high]`. Values outside are clamped.
 */
export type ValueRange = "unit" | "symmetric" | "auto" | readonly [number, number];

/** A batch checked and resolved to n images of h x w x c (c = 1 or 3). */
export interface CheckedImages {
  data: ArrayLike<number>;
  n: number;
  h: number;
  w: number;
  c: 1 | 3;
  low: number;
  high: number;
  /** The batch's smallest and largest value (before any range mapping). */
  min: number;
  max: number;
}

/**
 * Validates a batch (shape, length, finite values) and resolves its value range.
 * `what` names the argument in error messages.
 */
export function checkImages(
  what: string,
  images: ImageBatch,
  imageShape: readonly number[] | undefined,
  range: ValueRange,
): CheckedImages {
  if (images === null || typeof images !== "object" || !Array.isArray(images.shape)) {
    throw new TypeError(`Cannot draw images as ${what} must be { data, shape }: ${what}=${images}`);
  }
  const shape = images.shape;
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(
      `Cannot draw images as ${what}.shape must hold positive integers: shape=[${shape}]`,
    );
  }
  let dims: number[];
  if (shape.length === 2) {
    if (!imageShape) {
      throw new TypeError(
        `Cannot draw images as ${what} has rank 2 and no imageShape option: shape=[${shape}]`,
      );
    }
    dims = [shape[0], ...imageShape];
    const per = imageShape.reduce((a, b) => a * b, 1);
    if (per !== shape[1]) {
      throw new RangeError(
        `Cannot draw images as imageShape does not match ${what}.shape[1]: imageShape=[${imageShape}], shape=[${shape}]`,
      );
    }
  } else dims = [...shape];
  if (dims.length === 3) dims.push(1);
  if (dims.length !== 4 || (dims[3] !== 1 && dims[3] !== 3)) {
    throw new TypeError(
      `Cannot draw images as ${what} must have shape [n,h,w], [n,h,w,1], [n,h,w,3] or [n,d] with imageShape: shape=[${shape}]`,
    );
  }
  const [n, h, w, c] = dims;
  const size = n * h * w * c;
  if (images.data?.length !== size) {
    throw new RangeError(
      `Cannot draw images as ${what}.data length does not match its shape: length=${images.data?.length}, shape=[${shape}]`,
    );
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    const v = images.data[i];
    if (!Number.isFinite(v)) {
      const k = Math.floor(i / (h * w * c));
      throw new RangeError(
        `Cannot draw images as ${what} holds a non-finite value (image ${k}, flat index ${i}): value=${v}`,
      );
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const [low, high] = resolveRange(range, min, max);
  return { data: images.data, n, h, w, c: c as 1 | 3, low, high, min, max };
}

/** The [low, high] a range maps to 0..255, given the data's min and max (for "auto"). */
export function resolveRange(range: ValueRange, min: number, max: number): [number, number] {
  if (range === "unit") return [0, 1];
  if (range === "symmetric") return [-1, 1];
  if (range === "auto") return max > min ? [min, max] : [min - 0.5, min + 0.5];
  if (
    Array.isArray(range) && range.length === 2 && Number.isFinite(range[0]) &&
    Number.isFinite(range[1]) && range[1] > range[0]
  ) return [range[0], range[1]];
  throw new RangeError(
    `Cannot draw images as range must be "unit", "symmetric", "auto" or [low, high] with low < high: range=${
      JSON.stringify(range)
    }`,
  );
}

/** An RGB raster: `data` is h * w * 3 bytes, row-major. */
export interface RgbRaster {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Fills a raster with one colour. */
export function blankRaster(width: number, height: number, rgb: readonly number[]): RgbRaster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
}

/** Copies image `k` of `img` into `out` at (x0, y0), each pixel as a `scale` x `scale` block. */
export function blitImage(
  out: RgbRaster,
  img: CheckedImages,
  k: number,
  x0: number,
  y0: number,
  scale: number,
): void {
  const { h, w, c, low, high, data } = img;
  const span = high - low;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = ((k * h + y) * w + x) * c;
      const rgb = [0, 0, 0];
      for (let ch = 0; ch < 3; ch++) {
        const v = (data[src + (c === 3 ? ch : 0)] - low) / span;
        rgb[ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          out.data.set(rgb, (((y0 + y * scale + dy) * out.width) + x0 + x * scale + dx) * 3);
        }
      }
    }
  }
}

/** Paints the ring of `thickness` pixels just outside the box (x, y, w, h). */
export function outlineBox(
  out: RgbRaster,
  x: number,
  y: number,
  w: number,
  h: number,
  thickness: number,
  rgb: readonly number[],
): void {
  for (let yy = y - thickness; yy < y + h + thickness; yy++) {
    for (let xx = x - thickness; xx < x + w + thickness; xx++) {
      const inside = xx >= x && xx < x + w && yy >= y && yy < y + h;
      if (inside || xx < 0 || yy < 0 || xx >= out.width || yy >= out.height) continue;
      out.data.set(rgb, (yy * out.width + xx) * 3);
    }
  }
}
