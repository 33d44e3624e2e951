/**
 * The compiled step (lib/train/compiled/) against tfjs's op chain on the native backend: the
 * same records, weights and optimiser slots to float32 tolerance for every loss, optimiser
 * and update rule it compiles; the per-example loss terms against the tensor losses; and its
 * bookkeeping (determinism, resume, copy on read, no tensor leaks, reasons when it declines).
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { dcganDiscriminator, mlpDiscriminator, mlpGenerator } from "../../lib/models/mod.ts";
import { gaussianPrior } from "../../lib/latent/mod.ts";
import { F_GAN_DIVERGENCES, ganLoss } from "../../lib/losses/mod.ts";
import {
  adam,
  createTrainer,
  type OptimizerSpec,
  rmsprop,
  sgdMomentum,
  type StepRecord,
  type Trainer,
} from "../../lib/train/mod.ts";
import type { GanLoss } from "../../lib/losses/types.ts";
import type { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose } from "../_helpers.ts";

registerNativeBackend();

interface Setup {
  loss?: GanLoss;
  optimizer?: OptimizerSpec;
  update?: "alternating" | "simultaneous";
  k?: number;
  /** Maxout hidden layers, dropout and a sigmoid output, as the paper's MNIST nets. */
  paperLike?: boolean;
  compiled?: boolean;
  seed?: number;
}

/** A small GAN on 4-D data (G 3 -> 4), built the same way for every call with one setup. */
function trainer(s: Setup): Trainer {
  const seed = s.seed ?? 5;
  const init = { kind: "uniform" as const, scale: 0.3 };
  const generator = mlpGenerator({
    latentDim: 3,
    outputShape: [4],
    hidden: s.paperLike ? [12, 12] : [10, 10],
    activation: s.paperLike ? "relu" : "tanh",
    outputActivation: s.paperLike ? "sigmoid" : "linear",
    init,
    seed,
  });
  const discriminator = mlpDiscriminator({
    inputShape: [4],
    hidden: s.paperLike ? [{ units: 6, pieces: 3 }, { units: 5, pieces: 2 }] : [10, 10],
    dropout: s.paperLike ? { input: 0.2, hidden: 0.5 } : undefined,
    init,
    seed: seed + 1,
  });
  return createTrainer({
    generator,
    discriminator,
    loss: s.loss ?? ganLoss("non-saturating"),
    prior: gaussianPrior(3),
    sampleReal: (m: number, rng: Rng) =>
      tf.tensor2d(Float32Array.from({ length: m * 4 }, () => rng.next()), [m, 4]),
    batchSize: 6,
    k: s.k ?? 1,
    update: s.update ?? "alternating",
    dOptimizer: s.optimizer ?? sgdMomentum({ lr: 0.05 }),
    gOptimizer: s.optimizer ?? sgdMomentum({ lr: 0.05 }),
    seed,
    compiled: s.compiled,
  });
}

/** Every variable and optimiser slot of a trainer, flattened. */
async function state(t: Trainer): Promise<Float32Array[]> {
  const weights = [...t.generator.weights, ...t.discriminator.weights].map((w) => w.read());
  const slots = [
    ...(await t.gOptimizer.getWeights()),
    ...(await t.dOptimizer.getWeights()),
  ].map((w) => w.tensor);
  return [...weights, ...slots].map((x) => Float32Array.from(x.dataSync()));
}

const FIELDS = ["dLoss", "dReal", "dFake", "dGradNorm", "gLoss", "gGradNorm"] as const;

/**
 * Trains the setup compiled and as the op chain (on `chainBackend`, default native too) for
 * `steps` steps and compares them.
 */
