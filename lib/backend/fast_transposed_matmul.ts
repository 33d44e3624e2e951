/**
 * Faster transposed matMul on the wasm backend, by materialising transposes.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Kernels whose transpose flags are replaced by explicit transposes. */
const MATMUL_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;

/** Original kernel configs of each patched backend, so the patch can be removed. */
const patched = new Map<string, tf.KernelConfig[]>();

/** The parts of a tfjs backend the wrapper needs (wasm's BackendWasm has them). */
interface DisposingBackend {
  disposeData(dataId: tf.DataId): unknown;
}

/**
 * Makes matMuls with `transposeA`/`transposeB` on `backendName` (default "wasm") transpose
 * their inputs with the backend's own Transpose kernel and then multiply without flags.
 *
 * Why: tfjs-backend-wasm 4.22 runs a flagged matMul several times slower than a plain one of
 * the same size (measured in `bench/matmul_bench.ts`), and training
 * is dominated by flagged matMuls: the gradients of `tf.matMul` and of the fused dense kernel
 * (`tf.fused.matMul`, used by dense layers) are `dy B^T` and `A^T dy`. Patching the kernels,
 * rather than re-registering the `BatchMatMul` gradient, also covers the fused kernel's
 * gradient (a custom gradient that calls matMul with flags) and any direct flagged call, and
 * leaves other backends alone (on cpu or native an explicit transpose would only cost time).
 * Values are unchanged up to float32 rounding (the same products, summed by another code
 * path).
 *
 * Idempotent. Works before or after the backend is initialised (kernel setup functions are
 * kept).
 *
 * @param backendName The tfjs backend to patch; it must have Transpose and BatchMatMul
 *   kernels registered (import `@tensorflow/tfjs-backend-wasm` first).
 * @returns True when the kernels were patched by this call, false when already patched.
 * @throws {Error} When the backend has no BatchMatMul or Transpose kernel registered.
 *
 * @example Patch, then multiply with a transposed operand
 * ```ts
 * import "@tensorflow/tfjs-backend-wasm";
 * import * as tf from "@tensorflow/tfjs";
 * import assert from "node:assert";
 * import { installFastTransposedMatMul } from "./fast_transposed_matmul.ts";
 * installFastTransposedMatMul("wasm");
 * assert.ok(await tf.setBackend("wasm"));
 * const c = tf.matMul(tf.ones([3, 2]), tf.ones([3, 4]), true, false); // [2, 4]
 * assert.deepStrictEqual(await c.array(), [[3, 3, 3, 3], [3, 3, 3, 3]]);
 * ```
 */
export function installFastTransposedMatMul(backendName = "wasm"): boolean {
  if (patched.has(backendName)) return false;
  const transpose = tf.getKernel("Transpose", backendName);
  if (transpose === undefined || tf.getKernel("BatchMatMul", backendName) === undefined) {
    throw new Error(
      `Cannot patch transposed matMul as the backend has no Transpose or BatchMatMul kernel: ` +
        `backendName=${backendName}`,
    );
  }
  const originals: tf.KernelConfig[] = [];
  for (const kernelName of MATMUL_KERNELS) {
    const original = tf.getKernel(kernelName, backendName);
    if (original === undefined) continue;
    originals.push(original);
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      ...original,
      kernelFunc: withExplicitTransposes(original.kernelFunc, transpose.kernelFunc),
    });
  }
  patched.set(backendName, originals);
  return true;
}

/**
 * Undoes {@linkcode installFastTransposedMatMul}: re-registers the original kernels.
 *
 * @param backendName The backend to restore.
 * @returns True when a patch was removed, false when there was none.
 */
export function removeFastTransposedMatMul(backendName = "wasm"): boolean {
  const originals = patched.get(backendName);
  if (originals === undefined) return false;
  for (const original of originals) {
    tf.unregisterKernel(original.kernelName, backendName);
    tf.registerKernel(original);
  }
  patched.delete(backendName);
  return true;
}

/** Whether {@linkcode installFastTransposedMatMul} has patched `backendName`. */
export function hasFastTransposedMatMul(backendName = "wasm"): boolean {
  return patched.has(backendName);
}

function withExplicitTransposes(matMul: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return matMul(args);
    const backend = args.backend as DisposingBackend;
    const temporaries: tf.TensorInfo[] = [];
    const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
      const out = transpose({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      temporaries.push(out);
      return out;
    };
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    try {
      return matMul({
        inputs: {
          ...inputs,
          a: attrs.transposeA ? swapLastTwo(inputs.a) : inputs.a,
          b: attrs.transposeB ? swapLastTwo(inputs.b) : inputs.b,
        },
        backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}
