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

type Numbers = Float32Array | Int32Array | Uint8Array;
type UnaryLoop = (x: Numbers, out: Float32Array, attrs: tf.NamedAttrMap | undefined) => void;

/** The int32 bits of a Float32Array's values (a view, no copy). */
function bitsOf(values: Float32Array): Int32Array {
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

/** `64 / ln 2` and `ln 2 / 64` split into a high part with 24 zero low bits and the rest. */
const EXP_SCALE = 64 / Math.LN2;
const [LN2_64_HI, LN2_64_LO] = (() => {
  const hi = new Float64Array([Math.LN2 / 64]);
  new Uint32Array(hi.buffer)[0] &= 0xff000000; // little-endian: the low mantissa word
  return [hi[0], Math.LN2 / 64 - hi[0]];
})();
/** `2^(j/64)`, j = 0..63, and `2^(m - 1100)`: the table method's scale factors. */
const EXP_TABLE = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
const POW2 = Float64Array.from({ length: 2200 }, (_, i) => Math.pow(2, i - 1100));
/** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
const ROUNDER = 6755399441055744;

/**
 * The cpu kernel's `1 / (1 + Math.exp(-x))`, stored to float32, with exp by Tang's table
 * method (2^(k/64) from a table times a degree-6 polynomial on |r| <= ln2/128) instead of
 * `Math.exp`, which costs about 15 ns a call here. The double result is within about 2 ulp of
 * `Math.exp`'s, so the float32 results are identical except when the exact value lies within
 * ~1e-16 of a rounding boundary between two float32s (none in the tests' 4M seeded values);
 * outside [-709, 40] and for NaN, `Math.exp` itself is used.
 */
function sigmoidTable(x: Float32Array, out: Float32Array): void {
  const table = EXP_TABLE, pow2 = POW2;
  for (let i = 0; i < x.length; i++) {
    const y = -x[i];
    if (y > -40 && y < 709) {
      const kd = (y * EXP_SCALE + ROUNDER) - ROUNDER;
      const r = (y - kd * LN2_64_HI) - kd * LN2_64_LO;
      const k = kd | 0;
      const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
      const t = table[k & 63];
      out[i] = 1 / (1 + (t + t * p) * pow2[(k >> 6) + 1100]);
    } else {
      out[i] = 1 / (1 + Math.exp(y));
    }
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
