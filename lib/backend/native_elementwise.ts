/**
 * Fast float32 elementwise kernels for the "native" backend. The cpu backend's binary kernels
 * call one shared closure per element and compute a broadcast index per element (measured
 * 40-90 ns per element here); these run one monomorphic loop per op over collapsed strides
 * (~1-3 ns per element). Same results: each output element is the same single float32
 * operation on the same two inputs. Other dtypes fall back to the cpu kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { takeFloat32 } from "./native_pool.ts";

/**
 * Values of a float32 tensor: a Float32Array, or the Uint8Array/Int32Array of a bool/int32
 * tensor that the cpu backend's Cast to float32 shares without copying (exact values).
 */
type Numbers = Float32Array | Int32Array | Uint8Array;

/**
 * A 2-D block: out[o + r*n + i] = f(a[ai + r*ar + i*as], b[bi + r*br + i*bs]) for r < rows,
 * i < n. Two levels, so that a broadcast along a short inner axis (maxout's [batch, units, 5]
 * against [batch, units, 1]) is one call, not one per row. One copy per op so each loop is
 * monomorphic.
 */
type BlockLoop = (
  a: Numbers,
  ai: number,
  ar: number,
  as: number,
  b: Numbers,
  bi: number,
  br: number,
  bs: number,
  out: Float32Array | Uint8Array,
  o: number,
  rows: number,
  n: number,
) => void;

const LOOPS: Record<string, [BlockLoop, "float32" | "bool"]> = {
  Add: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] + b[bi + i * bs];
    }
  }, "float32"],
  Sub: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] - b[bi + i * bs];
    }
  }, "float32"],
  Multiply: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] * b[bi + i * bs];
    }
  }, "float32"],
  RealDiv: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] / b[bi + i * bs];
    }
  }, "float32"],
  SquaredDifference: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) {
        const d = a[ai + i * as] - b[bi + i * bs];
        out[o + i] = d * d;
      }
    }
  }, "float32"],
  Maximum: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      // The cpu kernel's formula (NaN and -0 handled as it does).
      for (let i = 0; i < n; i++) out[o + i] = Math.max(a[ai + i * as], b[bi + i * bs]);
    }
  }, "float32"],
  Equal: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      // Number(bool) compiles without a branch (a ternary mispredicts on random data).
      for (let i = 0; i < n; i++) out[o + i] = Number(a[ai + i * as] === b[bi + i * bs]);
    }
  }, "bool"],
  Greater: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = Number(a[ai + i * as] > b[bi + i * bs]);
    }
  }, "bool"],
  Less: [(a, ai, ar, as, b, bi, br, bs, out, o, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ar, bi += br, o += n) {
      for (let i = 0; i < n; i++) out[o + i] = Number(a[ai + i * as] < b[bi + i * bs]);
    }
  }, "bool"],
};

/**
 * Loops for float32 operands of the output's size or a single value (no broadcast strides):
 * the common case (same-shape gradients, dropout masks, scalars), each function seeing only
 * Float32Arrays so that the JIT keeps its element accesses monomorphic (about 2-3x the
 * strided loop's speed). The arithmetic is the strided loop's.
 */
const FLAT: Record<string, (a: Float32Array, b: Float32Array, out: Float32Array) => void> = {
  Add: (a, b, out) => {
    if (a.length === 1) return addScalar(b, a[0], out);
    if (b.length === 1) return addScalar(a, b[0], out);
    for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  },
  Sub: (a, b, out) => {
    if (a.length === 1) {
      const s = a[0];
      for (let i = 0; i < out.length; i++) out[i] = s - b[i];
    } else if (b.length === 1) {
      const s = b[0];
      for (let i = 0; i < out.length; i++) out[i] = a[i] - s;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
    }
  },
  Multiply: (a, b, out) => {
    if (a.length === 1) return mulScalar(b, a[0], out);
    if (b.length === 1) return mulScalar(a, b[0], out);
    for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
  },
};

/**
 * Comparisons of two same-size float32 operands, or one against a single value (a ReLU or
 * leaky ReLU gradient's mask `x > 0`), into bool values: one monomorphic loop per op and
 * operand form; the broadcast loop serves every element type and ran at ~25 ns a value here.
 */
