import * as tf from "@tensorflow/tfjs";

/**
 * Comparison and logical kernels whose outputs are piecewise constant (so their
 * gradient is zero wherever it exists) but which tfjs 4.22 registers no
 * gradient for. They appear inside other ops' gradients (LeakyRelu's uses
 * Greater; Max/Min/maxout's use Equal), so differentiating a gradient through
 * them throws "gradient function not found for Greater".
 */
const PIECEWISE_CONSTANT_KERNELS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["Greater", ["a", "b"]],
  ["Less", ["a", "b"]],
  ["LessEqual", ["a", "b"]],
  ["Equal", ["a", "b"]],
  ["NotEqual", ["a", "b"]],
  ["LogicalAnd", ["a", "b"]],
  ["LogicalOr", ["a", "b"]],
  ["LogicalNot", ["x"]],
];

/**
 * Registers zero gradients for the comparison and logical kernels that tfjs
 * leaves without one (Greater, Less, LessEqual, Equal, NotEqual, LogicalAnd,
 * LogicalOr, LogicalNot), as tfjs already does for GreaterEqual. This makes
 * second-order gradients (the WGAN-GP penalty's double backprop) work through
 * `tf.leakyRelu`, `tf.max` (maxout), `tf.min` and `tf.where` masks.
 *
 * Only kernels with no gradient at all are touched, so nothing that worked
 * before changes; the call is idempotent. {@linkcode gradientPenalty} calls it.
 *
 * @returns The kernel names registered by this call (empty when already done).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { enableSecondOrderGradients } from "./second_order.ts";
 * enableSecondOrderGradients();
 * assert.deepStrictEqual(enableSecondOrderGradients(), []);
 * ```
 */
export function enableSecondOrderGradients(): string[] {
  const registered: string[] = [];
  for (const [kernelName, inputs] of PIECEWISE_CONSTANT_KERNELS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: [...inputs],
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(saved[i])])),
    });
    registered.push(kernelName);
  }
  return registered;
}
