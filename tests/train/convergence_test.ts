import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { histogram1d, jensenShannon } from "../../lib/theory/mod.ts";
import { Rng } from "../../lib/random.ts";
import { mlpDiscriminator, mlpGenerator } from "../../lib/models/mod.ts";
import { gaussianPrior } from "../../lib/latent/mod.ts";
import { F_GAN_DIVERGENCES, GAN_LOSS_NAMES, ganLoss } from "../../lib/losses/mod.ts";
import { adam, createTrainer, rmsprop } from "../../lib/train/mod.ts";
import { useBackend } from "../_helpers.ts";
import { gaussianDraws, tinyTrainer } from "./_fixtures.ts";

Deno.test("training on N(4, 0.5^2) moves p_g toward p_data: histogram JS falls below half its start", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer();
  const bins = { min: -2, max: 8, bins: 50 };
  const pData = histogram1d(gaussianDraws(4000, new Rng(99)), bins);
  const generated = async () => {
    const z = trainer.prior.sample(4000, new Rng(7));
    const x = trainer.generator.predict(z) as tf.Tensor;
    const v = await x.data();
    tf.dispose([z, x]);
    return v;
  };
  const js = async () => jensenShannon(histogram1d(await generated(), bins), pData);
  const before = await js();
  await trainer.train(250);
  const after = await js();
  // G starts near 0 (disjoint from p_data, JS = 2 log 2 = 1.386); seeded runs reach ~0.33.
  assert.ok(before > 1.3, `JS before ${before}`);
  assert.ok(after < before / 2, `JS after ${after} vs before ${before}`);
  const v = await generated();
  const mean = Array.from(v).reduce((a, b) => a + b, 0) / v.length;
  assert.ok(Math.abs(mean - 4) < 0.5, `mean of p_g ${mean}`);
  const last = trainer.history.at(-1)!;
  assert.ok(
    Math.abs(last.dReal - 0.5) < 0.2 && Math.abs(last.dFake - 0.5) < 0.2,
    JSON.stringify(last),
  );
  trainer.dispose();
});

/** Two Gaussians in 2-D at (+-2, 0). */
function sampleMixture(m: number, rng: Rng): tf.Tensor {
  const a = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) {
    a[2 * i] = (rng.next() < 0.5 ? -2 : 2) + 0.2 * rng.normal();
    a[2 * i + 1] = 0.2 * rng.normal();
  }
  return tf.tensor2d(a, [m, 2]);
}

Deno.test("a 2-D mixture trains 30 steps with finite records under every loss in lib/losses", async () => {
  await useBackend("cpu");
  const names = [
    ...GAN_LOSS_NAMES.filter((n) => n !== "f-gan"),
    ...F_GAN_DIVERGENCES.map((d) => `f-gan:${d}`),
  ];
  assert.ok(names.length >= 7, names.join());
  for (const name of names) {
    const loss = ganLoss(name);
    const critic = name === "wasserstein" || name === "wgan-gp";
    const trainer = createTrainer({
      generator: mlpGenerator({ latentDim: 2, outputShape: [2], hidden: [16], seed: 3 }),
      discriminator: mlpDiscriminator({ inputShape: [2], hidden: [16], seed: 4 }),
      loss,
      prior: gaussianPrior(2),
      sampleReal: sampleMixture,
      batchSize: 32,
      k: critic ? 3 : 1,
      dOptimizer: name === "wasserstein" ? rmsprop() : adam({ lr: 1e-3 }),
      gOptimizer: name === "wasserstein" ? rmsprop() : adam({ lr: 1e-3 }),
      seed: 5,
    });
    const records = await trainer.train(30);
    assert.strictEqual(records.length, 30, name);
    for (const r of records) {
      for (const [key, value] of Object.entries(r)) {
        assert.ok(Number.isFinite(value), `${name} ${key}=${value}`);
      }
    }
    if (loss.weightClip !== undefined) {
      const c = loss.weightClip;
      for (const w of trainer.discriminator.trainableWeights) {
        assert.ok(
          (await w.read().data()).every((v) => Math.abs(v) <= c),
          `${name}: clipped to ${c}`,
        );
      }
    }
    trainer.dispose();
  }
});
