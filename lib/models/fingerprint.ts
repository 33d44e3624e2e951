import type { LayersModel } from "../tensor_types.ts";

/** One weight of a model as a checkpoint records it. */
export interface WeightSpec {
  /** The weight's name within its layer, e.g. `"generator_dense_0/kernel"`. */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its dtype. */
  dtype: string;
}

/** A model's architecture as recorded with its weights. */
export interface Architecture {
  /** A short hash of the layer classes, input/output shapes and weight shapes (names excluded). */
  fingerprint: string;
  /** Input shape without the batch axis. */
  inputShape: number[];
  /** Output shape without the batch axis. */
  outputShape: number[];
  /** The layer class names in order. */
  layers: string[];
  /** The weights in `model.getWeights()` order. */
  weights: WeightSpec[];
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Describes `model`'s architecture: its layer classes, input/output shapes and
 * weights (names, shapes, dtypes) in `model.getWeights()` order, plus a
 * fingerprint hash that ignores names (tfjs numbers unnamed layers per
 * process), so the same architecture gives the same fingerprint in any process.
 *
 * @param model A single-input, single-output tfjs layers model.
 * @returns The description (plain JSON).
 *
 * @example
 * ```ts
 * import { describeArchitecture, mlpGenerator } from "./mod.ts";
 * import assert from "node:assert";
 * const a = describeArchitecture(mlpGenerator({ latentDim: 2, outputShape: [1], seed: 0 }));
 * const b = describeArchitecture(mlpGenerator({ latentDim: 2, outputShape: [1], seed: 1, name: "g" }));
 * assert.strictEqual(a.fingerprint, b.fingerprint);
 * ```
 */
export function describeArchitecture(model: LayersModel): Architecture {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outputShape = model.outputs[0].shape.slice(1) as number[];
  const layers = model.layers.map((l) => l.getClassName());
  const weights = model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    dtype: w.dtype as string,
  }));
  const key = JSON.stringify([inputShape, outputShape, layers, weights.map((w) => w.shape)]);
  return { fingerprint: fnv1a(key), inputShape, outputShape, layers, weights };
}

/**
 * Checks that `model` can take the weights of a saved architecture, naming the
 * first thing that does not fit (input/output shape, weight count, or the
 * first weight whose shape differs, with its layer name on both sides).
 *
 * @param model The model that would receive the weights.
 * @param saved The saved architecture.
 * @param role What the model is, for the message (e.g. `"generator"`).
 * @throws {RangeError} If the architectures differ.
 */
export function checkArchitectureFits(
  model: LayersModel,
  saved: Architecture,
  role: string,
): void {
  const here = describeArchitecture(model);
  const fail = (what: string) => {
    throw new RangeError(
      `Cannot restore the ${role} from a checkpoint of another architecture as ${what}`,
    );
  };
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    JSON.stringify(a) === JSON.stringify(b);
  if (!same(here.inputShape, saved.inputShape)) {
    fail(
      `its input shape differs: here=${JSON.stringify(here.inputShape)}, checkpoint=${
        JSON.stringify(saved.inputShape)
      }`,
    );
  }
  if (!same(here.outputShape, saved.outputShape)) {
    fail(
      `its output shape differs: here=${JSON.stringify(here.outputShape)}, checkpoint=${
        JSON.stringify(saved.outputShape)
      }`,
    );
  }
  const n = Math.min(here.weights.length, saved.weights.length);
  for (let i = 0; i < n; i++) {
    const a = here.weights[i], b = saved.weights[i];
    if (!same(a.shape, b.shape) || a.dtype !== b.dtype) {
      fail(
        `weight ${i} differs: here ${a.name} ${
          JSON.stringify(a.shape)
        } ${a.dtype}, checkpoint ${b.name} ${JSON.stringify(b.shape)} ${b.dtype}`,
      );
    }
  }
  if (here.weights.length !== saved.weights.length) {
    fail(
      `the number of weights differs: here=${here.weights.length}, checkpoint=${saved.weights.length}`,
    );
  }
}
