/**
 * The "native" tfjs backend: the cpu backend with its matMul kernels done by CBLAS sgemm, its
 * hot elementwise kernels replaced by tighter loops, and its kernel outputs recycled.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type Blas, DEFAULT_BLAS_PATHS, openBlas } from "./blas.ts";
import {
  addDeferredProducts,
  forgetDisposedProduct,
  isPendingProduct,
  nativeBatchMatMul,
  nativeFusedMatMul,
} from "./native_matmul.ts";
import { NATIVE_BINARY_KERNELS, nativeBinary } from "./native_elementwise.ts";
import { nativeMax, nativeMean, nativeSum } from "./native_reduce.ts";
import { nativeTile } from "./native_tile.ts";
import { nativeLeakyReluGrad, nativeSelect } from "./native_select.ts";
import { nativeBatchNorm, nativeBatchNormGrad, nativeChannelMoments } from "./native_batch_norm.ts";
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, LEAKY_RELU_GRAD } from "../ops/kernels.ts";
import {
  adoptStorage,
  ALIASING_KERNELS,
  disown,
  registerFusedKernels,
  writableStorage,
} from "./native_fused.ts";
import { NATIVE_UNARY_KERNELS, nativeUnary } from "./native_unary.ts";
import { recycle } from "./native_pool.ts";
import {
  NATIVE_CONV_KERNELS,
  nativeConv2D,
  nativeConv2DBackpropFilter,
  nativeConv2DBackpropInput,
  nativeFusedConv2D,
} from "./native_conv.ts";
import { checkOptions } from "../validate.ts";

/** The tfjs backend name under which {@linkcode registerNativeBackend} registers. */
export const NATIVE_BACKEND = "native";

/** Options of {@linkcode registerNativeBackend}. */
export interface NativeBackendOptions {
  /**
   * CBLAS library paths (or loader names) tried in order. Default
   * {@linkcode DEFAULT_BLAS_PATHS}, led by Debian's `libopenblas.so.0`.
   */
  blasPaths?: readonly string[];
  /** Threads for the BLAS library (OpenBLAS only). Default 1. */
  threads?: number;
}

/** What {@linkcode registerNativeBackend} loaded. */
export interface NativeBackendInfo {
  /** The library path that opened. */
  path: string;
  /** The library's build description (OpenBLAS), or "". */
  config: string;
  /** Threads the library reports after setting them. */
  threads: number;
}

/** Kernels the native backend does itself; all others are the cpu backend's. */
const NATIVE_KERNELS = [
  "BatchMatMul",
  "_FusedMatMul",
  ...NATIVE_CONV_KERNELS,
  "Sum",
  "Mean",
  "Max",
  "Tile",
  "Select",
  "FusedBatchNorm",
  ...NATIVE_BINARY_KERNELS,
  ...NATIVE_UNARY_KERNELS,
];

let currentBlas: Blas | null = null;