async function compareWithOpChain(s: Setup, steps = 4, chainBackend = NATIVE_BACKEND) {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const compiled = trainer({ ...s, compiled: true });
  assert.deepStrictEqual(compiled.compiledStep, { compiled: true, reason: "" });
  const a = await compiled.train(steps);
  assert.ok(await tf.setBackend(chainBackend));
  const chain = trainer({ ...s, compiled: false });
  assert.strictEqual(chain.compiledStep.compiled, false);
  const b = await chain.train(steps);
  const what = `${compiled.loss.name}, ${s.optimizer?.kind ?? "sgd-momentum"}, ${
    s.update ?? "alternating"
  }`;
  for (let i = 0; i < steps; i++) {
    for (const key of FIELDS) {
      assertClose(a[i][key], b[i][key], {
        rtol: 2e-4,
        atol: 2e-6,
        msg: `${what}: step ${i + 1} ${key}`,
      });
    }
  }
  const sa = await state(compiled), sb = await state(chain);
  assert.strictEqual(sa.length, sb.length);
  sa.forEach((x, i) =>
    assertAllClose(x, sb[i], { rtol: 1e-4, atol: 2e-6, msg: `${what}: state ${i}` })
  );
  for (const t of [compiled, chain]) {
    t.dispose();
    t.generator.dispose();
    t.discriminator.dispose();
  }
}

const LOSSES: [string, () => GanLoss][] = [
  ["non-saturating", () => ganLoss("non-saturating", { discriminatorScale: 0.5 })],
  ["minimax", () => ganLoss("minimax")],
  ["wasserstein (clip)", () => ganLoss("wasserstein", { weightClip: 0.1 })],
  ["hinge", () => ganLoss("hinge")],
  ["least-squares", () => ganLoss("least-squares", { a: 0, b: 1, c: 1 })],
  ...F_GAN_DIVERGENCES.map((d): [string, () => GanLoss] => [
    `f-gan:${d}`,
    () => ganLoss(`f-gan:${d}`, { generatorForm: "non-saturating" }),
  ]),
];

Deno.test("compiled updates equal the op chain for every compiled loss (Adam, k = 2)", async () => {
  for (const [, loss] of LOSSES) {
    await compareWithOpChain({ loss: loss(), optimizer: adam({ lr: 0.01 }), k: 2 });
  }
});

Deno.test("compiled updates equal the op chain for each optimiser and update rule", async () => {
  const optimizers = [
    sgdMomentum({ lr: 0.05 }),
    adam({ lr: 0.01, beta1: 0.5, beta2: 0.9 }),
    rmsprop({ lr: 0.01 }),
    // Not centered: tfjs's centred RMSProp takes sqrt(ms - mg^2 - eps), NaN wherever a
    // gradient is 0 on the first step, in the op chain as in the compiled update.
    rmsprop({ lr: 0.01, momentum: 0.5 }),
  ];
  for (const optimizer of optimizers) {
    for (const update of ["alternating", "simultaneous"] as const) {
      await compareWithOpChain({ optimizer, update });
      await compareWithOpChain({ optimizer, update, paperLike: true });
    }
  }
});

Deno.test("the saturating f-GAN generator and the paper-like nets compile too", async () => {
  await compareWithOpChain({
    loss: ganLoss("f-gan:js", { generatorForm: "saturating" }),
    paperLike: true,
    update: "simultaneous",
  });
});

Deno.test("WGAN-GP's gradient penalty compiles for piecewise-linear critics", async () => {
  for (const update of ["alternating", "simultaneous"] as const) {
    await compareWithOpChain({
      loss: ganLoss("wgan-gp", { lambda: 10 }),
      optimizer: adam({ lr: 0.01, beta1: 0.5, beta2: 0.9 }),
      k: update === "alternating" ? 3 : 1,
      update,
    });
    // Maxout, dropout and a sigmoid G output: the critic is still piecewise linear. (The op
    // chain differentiates maxout twice only on cpu: the native max gradient has no gradient.)
    await compareWithOpChain(
      { loss: ganLoss("wgan-gp", { lambda: 5 }), update, paperLike: true },
      4,
      "cpu",
    );
  }
});

