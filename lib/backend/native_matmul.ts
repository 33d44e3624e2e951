/**
 * `BatchMatMul` and `_FusedMatMul` kernels for the "native" backend: the cpu backend's tensor
 * storage (plain TypedArrays, read by FFI with no copy) with the products done by CBLAS sgemm.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Blas } from "./blas.ts";
import { pin, takeFloat32, unpin } from "./native_pool.ts";
import { addRow, nativeBinary } from "./native_elementwise.ts";
import { NATIVE_UNARY_KERNELS, nativeUnary } from "./native_unary.ts";

/** The parts of tfjs's MathBackendCPU the native kernels use. */
export interface CpuLikeBackend {
  /** The backend's tensor records (a pending product is computed when `values` is read). */
  data: { get(dataId: tf.DataId): { values?: unknown } };
  /** A new tensor holding `values`. */
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  /** Frees a kernel's intermediate tensor. */
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * The cpu backend's kernel `name` (the native kernels' fallback).
 *
 * @param name A tfjs kernel name.
 * @returns Its cpu kernel function.
 */
export function cpuKernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, "cpu");
  if (config === undefined) throw new Error(`The cpu backend has no ${name} kernel`);
  return config.kernelFunc;
}

/**
 * The float32 values of `info` (a pending product is computed by the read; a bool or int32
 * array cast to float32 is copied), or null for other dtypes.
 *
 * @param backend The native backend.
 * @param info A tensor.
 * @returns Its values, or null.
 */
export function float32Values(
  backend: Pick<CpuLikeBackend, "data">,
  info: tf.TensorInfo,
): Float32Array | null {
  if (info.dtype !== "float32") return null;
  const values = backend.data.get(info.dataId).values;
  if (values instanceof Float32Array) return values;
  // A bool/int32 tensor cast to float32 shares its integer array (cpu Cast does not copy).
  return values instanceof Int32Array || values instanceof Uint8Array
    ? Float32Array.from(values)
    : null;
}

/**
 * Runs a planned product: into a new array, or into `out` (its size), adding to what `out`
 * holds when `accumulate` (sgemm's beta = 1). Returns the array written.
 */
export type ProductCompute = (out?: Float32Array, accumulate?: boolean) => Float32Array;

/**
 * C = op(A) op(B) over broadcast batch dims, with the cpu kernel's shape rules and error
 * message; batch index bi reads A's batch bi % batchA and B's batch bi % batchB (as the cpu
 * kernel does). Checks shapes and takes the input arrays now; `compute` runs the sgemm calls.
 * Returns null when an input is not float32 (the caller falls back to cpu).
 */
