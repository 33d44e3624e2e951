import * as tf from "@tensorflow/tfjs";
import type { RngState } from "../random.ts";
import type { Architecture } from "../models/fingerprint.ts";
import type { StepRecord } from "./history.ts";
import type { OptimizerSpec } from "./optimizers.ts";
import type { OutputScale } from "./update.ts";
import type { UpdateRule } from "./options.ts";
import type { DataSamplerState } from "../data/batches.ts";
import type { NamedTensor } from "./sgd_momentum.ts";

/** A tensor's values read back into JavaScript. */
export interface TensorData {
  /** Its name (a weight's or an optimizer slot's). */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its dtype. */
  dtype: "float32" | "int32";
  /** Its values, row-major. */
  values: Float32Array | Int32Array;
}

/** A trainer's settings, as stored in checkpoints (plain JSON). */
export interface TrainerConfig {
  /** `loss.toJSON()`. */
  loss: Record<string, unknown>;
  /** `prior.toJSON()`. */
  prior: Record<string, unknown>;
  /** Minibatch size m. */
  batchSize: number;
  /** Discriminator steps per generator step. */
  k: number;
  /** How a step updates the networks (absent in checkpoints from before it existed: alternating). */
  update?: UpdateRule;
  /** The run's seed. */
  seed: number;
  /** How `dReal`/`dFake` are reported. */
  outputScale: OutputScale;
  /** The discriminator's optimiser. */
  dOptimizer: OptimizerSpec;
  /** The generator's optimiser. */
  gOptimizer: OptimizerSpec;
}

/**
 * The full state of a training run at a step boundary: enough to continue it
 * bit for bit (weights incl. batch-norm statistics, optimiser slots, PRNG and
 * dropout states, history, config and the architectures).
 */
export interface TrainerSnapshot {
  /** Format tag. */
  format: "adversarial-nets/trainer";
  /** Format version. */
  version: 1;
  /** Generator steps done. */
  step: number;
  /** The run's settings. */
  config: TrainerConfig;
  /** The networks' architectures. */
  architecture: { generator: Architecture; discriminator: Architecture };
  /** PRNG states of the noise, data and penalty streams. */
  rng: { noise: RngState; data: RngState; penalty: RngState };
  /** States of each network's seeded dropout layers, in layer order. */
  dropout: { generator: RngState[]; discriminator: RngState[] };
  /** The per-step history. */
  history: StepRecord[];
  /** The real-data source's position (sources that keep one, e.g. epochs of `dataSampler`). */
  sampler?: DataSamplerState;
  /** Weight values (`model.getWeights()` order) and optimiser weights (`optimizer.getWeights()`). */
  tensors: {
    generator: TensorData[];
    discriminator: TensorData[];
    gOptimizer: TensorData[];
    dOptimizer: TensorData[];
  };
}

/** Reads named tensors into JavaScript (async: works on WebGPU). */
export async function readTensors(named: NamedTensor[]): Promise<TensorData[]> {
  const out: TensorData[] = [];
  for (const { name, tensor } of named) {
    const dtype = tensor.dtype === "int32" ? "int32" : "float32";
    const data = await tensor.data();
    const values = dtype === "int32" ? Int32Array.from(data) : Float32Array.from(data);
    out.push({ name, shape: tensor.shape.slice(), dtype, values });
  }
  return out;
}

/** Builds tensors from read-back data (the caller disposes them). */
export function toTensors(data: TensorData[]): NamedTensor[] {
  return data.map((d) => ({ name: d.name, tensor: tf.tensor(d.values, d.shape, d.dtype) }));
}

/**
 * Throws unless saved optimiser slots (after `iter`) fit `vars`: their count
 * is a multiple of the variable count and slot `j` has the shape of variable
 * `j mod n` (tfjs optimisers keep one block of slots per variable, in order).
 */
export function checkSlotsFit(slots: TensorData[], vars: tf.Variable[], role: string): void {
  const rest = slots.filter((s) => s.name !== "iter");
  if (rest.length === 0) return;
  const fail = (what: string) => {
    throw new RangeError(`Cannot restore the ${role} optimizer from the checkpoint as ${what}`);
  };
  if (rest.length % vars.length !== 0) {
    fail(`it has ${rest.length} slots for ${vars.length} variables`);
  }
  rest.forEach((s, j) => {
    const v = vars[j % vars.length];
    if (JSON.stringify(s.shape) !== JSON.stringify(v.shape)) {
      fail(
        `slot ${s.name} has shape ${JSON.stringify(s.shape)} but variable ${v.name} has ${
          JSON.stringify(v.shape)
        }`,
      );
    }
  });
}

/** The first non-finite value among model weights, as `name[index]=value`, or null. */
export function firstNonFinite(data: TensorData[]): string | null {
  for (const d of data) {
    for (let i = 0; i < d.values.length; i++) {
      if (!Number.isFinite(d.values[i])) return `${d.name}[${i}]=${d.values[i]}`;
    }
  }
  return null;
}