Deno.test("a loss without per-example terms compiles through tfjs's gradient of its outputs", async () => {
  // A user's loss: plain tensor functions only (no perExample), so the compiled step takes
  // the loss's gradient with respect to D's outputs with tf.valueAndGrads.
  const custom: GanLoss = {
    name: "custom-squared-softplus",
    outputs: "critic",
    discriminator: (r, f) =>
      tf.tidy(() => tf.add(tf.mean(tf.square(tf.softplus(tf.neg(r)))), tf.mean(tf.softplus(f)))),
    generator: (f) => tf.tidy(() => tf.mean(tf.square(tf.softplus(tf.neg(f))))),
    toJSON: () => ({ name: "custom-squared-softplus" }),
  };
  assert.strictEqual(custom.perExample, undefined);
  for (const update of ["alternating", "simultaneous"] as const) {
    await compareWithOpChain({ loss: custom, update, optimizer: adam({ lr: 0.01 }) });
  }
});

Deno.test("per-example loss terms equal the tensor losses' values and gradients", () => {
  const real = Float32Array.from([-30, -3.5, -1, -0.2, 0, 0.3, 1.2, 4, 25]);
  const fake = Float32Array.from([2.5, -0.7, 0.1, -12, 0, 1.1, -2.2, 31, -0.05]);
  const losses = [
    ...LOSSES.map(([, f]) => f()),
    ...F_GAN_DIVERGENCES.map((d) => ganLoss(`f-gan:${d}`, { generatorForm: "saturating" })),
    ganLoss("wgan-gp"),
    ganLoss("least-squares"),
  ];
  for (const loss of losses) {
    const terms = loss.perExample;
    assert.ok(terms, `${loss.name} has per-example terms`);
    // Inputs where each divergence is defined and finite in float32 (exp(31 - 1) is fine).
    const r = loss.name === "f-gan:kl" ? real.map((v) => Math.min(v, 20)) : real;
    const f = loss.name.startsWith("f-gan:") ? fake.map((v) => Math.min(v, 20)) : fake;
    const m = r.length;
    const d = tf.tidy(() => {
      const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
        loss.discriminator(a, b)
      )([tf.tensor2d(r, [m, 1]), tf.tensor2d(f, [m, 1])]);
      return { value: value.dataSync()[0], real: grads[0].dataSync(), fake: grads[1].dataSync() };
    });
    const g = tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((b: tf.Tensor) => loss.generator(b))(
        tf.tensor2d(f, [m, 1]),
      );
      return { value: value.dataSync()[0], fake: grad.dataSync() };
    });
    const mean = (xs: ArrayLike<number>, fn: (v: number) => number) =>
      Array.from(xs).reduce((s, v) => s + fn(v), 0) / xs.length;
    const tol = { rtol: 2e-5, atol: 1e-6 };
    assertClose(mean(r, terms.real) + mean(f, terms.fake), d.value, {
      ...tol,
      msg: `${loss.name} D value`,
    });
    assertClose(mean(f, terms.generator), g.value, { ...tol, msg: `${loss.name} G value` });
    assertAllClose(Array.from(r, (v) => terms.realDerivative(v) / m), d.real, {
      ...tol,
      msg: `${loss.name} dD/dreal`,
    });
    assertAllClose(Array.from(f, (v) => terms.fakeDerivative(v) / m), d.fake, {
      ...tol,
      msg: `${loss.name} dD/dfake`,
    });
    assertAllClose(Array.from(f, (v) => terms.generatorDerivative(v) / m), g.fake, {
      ...tol,
      msg: `${loss.name} dG/dfake`,
    });
  }
});

async function records(s: Setup, steps: number): Promise<StepRecord[]> {
  const t = trainer(s);
  const r = await t.train(steps);
  t.dispose();
  t.generator.dispose();
  t.discriminator.dispose();
  return r.map(({ ms: _, ...rest }) => ({ ...rest, ms: 0 }));
}

Deno.test("a seeded compiled run repeats bit for bit", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const s = { optimizer: adam({ lr: 0.01 }), paperLike: true, update: "simultaneous" as const };
  assert.deepStrictEqual(await records(s, 6), await records(s, 6));
});

