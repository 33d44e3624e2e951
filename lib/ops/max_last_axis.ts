import * as tf from "@tensorflow/tfjs";
import { hasKernel, MAX_LAST_AXIS_GRAD } from "./kernels.ts";

/**
 * `max(x, -1)` with tfjs's Max gradient (`dy * (x == max)`, ties all receiving `dy`): the
 * gradient runs the registered {@linkcode MAX_LAST_AXIS_GRAD} kernel where the backend has one
 * (native) and tfjs's own ops elsewhere, with the same values.
 *
 * @param x A float32 tensor `[..., k]`.
 * @returns A new tensor `[...]`, the max over the last axis (the caller owns it).
 */
export const maxLastAxis = tf.customGrad(
  ((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor, save = args[1] as tf.GradSaveFunc;
    const y = tf.max(x, -1);
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [input, max] = saved;
        const g = dy as tf.Tensor;
        if (hasKernel(MAX_LAST_AXIS_GRAD)) {
          return tf.engine().runKernel(MAX_LAST_AXIS_GRAD, {
            dy: g,
            x: input,
            y: max,
          }) as tf.Tensor;
        }
        const keep = [...max.shape, 1];
        return tf.mul(
          tf.reshape(g, keep),
          tf.cast(tf.equal(input, tf.reshape(max, keep)), g.dtype),
        );
      },
    };
  }) as Parameters<typeof tf.customGrad>[0],
) as (x: tf.Tensor) => tf.Tensor;
