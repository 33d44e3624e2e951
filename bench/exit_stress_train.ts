/**
 * Child of `bench/exit_stress.ts`: a user's small script. Starts the backend with
 * `initBackend()` (automatic choice, as a user would), trains a 1-D GAN for a few steps and
 * exits; prints the backend and its reason. Whether the process exits 0 is what is measured.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  adam,
  createTrainer,
  initBackend,
  mlpDiscriminator,
  mlpGenerator,
  nonSaturatingLoss,
  uniformPrior,
} from "../mod.ts";

const info = await initBackend();
const trainer = createTrainer({
  generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [16], seed: 1 }),
  discriminator: mlpDiscriminator({ inputShape: [1], hidden: [16], seed: 2 }),
  loss: nonSaturatingLoss(),
  prior: uniformPrior(1),
  sampleReal: (m, rng) => tf.tensor2d(Array.from({ length: m }, () => [4 + 0.5 * rng.normal()])),
  batchSize: 64,
  dOptimizer: adam({ lr: 1e-3 }),
  gOptimizer: adam({ lr: 1e-3 }),
  seed: 0,
});
const history = await trainer.train(20);
trainer.dispose();
console.log(`${info.backend}: ${history.length} steps; ${info.reason}`);
