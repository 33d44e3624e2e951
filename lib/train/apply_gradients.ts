/**
 * One optimiser update for the op-chain training step. tfjs's Adam and RMSProp update each
 * variable through a chain of 10-15 element-wise kernels, each allocating and traversing a
 * parameter-sized array (about 35 ms of a DCGAN step's ~400 on the native backend). Where the
 * backend offers in-place storage (the native one), they run instead as the compiled step runs
 * them: one pass per variable writing the weights and the optimiser's own slots, with every
 * operation rounded to float32 as the op chain rounds it (compiled/inplace_optimizers.ts), so
 * the values are the op chain's bit for bit. The paper's momentum SGD keeps its own fused
 * kernel, and every other case runs the optimiser's `applyGradients`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type NamedTensor, SgdMomentumOptimizer } from "./sgd_momentum.ts";
import { inPlaceUpdate } from "./compiled/inplace_optimizers.ts";
import { activeInPlaceHook } from "./compiled/storage.ts";

/**
 * Applies `named` (gradients by variable name, in the order the optimiser keeps its slots)
 * with `optimizer`, in place where the backend and optimiser allow it (see the module notes).
 *
 * @param optimizer The optimiser (tfjs's Adam or RMSProp are updated in place on native).
 * @param named The gradients, each named by its variable.
 * @returns True when the update ran in place, false when by `applyGradients`.
 */
export function applyGradients(optimizer: tf.Optimizer, named: NamedTensor[]): boolean {
  if (Object.getPrototypeOf(optimizer) !== SgdMomentumOptimizer.prototype) {
    const active = activeInPlaceHook();
    const update = typeof active === "string"
      ? null
      : inPlaceUpdate(optimizer, active.hook, active.gemm);
    if (typeof active !== "string" && update !== null && typeof update !== "string") {
      const vars = named.map(({ name }) => tf.engine().registeredVariables[name]);
      const grads = named.map(({ tensor }) => active.hook.read(tensor.dataId));
      const fits = vars.every((v, i) =>
        v !== undefined && v.dtype === "float32" && grads[i]?.length === v.size
      );
      if (fits) {
        update.apply(vars, grads as Float32Array[]);
        return true;
      }
    }
  }
  optimizer.applyGradients(named);
  return false;
}
