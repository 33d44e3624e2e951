/** A run's full state as plain data (what a checkpoint holds) and reading it from a run. */
import * as tf from "@tensorflow/tfjs";
import type { RngState } from "../../random.ts";
import { type Architecture, describeArchitecture } from "../../models/fingerprint.ts";
import { seededDropoutLayers } from "../../models/seeded_dropout.ts";
import type { LayersModel } from "../../tensor_types.ts";
import type { StepRecord } from "../history.ts";
import type { TrainerConfig } from "../options.ts";
import type { DataSamplerState } from "../../data/batches.ts";
import type { NamedTensor } from "../sgd_momentum.ts";
import type { RunState } from "../run_state.ts";

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
    /** The generator's weight average (`generatorAverage`), in G's weight order; absent without one. */
    generatorAverage?: TensorData[];
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

/** The first non-finite value among model weights, as `name[index]=value`, or null. */
export function firstNonFinite(data: TensorData[]): string | null {
  for (const d of data) {
    for (let i = 0; i < d.values.length; i++) {
      if (!Number.isFinite(d.values[i])) return `${d.name}[${i}]=${d.values[i]}`;
    }
  }
  return null;
}

async function optimizerData(o: tf.Optimizer) {
  const weights = await o.getWeights();
  const data = await readTensors(weights);
  // `iter` is a fresh scalar; the slots are live variables.
  weights.filter((w) => w.name === "iter").forEach((w) => w.tensor.dispose());
  return data;
}

/** Reads the run's full state (async: works on WebGPU). */
export async function snapshotOf(s: RunState): Promise<TrainerSnapshot> {
  const { generator, discriminator } = s.ctx;
  const weights = (m: LayersModel) =>
    readTensors(m.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
  const dropout = (m: LayersModel) => seededDropoutLayers(m).map((l) => l.rngState());
  return {
    format: "adversarial-nets/trainer",
    version: 1,
    step: s.step,
    config: structuredClone(s.config),
    architecture: {
      generator: describeArchitecture(generator),
      discriminator: describeArchitecture(discriminator),
    },
    rng: { noise: s.rng.noise.state(), data: s.rng.data.state(), penalty: s.rng.penalty.state() },
    dropout: { generator: dropout(generator), discriminator: dropout(discriminator) },
    history: s.history.map((r) => ({ ...r })),
    ...(s.source.state ? { sampler: s.source.state() } : {}),
    tensors: {
      generator: await weights(generator),
      discriminator: await weights(discriminator),
      gOptimizer: await optimizerData(s.ctx.gOptimizer),
      dOptimizer: await optimizerData(s.ctx.dOptimizer),
      ...(s.average ? { generatorAverage: await weights(s.average.model) } : {}),
    },
  };
}
