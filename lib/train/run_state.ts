/** A training run's mutable state and its snapshot/restore (internal to the trainer). */
import * as tf from "@tensorflow/tfjs";
import { Rng, rngStreams } from "../random.ts";
import { checkArchitectureFits, describeArchitecture } from "../models/fingerprint.ts";
import { seededDropoutLayers } from "../models/seeded_dropout.ts";
import type { LayersModel } from "../tensor_types.ts";
import type { StepRecord } from "./history.ts";
import { createOptimizer } from "./optimizers.ts";
import { isPerExample, type UpdateContext } from "./update.ts";
import type { TrainingDivergedError } from "./diverged.ts";
import type { RealSource, TrainerOptions } from "./options.ts";
import {
  checkSlotsFit,
  readTensors,
  toTensors,
  type TrainerConfig,
  type TrainerSnapshot,
} from "./snapshot.ts";
import { restoreConfigCheck } from "./trainer_io.ts";

/** Everything a run changes as it trains. */
export interface RunState {
  config: TrainerConfig;
  ctx: UpdateContext;
  /** Where real minibatches come from (a plain function is wrapped as a stateless source). */
  source: RealSource;
  rng: { noise: Rng; data: Rng; penalty: Rng };
  step: number;
  history: StepRecord[];
  diverged: TrainingDivergedError | null;
}

/** The state of a fresh run: optimisers built, PRNG streams seeded. */
export function initialState(options: TrainerOptions, config: TrainerConfig): RunState {
  const streams = rngStreams(config.seed);
  const vars = (m: LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    config,
    ctx: {
      generator: options.generator,
      discriminator: options.discriminator,
      jointCritic: isPerExample(options.discriminator),
      loss: options.loss,
      outputScale: config.outputScale,
      gVars: vars(options.generator),
      dVars: vars(options.discriminator),
      gOptimizer: createOptimizer(config.gOptimizer),
      dOptimizer: createOptimizer(config.dOptimizer),
    },
    source: typeof options.sampleReal === "function"
      ? { sample: options.sampleReal }
      : options.sampleReal,
    rng: {
      noise: streams.noise,
      data: streams.data,
      penalty: new Rng(config.seed).fork("penalty"),
    },
    step: 0,
    history: [],
    diverged: null,
  };
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
    },
  };
}

/** Checks that `snap` fits the run, then replaces the run's state with it. */
export async function restoreState(
  s: RunState,
  snap: TrainerSnapshot,
  strict: boolean,
): Promise<void> {
  const { generator, discriminator } = s.ctx;
  checkArchitectureFits(generator, snap.architecture.generator, "generator");
  checkArchitectureFits(discriminator, snap.architecture.discriminator, "discriminator");
  if (strict) restoreConfigCheck(s.config, snap.config);
  checkSlotsFit(snap.tensors.gOptimizer, s.ctx.gVars, "generator");
  checkSlotsFit(snap.tensors.dOptimizer, s.ctx.dVars, "discriminator");
  for (
    const [model, data] of [[generator, snap.tensors.generator], [
      discriminator,
      snap.tensors.discriminator,
    ]] as const
  ) {
    const named = toTensors(data);
    model.setWeights(named.map((n) => n.tensor));
    tf.dispose(named.map((n) => n.tensor));
  }
  for (const key of ["gOptimizer", "dOptimizer"] as const) {
    // A fresh optimiser: setWeights on a used one would leak its old slots.
    const fresh = createOptimizer(snap.config[key]);
    const named = toTensors(snap.tensors[key]);
    await fresh.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
    s.ctx[key].dispose();
    s.ctx[key] = fresh;
  }
  s.config = {
    ...s.config,
    gOptimizer: snap.config.gOptimizer,
    dOptimizer: snap.config.dOptimizer,
  };
  s.rng = {
    noise: Rng.fromState(snap.rng.noise),
    data: Rng.fromState(snap.rng.data),
    penalty: Rng.fromState(snap.rng.penalty),
  };
  seededDropoutLayers(generator).forEach((l, i) => l.setRngState(snap.dropout.generator[i]));
  seededDropoutLayers(discriminator).forEach((l, i) =>
    l.setRngState(snap.dropout.discriminator[i])
  );
  if (snap.sampler && s.source.setState) s.source.setState(snap.sampler);
  s.step = snap.step;
  s.history = snap.history.map((r) => ({ ...r }));
  s.diverged = null;
}
