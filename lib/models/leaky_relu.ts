/**
 * Leaky ReLU for the package's networks: tfjs-layers' `LeakyReLU` layer (the same class name,
 * configuration and outputs) whose gradient is {@linkcode leakyRelu}'s single kernel instead of
 * tfjs's three activation-sized passes. The values are tfjs's bit for bit.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { leakyRelu } from "../ops/leaky_relu.ts";

type LeakyReLUArgs = NonNullable<Parameters<typeof tf.layers.leakyReLU>[0]>;

// tfjs exports the layer's factory, not its class: the class is the prototype of an instance.
const TfLeakyReLU = Object.getPrototypeOf(tf.layers.leakyReLU({})).constructor as new (
  args: LeakyReLUArgs,
) => tf.layers.Layer & { alpha: number };

class LeakyReLU extends TfLeakyReLU {
  /** The tfjs class name, so that saved models and architecture fingerprints are unchanged. */
  static get className(): string {
    return "LeakyReLU";
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return leakyRelu(x, this.alpha);
  }
}

/**
 * A leaky ReLU layer: `tf.layers.leakyReLU(args)` with the one-kernel gradient of
 * {@linkcode leakyRelu}.
 *
 * @param args tfjs's `leakyReLU` arguments (`alpha`, default 0.3 as tfjs's).
 * @returns The layer.
 */
export function leakyReLU(args: LeakyReLUArgs): tf.layers.Layer {
  return new LeakyReLU(args);
}
