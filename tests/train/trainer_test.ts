import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { mlpDiscriminator, mlpGenerator } from "../../lib/models/mod.ts";
import { uniformPrior } from "../../lib/latent/mod.ts";
import { ganLoss } from "../../lib/losses/mod.ts";
import {
  adam,
  createTrainer,
  rmsprop,
  sgdMomentum,
  type TrainerOptions,
} from "../../lib/train/mod.ts";
import type { Rng } from "../../lib/random.ts";
import { availableBackends, useBackend } from "../_helpers.ts";
import { sampleGaussian, tinyTrainer } from "./_fixtures.ts";

function options(overrides: Partial<TrainerOptions> = {}): TrainerOptions {
  return {
    generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [4], seed: 1 }),
    discriminator: mlpDiscriminator({ inputShape: [1], hidden: [4], seed: 2 }),
    loss: ganLoss("non-saturating"),
    prior: uniformPrior(1),
    sampleReal: sampleGaussian,
    batchSize: 8,
    seed: 0,
    ...overrides,
  };
}

Deno.test("step() makes k discriminator updates per generator update, each optimiser holding only its own network", async () => {
  await useBackend("cpu");
  const seen: number[] = [];
  const trainer = createTrainer(options({
    k: 3,
    dOptimizer: adam(),
    gOptimizer: adam(),
    // An async sampler also works; it gets m and the run's data stream.
    sampleReal: (m: number, rng: Rng) => {
      seen.push(m);
      return Promise.resolve(sampleGaussian(m, rng));
    },
  }));
  await trainer.train(2);
  assert.strictEqual(trainer.dOptimizer.iterations, 6);
  assert.strictEqual(trainer.gOptimizer.iterations, 2);
  assert.deepStrictEqual(seen, [8, 8, 8, 8, 8, 8]);
  // Adam keeps [iter, m..., v...]: one m and one v per variable of its network only.
  const slots = async (o: tf.Optimizer) => (await o.getWeights()).length;
  assert.strictEqual(
    await slots(trainer.gOptimizer),
    1 + 2 * trainer.generator.trainableWeights.length,
  );
  assert.strictEqual(
    await slots(trainer.dOptimizer),
    1 + 2 * trainer.discriminator.trainableWeights.length,
  );
  trainer.dispose();
});

Deno.test("step() records losses, mean D outputs as probabilities, gradient norms and the scheduled lr", async () => {
  await useBackend("cpu");
  const trainer = createTrainer(options({ gOptimizer: sgdMomentum({ lr: 0.05, decay: 2 }) }));
  const records: number[] = [];
  await trainer.train(3, { onStep: (r, t) => void records.push(r.step, t.stepCount) });
  assert.deepStrictEqual(records, [1, 1, 2, 2, 3, 3]);
  const h = trainer.history;
  assert.deepStrictEqual(h.map((r) => r.lr), [0.05, 0.025, 0.0125], "lr_t = lr0 / decay^t");
  for (const r of h) {
    assert.ok(r.dReal > 0 && r.dReal < 1 && r.dFake > 0 && r.dFake < 1, JSON.stringify(r));
    assert.ok(r.dGradNorm > 0 && r.gGradNorm > 0 && r.ms >= 0);
  }
  // D starts near 0 logits: its cross-entropy is ~2 log 2, G's non-saturating loss ~log 2.
  assert.ok(
    Math.abs(h[0].dLoss - 2 * Math.log(2)) < 0.1 && Math.abs(h[0].gLoss - Math.log(2)) < 0.1,
  );
  trainer.dispose();
  const wgan = createTrainer(
    options({ loss: ganLoss("wasserstein"), dOptimizer: rmsprop(), gOptimizer: rmsprop() }),
  );
  assert.strictEqual(wgan.config.outputScale, "raw");
  wgan.dispose();
});

Deno.test("train() stops when its signal aborts", async () => {
  await useBackend("cpu");
  const trainer = createTrainer(options());
  const controller = new AbortController();
  await assert.rejects(
    trainer.train(10, {
      signal: controller.signal,
      onStep: (r) => r.step === 2 ? controller.abort() : undefined,
    }),
    { name: "AbortError" },
  );
  assert.strictEqual(trainer.stepCount, 2);
  trainer.dispose();
});

Deno.test("train() lets timers and signal listeners run, so a timer's abort stops a CPU run", async () => {
  await useBackend("cpu");
  const trainer = createTrainer(options());
  const controller = new AbortController();
  // Without yielding to the event loop, this timer would only fire after all 20,000 steps.
  const timer = setTimeout(() => controller.abort(), 200);
  try {
    await assert.rejects(trainer.train(20_000, { signal: controller.signal }), {
      name: "AbortError",
    });
  } finally {
    clearTimeout(timer);
  }
  assert.ok(trainer.stepCount > 0 && trainer.stepCount < 20_000, `steps ${trainer.stepCount}`);
  trainer.dispose();
});

