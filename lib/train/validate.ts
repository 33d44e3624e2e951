/** Boundary checks of the trainer's options (internal). */
import type * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "../losses/types.ts";
import type { NoisePrior } from "../latent/prior.ts";
import { checkOptions } from "../validate.ts";

const WHAT = "create a trainer";

/** Throws a `RangeError` unless `value` is a positive integer. */
export function checkPositiveInt(value: unknown, name: string, what = WHAT): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot ${what} as ${name} must be a positive integer: ${name}=${String(value)}`,
    );
  }
  return value;
}

function isModel(m: unknown): m is tf.LayersModel {
  const x = m as tf.LayersModel;
  return x != null && typeof x.apply === "function" && Array.isArray(x.inputs) &&
    Array.isArray(x.outputs);
}

const shapeText = (s: readonly (number | null)[]) => JSON.stringify(s.slice(1));

/**
 * Checks the networks, loss and prior fit together: one input and output each,
 * G's input width = prior.dim, G's output shape = D's input shape, D's output
 * `[batch, 1]`.
 */
export function checkModels(
  generator: unknown,
  discriminator: unknown,
  loss: unknown,
  prior: unknown,
): void {
  for (const [name, m] of [["generator", generator], ["discriminator", discriminator]] as const) {
    if (!isModel(m) || m.inputs.length !== 1 || m.outputs.length !== 1) {
      throw new TypeError(
        `Cannot ${WHAT} as ${name} must be a tf.LayersModel with one input and one output: ${name}=${
          String(m)
        }`,
      );
    }
  }
  const l = loss as GanLoss;
  if (!l || typeof l.discriminator !== "function" || typeof l.generator !== "function") {
    throw new TypeError(
      `Cannot ${WHAT} as loss must be a GanLoss (see ganLoss()): loss=${String(loss)}`,
    );
  }
  const p = prior as NoisePrior;
  if (!p || typeof p.sample !== "function" || typeof p.dim !== "number") {
    throw new TypeError(`Cannot ${WHAT} as prior must be a NoisePrior: prior=${String(prior)}`);
  }
  const g = generator as tf.LayersModel, d = discriminator as tf.LayersModel;
  const gIn = g.inputs[0].shape, gOut = g.outputs[0].shape;
  const dIn = d.inputs[0].shape, dOut = d.outputs[0].shape;
  if (gIn.length !== 2 || gIn[1] !== p.dim) {
    throw new RangeError(
      `Cannot ${WHAT} as the generator's input shape must be [prior.dim]: generator input=${
        shapeText(gIn)
      }, prior.dim=${p.dim}`,
    );
  }
  if (shapeText(gOut) !== shapeText(dIn)) {
    throw new RangeError(
      `Cannot ${WHAT} as the generator's output shape must equal the discriminator's input shape: generator output=${
        shapeText(gOut)
      }, discriminator input=${shapeText(dIn)}`,
    );
  }
  if (shapeText(dOut) !== "[1]") {
    throw new RangeError(
      `Cannot ${WHAT} as the discriminator must output one logit per sample [1]: discriminator output=${
        shapeText(dOut)
      }`,
    );
  }
}

/** Checks a real minibatch from the sampler: a tensor `[m, ...sampleShape]`. */
export function checkRealBatch(
  x: unknown,
  m: number,
  sampleShape: readonly (number | null)[],
): tf.Tensor {
  const t = x as tf.Tensor;
  if (!t || !Array.isArray(t.shape) || typeof t.dispose !== "function") {
    throw new TypeError(
      `Cannot train as sampleReal must return a tf.Tensor: returned=${String(x)}`,
    );
  }
  const expected = JSON.stringify([m, ...sampleShape]);
  if (JSON.stringify(t.shape) !== expected) {
    t.dispose();
    throw new RangeError(
      `Cannot train as sampleReal must return [batchSize, ...discriminator input] = ${expected}: shape=${
        JSON.stringify(t.shape)
      }`,
    );
  }
  return t;
}

/** Checks the keys and types of `train`'s options (the checkpoint's fields separately). */
export function checkTrainOptions(options: { onStep?: unknown; signal?: unknown }): void {
  checkOptions(options, ["onStep", "signal", "checkpoint"], "train");
  if (options.onStep !== undefined && typeof options.onStep !== "function") {
    throw new TypeError(
      `Cannot train as onStep must be a function: onStep=${String(options.onStep)}`,
    );
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot train as signal must be an AbortSignal: signal=${String(options.signal)}`,
    );
  }
}
