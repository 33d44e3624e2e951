/**
 * Fused kernels for the training step's per-parameter work on the "native" backend. Each
 * equals a chain of tfjs ops bit for bit (the same float32 operations, each rounded as the
 * cpu kernels round it) but reads each parameter-sized array once and allocates only its
 * outputs: the unfused chains allocated and traversed 5-7 arrays of up to 1.44M values per
 * parameter per update, which cost more than the step's matMuls. The exception: an in-place
 * momentum update with a BLAS library runs as BLAS level-1 calls (vectorised), which may
 * round `mu v - lr g` once instead of twice and sum the gradient's squares unrounded.
 *
 * They are custom kernels (no tfjs op has these names, see lib/ops/kernels.ts); the ops of
 * lib/ops/ run them where registered and the op chain elsewhere.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { MAX_LAST_AXIS_GRAD, SGD_MOMENTUM, SUM_OF_SQUARES } from "../ops/kernels.ts";
import { computePendingProductsReading } from "./native_matmul.ts";
import type { Blas } from "./blas.ts";
import { neverRecycle, onRecycle, takeFloat32 } from "./native_pool.ts";
import { maxGradRows } from "../fast_math.ts";

type Numbers = Float32Array | Int32Array | Uint8Array;

interface CpuLikeBackend {
  data: { get(dataId: tf.DataId): { values?: unknown; refCount?: number } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  incRef(dataId: tf.DataId): void;
}

/**
 * Buffers {@linkcode SGD_MOMENTUM} allocated and nobody else has seen: only those may be
 * updated in place. A buffer leaves the set when anything could keep a reference to it: a
 * read (`data()`, `dataSync()`: the cpu backend hands out its storage, not a copy) or a kernel
 * whose output aliases its input's storage (the cpu backend's simple slices, see
 * {@linkcode ALIASING_KERNELS}). Tensors sharing the data id (reshape, clone) are seen through
 * the reference count.
 */
const owned = new WeakSet<ArrayBufferLike>();

/** cpu kernels whose outputs may share their inputs' storage (subarray views). */
export const ALIASING_KERNELS: readonly string[] = [
  "Slice",
  "StridedSlice",
  "SplitV",
  "Unpack",
  "BatchToSpaceND",
  "Complex",
];

/**
 * Marks the storage of `dataId` as seen by others: later updates of it allocate.
 *
 * @param backend The native backend instance.
 * @param dataId The data read or aliased.
 */
export function disown(backend: object, dataId: tf.DataId): void {
  const values = (backend as CpuLikeBackend).data.get(dataId)?.values;
  if (ArrayBuffer.isView(values)) owned.delete(values.buffer);
  // Whoever holds it now may still read it: it must never be handed out again either.
  neverRecycle(values);
}

/** Whether `values` of `info` may be overwritten: ours, unseen, the only reference. */
function writable(backend: CpuLikeBackend, info: tf.TensorInfo, values: Numbers): boolean {
  return values instanceof Float32Array && owned.has(values.buffer) &&
    values.byteOffset === 0 && values.buffer.byteLength === values.length * 4 &&
    backend.data.get(info.dataId)?.refCount === 1;
}

/**
 * The storage of `dataId` when it may be overwritten in place (see {@linkcode adoptStorage}):
 * a float32 array this module owns, never handed out, the data id's only reference. Deferred
 * matMul products reading it are computed first, and sums kept of it are forgotten. Null when
 * it may not be written.
 *
 * @param backend The native backend instance.
 * @param dataId The data (a variable's, an optimiser slot's).
 * @returns The array to write into, or null.
 */
export function writableStorage(backend: object, dataId: tf.DataId): Float32Array | null {
  const b = backend as CpuLikeBackend;
  const values = b.data.get(dataId)?.values;
  if (!(values instanceof Float32Array)) return null;
  if (!writable(b, { dataId, shape: [values.length], dtype: "float32" }, values)) return null;
  computePendingProductsReading([values]);
  sumOfSquaresOf.delete(values);
  return values;
}

