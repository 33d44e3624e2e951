/**
 * `Conv2D`, `FusedConv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` for the "native"
 * backend: CBLAS sgemm over the "im2col" matrix of the input's patches, built and multiplied a
 * block of images at a time, instead of the cpu backend's loops (a DCGAN step on MNIST-sized
 * images took over 200 s with them). These kernels are all that `conv2d`, `conv2dTranspose` (the
 * DCGAN generator's layers), a conv layer with a bias, and their gradients run; the gradients
 * are deferred products (computed when read, never when dropped unread). NHWC float32 without
 * dilation is done here; other cases run the cpu kernel.
 *
 * With `x` `[N, H, W, C]` and a filter `[kh, kw, C, F]`, the patch matrix `P` has a row per
 * output position `(n, oy, ox)` and a column per `(ky, kx, c)` (the filter's own order), holding
 * `x[n, oy * sh - top + ky, ox * sw - left + kx, c]` (0 outside the image). Then
 * `conv2d(x, w) = P W`, `dW = P^T dY`, and `dX` sums `dY W^T` back over the patches.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Blas } from "./blas.ts";
import { takeFloat32 } from "./native_pool.ts";
import { copyRun } from "./native_tile.ts";
import {
  addBiasAndActivate,
  cpuKernel,
  type CpuLikeBackend,
  deferredTensor,
  float32Values,
  type ProductCompute,
} from "./native_matmul.ts";

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** The convolution kernels done here. */
export const NATIVE_CONV_KERNELS: readonly string[] = [
  "Conv2D",
  "FusedConv2D",
  "Conv2DBackpropInput",
  "Conv2DBackpropFilter",
];

/** One scratch array for the patch matrix, grown as needed (kernels run one at a time). */
let scratch = new Float32Array(0);

function patchBuffer(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  return scratch.subarray(0, length);
}

/** Whether the attributes are ones done here: NHWC, no dilation. */
function handled(attrs: Record<string, unknown>): boolean {
  const dataFormat = (attrs.dataFormat as string | undefined) ?? "NHWC";
  const d = attrs.dilations as number | [number, number] | undefined;
  const dilated = d !== undefined && (Array.isArray(d) ? d[0] !== 1 || d[1] !== 1 : d !== 1);
  return dataFormat === "NHWC" && !dilated;
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: Record<string, unknown>,
): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as "valid" | "same" | number,
    attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    false,
    "channelsLast",
  );
}

/**
 * The loop bounds of {@linkcode patches} and {@linkcode addPatches}. Along `kx` a patch row's
 * values and their places in the NHWC image are both contiguous, so each filter row of a patch
 * is one run of up to `kw * C` values (clipped at the image's left and right edges).
 */
interface Geometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
  channels: number;
  /** Values per patch row: `kh * kw * C`. */
  width: number;
  /** Values per image row: `inWidth * C`. */
  rowLength: number;
}

function geometry(info: Conv2DInfo): Geometry {
  const c = info.inChannels;
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
    channels: c,
    width: info.filterHeight * info.filterWidth * c,
    rowLength: info.inWidth * c,
  };
}

/**
 * Images per block of the patch matrix: the kernels build and use it a block at a time, so
 * that sgemm reads each block from cache right after it was written (the whole matrix of a
 * DCGAN layer is 40 MB; a block about 1 MB).
 */
function imagesPerBlock(g: Geometry): number {
  return Math.max(1, Math.floor(BLOCK_VALUES / (g.outHeight * g.outWidth * g.width)));
}

/** Patch-matrix values per block (see {@linkcode imagesPerBlock}). */
const BLOCK_VALUES = 1 << 18;

/**
 * The rows of the patch matrix `[N * outH * outW, kh * kw * C]` of `x` (see the module's
 * notes) for images `first` to `end - 1`, in a scratch array.
 */
function patches(x: Float32Array, g: Geometry, first: number, end: number): Float32Array {
  const imageRows = g.outHeight * g.outWidth * g.width;
  const p = patchBuffer((end - first) * imageRows);
  // One call per image: V8 optimises a function that is called often as a whole, while one
  // long loop nest only gets on-stack replacement, which here kept deoptimising (2-3x slower).
  for (let n = first; n < end; n++) {
    imagePatches(x, n * g.inHeight * g.rowLength, p, (n - first) * imageRows, g);
  }
  return p;
}

