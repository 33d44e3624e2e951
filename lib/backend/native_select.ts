/**
 * `Select` (`tf.where`) for the "native" backend. The gradients of leaky ReLU and of `tf.where`
 * itself select between two float32 tensors by a bool mask: the cpu kernel branches on each
 * mask value, which on an activation's signs is a coin flip the processor mispredicts half the
 * time (about 7 ms for 800k values here). This one picks each value's bits with the mask
 * turned into all-ones or all-zeros, so the result is the cpu kernel's bit for bit, NaN
 * payloads and signed zeros included. Leaky ReLU's gradient, a select between `dy` and
 * `dy * alpha`, is one such pass too.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { cpuKernel, type CpuLikeBackend, float32Values } from "./native_matmul.ts";
import { takeFloat32 } from "./native_pool.ts";
import { bitsOf } from "./native_unary.ts";

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * `out[i] = condition[i] === 1 ? t[i] : e[i]` (the cpu kernel's test), by masking bits.
 *
 * @param condition The mask's values (bool: 0 or 1).
 * @param t Values where the mask is 1.
 * @param e Values elsewhere.
 * @param out The result, as long as `condition`.
 */
export function selectInto(
  condition: Uint8Array,
  t: Float32Array,
  e: Float32Array,
  out: Float32Array,
): void {
  const tb = bitsOf(t), eb = bitsOf(e), ob = bitsOf(out);
  for (let i = 0; i < condition.length; i++) {
    const mask = -Number(condition[i] === 1); // -1 (all ones) or 0
    ob[i] = (tb[i] & mask) | (eb[i] & ~mask);
  }
}

/**
 * The native `Select` kernel (inputs `condition`, `t`, `e`) for a bool condition of the same
 * shape as two float32 branches; other cases (a rank-1 condition choosing rows, other dtypes)
 * run the cpu kernel.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeSelect(): tf.KernelFunc {
  const fallback = cpuKernel("Select");
  return (args: KernelArgs) => {
    const backend = args.backend as unknown as CpuLikeBackend;
    const { condition, t, e } = args.inputs as Record<string, tf.TensorInfo>;
    const c = condition.dtype === "bool" ? backend.data.get(condition.dataId).values : null;
    const tv = float32Values(backend, t), ev = float32Values(backend, e);
    if (
      !(c instanceof Uint8Array) || tv === null || ev === null ||
      !tf.util.arraysEqual(condition.shape, t.shape) || !tf.util.arraysEqual(e.shape, t.shape)
    ) return fallback(args);
    const out = takeFloat32(tv.length);
    selectInto(c, tv, ev, out);
    return backend.makeTensorInfo(t.shape, "float32", out);
  };
}

/**
 * The gradient of leaky ReLU (`AdversarialLeakyReluGrad`, see lib/ops/leaky_relu.ts): inputs
 * `dy`, `x` of one size, attribute `alpha`; `x > 0 ? dy : dy * alpha` with `alpha` rounded to
 * float32, as tfjs's `where(greater(x, 0), dy, mul(dy, alpha))` computes it, in one pass: the
 * product is written, then `dy`'s bits are masked in where `x > 0` (so that `dy`'s own bits,
 * NaN payloads included, come through as `where` copies them).
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeLeakyReluGrad(): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as unknown as CpuLikeBackend;
    const { dy, x } = args.inputs as Record<string, tf.TensorInfo>;
    const alpha = Math.fround((args.attrs as { alpha: number }).alpha);
    const dyValues = float32Values(backend, dy), xValues = float32Values(backend, x);
    if (dyValues === null || xValues === null || dyValues.length !== xValues.length) {
      throw new RangeError(
        `Cannot run the leaky ReLU gradient as dy and x must be float32 of one size: ` +
          `dy=${dy.dtype} [${dy.shape}], x=${x.dtype} [${x.shape}]`,
      );
    }
    const out = takeFloat32(xValues.length);
    leakyReluGradInto(dyValues, xValues, alpha, out);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
}

/** `out = x > 0 ? dy : fround(dy * alpha)`, by masking bits. */
function leakyReluGradInto(dy: Float32Array, x: Float32Array, alpha: number, out: Float32Array) {
  const db = bitsOf(dy), ob = bitsOf(out);
  for (let i = 0; i < x.length; i++) {
    out[i] = dy[i] * alpha;
    const mask = -Number(x[i] > 0);
    ob[i] = (db[i] & mask) | (ob[i] & ~mask);
  }
}
