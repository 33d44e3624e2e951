import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { mlpDiscriminator } from "../../lib/models/mod.ts";
import { ganLoss } from "../../lib/losses/mod.ts";
import { rmsprop } from "../../lib/train/mod.ts";
import { Rng } from "../../lib/random.ts";
import { trainDiscriminatorAlone } from "../../experiments/toy_1d.ts";

const gauss = (mean: number) => (m: number, rng: Rng) =>
  tf.tensor2d(Float32Array.from({ length: m }, () => mean + rng.normal()), [m, 1]);

Deno.test("trainDiscriminatorAlone() clips D's weights for WGAN (the trainer's own D update), not for WGAN-GP", async () => {
  assert.ok(await tf.setBackend("cpu"));
  for (const name of ["wasserstein", "wgan-gp"] as const) {
    const d = mlpDiscriminator({
      inputShape: [1],
      hidden: [8],
      init: { kind: "uniform", scale: 0.5 },
      seed: 1,
    });
    const before = tf.memory().numTensors;
    const last = await trainDiscriminatorAlone(d, gauss(-1), gauss(1), ganLoss(name), {
      steps: 20,
      batchSize: 32,
      optimizer: rmsprop({ lr: 1e-2 }),
      noiseRng: new Rng(1),
      dataRng: new Rng(2),
    });
    assert.ok(Number.isFinite(last), `${name}: loss ${last}`);
    assert.strictEqual(tf.memory().numTensors, before, `${name}: tensors leaked`);
    const weights = await Promise.all(
      d.trainableWeights.map(async (w) => Array.from(await w.read().data())),
    );
    const biggest = Math.max(...weights.flat().map(Math.abs));
    if (name === "wasserstein") {
      // Initial kernels reach 0.5; every D step ends by clipping to [-0.01, 0.01].
      assert.ok(biggest <= 0.01 + 1e-7, `wasserstein: |w| max ${biggest}`);
    } else {
      assert.ok(biggest > 0.01, "wgan-gp does not clip");
    }
    d.dispose();
  }
});

Deno.test("trainDiscriminatorAlone() applies WGAN-GP's gradient penalty: without it D ends elsewhere", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const run = async (withPenalty: boolean) => {
    const d = mlpDiscriminator({ inputShape: [1], hidden: [8], seed: 3 });
    const loss = ganLoss("wgan-gp");
    await trainDiscriminatorAlone(
      d,
      gauss(-1),
      gauss(1),
      withPenalty ? loss : { ...loss, penalty: undefined },
      {
        steps: 3,
        batchSize: 16,
        optimizer: rmsprop({ lr: 1e-2 }),
        noiseRng: new Rng(1),
        dataRng: new Rng(2),
      },
    );
    const w = Array.from(await d.trainableWeights[0].read().data());
    d.dispose();
    return w;
  };
  const a = await run(true), b = await run(false);
  assert.ok(a.some((v, i) => Math.abs(v - b[i]) > 1e-6));
});
