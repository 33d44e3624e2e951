import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../tensor_types.ts";
import type { Rng } from "../random.ts";
import { checkOptions } from "../validate.ts";

/**
 * How to draw a model's kernels: `uniform` on [-scale, scale] (pylearn2's
 * `irange`, the 2014 paper: 0.05 in G, 0.005 in D) or `normal` N(0, std^2)
 * (DCGAN, Radford et al. 2016: std 0.02). Biases start at 0; batch-norm
 * scales at 1.
 */
export type KernelInit =
  | { kind: "uniform"; scale: number }
  | { kind: "normal"; std: number };

/** Throws a `RangeError` unless the init's scale/std is a positive finite number. */
export function checkKernelInit(init: KernelInit, what: string): KernelInit {
  if (init === null || typeof init !== "object") {
    throw new TypeError(`Cannot ${what} as init must be an object: init=${String(init)}`);
  }
  checkOptions(init, ["kind", init.kind === "normal" ? "std" : "scale"], what, "init.");
  const value = init.kind === "uniform" ? init.scale : init.kind === "normal" ? init.std : NaN;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `Cannot ${what} as init must be {kind:"uniform",scale>0} or {kind:"normal",std>0}: init=${
        JSON.stringify(init)
      }`,
    );
  }
  return init;
}

/**
 * Sets every kernel of `model` (weights whose name ends in `/kernel`) from
 * `rng` drawn in JavaScript, in the model's weight order, so the same generator
 * state gives bit-identical weights on every backend. Other weights (biases,
 * batch-norm parameters and statistics) keep their deterministic defaults.
 *
 * @param model The model to initialise (modified in place).
 * @param rng The generator to draw from (advanced).
 * @param init The kernel distribution.
 * @returns `model`.
 */
export function initializeKernels(
  model: LayersModel,
  rng: Rng,
  init: KernelInit,
): LayersModel {
  for (const w of model.weights) {
    if (!w.originalName.endsWith("/kernel")) continue;
    const values = new Float32Array((w.shape as number[]).reduce((a, b) => a * b, 1));
    if (init.kind === "uniform") {
      for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * init.scale;
    } else {
      rng.fillNormal(values);
      for (let i = 0; i < values.length; i++) values[i] *= init.std;
    }
    const t = tf.tensor(values, w.shape as number[], "float32");
    w.write(t);
    t.dispose();
  }
  return model;
}
