import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { mlpGenerator, sampleGenerator } from "../../lib/models/mod.ts";
import { uniformPrior } from "../../lib/latent/mod.ts";
import { Rng } from "../../lib/random.ts";
import { useBackend } from "../_helpers.ts";

Deno.test("sampleGenerator() gives G(z) of the prior's draws, the same in any batch size, and leaks no tensor", async () => {
  await useBackend("cpu");
  const g = mlpGenerator({ latentDim: 2, outputShape: [3], hidden: [5], seed: 1 });
  const prior = uniformPrior(2);
  const before = tf.memory().numTensors;
  const rows = await sampleGenerator(g, prior, 7, new Rng(4), { batchSize: 3 });
  assert.strictEqual(tf.memory().numTensors, before);
  assert.strictEqual(rows.length, 21);
  const z = prior.sample(7, new Rng(4));
  const x = g.apply(z, { training: false }) as tf.Tensor;
  assert.deepStrictEqual(Array.from(await x.data()), Array.from(rows));
  assert.deepStrictEqual(await sampleGenerator(g, prior, 7, new Rng(4)), rows);
  tf.dispose([z, x]);
  g.dispose();
});

Deno.test("sampleGenerator() refuses a bad n, batch size or option", async () => {
  const g = mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [2], seed: 1 });
  const rng = new Rng(0);
  await assert.rejects(() => sampleGenerator(g, uniformPrior(1), 0, rng), /n=0/);
  await assert.rejects(
    () => sampleGenerator(g, uniformPrior(1), 2, rng, { batchSize: 1.5 }),
    /batchSize=1.5/,
  );
  await assert.rejects(
    // @ts-expect-error: an unknown option
    () => sampleGenerator(g, uniformPrior(1), 2, rng, { batch: 2 }),
    /option "batch" is unknown/,
  );
  g.dispose();
});
