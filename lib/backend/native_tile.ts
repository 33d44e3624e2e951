/**
 * `Tile` for the "native" backend by block copies. Batch norm's gradient tiles a per-channel
 * vector to the whole `[N, H, W, C]` activation several times a step; the cpu kernel computes
 * an index per element (about 50 ms of a DCGAN step here), while the output is the input's
 * rows repeated, which `set` and `copyWithin` write at memory speed. The values are copied, so
 * the result is bit-identical to the cpu kernel's.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { cpuKernel, type CpuLikeBackend, float32Values } from "./native_matmul.ts";
import { takeFloat32 } from "./native_pool.ts";

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Values = Float32Array | Int32Array | Uint8Array;

/** Below this many values a plain loop copies faster than `set` (no subarray to make). */
const SHORT_RUN = 16;

/**
 * Copies `from[fromAt, fromAt + n)` to `to[toAt, ...)`: by `set` (a memcpy) for long runs, by
 * a plain loop for short ones, where making the subarray would cost more than the copy.
 *
 * @param from The source values.
 * @param fromAt The first value copied.
 * @param to The destination (same element type as `from`).
 * @param toAt Where the first value goes.
 * @param n How many values.
 */
export function copyRun<T extends Values>(
  from: T,
  fromAt: number,
  to: T,
  toAt: number,
  n: number,
): void {
  if (n < SHORT_RUN) {
    for (let j = 0; j < n; j++) to[toAt + j] = from[fromAt + j];
  } else {
    to.set(from.subarray(fromAt, fromAt + n), toAt);
  }
}

/**
 * Writes `x` (shape `shape`) tiled `reps` times along each axis into `out` (shape
 * `shape[i] * reps[i]`): each innermost row is copied once, then every block is repeated by
 * doubling `copyWithin` calls, from the innermost axis outwards.
 *
 * @param x The input values, row-major.
 * @param shape The input's shape.
 * @param reps Repetitions per axis (same length as `shape`).
 * @param out The output, `prod(shape[i] * reps[i])` values.
 */
export function tileInto(
  x: Values,
  shape: readonly number[],
  reps: readonly number[],
  out: Values,
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const inStrides = new Array<number>(rank), outStrides = new Array<number>(rank);
  let inStride = 1, outStride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = inStride;
    outStrides[d] = outStride;
    inStride *= shape[d];
    outStride *= shape[d] * reps[d];
  }
  // out[o, o + length) is repeated `times` times in a row, doubling what is copied each time.
  const repeat = (o: number, length: number, times: number) => {
    const total = length * times;
    for (let filled = length; filled < total;) {
      const n = Math.min(filled, total - filled);
      out.copyWithin(o + filled, o, o + n);
      filled += n;
    }
  };
  const block = (d: number, i: number, o: number): void => {
    const n = shape[d];
    if (d === rank - 1) {
      copyRun(x, i, out, o, n);
    } else {
      for (let j = 0; j < n; j++) block(d + 1, i + j * inStrides[d], o + j * outStrides[d]);
    }
    if (reps[d] > 1) repeat(o, n * outStrides[d], reps[d]);
  };
  block(0, 0, 0);
}

/**
 * `Tile` (input `x`, attribute `reps`) for float32, int32 and bool tensors; strings run the cpu
 * kernel, which also reports bad `reps`.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeTile(): tf.KernelFunc {
  const fallback = cpuKernel("Tile");
  return (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const reps = (args.attrs as unknown as { reps: number[] }).reps;
    const backend = args.backend as unknown as CpuLikeBackend;
    // A float32 tensor may hold a cast's int32/bool array: float32Values copies it to floats.
    const values = x.dtype === "float32"
      ? float32Values(backend, x)
      : backend.data.get(x.dataId).values;
    const valid = reps.length === x.shape.length &&
      reps.every((r) => Number.isInteger(r) && r >= 0);
    if (
      !valid ||
      !(values instanceof Float32Array || values instanceof Int32Array ||
        values instanceof Uint8Array)
    ) {
      return fallback(args);
    }
    const outShape = x.shape.map((n, d) => n * reps[d]);
    const size = tf.util.sizeFromShape(outShape);
    const out = values instanceof Float32Array
      ? takeFloat32(size)
      : new (values.constructor as Int32ArrayConstructor | Uint8ArrayConstructor)(size);
    tileInto(values, x.shape, reps, out);
    // An int32 or bool array is stored as it is, as the cpu backend does.
    return backend.makeTensorInfo(outShape, x.dtype, out as Float32Array);
  };
}
