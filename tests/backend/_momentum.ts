import * as tf from "@tensorflow/tfjs";
import { SGD_MOMENTUM } from "../../lib/ops/kernels.ts";

/** One fused momentum update of `x` and `v` in their variables with gradient `g`. */
export function fusedMomentumStep(
  x: tf.Variable,
  v: tf.Variable,
  g: tf.Tensor,
  lr: number,
  mu: number,
): void {
  tf.tidy(() => {
    const [nx, nv] = tf.engine().runKernel(SGD_MOMENTUM, { x, v, g }, { lr, mu }) as tf.Tensor[];
    v.assign(nv);
    x.assign(nx);
  });
}