const FLAT_COMPARE: Record<string, (a: Float32Array, b: Float32Array, out: Uint8Array) => void> = {
  Greater: (a, b, out) => {
    if (b.length === 1 && a.length !== 1) {
      const s = b[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(a[i] > s);
    } else if (a.length === 1 && b.length !== 1) {
      const s = a[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(s > b[i]);
    } else for (let i = 0; i < out.length; i++) out[i] = Number(a[i] > b[i]);
  },
  Less: (a, b, out) => {
    if (b.length === 1 && a.length !== 1) {
      const s = b[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(a[i] < s);
    } else if (a.length === 1 && b.length !== 1) {
      const s = a[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(s < b[i]);
    } else for (let i = 0; i < out.length; i++) out[i] = Number(a[i] < b[i]);
  },
  Equal: (a, b, out) => {
    if (b.length === 1 && a.length !== 1) {
      const s = b[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(a[i] === s);
    } else if (a.length === 1 && b.length !== 1) {
      const s = a[0];
      for (let i = 0; i < out.length; i++) out[i] = Number(s === b[i]);
    } else for (let i = 0; i < out.length; i++) out[i] = Number(a[i] === b[i]);
  },
};

/**
 * A full float32 operand against one row repeated along every leading axis (a `[C]` mean,
 * scale or bias against `[N, H, W, C]`): `out[r * n + j] = op(full[r * n + j], row[j])`, or
 * `op(row[j], full[...])` when `rowFirst`. One monomorphic loop per op; the strided broadcast
 * loop took ~4.5 ns a value on these shapes.
 */
const ROWS: Record<
  string,
  (full: Float32Array, row: Float32Array, out: Float32Array, rowFirst: boolean) => void
> = {
  // Float addition and multiplication commute exactly: one order serves both.
  Add: (full, row, out) => addRow(full, row, out),
  Sub: (full, row, out, rowFirst) => {
    const n = row.length;
    if (rowFirst) {
      for (let at = 0; at < out.length; at += n) {
        for (let j = 0; j < n; j++) out[at + j] = row[j] - full[at + j];
      }
    } else {
      for (let at = 0; at < out.length; at += n) {
        for (let j = 0; j < n; j++) out[at + j] = full[at + j] - row[j];
      }
    }
  },
  Multiply: (full, row, out) => {
    const n = row.length;
    for (let at = 0; at < out.length; at += n) {
      for (let j = 0; j < n; j++) out[at + j] = full[at + j] * row[j];
    }
  },
  RealDiv: (full, row, out, rowFirst) => {
    const n = row.length;
    if (rowFirst) {
      for (let at = 0; at < out.length; at += n) {
        for (let j = 0; j < n; j++) out[at + j] = row[j] / full[at + j];
      }
    } else {
      for (let at = 0; at < out.length; at += n) {
        for (let j = 0; j < n; j++) out[at + j] = full[at + j] / row[j];
      }
    }
  },
};

/**
 * `out[r * n + j] = full[r * n + j] + row[j]` (n = `row.length`), each a float32 sum as the cpu
 * Add kernel's; `out` may be `full` (a bias added in place).
 *
 * @param full Values, a whole number of rows.
 * @param row One row.
 * @param out The sums, as long as `full`.
 */
export function addRow(full: Float32Array, row: Float32Array, out: Float32Array): void {
  const n = row.length;
  for (let at = 0; at < out.length; at += n) {
    for (let j = 0; j < n; j++) out[at + j] = full[at + j] + row[j];
  }
}

/** Whether `shape` is one row of `outShape`'s last axis (leading axes absent or 1). */
function isRowOf(shape: number[], outShape: number[]): boolean {
  const n = outShape[outShape.length - 1];
  return shape.length >= 1 && shape[shape.length - 1] === n && n > 1 &&
    shape.slice(0, -1).every((d) => d === 1);
}

/** `x + s`; float addition commutes exactly, so `s + x` is the same. */
function addScalar(x: Float32Array, s: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i] + s;
}

/** `x * s`; float multiplication commutes exactly, so `s * x` is the same. */
function mulScalar(x: Float32Array, s: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i] * s;
}

/** Kernel names the native backend replaces with {@linkcode nativeBinary}. */
export const NATIVE_BINARY_KERNELS: readonly string[] = Object.keys(LOOPS);

interface CpuLikeBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(
    shape: number[],
    dtype: tf.DataType,
    values: Float32Array | Uint8Array,
  ): tf.TensorInfo;
}

function float32Of(backend: CpuLikeBackend, info: tf.TensorInfo): Numbers | null {
  const values = info.dtype === "float32" ? backend.data.get(info.dataId).values : null;
  return values instanceof Float32Array || values instanceof Int32Array ||
      values instanceof Uint8Array
    ? values
    : null;
}

/**
 * A native binary kernel (`kernelName` one of {@linkcode NATIVE_BINARY_KERNELS}) with numpy
 * broadcasting, for two float32 inputs; other inputs go to the cpu kernel.
 *
 * @param kernelName The tfjs kernel name, e.g. "Add".
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeBinary(kernelName: string): tf.KernelFunc {
  const [loop, dtype] = LOOPS[kernelName];
  const fallback = tf.getKernel(kernelName, "cpu")!.kernelFunc;
  return (args) => {
    const backend = args.backend as CpuLikeBackend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const aValues = float32Of(backend, a);
    const bValues = float32Of(backend, b);
    if (aValues === null || bValues === null) return fallback(args);
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = dtype === "bool"
      ? new Uint8Array(tf.util.sizeFromShape(shape))
      : takeFloat32(tf.util.sizeFromShape(shape));
    const flat = FLAT[kernelName], compare = FLAT_COMPARE[kernelName];
    if (
      compare !== undefined && out instanceof Uint8Array && aValues instanceof Float32Array &&
      bValues instanceof Float32Array &&
      (aValues.length === out.length || aValues.length === 1) &&
      (bValues.length === out.length || bValues.length === 1)
    ) {
      compare(aValues, bValues, out);
    } else if (
      ROWS[kernelName] !== undefined && out instanceof Float32Array &&
      aValues instanceof Float32Array && bValues instanceof Float32Array &&
      (aValues.length === out.length && isRowOf(b.shape, shape) ||
        bValues.length === out.length && isRowOf(a.shape, shape))
    ) {
      const rowFirst = bValues.length === out.length;
      ROWS[kernelName](rowFirst ? bValues : aValues, rowFirst ? aValues : bValues, out, rowFirst);
    } else if (
      flat !== undefined && out instanceof Float32Array && aValues instanceof Float32Array &&
      bValues instanceof Float32Array &&
      (aValues.length === out.length || aValues.length === 1) &&
      (bValues.length === out.length || bValues.length === 1)
    ) {
      flat(aValues, bValues, out);
    } else if (out.length > 0) broadcastLoop(shape, a.shape, b.shape, aValues, bValues, out, loop);
    return backend.makeTensorInfo(shape, dtype, out);
  };
}

/** Element strides of `shape` seen as broadcast to `outShape` (0 along broadcast dims). */
function broadcastStrides(shape: number[], outShape: number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = rank - shape.length + i;
    strides[d] = shape[i] === 1 && outShape[d] !== 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

function broadcastLoop(
  outShape: number[],
  aShape: number[],
  bShape: number[],
  a: Numbers,
  b: Numbers,
  out: Float32Array | Uint8Array,
  loop: BlockLoop,
): void {
  // Collapse adjacent dims that both operands traverse contiguously (or both skip).
  const as0 = broadcastStrides(aShape, outShape);
  const bs0 = broadcastStrides(bShape, outShape);
  const dims: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    if (outShape[i] === 1) continue;
    const last = dims.length - 1;
    if (
      last >= 0 && as[last] === as0[i] * outShape[i] && bs[last] === bs0[i] * outShape[i]
    ) {
      dims[last] *= outShape[i];
      as[last] = as0[i];
      bs[last] = bs0[i];
    } else {
      dims.push(outShape[i]);
      as.push(as0[i]);
      bs.push(bs0[i]);
    }
  }
  if (dims.length === 0) {
    loop(a, 0, 0, 0, b, 0, 0, 0, out, 0, 1, 1);
    return;
  }
  if (dims.length === 1) {
    loop(a, 0, 0, as[0], b, 0, 0, bs[0], out, 0, 1, dims[0]);
    return;
  }
  // The last two dims go to the block loop; an odometer walks the outer ones.
  const rank = dims.length;
  const n = dims[rank - 1], rows = dims[rank - 2];
  const blocks = out.length / (n * rows);
  const index = new Array<number>(rank - 2).fill(0);
  let ai = 0;
  let bi = 0;
  for (let block = 0; block < blocks; block++) {
    loop(
      a,
      ai,
      as[rank - 2],
      as[rank - 1],
      b,
      bi,
      bs[rank - 2],
      bs[rank - 1],
      out,
      block * n * rows,
      rows,
      n,
    );
    for (let d = rank - 3; d >= 0; d--) {
      ai += as[d];
      bi += bs[d];
      if (++index[d] < dims[d]) break;
      ai -= as[d] * dims[d];
      bi -= bs[d] * dims[d];
      index[d] = 0;
    }
  }
}
