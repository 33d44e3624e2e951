/**
 * `Select` (`tf.where`) for the "native" backend. The gradients of leaky ReLU and of `tf.where`
 * itself select between two float32 tensors by a bool mask: the cpu kernel branches on each
 * mask value, which on an activation's signs is a coin flip the processor mispredicts half the
 * time (about 7 ms for 800k values here). This one picks each value's bits with the mask
 * turned into all-ones or all-zeros, so the result is the cpu kernel's bit for bit, NaN
 * payloads and signed zeros included.
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