/**
 * Registers (once per process) the tfjs backend "native": a fresh instance of the cpu backend
 * (tensors are plain JS TypedArrays), all of the cpu backend's kernels, `BatchMatMul` /
 * `_FusedMatMul` done by CBLAS `sgemm` through FFI, with transposes passed to BLAS as flags
 * (no copies; a `BatchMatMul` product is computed when first read, so the gradients that
 * tfjs's fused matMul computes and the tape discards cost nothing), and faster JS loops (same
 * formulas) for the float32 unary and binary ops and `Sum`/`Max` a training step spends most
 * of its non-matMul time in (`native_unary.ts`, `native_elementwise.ts`, `native_reduce.ts`;
 * branch-free where the data is random), convolutions as one sgemm each (`native_conv.ts`),
 * block copies for `Tile`, `Select` by bit masks and batch normalisation by rows of channels
 * (`native_tile.ts`, `native_select.ts`, `native_batch_norm.ts`), and fused kernels for the gradient norm, the momentum
 * update (in place when the storage was never handed out) and maxout's gradient
 * (`native_fused.ts`, used by lib/train and lib/models when present). Results equal the cpu
 * backend's up to float32 rounding (BLAS sums in another order); every other kernel is
 * bit-identical to the cpu one. A later call re-opens the library and swaps it in, so the
 * kernels use the latest. Select it afterwards with `tf.setBackend("native")`.
 *
 * Needs `--allow-ffi` and a CBLAS library (Debian: `apt-get install libopenblas0-pthread`).
 *
 * @param options Library paths and thread count.
 * @returns The library that was opened and its thread count.
 * @throws {RangeError} When `threads` is not a positive integer.
 * @throws {TypeError} When `options` has an unknown key (the message names the nearest valid one).
 * @throws {Error} When no library opens (the message names every path tried and why).
 *
 * @example Multiply on the native backend
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { registerNativeBackend } from "./native_backend.ts";
 * registerNativeBackend();
 * assert.ok(await tf.setBackend("native"));
 * const c = tf.matMul(tf.ones([2, 3]), tf.ones([3, 4]));
 * assert.deepStrictEqual(await c.array(), [[3, 3, 3, 3], [3, 3, 3, 3]]);
 * ```
 */
