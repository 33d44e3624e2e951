/**
 * Fast float32 unary kernels for the "native" backend. The cpu backend runs every unary op
 * through one shared loop that calls the op's closure per element (measured ~85 ns per
 * element for Sigmoid here); these are one loop per op with the cpu kernel's exact formula,
 * so results are bit-identical. Other dtypes fall back to the cpu kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

type Numbers = Float32Array | Int32Array | Uint8Array;
type UnaryLoop = (x: Numbers, out: Float32Array, attrs: tf.NamedAttrMap | undefined) => void;

// Each formula is the cpu backend's (tfjs-backend-cpu 4.22), evaluated the same way.
const LOOPS: Record<string, UnaryLoop> = {
  Sigmoid: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
  },
  Exp: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  },
  Log: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  },
  Log1p: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]);
  },
  Sqrt: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
  },
  Tanh: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
  },
  Relu: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(0, x[i]);
  },
  Step: (x, out, attrs) => {
    const alpha = (attrs?.alpha as number | undefined) ?? 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      out[i] = Number.isNaN(v) ? NaN : v > 0 ? 1 : alpha;
    }
  },
};

/** Kernel names the native backend replaces with {@linkcode nativeUnary}. */
export const NATIVE_UNARY_KERNELS: readonly string[] = Object.keys(LOOPS);

interface CpuLikeBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/**
 * A native unary kernel (`kernelName` one of {@linkcode NATIVE_UNARY_KERNELS}) for float32
 * input; other inputs go to the cpu kernel.
 *
 * @param kernelName The tfjs kernel name, e.g. "Sigmoid".
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeUnary(kernelName: string): tf.KernelFunc {
  const loop = LOOPS[kernelName];
  const fallback = tf.getKernel(kernelName, "cpu")!.kernelFunc;
  return (args) => {
    const backend = args.backend as CpuLikeBackend;
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const values = x.dtype === "float32" ? backend.data.get(x.dataId).values : null;
    if (
      !(values instanceof Float32Array || values instanceof Int32Array ||
        values instanceof Uint8Array)
    ) return fallback(args);
    const out = new Float32Array(values.length);
    loop(values, out, args.attrs);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
}
