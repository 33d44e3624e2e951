/**
 * Reductions for the "native" backend: `Sum`, `Mean` and `Max` over innermost (or one contiguous
 * block of) axes without the cpu kernel's transpose and per-call overhead, with the cpu kernel's
 * exact arithmetic (float64 accumulation in input order for Sum; Mean as the cpu kernel, each
 * value divided by the count first; the same NaN-propagating comparison for Max). Other cases
 * fall back to the cpu kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { takeFloat32 } from "./native_pool.ts";
import { unrolledLoop } from "../unrolled.ts";

type Numbers = Float32Array | Int32Array | Uint8Array;

interface CpuLikeBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function float32Of(backend: CpuLikeBackend, info: tf.TensorInfo): Numbers | null {
  const values = info.dtype === "float32" ? backend.data.get(info.dataId).values : null;
  return values instanceof Float32Array || values instanceof Int32Array ||
      values instanceof Uint8Array
    ? values
    : null;
}

/** outer x reduced x inner view of `shape` for sorted contiguous `axes`, or null. */
function blockView(shape: number[], axes: number[]): [number, number, number] | null {
  if (axes.length === 0 || !axes.every((ax, i) => i === 0 || ax === axes[i - 1] + 1)) return null;
  return [
    tf.util.sizeFromShape(shape.slice(0, axes[0])),
    tf.util.sizeFromShape(axes.map((ax) => shape[ax])),
    tf.util.sizeFromShape(shape.slice(axes[axes.length - 1] + 1)),
  ];
}

function outShape(shape: number[], axes: number[], keepDims: boolean): number[] {
  return keepDims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
}

/** Sums rows of `reduced` values (inner 1), each in float64 in order, as the cpu kernel does. */
function sumRows(values: Numbers, outer: number, reduced: number, out: Float32Array): void {
  for (let o = 0; o < outer; o++) {
    const base = o * reduced;
    let s = 0;
    for (let r = 0; r < reduced; r++) s += values[base + r];
    out[o] = s;
  }
}

/**
 * Sums over the middle axis of [outer, reduced, inner] (e.g. a bias gradient), each column in
 * float64 in row order, as the cpu kernel does. Called with Float32Array in training (12 bias
 * gradients a paper-MNIST step), so its element accesses stay monomorphic there.
 */
function sumColumns(
  values: Numbers,
  outer: number,
  reduced: number,
  inner: number,
  out: Float32Array,
): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    let r = 0, base = o * reduced * inner;
    // Four rows per pass over acc: the same additions in the same order (row by row for each
    // column), with a quarter of acc's loads and stores.
    for (; r + 4 <= reduced; r += 4, base += 4 * inner) {
      const b1 = base + inner, b2 = b1 + inner, b3 = b2 + inner;
      for (let i = 0; i < inner; i++) {
        acc[i] = acc[i] + values[base + i] + values[b1 + i] + values[b2 + i] + values[b3 + i];
      }
    }
    for (; r < reduced; r++, base += inner) {
      for (let i = 0; i < inner; i++) acc[i] += values[base + i];
    }
    out.set(acc, o * inner);
  }
}

type BlockView = [outer: number, reduced: number, inner: number];

/**
 * A reduction kernel over one contiguous block of axes, seen as `[outer, reduced, inner]`:
 * `reduce` writes the `outer * inner` results; inputs it does not `accept` (and other axes) go
 * to the cpu kernel `name`. Sum and Mean name their axes `axis`, Max `reductionIndices`.
 */
function blockReduction(
  name: "Sum" | "Mean" | "Max",
  accepts: (values: Numbers, view: BlockView) => boolean,
  reduce: (values: Numbers, view: BlockView, out: Float32Array) => void,
): tf.KernelFunc {
  const fallback = tf.getKernel(name, "cpu")!.kernelFunc;
  return (args) => {
    const backend = args.backend as CpuLikeBackend;
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const values = float32Of(backend, x);
    const attrs = args.attrs as {
      axis?: number | number[];
      reductionIndices?: number | number[];
      keepDims: boolean;
    };
    const axes = tf.util.parseAxisParam(attrs.axis ?? attrs.reductionIndices!, x.shape)
      .sort((p, q) => p - q);
    const view = values === null ? null : blockView(x.shape, axes);
    if (values === null || view === null || !accepts(values, view)) return fallback(args);
    const out = takeFloat32(view[0] * view[2]);
    reduce(values, view, out);
    return backend.makeTensorInfo(outShape(x.shape, axes, attrs.keepDims), "float32", out);
  };
}