/**
 * Marks `values` (a fresh array, about to become a tensor's storage and seen by nobody else)
 * as updatable in place by {@linkcode writableStorage} until it is read or aliased.
 *
 * @param values The array.
 */
export function adoptStorage(values: Float32Array): void {
  owned.add(values.buffer);
}

function valuesOf(backend: CpuLikeBackend, info: tf.TensorInfo, name: string): Numbers {
  const values = info.dtype === "float32" ? backend.data.get(info.dataId)?.values : null;
  if (
    values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array
  ) return values;
  throw new TypeError(`Cannot run a fused kernel as ${name} must be float32: dtype=${info.dtype}`);
}

/**
 * Sums of squares {@linkcode SGD_MOMENTUM} computed of the gradients it read, by array: the
 * update reads every gradient value anyway, and accumulating there hides the sum's serial
 * dependency chain behind the memory traffic, so {@linkcode SUM_OF_SQUARES} of a gradient
 * after its update costs nothing. Tensors never change their arrays, and an array the pool
 * takes back is forgotten, so an entry stays right.
 */
const sumOfSquaresOf = new WeakMap<Numbers, number>();
// An array back in the pool will hold other values: what is known of it no longer holds.
onRecycle((values) => {
  owned.delete(values.buffer);
  sumOfSquaresOf.delete(values);
});

/**
 * `sum(square(x))` as the cpu kernels compute it: each square rounded to float32, summed in
 * float64 in order, the sum rounded to float32.
 */
function sumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as CpuLikeBackend;
  const x = valuesOf(backend, (args.inputs as { x: tf.TensorInfo }).x, "x");
  let s = sumOfSquaresOf.get(x);
  if (s === undefined) {
    s = 0;
    for (let i = 0; i < x.length; i++) s += Math.fround(x[i] * x[i]);
  }
  return backend.makeTensorInfo([], "float32", Float32Array.of(s));
}

/**
 * `v' = sub(mul(mu, v), mul(lr, g))`, `x' = add(x, v')` with float32 scalars `mu`, `lr`:
 * every intermediate rounded to float32 as the cpu kernels store it.
 */
function sgdMomentum(
  args: Parameters<tf.KernelFunc>[0],
  blas: Blas | undefined,
): tf.TensorInfo[] {
  const backend = args.backend as CpuLikeBackend;
  const inputs = args.inputs as { x: tf.TensorInfo; v: tf.TensorInfo; g: tf.TensorInfo };
  const { lr, mu } = args.attrs as { lr: number; mu: number };
  const x = valuesOf(backend, inputs.x, "x");
  const v = valuesOf(backend, inputs.v, "v");
  const g = valuesOf(backend, inputs.g, "g");
  if (x.length !== v.length || x.length !== g.length) {
    throw new RangeError(
      `Cannot run ${SGD_MOMENTUM} as x, v and g must have the same size: ` +
        `${x.length}, ${v.length}, ${g.length}`,
    );
  }
  const lr32 = Math.fround(lr), mu32 = Math.fround(mu);
  if (writable(backend, inputs.x, x) && writable(backend, inputs.v, v)) {
    // A deferred matMul product may hold x or v as an input: compute it before they change.
    computePendingProductsReading([x as Float32Array, v as Float32Array]);
    // Sums kept of these arrays (were they ever read as a gradient) go stale as they change.
    sumOfSquaresOf.delete(x);
    sumOfSquaresOf.delete(v);
    // In place: the outputs share the inputs' data ids (as a reshape does), so the caller's
    // assign() keeps the same storage and no 2 x 4 bytes per parameter are allocated.
    const xs = x as Float32Array, vs = v as Float32Array;
    if (blas !== undefined && g instanceof Float32Array) {
      // Vectorised (and threaded) passes, several times the JS loop's speed on 3.7M
      // parameters. mu v rounds as the loop does; v + (-lr g) may round once where the loop
      // rounds twice (<= 1 ulp per update).
      sumOfSquaresOf.set(g, blas.sumOfSquares(g));
      blas.scal(mu32, vs);
      blas.axpy(-lr32, g, vs);
      blas.axpy(1, vs, xs);
    } else {
      sumOfSquaresOf.set(g, momentumLoop(x, v, g, xs, vs, lr32, mu32));
    }
    backend.incRef(inputs.x.dataId);
    backend.incRef(inputs.v.dataId);
    return [
      { dataId: inputs.x.dataId, shape: inputs.x.shape, dtype: "float32" },
      { dataId: inputs.v.dataId, shape: inputs.v.shape, dtype: "float32" },
    ];
  }
  const newX = new Float32Array(x.length), newV = new Float32Array(x.length);
  sumOfSquaresOf.set(g, momentumLoop(x, v, g, newX, newV, lr32, mu32));
  owned.add(newX.buffer);
  owned.add(newV.buffer);
  return [
    backend.makeTensorInfo(inputs.x.shape, "float32", newX),
    backend.makeTensorInfo(inputs.x.shape, "float32", newV),
  ];
}