/** Writes the patch rows of one image (at `image` in `x`) from row offset `row` of `p`. */
function imagePatches(x: Float32Array, image: number, p: Float32Array, row: number, g: Geometry) {
  const { inHeight, inWidth, outHeight, outWidth, kh, kw, sh, sw, top, left, channels: c } = g;
  const run = kw * c;
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++, row += g.width) {
      const ix0 = ox * sw - left;
      const kx0 = Math.max(0, -ix0), kx1 = Math.min(kw, inWidth - ix0);
      const length = Math.max(0, kx1 - kx0) * c;
      for (let ky = 0, at = row; ky < kh; ky++, at += run) {
        const iy = oy * sh - top + ky;
        if (iy < 0 || iy >= inHeight || length === 0) {
          p.fill(0, at, at + run);
          continue;
        }
        if (kx0 > 0) p.fill(0, at, at + kx0 * c);
        const to = at + kx0 * c, from = image + iy * g.rowLength + (ix0 + kx0) * c;
        copyRun(x, from, p, to, length);
        if (kx1 < kw) p.fill(0, to + length, at + run);
      }
    }
  }
}

/**
 * Adds each patch row of `p` (the rows of images `first` to `end - 1`) back where it came
 * from in `dx` `[N, H, W, C]`. Runs of {@linkcode LONG_RUN} or more values go through BLAS
 * (`addRuns`): V8's loop ran at half its own best speed inside a training step here, and
 * saxpy with alpha 1 gives the same sums.
 */
function addPatches(
  p: Float32Array,
  g: Geometry,
  first: number,
  end: number,
  dx: Float32Array,
  blas: Blas,
): void {
  const imageRows = g.outHeight * g.outWidth * g.width;
  const addRun = g.kw * g.channels >= LONG_RUN ? blas.addRuns(p, dx) : null;
  for (let n = first; n < end; n++) {
    addImagePatches(p, (n - first) * imageRows, dx, n * g.inHeight * g.rowLength, g, addRun);
  }
}

/** Runs at least this long are added by BLAS (an FFI call costs about a 100-value loop). */
const LONG_RUN = 128;

/**
 * Adds one image's patch rows (from row offset `row` of `p`) into `dx` at `image`, in the
 * order of the patch rows (so each value gets its terms in the same order as a plain loop),
 * by `addRun` where given.
 */
function addImagePatches(
  p: Float32Array,
  row: number,
  dx: Float32Array,
  image: number,
  g: Geometry,
  addRun: ((pAt: number, dxAt: number, n: number) => void) | null,
) {
  const { inHeight, inWidth, outHeight, outWidth, kh, kw, sh, sw, top, left, channels: c } = g;
  const run = kw * c;
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++, row += g.width) {
      const ix0 = ox * sw - left;
      const kx0 = Math.max(0, -ix0), kx1 = Math.min(kw, inWidth - ix0);
      const length = Math.max(0, kx1 - kx0) * c;
      if (length === 0) continue;
      for (let ky = 0, at = row + kx0 * c; ky < kh; ky++, at += run) {
        const iy = oy * sh - top + ky;
        if (iy < 0 || iy >= inHeight) continue;
        const to = image + iy * g.rowLength + (ix0 + kx0) * c;
        if (addRun !== null) addRun(at, to, length);
        else for (let j = 0; j < length; j++) dx[to + j] += p[at + j];
      }
    }
  }
}

/**
 * What each kernel here starts from: its two float32 operands (named `first`, `second` in its
 * inputs), the convolution's geometry for an input image of `imageShape` and the filter's
 * shape, and the patch matrix's size. Null (run the cpu kernel) when the attributes, dtypes or
 * ranks are not the ones done here.
 */
function convOperands(
  args: KernelArgs,
  first: string,
  second: string,
  imageShape: (inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>) => number[],
  filterShape: (inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>) => number[],
) {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as Record<string, unknown>;
  const backend = args.backend as unknown as CpuLikeBackend;
  const a = float32Values(backend, inputs[first]), b = float32Values(backend, inputs[second]);
  const shape = imageShape(inputs, attrs);
  if (!handled(attrs) || a === null || b === null || shape.length !== 4) return null;
  const info = convInfo(shape, filterShape(inputs, attrs), attrs);
  return {
    backend,
    a,
    b,
    info,
    rows: info.batchSize * info.outHeight * info.outWidth,
    inner: info.filterHeight * info.filterWidth * info.inChannels,
  };
}