/**
 * The native `Sum` kernel for float32 input whose reduced axes form one contiguous block:
 * float64 accumulation per output in input order, rounded once to float32 (the cpu kernel's
 * arithmetic, without its transpose). Other cases go to the cpu kernel.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeSum(): tf.KernelFunc {
  return blockReduction("Sum", () => true, (values, [outer, reduced, inner], out) => {
    if (inner === 1) sumRows(values, outer, reduced, out);
    else sumColumns(values, outer, reduced, inner, out);
  });
}

/**
 * The native `Mean` kernel for float32 input whose reduced axes form one contiguous block (batch
 * normalisation's moments over `[N, H, W]` of `[N, H, W, C]`). As the cpu kernel: each value
 * divided by the count and rounded to float32, then summed in float64 in input order; without
 * its full-size quotient array and transpose. Other cases go to the cpu kernel.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeMean(): tf.KernelFunc {
  return blockReduction(
    "Mean",
    (values) => values instanceof Float32Array,
    (values, [outer, reduced, inner], out) => {
      const acc = new Float64Array(inner);
      const f32 = Math.fround;
      for (let o = 0; o < outer; o++) {
        acc.fill(0);
        for (let r = 0, base = o * reduced * inner; r < reduced; r++, base += inner) {
          for (let i = 0; i < inner; i++) acc[i] += f32(values[base + i] / reduced);
        }
        out.set(acc, o * inner);
      }
    },
  );
}

/**
 * The native `Max` kernel for float32 input reduced over its innermost axes (maxout's max
 * over pieces): the cpu kernel's loop (first value, then any NaN or larger value replaces
 * it). Other cases go to the cpu kernel.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeMax(): tf.KernelFunc {
  return blockReduction(
    "Max",
    (values, view) => values instanceof Float32Array && view[2] === 1,
    (values, [outer, reduced], out) => maxRows(values as Float32Array, outer, reduced, out),
  );
}

/**
 * Row maxima as the cpu kernel computes them (the first value, replaced by any later NaN or
 * larger value). Fast path without data-dependent branches: float32 bits mapped to int32 keys
 * that order like the floats (negative patterns flipped), maximised with Math.max on int32.
 * That equals the cpu result unless the row holds a NaN or its maximum is a zero (-0 and +0
 * order differently as keys): those rows are recomputed with the cpu loop.
 */
function maxRows(values: Float32Array, outer: number, reduced: number, out: Float32Array): void {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  const outBits = new Int32Array(out.buffer, out.byteOffset, out.length);
  const unrolled = unrolledMaxRows(reduced);
  if (unrolled !== null) return unrolled(values, bits, out, outBits);
  for (let o = 0; o < outer; o++) {
    const base = o * reduced;
    let key = -2147483648;
    let nan = 0;
    for (let r = 0; r < reduced; r++) {
      const b = bits[base + r];
      nan |= 0x7f800000 - (b & 0x7fffffff); // sign bit set iff NaN
      key = Math.max(key, b ^ ((b >> 31) & 0x7fffffff));
    }
    const result = key ^ ((key >> 31) & 0x7fffffff);
    if (nan < 0 || (result & 0x7fffffff) === 0 || reduced === 0) {
      let max = values[base];
      for (let r = 0; r < reduced; r++) {
        const v = values[base + r];
        if (v !== v || v > max) max = v;
      }
      out[o] = max;
    } else {
      outBits[o] = result;
    }
  }
}

type MaxRowsLoop = (
  values: Float32Array,
  bits: Int32Array,
  out: Float32Array,
  outBits: Int32Array,
) => void;
const maxRowsLoops = new Map<number, MaxRowsLoop>();

/**
 * {@linkcode maxRows}' loop with the row loop unrolled for `reduced` in [2, 16] (maxout's
 * pieces): V8 runs a short inner loop of data-dependent length at about half the speed of
 * straight-line code. Null for other lengths.
 */
function unrolledMaxRows(reduced: number): MaxRowsLoop | null {
  return unrolledLoop(maxRowsLoops, reduced, ["values", "bits", "out", "outBits"], (reduced) => {
    const pieces = Array.from(
      { length: reduced },
      (_, r) =>
        `b = bits[i + ${r}]; nan |= 0x7f800000 - (b & 0x7fffffff); ` +
        `key = Math.max(key, b ^ ((b >> 31) & 0x7fffffff));`,
    ).join("\n");
    return `for (let o = 0, i = 0; o < out.length; o++, i += ${reduced}) {
        let key = -2147483648, nan = 0, b = 0;
        ${pieces}
        const result = key ^ ((key >> 31) & 0x7fffffff);
        if (nan < 0 || (result & 0x7fffffff) === 0) {
          let max = values[i];
          for (let r = 0; r < ${reduced}; r++) {
            const v = values[i + r];
            if (v !== v || v > max) max = v;
          }
          out[o] = max;
        } else outBits[o] = result;
      }`;
  });
}
