/**
 * Reads a tfjs layers model as a straight chain of the operations a compiled step knows: dense
 * layers (kernel `[in, out]`, optional bias, no built-in activation), element-wise
 * activations, maxout and seeded dropout; input, flatten and reshape layers are free (rows
 * stay contiguous). Anything else (convolutions, batch normalisation, branches) makes the
 * model unplannable, and the trainer keeps tfjs's op chain.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "../../tensor_types.ts";

/** A dropout layer whose masks a compiled step draws itself (the package's seeded dropout). */
export interface MaskSource {
  /** Probability of dropping a unit. */
  readonly rate: number;
  /**
   * The next mask of `count` values, as a training call would draw it (into `out` when given:
   * a reused buffer, as a fresh 1 MB array costs more than drawing its values).
   */
  drawMask(count: number, out?: Float32Array): Float32Array;
}

/** Element-wise activations a compiled step applies (leaky ReLU with its slope). */
export type PlanActivation = "relu" | "leakyRelu" | "sigmoid" | "tanh";

/** One operation of a planned model, on rows of `inWidth` values giving rows of `outWidth`. */
export type PlanOp =
  | {
    kind: "dense";
    name: string;
    inWidth: number;
    outWidth: number;
    kernel: tf.Variable;
    bias: tf.Variable | null;
  }
  | {
    kind: "activation";
    name: string;
    inWidth: number;
    outWidth: number;
    fn: PlanActivation;
    alpha: number;
  }
  | { kind: "maxout"; name: string; inWidth: number; outWidth: number; pieces: number }
  | { kind: "dropout"; name: string; inWidth: number; outWidth: number; source: MaskSource };

/** A model as a chain of {@linkcode PlanOp}s. */
export interface MlpPlan {
  /** Values per input row (the flattened input shape). */
  inWidth: number;
  /** Values per output row. */
  outWidth: number;
  ops: PlanOp[];
}

/** The fields of a tfjs layer read here. */
interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  weights: { read(): tf.Tensor }[];
  inboundNodes: { inboundLayers: unknown[] }[];
  outputShape: unknown;
}

const FREE_LAYERS = new Set(["InputLayer", "Flatten", "Reshape"]);
const ACTIVATIONS = new Set(["relu", "sigmoid", "tanh", "linear"]);

function widthOf(shape: unknown): number | null {
  const s = (Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape) as
    | (number | null)[]
    | undefined;
  if (!Array.isArray(s)) return null;
  let n = 1;
  for (const d of s.slice(1)) {
    if (typeof d !== "number") return null;
    n *= d;
  }
  return n;
}

/**
 * Plans `model` for a compiled step.
 *
 * @param model A tfjs layers model.
 * @returns The plan, or a sentence saying which layer prevents one.
 */
export function planMlp(model: LayersModel): MlpPlan | string {
  const layers = model.layers as unknown as LayerLike[];
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    return `${model.name} has ${model.inputs.length} inputs and ${model.outputs.length} outputs`;
  }
  const inWidth = widthOf(model.inputs[0].shape);
  if (inWidth === null) return `${model.name}'s input shape is not fully known`;
  const ops: PlanOp[] = [];
  let width = inWidth;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const cls = layer.getClassName();
    if (i > 0) {
      const nodes = layer.inboundNodes;
      if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1) {
        return `layer ${layer.name} is used more than once or has several inputs`;
      }
      if (nodes[0].inboundLayers[0] !== layers[i - 1]) {
        return `layer ${layer.name} does not follow the previous layer`;
      }
    }
    const config = layer.getConfig();
    const outWidth = widthOf(layer.outputShape);
    if (outWidth === null) return `layer ${layer.name}'s output shape is not fully known`;
    if (FREE_LAYERS.has(cls)) {
      if (outWidth !== width) return `layer ${layer.name} changes the row width`;
      continue;
    }
    const name = layer.name;
    if (cls === "Dense") {
      if (config.activation !== "linear") {
        return `dense layer ${name} has a built-in activation (${config.activation})`;
      }
      const [kernel, bias] = layer.weights.map((w) => w.read() as tf.Variable);
      if (kernel.shape.length !== 2 || kernel.shape[0] !== width) {
        return `dense layer ${name} has kernel shape [${kernel.shape}] for rows of ${width}`;
      }
      if (kernel.dtype !== "float32") return `dense layer ${name} is not float32`;
      ops.push({ kind: "dense", name, inWidth: width, outWidth, kernel, bias: bias ?? null });
    } else if (cls === "Activation") {
      const fn = String(config.activation);
      if (!ACTIVATIONS.has(fn)) return `activation ${fn} of layer ${name} is not compiled`;
      if (fn !== "linear") {
        ops.push({
          kind: "activation",
          name,
          inWidth: width,
          outWidth,
          fn: fn as PlanActivation,
          alpha: 0,
        });
      }
    } else if (cls === "LeakyReLU") {
      const alpha = Number(config.alpha);
      if (!(alpha >= 0 && alpha <= 1)) return `leaky ReLU ${name} has slope ${alpha}`;
      ops.push({ kind: "activation", name, inWidth: width, outWidth, fn: "leakyRelu", alpha });
    } else if (cls === "ReLU") {
      if (config.maxValue != null) return `ReLU ${name} has a maxValue`;
      ops.push({ kind: "activation", name, inWidth: width, outWidth, fn: "relu", alpha: 0 });
    } else if (cls === "Maxout") {
      const pieces = Number(config.pieces);
      if (!Number.isInteger(pieces) || width !== outWidth * pieces) {
        return `maxout layer ${name} does not map ${width} to ${outWidth} x ${pieces}`;
      }
      ops.push({ kind: "maxout", name, inWidth: width, outWidth, pieces });
    } else if (cls === "SeededDropout") {
      const source = layer as unknown as MaskSource;
      if (typeof source.drawMask !== "function") return `dropout layer ${name} cannot draw masks`;
      if (source.rate > 0) ops.push({ kind: "dropout", name, inWidth: width, outWidth, source });
    } else {
      return `layer ${name} (${cls}) is not compiled`;
    }
    width = outWidth;
  }
  return { inWidth, outWidth: width, ops };
}

/** The variables of a plan in order of appearance (kernel, then bias, per dense layer). */
export function planVariables(plan: MlpPlan): tf.Variable[] {
  return plan.ops.flatMap((op) =>
    op.kind !== "dense" ? [] : op.bias ? [op.kernel, op.bias] : [op.kernel]
  );
}

/** Whether every operation of `plan` is piecewise linear (second derivatives vanish). */
export function isPiecewiseLinear(plan: MlpPlan): boolean {
  return plan.ops.every((op) =>
    op.kind !== "activation" || op.fn === "relu" || op.fn === "leakyRelu"
  );
}