function planBatch(
  blas: Blas,
  backend: CpuLikeBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): { shape: number[]; compute: ProductCompute; inputs: Float32Array[] } | null {
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  if (aValues === null || bValues === null) return null;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const inner = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
  const innerB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
  const m = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
  const n = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
  if (inner !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${inner}) and (${innerB}) of Tensors with shapes ` +
        `${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} ` +
        `must match.`,
    );
  }
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const outerDims = tf.broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const batch = Math.max(batchA, batchB);
  // A reused output array holds stale values: sgemm with beta 0 overwrites them all.
  const compute: ProductCompute = (out = takeFloat32(batch * m * n), accumulate = false) => {
    // Bounds checks before FFI (blas.sgemm checks each call's subarrays as well): subarray
    // silently shortens a view that would run past its array, so check the whole arrays here.
    if (
      aValues.length < batchA * m * inner || bValues.length < batchB * inner * n ||
      out.length < batch * m * n
    ) {
      throw new RangeError(
        `Cannot run the native matMul as an array is shorter than its shape: ` +
          `a.length=${aValues.length}, b.length=${bValues.length}, out.length=${out.length} ` +
          `for batch=${batch} (a ${batchA}, b ${batchB}), m=${m}, n=${n}, k=${inner}`,
      );
    }
    if (m > 0 && n > 0 && inner > 0) {
      const aSize = m * inner;
      const bSize = inner * n;
      const cSize = m * n;
      for (let bi = 0; bi < batch; bi++) {
        const aOffset = (bi % batchA) * aSize;
        const bOffset = (bi % batchB) * bSize;
        blas.sgemm(
          transposeA,
          transposeB,
          m,
          n,
          inner,
          batch === 1 ? aValues : aValues.subarray(aOffset, aOffset + aSize),
          batch === 1 ? bValues : bValues.subarray(bOffset, bOffset + bSize),
          batch === 1 ? out : out.subarray(bi * cSize, (bi + 1) * cSize),
          accumulate ? 1 : 0,
        );
      }
    }
    return out;
  };
  return { shape: [...outerDims, m, n], compute, inputs: [aValues, bValues] };
}

/**
 * Products made by {@linkcode nativeBatchMatMul} and not yet read, by data id. The tfjs
 * gradient of a fused matMul (every dense layer) returns the gradients of all its inputs at
 * once, including those the tape then discards (the data's gradient in a D step, D's weight
 * gradients in a G step: about 0.6 GFLOP of the paper's MNIST step); deferring each product
 * until its values are read skips the discarded ones, as PyTorch's autograd does.
 */
const pendingProducts = new Map<
  tf.DataId,
  { force: () => void; compute: ProductCompute; inputs: Float32Array[]; release: () => void }
>();

/**
 * Computes the deferred products that read any of `arrays` (by storage), and only those: what
 * an in-place write of `arrays` must do first. The others stay deferred, so that each runs
 * when its values are needed, with its output still in cache for the reader.
 *
 * @param arrays The arrays about to be overwritten.
 */
export function computePendingProductsReading(arrays: readonly Float32Array[]): void {
  const buffers = new Set(arrays.map((a) => a.buffer));
  for (const { force, inputs } of [...pendingProducts.values()]) {
    if (inputs.some((input) => buffers.has(input.buffer))) force();
  }
}

/**
 * Drops the deferred product of `dataId` once the backend has deleted it (disposed unread).
 *
 * @param dataId The data id just deleted.
 */
export function forgetDisposedProduct(dataId: tf.DataId): void {
  pendingProducts.get(dataId)?.release();
}

/**
 * Whether `dataId` is a deferred product not yet computed (reading its values would compute
 * it).
 *
 * @param dataId A data id of the native backend.
 * @returns True while the product is pending.
 */
export function isPendingProduct(dataId: tf.DataId): boolean {
  return pendingProducts.has(dataId);
}

/** Number of deferred products not yet computed or disposed (for tests). */
export function pendingProductCount(): number {
  return pendingProducts.size;
}

/**
 * A float32 tensor whose values `compute` produces on first read: the backend's record gets a
 * `values` accessor that runs `compute` once, then holds the array. `inputs` (the arrays
 * `compute` reads) are pinned until then, so that the pool does not recycle them when their
 * tensors are disposed first. A tensor disposed unread is never computed.
 *
 * @param backend The native backend.
 * @param shape The tensor's shape.
 * @param compute Writes its values (called at most once, at the first read).
 * @param inputs The arrays `compute` reads.
 * @returns The tensor.
 */
export function deferredTensor(
  backend: CpuLikeBackend,
  shape: number[],
  compute: ProductCompute,
  inputs: Float32Array[],
): tf.TensorInfo {
  const info = backend.makeTensorInfo(shape, "float32", new Float32Array(0));
  const record = backend.data.get(info.dataId);
  let values: Float32Array | null = null;
  for (const input of inputs) pin(input);
  const release = () => {
    if (!pendingProducts.delete(info.dataId)) return;
    for (const input of inputs) unpin(input);
  };
  const force = () => {
    if (values === null) values = compute();
    release();
    return values;
  };
  Object.defineProperty(record, "values", {
    configurable: true,
    enumerable: true,
    get: force,
    set: (v: Float32Array) => {
      values = v;
      release();
    },
  });
  pendingProducts.set(info.dataId, { force, compute, inputs, release });
  return info;
}

/**
 * `a + b` of two deferred products of one shape, itself deferred: the second sgemm adds into
 * the first's output (beta 1) instead of a separate Add pass over two computed arrays. This is
 * how the tape sums a weight's gradients from two uses (D on real and on generated data).
 * Returns null unless both inputs are deferred products not yet computed.
 *
 * @param backend The native backend instance.
 * @param a The first addend.
 * @param b The second addend.
 * @returns The deferred sum, or null.
 */
export function addDeferredProducts(
  backend: object,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
): tf.TensorInfo | null {
  const first = pendingProducts.get(a.dataId);
  const second = pendingProducts.get(b.dataId);
  if (first === undefined || second === undefined || a.dtype !== "float32") return null;
  if (b.dtype !== "float32" || !tf.util.arraysEqual(a.shape, b.shape)) return null;
  return deferredTensor(
    backend as CpuLikeBackend,
    [...a.shape],
    (out, accumulate) => second.compute(first.compute(out, accumulate), true),
    [...first.inputs, ...second.inputs],
  );
}

/**
 * The native `BatchMatMul` kernel: sgemm for float32, the cpu kernel otherwise. Shapes are
 * checked at once; the product itself runs when its values are first read, and never when the
 * tensor is disposed unread (see {@linkcode computePendingProductsReading}).
 *
 * @param blas The CBLAS library to call (read at each call, so it can be swapped).
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeBatchMatMul(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("BatchMatMul");
  return (args: KernelArgs) => {
    const backend = args.backend as CpuLikeBackend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const plan = planBatch(blas(), backend, a, b, transposeA, transposeB);
    if (plan === null) return fallback(args);
    return deferredTensor(backend, plan.shape, plan.compute, plan.inputs);
  };
}

/** The kernels of tfjs's fused activations (relu, elu, relu6, sigmoid, prelu, leakyrelu). */
const ACTIVATION_KERNELS: Record<string, string> = {
  relu: "Relu",
  elu: "Elu",
  relu6: "Relu6",
  sigmoid: "Sigmoid",
  prelu: "Prelu",
  leakyrelu: "LeakyRelu",
};

/** Each activation's kernel function, made at its first use. */
const activationKernels = new Map<string, tf.KernelFunc>();

/**
 * Applies `activation` with the native backend's kernel for it, or the cpu backend's where it
 * has none (the same set the cpu fused kernels accept, with the same results).
 *
 * @param backend The native backend.
 * @param x The pre-activations.
 * @param activation tfjs's fused activation name (relu, elu, relu6, sigmoid, prelu, leakyrelu).
 * @param preluWeights PReLU's slopes.
 * @param leakyreluAlpha Leaky ReLU's slope (default 0.2, as tfjs).
 * @returns A new tensor.
 */
function activate(
  backend: CpuLikeBackend,
  x: tf.TensorInfo,
  activation: string,
  preluWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): tf.TensorInfo {
  const name = ACTIVATION_KERNELS[activation];
  if (name === undefined) {
    throw new Error(`Activation ${activation} has not been implemented for the native backend.`);
  }
  const inputs = activation === "prelu" ? { x, alpha: preluWeights } : { x };
  const attrs: tf.NamedAttrMap = activation === "leakyrelu" ? { alpha: leakyreluAlpha ?? 0.2 } : {};
  let kernel = activationKernels.get(name);
  if (kernel === undefined) {
    kernel = NATIVE_UNARY_KERNELS.includes(name) ? nativeUnary(name) : cpuKernel(name);
    activationKernels.set(name, kernel);
  }
  return kernel({ inputs, backend, attrs }) as tf.TensorInfo;
}

/**
 * The native `_FusedMatMul` kernel: sgemm, then bias and activation. A bias of `n` values
 * with a linear or relu activation is applied in the same pass; other cases use the cpu
 * backend's Add and activation kernels, as its own fused kernel does.
 *
 * @param blas The CBLAS library to call.
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeFusedMatMul(blas: () => Blas): tf.KernelFunc {
  const fallback = cpuKernel("_FusedMatMul");
  return (args: KernelArgs) => {
    const backend = args.backend as CpuLikeBackend;
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo>;
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as {
      transposeA: boolean;
      transposeB: boolean;
      activation?: string;
      leakyreluAlpha?: number;
    };
    const plan = planBatch(blas(), backend, a, b, transposeA, transposeB);
    if (plan === null) return fallback(args);
    const act = activation ?? "linear";
    const n = plan.shape[plan.shape.length - 1];
    const biasValues = bias ? float32Values(backend, bias) : null;
    const simpleBias = bias === undefined ||
      (biasValues !== null && biasValues.length === n && bias.shape.length <= 1);
    if (simpleBias && (act === "linear" || act === "relu")) {
      // The bias enters as sgemm's C (beta 1): one rounding of product + bias, no extra pass.
      // Reused arrays hold stale values: the bias rows, or sgemm's beta 0, overwrite them.
      const values = takeFloat32(tf.util.sizeFromShape(plan.shape));
      if (biasValues !== null) {
        for (let row = 0; row < values.length; row += n) values.set(biasValues, row);
      }
      plan.compute(values, biasValues !== null);
      if (act === "relu") relu(values);
      return backend.makeTensorInfo(plan.shape, "float32", values);
    }
    const product = backend.makeTensorInfo(plan.shape, "float32", plan.compute());
    return addBiasAndActivate(backend, product, bias, act, preluActivationWeights, leakyreluAlpha);
  };
}

/**
 * A fused kernel's tail: `activation(x + bias)`, the bias broadcast as Add broadcasts it, with
 * the cpu kernels' results. A bias of one value per column (the usual dense or conv bias) is
 * added in place, in `x`'s own array; `x` (and each intermediate) is disposed or returned.
 *
 * @param backend The native backend.
 * @param x The product, owned by the caller until passed here, its array never handed out.
 * @param bias The bias, or undefined.
 * @param activation tfjs's fused activation name ("linear" for none).
 * @param preluWeights PReLU's slopes.
 * @param leakyreluAlpha Leaky ReLU's slope.
 * @returns A new tensor, or `x` with the bias added.
 */
export function addBiasAndActivate(
  backend: CpuLikeBackend,
  x: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  activation: string,
  preluWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): tf.TensorInfo {
  let current = x;
  if (bias) {
    const values = float32Values(backend, x);
    const biasValues = float32Values(backend, bias);
    const columns = x.shape[x.shape.length - 1];
    if (
      values !== null && biasValues !== null && bias.shape.length <= 1 &&
      biasValues.length === columns && columns > 0
    ) {
      addRow(values, biasValues, values);
    } else {
      const sum = nativeBinary("Add")({
        inputs: { a: current, b: bias },
        backend,
      }) as tf.TensorInfo;
      backend.disposeIntermediateTensorInfo(current);
      current = sum;
    }
  }
  if (activation !== "linear") {
    const activated = activate(backend, current, activation, preluWeights, leakyreluAlpha);
    backend.disposeIntermediateTensorInfo(current);
    current = activated;
  }
  return current;
}

/** In place: max(0, v), keeping NaN as the cpu kernel does (only v < 0 is replaced). */
function relu(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
}