/**
 * The momentum update as the cpu op chain rounds it, into `outX`, `outV` (which may be `x`,
 * `v`: each element is read before it is written); returns the sum of `g`'s squares.
 */
function momentumLoop(
  x: Numbers,
  v: Numbers,
  g: Numbers,
  outX: Float32Array,
  outV: Float32Array,
  lr32: number,
  mu32: number,
): number {
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    squares += Math.fround(gi * gi);
    const step = Math.fround(Math.fround(mu32 * v[i]) - Math.fround(lr32 * gi));
    outV[i] = step;
    outX[i] = x[i] + step;
  }
  return squares;
}

/** `dy[r] * (x[r, i] === y[r] ? 1 : 0)`, each product rounded as the cpu Multiply kernel does. */
function maxLastAxisGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as CpuLikeBackend;
  const inputs = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo; y: tf.TensorInfo };
  const dy = valuesOf(backend, inputs.dy, "dy");
  const x = valuesOf(backend, inputs.x, "x");
  const y = valuesOf(backend, inputs.y, "y");
  const rows = y.length;
  const k = rows === 0 ? 0 : x.length / rows;
  if (dy.length !== rows || !Number.isInteger(k)) {
    throw new RangeError(
      `Cannot run ${MAX_LAST_AXIS_GRAD} as x must hold k values per y and dy value: ` +
        `${x.length}, ${y.length}, ${dy.length}`,
    );
  }
  const out = takeFloat32(x.length);
  if (dy instanceof Float32Array && x instanceof Float32Array && y instanceof Float32Array) {
    maxGradRows(dy, x, y, k, out);
  } else {
    for (let r = 0; r < rows; r++) {
      const g = dy[r], m = y[r], base = r * k;
      for (let i = 0; i < k; i++) out[base + i] = g * Number(x[base + i] === m);
    }
  }
  return backend.makeTensorInfo(inputs.x.shape, "float32", out);
}

/**
 * Registers the fused kernels for `backendName` (a backend with the cpu backend's storage).
 *
 * @param backendName The backend, e.g. "native".
 * @param blas The BLAS library the momentum update may call, read at each update (none: JS
 *   loops only, which equal the cpu op chain bit for bit).
 */
export function registerFusedKernels(
  backendName: string,
  blas: () => Blas | undefined = () => undefined,
): void {
  if (tf.getKernel(SUM_OF_SQUARES, backendName) === undefined) {
    tf.registerKernel({ kernelName: SUM_OF_SQUARES, backendName, kernelFunc: sumOfSquares });
  }
  if (tf.getKernel(MAX_LAST_AXIS_GRAD, backendName) === undefined) {
    tf.registerKernel({ kernelName: MAX_LAST_AXIS_GRAD, backendName, kernelFunc: maxLastAxisGrad });
  }
  if (tf.getKernel(SGD_MOMENTUM, backendName) === undefined) {
    tf.registerKernel({
      kernelName: SGD_MOMENTUM,
      backendName,
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) =>
        sgdMomentum(args, blas())) as unknown as tf.KernelFunc,
    });
  }
}