Deno.test("a compiled run resumed from a snapshot ends where an uninterrupted one does", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  for (const optimizer of [adam({ lr: 0.01 }), sgdMomentum({ lr: 0.05 }), rmsprop({ lr: 0.01 })]) {
    const whole = trainer({ optimizer, paperLike: true });
    await whole.train(6);
    const first = trainer({ optimizer, paperLike: true });
    await first.train(3);
    const snap = await first.snapshot();
    const second = trainer({ optimizer, paperLike: true, seed: 5 });
    await second.restoreSnapshot(snap);
    await second.train(3);
    assert.ok(second.compiledStep.compiled);
    const strip = (r: readonly StepRecord[]) => r.map(({ ms: _, ...rest }) => rest);
    assert.deepStrictEqual(strip(second.history), strip(whole.history));
    assert.deepStrictEqual(await state(second), await state(whole));
    for (const t of [whole, first, second]) {
      t.dispose();
      t.generator.dispose();
      t.discriminator.dispose();
    }
  }
});

Deno.test("values read from a variable never change under later compiled steps", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const t = trainer({ optimizer: adam({ lr: 0.05 }) });
  await t.train(2);
  const kernel = t.generator.weights[0].read();
  const read = kernel.dataSync() as Float32Array;
  const copy = Float32Array.from(read);
  await t.train(2);
  assert.deepStrictEqual(read, copy, "the array handed out was not written");
  assert.notDeepStrictEqual(Float32Array.from(kernel.dataSync()), copy, "the variable moved on");
  t.dispose();
  t.generator.dispose();
  t.discriminator.dispose();
});

Deno.test("compiled training keeps the tensor count flat", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  for (const update of ["alternating", "simultaneous"] as const) {
    const t = trainer({ optimizer: rmsprop({ lr: 0.01 }), update, paperLike: true });
    await t.train(2);
    const before = tf.memory().numTensors;
    await t.train(20);
    assert.strictEqual(tf.memory().numTensors, before, update);
    t.dispose();
    t.generator.dispose();
    t.discriminator.dispose();
  }
});

Deno.test("the trainer says why a step is not compiled", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const off = trainer({ compiled: false });
  assert.match(off.compiledStep.reason, /compiled: false/);
  const gp = createTrainer({
    generator: mlpGenerator({ latentDim: 3, outputShape: [4], hidden: [4], seed: 1 }),
    discriminator: mlpDiscriminator({ inputShape: [4], hidden: [4], activation: "tanh", seed: 2 }),
    loss: ganLoss("wgan-gp"),
    prior: gaussianPrior(3),
    sampleReal: (m: number) => tf.zeros([m, 4]),
    batchSize: 2,
    seed: 1,
  });
  assert.match(gp.compiledStep.reason, /gradient penalty and D has smooth activations/);
  const conv = createTrainer({
    generator: mlpGenerator({ latentDim: 3, outputShape: [8, 8, 1], hidden: [4], seed: 1 }),
    discriminator: dcganDiscriminator({ imageShape: [8, 8, 1], baseFilters: 2, seed: 2 }),
    loss: ganLoss("non-saturating"),
    prior: gaussianPrior(3),
    sampleReal: (m: number) => tf.zeros([m, 8, 8, 1]),
    batchSize: 2,
    seed: 1,
  });
  assert.match(conv.compiledStep.reason, /discriminator: layer .*Conv2D/);
  assert.ok(await tf.setBackend("cpu"));
  const cpu = trainer({});
  assert.match(cpu.compiledStep.reason, /cpu backend has no in-place storage/);
  assert.throws(
    () => trainer({ compiled: "yes" as unknown as boolean }),
    (e: Error) =>
      e instanceof TypeError && /compiled must be a boolean: compiled=yes/.test(e.message),
  );
  for (const t of [off, gp, conv, cpu]) {
    t.dispose();
    t.generator.dispose();
    t.discriminator.dispose();
  }
});
