/** Restoring a run from a snapshot: fit checks, then the state replaced (internal). */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../random.ts";
import { checkArchitectureFits } from "../../models/fingerprint.ts";
import { seededDropoutLayers } from "../../models/seeded_dropout.ts";
import { createOptimizer } from "../optimizers.ts";
import type { TrainerConfig } from "../options.ts";
import type { RunState } from "../run_state.ts";
import { type TensorData, toTensors, type TrainerSnapshot } from "./snapshot.ts";

/** Throws a `RangeError` naming the first setting that differs from the checkpoint's. */
export function restoreConfigCheck(here: TrainerConfig, saved: TrainerConfig): void {
  const keys = [
    "loss",
    "prior",
    "batchSize",
    "k",
    "update",
    "outputScale",
    "dOptimizer",
    "gOptimizer",
  ] as const;
  for (const key of keys) {
    const read = (c: TrainerConfig) => key === "update" ? c.update ?? "alternating" : c[key];
    const a = JSON.stringify(read(here)), b = JSON.stringify(read(saved));
    if (a !== b) {
      throw new RangeError(
        `Cannot restore a checkpoint of another configuration as ${key} differs: here=${a}, checkpoint=${b} (pass { strict: false } to override)`,
      );
    }
  }
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

/**
 * tfjs's Adam sets its bias-correction accumulators on `setWeights` to `pow(beta, t + 1)`, which
 * can differ in the last bit from the product that training accumulates (`acc <- acc * beta`
 * in float32 after each update), so a resumed run would drift from an uninterrupted one.
 * Recompute them as training does, to continue bit for bit.
 */
function replayAdamAccumulators(optimizer: tf.Optimizer): void {
  const adam = optimizer as unknown as {
    beta1: number;
    beta2: number;
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
    iterations: number;
  };
  const product = (beta: number) => {
    const b = Math.fround(beta);
    let acc = b;
    for (let i = 0; i < adam.iterations; i++) acc = Math.fround(acc * b);
    return acc;
  };
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(product(adam.beta1)));
    adam.accBeta2.assign(tf.scalar(product(adam.beta2)));
  });
}

/**
 * The generator's weight average: the checkpoint's when it has one, else (a checkpoint of a run
 * without averaging) restarted from the restored G. The trainer's own settings apply.
 */
function restoreAverage(s: RunState, snap: TrainerSnapshot): void {
  if (!s.average) return;
  const saved = snap.tensors.generatorAverage;
  const model = s.average.model;
  if (saved === undefined) {
    s.average.reset();
    return;
  }
  model.weights.forEach((w, i) => {
    if (JSON.stringify(saved[i]?.shape) !== JSON.stringify(w.shape)) {
      throw new RangeError(
        `Cannot restore the generator's average from the checkpoint as its weight ${i} has shape ${
          JSON.stringify(saved[i]?.shape)
        } but ${w.originalName} has ${JSON.stringify(w.shape)}`,
      );
    }
  });
  const named = toTensors(saved);
  model.setWeights(named.map((n) => n.tensor));
  tf.dispose(named.map((n) => n.tensor));
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
  restoreAverage(s, snap);
  for (const key of ["gOptimizer", "dOptimizer"] as const) {
    // A fresh optimiser: setWeights on a used one would leak its old slots.
    const fresh = createOptimizer(snap.config[key]);
    const named = toTensors(snap.tensors[key]);
    await fresh.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
    if (snap.config[key].kind === "adam") replayAdamAccumulators(fresh);
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