/**
 * `Conv2D` (inputs `x`, `filter`).
 *
 * @param blas The BLAS library, read at each call.
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeConv2D(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("Conv2D");
  return (args: KernelArgs) => {
    const op = convOperands(args, "x", "filter", (i) => i.x.shape, (i) => i.filter.shape);
    if (op === null) return fallback(args);
    const { backend, a: x, b: w, info, inner } = op;
    const g = geometry(info), f = info.outChannels, positions = g.outHeight * g.outWidth;
    const y = takeFloat32(g.batchSize * positions * f);
    const per = imagesPerBlock(g);
    for (let first = 0; first < g.batchSize; first += per) {
      const end = Math.min(g.batchSize, first + per), rows = (end - first) * positions;
      if (rows * f === 0) continue;
      const out = y.subarray(first * positions * f, end * positions * f);
      blas().sgemm(false, false, rows, f, inner, patches(x, g, first, end), w, out, 0);
    }
    return backend.makeTensorInfo(info.outShape, "float32", y);
  };
}

/**
 * `FusedConv2D` (inputs `x`, `filter`, optional `bias` and `preluActivationWeights`): the
 * product here, then the bias and the activation with the cpu backend's kernels, as its own
 * fused kernel does. tfjs runs it for a conv layer with a bias when no gradient is taken.
 *
 * @param blas The BLAS library, read at each call.
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeFusedConv2D(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("FusedConv2D");
  const conv = nativeConv2D(blas);
  return (args: KernelArgs) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<
      string,
      tf.TensorInfo | undefined
    >;
    const attrs = args.attrs as unknown as Record<string, unknown>;
    if (!handled(attrs) || x!.dtype !== "float32" || filter!.dtype !== "float32") {
      return fallback(args);
    }
    return addBiasAndActivate(
      args.backend as unknown as CpuLikeBackend,
      conv({ ...args, inputs: { x: x!, filter: filter! } }) as tf.TensorInfo,
      bias,
      (attrs.activation as string | undefined) ?? "linear",
      preluActivationWeights,
      attrs.leakyreluAlpha as number | undefined,
    );
  };
}

/**
 * `Conv2DBackpropFilter` (inputs `x`, `dy`; attribute `filterShape`): `P^T dY`, computed when
 * first read. tfjs's fused conv gradient computes the filter's and the input's gradients
 * together, also where only one is used (D's filters in G's step, D's input in D's step): the
 * unused one is disposed unread and so costs nothing.
 *
 * @param blas The BLAS library, read at each call.
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeConv2DBackpropFilter(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("Conv2DBackpropFilter");
  return (args: KernelArgs) => {
    const filterShape = (args.attrs as unknown as { filterShape: number[] }).filterShape;
    const op = convOperands(args, "x", "dy", (i) => i.x.shape, () => filterShape);
    if (op === null) return fallback(args);
    const { backend, a: x, b: dy, info, rows, inner } = op;
    const g = geometry(info), f = info.outChannels, positions = g.outHeight * g.outWidth;
    const compute: ProductCompute = (dw = takeFloat32(inner * f), accumulate) => {
      if (rows === 0 && !accumulate) dw.fill(0);
      // dW = sum over blocks of P_b^T dY_b: the first block overwrites dW (unless adding).
      const per = imagesPerBlock(g);
      for (let first = 0; first < g.batchSize; first += per) {
        const end = Math.min(g.batchSize, first + per), k = (end - first) * positions;
        const beta = accumulate || first > 0 ? 1 : 0;
        const dyBlock = dy.subarray(first * positions * f, end * positions * f);
        if (k > 0) {
          blas().sgemm(true, false, inner, f, k, patches(x, g, first, end), dyBlock, dw, beta);
        }
      }
      return dw;
    };
    return deferredTensor(backend, [...filterShape], compute, [x, dy]);
  };
}

/**
 * `Conv2DBackpropInput` (inputs `dy`, `filter`; attribute `inputShape`): `dY W^T` summed back
 * over the patches, computed when first read (see {@linkcode nativeConv2DBackpropFilter}). The
 * forward pass of `conv2dTranspose`.
 *
 * @param blas The BLAS library, read at each call.
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeConv2DBackpropInput(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("Conv2DBackpropInput");
  return (args: KernelArgs) => {
    const inputShape = (args.attrs as unknown as { inputShape: number[] }).inputShape;
    const op = convOperands(args, "dy", "filter", () => inputShape, (i) => i.filter.shape);
    if (op === null) return fallback(args);
    const { backend, a: dy, b: w, info, inner } = op;
    const size = tf.util.sizeFromShape(inputShape);
    const g = geometry(info), f = info.outChannels, positions = g.outHeight * g.outWidth;
    const compute: ProductCompute = (dx = takeFloat32(size), accumulate = false) => {
      if (!accumulate) dx.fill(0);
      const per = imagesPerBlock(g);
      for (let first = 0; first < g.batchSize; first += per) {
        const end = Math.min(g.batchSize, first + per), m = (end - first) * positions;
        const p = patchBuffer(m * inner);
        if (p.length === 0) continue;
        const dyBlock = dy.subarray(first * positions * f, end * positions * f);
        blas().sgemm(false, true, m, inner, f, dyBlock, w, p, 0);
        addPatches(p, g, first, end, dx, blas());
      }
      return dx;
    };
    return deferredTensor(backend, [...inputShape], compute, [dy, w]);
  };
}