Deno.test("createTrainer() rejects networks that do not fit, naming the shapes", () => {
  assert.throws(
    () =>
      createTrainer(
        options({
          generator: mlpGenerator({ latentDim: 1, outputShape: [2], hidden: [4], seed: 1 }),
        }),
      ),
    /generator's output shape must equal the discriminator's input shape: generator output=\[2\], discriminator input=\[1\]/,
  );
  assert.throws(
    () => createTrainer(options({ prior: uniformPrior(3) })),
    /generator's input shape must be \[prior.dim\]: generator input=\[1\], prior.dim=3/,
  );
  const twoOutputs = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1] })] });
  assert.throws(
    () => createTrainer(options({ discriminator: twoOutputs })),
    /one logit per sample \[1\]: discriminator output=\[2\]/,
  );
  assert.throws(() => createTrainer(options({ generator: {} as tf.LayersModel })), TypeError);
  assert.throws(
    () =>
      createTrainer(options({ sampleReal: undefined as unknown as TrainerOptions["sampleReal"] })),
    TypeError,
  );
});

Deno.test("createTrainer() and the optimiser factories reject bad hyper-parameters, naming them", () => {
  assert.throws(() => createTrainer(options({ k: 0 })), /k must be a positive integer: k=0/);
  assert.throws(() => createTrainer(options({ k: 1.5 })), /k=1.5/);
  assert.throws(
    () => createTrainer(options({ batchSize: NaN })),
    /batchSize must be a positive integer: batchSize=NaN/,
  );
  assert.throws(() => createTrainer(options({ seed: Infinity })), /seed/);
  assert.throws(() => sgdMomentum({ lr: NaN }), /lr must be a positive finite number: lr=NaN/);
  assert.throws(
    () => sgdMomentum({ momentumEnd: 1 }),
    /momentumEnd must be in \[0, 1\): momentumEnd=1/,
  );
  assert.throws(
    () => sgdMomentum({ rampFrom: 10, rampTo: 5 }),
    /rampTo must be a finite number > rampFrom: rampTo=5/,
  );
  assert.throws(() => adam({ beta1: Infinity }), /beta1 must be in \[0, 1\): beta1=Infinity/);
  assert.throws(() => rmsprop({ lr: -1 }), /lr must be a positive finite number: lr=-1/);
  assert.throws(
    () => createTrainer(options({ dOptimizer: { ...adam(), lr: Infinity } })),
    /Cannot build optimizer adam as lr must be a positive finite number: lr=Infinity/,
  );
  assert.throws(() => ganLoss("bogus"), /name must be one of .*non-saturating.*: name=bogus/);
});

Deno.test("step() rejects a real minibatch of the wrong shape and train() a bad step count", async () => {
  await useBackend("cpu");
  const trainer = createTrainer(options({ sampleReal: () => tf.zeros([8, 2]) }));
  await assert.rejects(
    trainer.step(),
    /sampleReal must return \[batchSize, ...discriminator input\] = \[8,1\]: shape=\[8,2\]/,
  );
  await assert.rejects(trainer.train(-1), /steps must be a non-negative integer: steps=-1/);
  await assert.rejects(
    trainer.train(1, { checkpoint: { dir: "x", every: 0 } }),
    /checkpoint.every=0/,
  );
  trainer.dispose();
});

Deno.test("no tensor leaks: tf.memory().numTensors is the same after step 10 and step 500", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer(
    { dOptimizer: sgdMomentum(), gOptimizer: sgdMomentum(), batchSize: 8 },
    [4],
    0.5,
  );
  await trainer.train(10);
  const after10 = tf.memory().numTensors;
  await trainer.train(490);
  assert.strictEqual(trainer.stepCount, 500);
  assert.strictEqual(tf.memory().numTensors, after10);
  trainer.dispose();
});

Deno.test("no tensor leaks with a gradient penalty and weight clipping (steps 5 and 40)", async () => {
  await useBackend("cpu");
  for (const name of ["wgan-gp", "wasserstein"]) {
    const trainer = tinyTrainer({ loss: ganLoss(name), k: 2, batchSize: 8 }, [4], 0.5);
    await trainer.train(5);
    const after5 = tf.memory().numTensors;
    await trainer.train(35);
    assert.strictEqual(tf.memory().numTensors, after5, name);
    trainer.dispose();
  }
});

const hasWebgpu = (await availableBackends()).includes("webgpu");

Deno.test({
  name:
    "steps, a checkpoint and a restore run on webgpu, where synchronous reads fail (async reads only)",
  ignore: !hasWebgpu,
  fn: async () => {
    await useBackend("webgpu");
    const trainer = tinyTrainer({ batchSize: 16 }, [8], 0.5);
    await trainer.train(3);
    const dir = await Deno.makeTempDir();
    await trainer.save(`${dir}/ck`);
    await trainer.train(1);
    await trainer.restore(`${dir}/ck`);
    assert.strictEqual(trainer.stepCount, 3);
    const [record] = await trainer.train(1);
    assert.strictEqual(record.step, 4);
    assert.ok(Number.isFinite(record.dLoss) && Number.isFinite(record.gLoss));
    trainer.dispose();
    await Deno.remove(dir, { recursive: true });
    await useBackend("cpu");
  },
});