export function registerNativeBackend(options: NativeBackendOptions = {}): NativeBackendInfo {
  checkOptions(options, ["blasPaths", "threads"], "register the native backend");
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot register the native backend as threads must be a positive integer: threads=${threads}`,
    );
  }
  const blas = withEnvDefault(
    "OPENBLAS_NUM_THREADS",
    String(threads),
    () => openBlas(options.blasPaths ?? DEFAULT_BLAS_PATHS),
  );
  blas.setThreads(threads);
  currentBlas = blas;
  if (tf.findBackendFactory(NATIVE_BACKEND) === null) {
    registerKernels();
    const cpuFactory = tf.findBackendFactory("cpu");
    // Priority 0: tfjs's automatic choice (highest priority first) never lands here.
    tf.registerBackend(NATIVE_BACKEND, () => {
      const backend = cpuFactory() as tf.KernelBackend & { firstUse?: boolean };
      // The cpu backend's first write advises installing tfjs-node; not apt for this one.
      backend.firstUse = false;
      const records = (backend as unknown as { data: { get(id: tf.DataId): unknown } }).data;
      // In-place storage for compiled training steps (lib/train/compiled/), found by duck
      // typing so that lib/train does not import the backend.
      (backend as unknown as { adversarialInPlace: unknown }).adversarialInPlace = {
        writable: (dataId: tf.DataId) => writableStorage(backend, dataId),
        read: (dataId: tf.DataId) => {
          const values = (records.get(dataId) as { values?: unknown } | undefined)?.values;
          return values instanceof Float32Array ? values : null;
        },
        adopt: adoptStorage,
        blas: () => currentBlas,
      };
      // Reads hand out the storage itself: it may no longer be updated in place.
      const readSync = backend.readSync.bind(backend);
      backend.readSync = (dataId: tf.DataId) => {
        disown(backend, dataId);
        return readSync(dataId);
      };
      // A deferred matMul product disposed unread is never computed (native_matmul.ts); the
      // array of deleted data goes back to the pool (native_pool.ts) when it may.
      const disposeData = backend.disposeData.bind(backend);
      backend.disposeData = (dataId: tf.DataId, force?: boolean) => {
        // Reading a pending product's values would compute it: it has no array yet.
        const values = isPendingProduct(dataId)
          ? undefined
          : (records.get(dataId) as { values?: unknown } | undefined)?.values;
        const disposed = disposeData(dataId, force);
        // true: the data is gone (deleted now, or never held).
        if (disposed) {
          forgetDisposedProduct(dataId);
          recycle(values);
        }
        return disposed;
      };
      return backend;
    }, 0);
  }
  return { path: blas.path, config: blas.config, threads: blas.getThreads() };
}

function registerKernels(): void {
  const blas = () => currentBlas as Blas;
  for (const config of tf.getKernelsForBackend("cpu")) {
    if (NATIVE_KERNELS.includes(config.kernelName)) continue;
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND) !== undefined) continue;
    tf.registerKernel({
      ...config,
      backendName: NATIVE_BACKEND,
      kernelFunc: ALIASING_KERNELS.includes(config.kernelName)
        ? disowningInputs(config.kernelFunc)
        : config.kernelFunc,
    });
  }
  tf.registerKernel({
    kernelName: "BatchMatMul",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeBatchMatMul(blas),
  });
  tf.registerKernel({
    kernelName: "_FusedMatMul",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeFusedMatMul(blas),
  });
  tf.registerKernel({
    kernelName: "Conv2D",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeConv2D(blas),
  });
  tf.registerKernel({
    kernelName: "FusedConv2D",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeFusedConv2D(blas),
  });
  tf.registerKernel({
    kernelName: "Conv2DBackpropInput",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeConv2DBackpropInput(blas),
  });
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeConv2DBackpropFilter(blas),
  });
  tf.registerKernel({ kernelName: "Sum", backendName: NATIVE_BACKEND, kernelFunc: nativeSum() });
  tf.registerKernel({ kernelName: "Mean", backendName: NATIVE_BACKEND, kernelFunc: nativeMean() });
  tf.registerKernel({ kernelName: "Max", backendName: NATIVE_BACKEND, kernelFunc: nativeMax() });
  tf.registerKernel({ kernelName: "Tile", backendName: NATIVE_BACKEND, kernelFunc: nativeTile() });
  tf.registerKernel({
    kernelName: "Select",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeSelect(),
  });
  tf.registerKernel({
    kernelName: "FusedBatchNorm",
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeBatchNorm(),
  });
  tf.registerKernel({
    kernelName: BATCH_NORM_GRAD,
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeBatchNormGrad(),
  });
  tf.registerKernel({
    kernelName: CHANNEL_MOMENTS,
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeChannelMoments(),
  });
  tf.registerKernel({
    kernelName: LEAKY_RELU_GRAD,
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeLeakyReluGrad(),
  });
  registerFusedKernels(NATIVE_BACKEND, blas);
  for (const kernelName of NATIVE_UNARY_KERNELS) {
    tf.registerKernel({
      kernelName,
      backendName: NATIVE_BACKEND,
      kernelFunc: nativeUnary(kernelName),
    });
  }
  for (const kernelName of NATIVE_BINARY_KERNELS) {
    const binary = nativeBinary(kernelName);
    // A sum of two deferred matMul products (a gradient summed over two uses) stays deferred.
    const kernelFunc: tf.KernelFunc = kernelName !== "Add" ? binary : (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      return addDeferredProducts(args.backend, a, b) ?? binary(args);
    };
    tf.registerKernel({ kernelName, backendName: NATIVE_BACKEND, kernelFunc });
  }
}

/** Wraps a kernel whose output may alias its inputs' storage: the inputs stop being updatable in place. */
function disowningInputs(kernelFunc: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as Record<string, tf.TensorInfo | undefined>;
    for (const info of Object.values(inputs)) if (info) disown(args.backend, info.dataId);
    return kernelFunc(args);
  };
}

/**
 * Runs `f` with the environment variable `name` set to `value` unless it is already set, then
 * restores the environment. OpenBLAS reads OPENBLAS_NUM_THREADS when it is loaded and starts
 * that many threads (default: one per core), which a later openblas_set_num_threads(1) leaves
 * idle; starting only those asked for (more are added on demand) also leaves fewer threads to
 * tear down when an isolate unloads the library. Without env permission, `f` runs as is.
 */
function withEnvDefault<T>(name: string, value: string, f: () => T): T {
  let set = false;
  try {
    if (Deno.env.get(name) === undefined) {
      Deno.env.set(name, value);
      set = true;
    }
  } catch {
    // No --allow-env: OpenBLAS keeps its default.
  }
  try {
    return f();
  } finally {
    if (set) Deno.env.delete(name);
  }
}
