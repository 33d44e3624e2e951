/**
 * Fast float32 unary kernels for the "native" backend. The cpu backend runs every unary op
 * through one shared loop that calls the op's closure per element (measured ~85 ns per
 * element for Sigmoid here); these are one loop per op with the cpu kernel's exact formula,
 * so results are bit-identical. Other dtypes fall back to the cpu kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { takeFloat32 } from "./native_pool.ts";
import { sigmoidTable } from "../fast_math.ts";

type Numbers = Float32Array | Int32Array | Uint8Array;
type UnaryLoop = (x: Numbers, out: Float32Array, attrs: tf.NamedAttrMap | undefined) => void;

/**
 * The int32 bits of a Float32Array's values (a view, no copy).
 *
 * @param values The float32 values.
 * @returns Their bits, sharing the storage.
 */
export function bitsOf(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * Math.max(0, x) on the float32 bits, without branches: a data-dependent branch on the sign
 * of random activations mispredicts half the time (measured 7-8 ns per element here, against
 * under 1 for a branch-free loop). Negative values and -0 become +0; NaN (either sign) and
 * +Inf stay, as with Math.max.
 */
function reluBits(x: Float32Array, out: Float32Array): void {
  const xi = bitsOf(x), oi = bitsOf(out);
  for (let i = 0; i < xi.length; i++) {
    const bits = xi[i];
    // All ones when NaN (|bits| above +Inf's pattern), when negative (sign bit set).
    const nan = (0x7f800000 - (bits & 0x7fffffff)) >> 31;
    const negative = bits >> 31;
    oi[i] = bits & ~(negative & ~nan);
  }
}

/**
 * The cpu Step kernel (NaN -> NaN, x > 0 -> 1, else alpha) on the float32 bits, without
 * branches (see {@linkcode reluBits}).
 */
function stepBits(x: Float32Array, out: Float32Array, alpha: number): void {
  const xi = bitsOf(x), oi = bitsOf(out);
  const one = 0x3f800000;
  const alphaBits = new Int32Array(Float32Array.of(alpha).buffer)[0];
  for (let i = 0; i < xi.length; i++) {
    const bits = xi[i];
    const nan = (0x7f800000 - (bits & 0x7fffffff)) >> 31;
    // Positive (0 < bits <= +Inf's pattern, as int32): both differences are >= 0.
    const notPositive = ((bits - 1) | (0x7f800000 - bits)) >> 31;
    oi[i] = (nan & bits) | (~nan & ((~notPositive & one) | (notPositive & alphaBits)));
  }
}

/**
 * The cpu LeakyRelu kernel (`x < 0 ? alpha * x : x`, in float64, rounded to float32) without
 * a branch on the sign: the slope is picked by indexing with the comparison. For `x >= 0`,
 * NaN and -0, `x * 1` is `x` exactly.
 */
function leakyRelu(x: Float32Array, out: Float32Array, alpha: number): void {
  const slopes = Float64Array.of(1, alpha);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v * slopes[Number(v < 0)];
  }
}

// Each formula is the cpu backend's (tfjs-backend-cpu 4.22), evaluated the same way.
const LOOPS: Record<string, UnaryLoop> = {
  Sigmoid: (x, out) => {
    if (x instanceof Float32Array) return sigmoidTable(x, out);
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
    if (x instanceof Float32Array) return reluBits(x, out);
    for (let i = 0; i < x.length; i++) out[i] = Math.max(0, x[i]);
  },
  Square: (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      out[i] = v * v;
    }
  },
  LeakyRelu: (x, out, attrs) => {
    // tfjs's op always passes alpha (0.2 by default); the cpu kernel reads it as given.
    const alpha = attrs?.alpha as number;
    if (x instanceof Float32Array) return leakyRelu(x, out, alpha);
    for (let i = 0; i < x.length; i++) out[i] = x[i] < 0 ? alpha * x[i] : x[i];
  },
  Step: (x, out, attrs) => {
    const alpha = (attrs?.alpha as number | undefined) ?? 0;
    if (x instanceof Float32Array) return stepBits(x, out, alpha);
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
    const out = takeFloat32(values.length);
    loop(values, out, args.attrs);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
}
