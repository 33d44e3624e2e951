import * as tf from "@tensorflow/tfjs";
import { leakyReLU } from "./leaky_relu.ts";

/** Element-wise activations available in the model builders. */
export type Activation = "relu" | "leakyRelu" | "sigmoid" | "tanh" | "linear";

const ACTIVATIONS: readonly Activation[] = ["relu", "leakyRelu", "sigmoid", "tanh", "linear"];

/** Throws a `RangeError` unless `value` names an {@linkcode Activation}. */
export function checkActivation(value: unknown, name: string, what: string): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) {
    throw new RangeError(
      `Cannot ${what} as ${name} must be one of ${ACTIVATIONS.join(", ")}: ${name}=${
        String(value)
      }`,
    );
  }
  return value as Activation;
}

/** Applies `activation` as a layer named `name` (leaky ReLU slope 0.2, as in DCGAN). */
export function applyActivation(
  x: tf.SymbolicTensor,
  activation: Activation,
  name: string,
): tf.SymbolicTensor {
  if (activation === "linear") return x;
  const layer = activation === "leakyRelu"
    ? leakyReLU({ alpha: 0.2, name })
    : tf.layers.activation({ activation, name });
  return layer.apply(x) as tf.SymbolicTensor;
}
