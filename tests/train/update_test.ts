import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { dcganDiscriminator, dcganGenerator, paperMnistGan } from "../../lib/models/mod.ts";
import { nonSaturatingLoss } from "../../lib/losses/minimax.ts";
import { sgdMomentum } from "../../lib/train/mod.ts";
import { createOptimizer } from "../../lib/train/optimizers.ts";
import { discriminatorUpdate, isPerExample, type UpdateContext } from "../../lib/train/update.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

Deno.test("isPerExample: MLP and conv discriminators yes, batch normalisation no", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const { generator, discriminator } = paperMnistGan({ seed: 1 });
  assert.strictEqual(isPerExample(discriminator), true);
  assert.strictEqual(isPerExample(generator), true);
  const image = { imageShape: [28, 28, 1] as [number, number, number], baseFilters: 2, seed: 0 };
  const dcganD = dcganDiscriminator(image);
  assert.strictEqual(isPerExample(dcganD), true);
  const dcganG = dcganGenerator({ latentDim: 4, ...image });
  assert.strictEqual(isPerExample(dcganG), false, "batch normalisation uses batch statistics");
  for (const model of [generator, discriminator, dcganD, dcganG]) model.dispose();
});

/** One D update of the paper preset (dropout on) with D run jointly or twice; D's new weights. */
async function dStep(jointCritic: boolean) {
  assert.ok(await tf.setBackend("cpu"));
  const { generator, discriminator } = paperMnistGan({ seed: 3 });
  const vars = (m: tf.LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);
  const c: UpdateContext = {
    generator,
    discriminator,
    jointCritic,
    loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
    outputScale: "probability",
    gVars: vars(generator),
    dVars: vars(discriminator),
    gOptimizer: createOptimizer(sgdMomentum()),
    dOptimizer: createOptimizer(sgdMomentum()),
  };
  const rng = new Rng(8);
  const real = tf.tensor2d(Float32Array.from({ length: 20 * 784 }, () => rng.next()), [20, 784]);
  const z = tf.tensor2d(Float32Array.from({ length: 20 * 100 }, () => rng.next() - 0.5), [20, 100]);
  const stats = Array.from(await discriminatorUpdate(c, real, z, null).data());
  const weights = await Promise.all(c.dVars.map(async (v) => Array.from(await v.data())));
  tf.dispose([real, z]);
  c.dOptimizer.dispose();
  c.gOptimizer.dispose();
  generator.dispose();
  discriminator.dispose();
  return { stats, weights };
}

Deno.test("one D pass over real and generated examples equals two passes (dropout masks included)", async () => {
  const joint = await dStep(true);
  const separate = await dStep(false);
  // [loss, mean D(x), mean D(G(z)), |grad|]: equal up to the order of float32 sums.
  for (const [i, name] of ["loss", "D(x)", "D(G(z))", "gradient norm"].entries()) {
    assertClose(joint.stats[i], separate.stats[i], { rtol: 1e-5, atol: 0, msg: name });
  }
  for (const [k, w] of joint.weights.entries()) {
    for (let i = 0; i < w.length; i += 97) {
      assertClose(w[i], separate.weights[k][i], {
        rtol: 1e-5,
        atol: 1e-8,
        msg: `D weight ${k}[${i}]`,
      });
    }
  }
  // The updates are real (a check that cannot pass by doing nothing).
  assert.ok(joint.stats[3] > 0);
});
