/**
 * The package's optimisers applied in place by a compiled step: the paper's momentum SGD
 * (as the native backend's fused kernel computes it), and tfjs's Adam and RMSProp with every
 * operation rounded to float32 as their op chains on the cpu kernels round it. They read and
 * write the optimisers' own slot variables (created as the first tfjs update would create
 * them), so checkpoints, `getWeights` and a later tfjs update continue the same state.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { SgdMomentumOptimizer } from "../sgd_momentum.ts";
import type { Gemm } from "./mlp_pass.ts";
import { type InPlaceHook, storageOf } from "./storage.ts";

/** An optimiser update over buffers: one gradient per variable, in the trainer's order. */
export interface InPlaceUpdate {
  /** Applies one update of `vars` from `grads` (same order and sizes). */
  apply(vars: readonly tf.Variable[], grads: readonly Float32Array[]): void;
}

const f32 = Math.fround;

/** tfjs's slot entry. */
interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

/** tfjs's `Optimizer.incrementIterations` (protected). */
function countUpdate(optimizer: tf.Optimizer): void {
  (optimizer as unknown as { incrementIterations(): void }).incrementIterations();
}

/** The slot `slots[i]` of `value`, created as tfjs creates it (zeros, not trainable). */
function slot(slots: OptimizerVariable[], i: number, value: tf.Variable, suffix: string) {
  if (slots[i] == null) {
    slots[i] = {
      originalName: `${value.name}/${suffix}`,
      variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
    };
  }
  return slots[i].variable;
}

function momentum(o: SgdMomentumOptimizer, hook: InPlaceHook, gemm: Gemm): InPlaceUpdate {
  return {
    apply(vars, grads) {
      const lr = f32(o.learningRate), mu = f32(o.momentum);
      const velocities = o.velocitiesFor(vars);
      vars.forEach((variable, i) => {
        const x = storageOf(hook, variable), v = storageOf(hook, velocities[i]);
        // As the native backend's in-place momentum kernel: v <- mu v - lr g; x <- x + v.
        gemm.scal(mu, v);
        gemm.axpy(-lr, grads[i], v);
        gemm.axpy(1, v, x);
      });
      o.countUpdate();
    },
  };
}

interface AdamFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: OptimizerVariable[];
  accumulatedSecondMoment: OptimizerVariable[];
}

function adam(o: tf.Optimizer, hook: InPlaceHook): InPlaceUpdate {
  const a = o as unknown as AdamFields;
  return {
    apply(vars, grads) {
      const acc1 = storageOf(hook, a.accBeta1), acc2 = storageOf(hook, a.accBeta2);
      const om1 = f32(1 - acc1[0]), om2 = f32(1 - acc2[0]);
      const b1 = f32(a.beta1), b2 = f32(a.beta2);
      const c1 = f32(1 - a.beta1), c2 = f32(1 - a.beta2);
      const eps = f32(a.epsilon), nlr = f32(-a.learningRate);
      vars.forEach((variable, i) => {
        const mVar = slot(a.accumulatedFirstMoment, i, variable, "m");
        const vVar = slot(a.accumulatedSecondMoment, i, variable, "v");
        const x = storageOf(hook, variable);
        const m = storageOf(hook, mVar), v = storageOf(hook, vVar);
        const g = grads[i];
        for (let j = 0; j < x.length; j++) {
          const gj = g[j];
          const mj = f32(f32(m[j] * b1) + f32(gj * c1));
          const vj = f32(f32(v[j] * b2) + f32(f32(gj * gj) * c2));
          m[j] = mj;
          v[j] = vj;
          const mHat = f32(mj / om1), vHat = f32(vj / om2);
          const ratio = f32(mHat / f32(f32(Math.sqrt(vHat)) + eps));
          x[j] = f32(ratio * nlr) + x[j];
        }
      });
      acc1[0] = acc1[0] * b1;
      acc2[0] = acc2[0] * b2;
      countUpdate(o);
    },
  };
}

interface RmspropFields {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: OptimizerVariable[];
  accumulatedMoments: OptimizerVariable[];
  accumulatedMeanGrads: OptimizerVariable[];
}

function rmsprop(o: tf.Optimizer, hook: InPlaceHook): InPlaceUpdate {
  const r = o as unknown as RmspropFields;
  return {
    apply(vars, grads) {
      const d = f32(r.decay), cd = f32(1 - r.decay), mu = f32(r.momentum);
      const lr = f32(r.learningRate), eps = f32(r.epsilon);
      vars.forEach((variable, i) => {
        const msVar = slot(r.accumulatedMeanSquares, i, variable, "rms");
        const momVar = slot(r.accumulatedMoments, i, variable, "momentum");
        const mgVar = r.centered ? slot(r.accumulatedMeanGrads, i, variable, "mg") : null;
        const x = storageOf(hook, variable);
        const ms = storageOf(hook, msVar), mom = storageOf(hook, momVar);
        const mg = mgVar ? storageOf(hook, mgVar) : null;
        const g = grads[i];
        for (let j = 0; j < x.length; j++) {
          const gj = g[j];
          const msj = f32(f32(ms[j] * d) + f32(f32(gj * gj) * cd));
          ms[j] = msj;
          let denominator: number;
          if (mg !== null) {
            const mgj = f32(f32(mg[j] * d) + f32(gj * cd));
            mg[j] = mgj;
            denominator = f32(Math.sqrt(f32(msj - f32(f32(mgj * mgj) + eps))));
          } else {
            denominator = f32(Math.sqrt(f32(msj + eps)));
          }
          const momj = f32(f32(mom[j] * mu) + f32(f32(gj * lr) / denominator));
          mom[j] = momj;
          x[j] = x[j] - momj;
        }
      });
      countUpdate(o);
    },
  };
}

/**
 * The in-place form of `optimizer`'s update, or a sentence saying why there is none.
 *
 * @param optimizer The trainer's optimiser (momentum SGD, tfjs Adam or RMSProp).
 * @param hook The backend's in-place storage.
 * @param gemm BLAS, for momentum SGD's vectorised passes.
 * @returns The update, or the reason.
 */
export function inPlaceUpdate(
  optimizer: tf.Optimizer,
  hook: InPlaceHook,
  gemm: Gemm,
): InPlaceUpdate | string {
  if (Object.getPrototypeOf(optimizer) === SgdMomentumOptimizer.prototype) {
    return momentum(optimizer as SgdMomentumOptimizer, hook, gemm);
  }
  const name = optimizer.getClassName();
  const fields = optimizer as unknown as Record<string, unknown>;
  if (name === "Adam" && Array.isArray(fields.accumulatedFirstMoment)) return adam(optimizer, hook);
  if (name === "RMSProp" && Array.isArray(fields.accumulatedMeanSquares)) {
    return rmsprop(optimizer, hook);
  }
  return `optimizer ${name} has no compiled update`;
}
