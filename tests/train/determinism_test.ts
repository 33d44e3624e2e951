import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { dcganDiscriminator, dcganGenerator } from "../../lib/models/mod.ts";
import { gaussianPrior } from "../../lib/latent/mod.ts";
import { ganLoss } from "../../lib/losses/mod.ts";
import { adam, createTrainer, sgdMomentum, type Trainer } from "../../lib/train/mod.ts";
import type { Rng } from "../../lib/random.ts";
import { dataSampler, makeDataset } from "../../lib/data/mod.ts";
import { useBackend } from "../_helpers.ts";
import {
  maxoutTrainer,
  tinyTrainer,
  weightsOf,
  wganGpMaxoutRun,
  withoutTime,
} from "./_fixtures.ts";

Deno.test("two runs with the same seed give identical histories and weights on cpu and on wasm", async () => {
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const run = async () => {
      const t = tinyTrainer({ batchSize: 16 }, [8], 0.5);
      await t.train(15);
      const out = { history: t.history.map(withoutTime), weights: await weightsOf(t.generator) };
      t.dispose();
      return out;
    };
    const a = await run(), b = await run();
    assert.strictEqual(a.history.length, 15);
    assert.deepStrictEqual(b, a, backend);
  }
  await useBackend("cpu");
});

/** Maxout D with seeded dropout, SGD with momentum (scheduled), WGAN-GP penalty, k = 2. */
const mlpRun = wganGpMaxoutRun;

/** The authors' simultaneous update over shuffled epochs of a small data set (mid-epoch resume). */
function simultaneousRun(): Trainer {
  const rows = Float32Array.from({ length: 30 }, (_, i) => 4 + Math.sin(i));
  return maxoutTrainer({
    loss: ganLoss("non-saturating"),
    sampleReal: dataSampler(makeDataset(rows, 1)),
    batchSize: 8,
    update: "simultaneous",
    dOptimizer: sgdMomentum({ lr: 0.01, rampFrom: 0, rampTo: 10, rampEvery: 3 }),
    gOptimizer: sgdMomentum({ lr: 0.01, decay: 1.01 }),
    seed: 3,
  });
}

/** DCGAN on 8x8 images: batch norm statistics in G, Adam. */
function convRun(): Trainer {
  const images = (m: number, rng: Rng) =>
    tf.tensor4d(Float32Array.from({ length: m * 64 }, () => rng.next()), [m, 8, 8, 1]);
  return createTrainer({
    generator: dcganGenerator({
      latentDim: 3,
      imageShape: [8, 8, 1],
      baseFilters: 2,
      kernelSize: 3,
      seed: 1,
    }),
    discriminator: dcganDiscriminator({
      imageShape: [8, 8, 1],
      baseFilters: 2,
      kernelSize: 3,
      seed: 2,
    }),
    loss: ganLoss("non-saturating"),
    prior: gaussianPrior(3),
    sampleReal: images,
    batchSize: 4,
    dOptimizer: adam(),
    gOptimizer: adam(),
    seed: 4,
  });
}

Deno.test("train 2N == train N, checkpoint, resume in a fresh trainer, train N: bit for bit on cpu", async () => {
  await useBackend("cpu");
  const runs = [["mlp", mlpRun], ["dcgan", convRun], ["simultaneous", simultaneousRun]] as const;
  for (const [label, build] of runs) {
    const n = 4;
    const straight = build();
    await straight.train(2 * n);

    const first = build();
    await first.train(n);
    const dir = await Deno.makeTempDir();
    await first.save(`${dir}/ck`);
    first.dispose();

    const resumed = build();
    await resumed.restore(`${dir}/ck`);
    assert.strictEqual(resumed.stepCount, n);
    await resumed.train(n);

    assert.deepStrictEqual(
      resumed.history.map(withoutTime),
      straight.history.map(withoutTime),
      label,
    );
    assert.deepStrictEqual(
      await weightsOf(resumed.generator),
      await weightsOf(straight.generator),
      `${label} G`,
    );
    assert.deepStrictEqual(
      await weightsOf(resumed.discriminator),
      await weightsOf(straight.discriminator),
      `${label} D`,
    );
    const slots = async (t: Trainer) => {
      const out: number[] = [];
      for (const w of await t.dOptimizer.getWeights()) out.push(...await w.tensor.data());
      return out;
    };
    assert.deepStrictEqual(await slots(resumed), await slots(straight), `${label} optimizer slots`);
    straight.dispose();
    resumed.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});
