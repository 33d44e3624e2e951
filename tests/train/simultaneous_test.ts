import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { mlpDiscriminator, mlpGenerator, seededDropoutLayers } from "../../lib/models/mod.ts";
import { nonSaturatingLoss } from "../../lib/losses/minimax.ts";
import { createTrainer, sgdMomentum } from "../../lib/train/mod.ts";
import { uniformPrior } from "../../lib/latent/uniform.ts";
import { Rng, rngStreams } from "../../lib/random.ts";
import { assertAllClose } from "../_helpers.ts";

const M = 6, LATENT = 3, DIM = 4, LR = 0.1, SEED = 5;
const RATES = [0.3, 0.5];

function build(update: "simultaneous" | "alternating") {
  const generator = mlpGenerator({ latentDim: LATENT, outputShape: [DIM], hidden: [5], seed: 1 });
  const discriminator = mlpDiscriminator({
    inputShape: [DIM],
    hidden: [7],
    dropout: { input: RATES[0], hidden: RATES[1] },
    init: { kind: "uniform", scale: 0.5 },
    seed: 2,
  });
  const real = Float32Array.from({ length: M * DIM }, (_, i) => Math.sin(i + 1));
  // Plain SGD: new weight = weight - lr * gradient (no momentum, no decay).
  const sgd = sgdMomentum({ lr: LR, decay: 1, momentumStart: 0, momentumEnd: 0 });
  const trainer = createTrainer({
    generator,
    discriminator,
    loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
    prior: uniformPrior(LATENT),
    sampleReal: (m) => tf.tensor2d(real, [m, DIM]),
    batchSize: M,
    update,
    dOptimizer: sgd,
    gOptimizer: sgd,
    seed: SEED,
  });
  return { generator, discriminator, real, trainer };
}

/** The masks a seeded dropout layer draws next for `values` values (its own Rng, replayed). */
function masks(state: number[], values: number, rate: number): tf.Tensor {
  const bits = Rng.fromState(state).fillUint32(new Uint32Array(values));
  const keep = 1 - rate;
  return tf.tensor(Array.from(bits, (b) => (b < keep * 4294967296 ? 1 / keep : 0)));
}

Deno.test("simultaneous update: D's and G's gradients equal two hand-built passes with the same noise and masks, applied together", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const { generator, discriminator, real, trainer } = build("simultaneous");
  const read = async (m: tf.LayersModel) =>
    await Promise.all(
      m.trainableWeights.map(async (w) => tf.tensor(await w.read().data(), w.read().shape)),
    );
  const [gW1, gb1, gW2, gb2] = await read(generator);
  const [dW1, db1, dW2, db2] = await read(discriminator);
  const states = seededDropoutLayers(discriminator).map((l) => [...l.rngState()]);
  const z = uniformPrior(LATENT).sample(M, rngStreams(SEED).noise);
  // Masks of the one pass over [real; generated]: real rows first, then generated rows.
  const mask0 = masks(states[0], 2 * M * DIM, RATES[0]).reshape([2 * M, DIM]);
  const mask1 = masks(states[1], 2 * M * 7, RATES[1]).reshape([2 * M, 7]);
  const x = tf.tensor2d(real, [M, DIM]);
  const gen = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
    tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(z, w1), b1)), w2), b2);
  const critic = (
    input: tf.Tensor,
    rows: [number, number],
    w1: tf.Tensor,
    b1: tf.Tensor,
    w2: tf.Tensor,
    b2: tf.Tensor,
  ) => {
    const m0 = tf.slice(mask0, [rows[0], 0], [rows[1], DIM]);
    const m1 = tf.slice(mask1, [rows[0], 0], [rows[1], 7]);
    const h = tf.leakyRelu(tf.add(tf.matMul(tf.mul(input, m0), w1), b1), 0.2);
    return tf.add(tf.matMul(tf.mul(h, m1), w2), b2);
  };
  const fakeNow = gen(gW1, gb1, gW2, gb2);
  const dObj = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
    tf.mul(
      0.5,
      tf.add(
        tf.mean(tf.softplus(tf.neg(critic(x, [0, M], w1, b1, w2, b2)))),
        tf.mean(tf.softplus(critic(fakeNow, [M, M], w1, b1, w2, b2))),
      ),
    ) as tf.Scalar;
  // G's objective on the SAME generated rows and masks, through D's current (old) weights.
  const gObj = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
    tf.mean(
      tf.softplus(tf.neg(critic(gen(w1, b1, w2, b2), [M, M], dW1, db1, dW2, db2))),
    ) as tf.Scalar;
  const dGrads = tf.grads((a, b, c, d) => dObj(a, b, c, d))([dW1, db1, dW2, db2]);
  const gGrads = tf.grads((a, b, c, d) => gObj(a, b, c, d))([gW1, gb1, gW2, gb2]);
  const record = await trainer.step();

  const expectD = [dW1, db1, dW2, db2].map((w, i) => tf.sub(w, tf.mul(LR, dGrads[i])));
  const expectG = [gW1, gb1, gW2, gb2].map((w, i) => tf.sub(w, tf.mul(LR, gGrads[i])));
  for (const [i, w] of discriminator.trainableWeights.entries()) {
    assertAllClose(await w.read().data(), await expectD[i].data(), {
      rtol: 1e-5,
      atol: 1e-7,
      msg: `D ${w.name}`,
    });
  }
  for (const [i, w] of generator.trainableWeights.entries()) {
    assertAllClose(await w.read().data(), await expectG[i].data(), {
      rtol: 1e-5,
      atol: 1e-7,
      msg: `G ${w.name}`,
    });
  }
  assertAllClose([record.dLoss], [(await dObj(dW1, db1, dW2, db2).data())[0]], { rtol: 1e-5 });
  assertAllClose([record.gLoss], [(await gObj(gW1, gb1, gW2, gb2).data())[0]], { rtol: 1e-5 });
  // The dropout generators end where one pass over 2m rows leaves them.
  const after = seededDropoutLayers(discriminator).map((l) => [...l.rngState()]);
  const rng0 = Rng.fromState(states[0]);
  rng0.fillUint32(new Uint32Array(2 * M * DIM));
  assert.deepStrictEqual(after[0], [...rng0.state()]);
  trainer.dispose();
  generator.dispose();
  discriminator.dispose();
});

Deno.test("simultaneous and alternating updates differ after one step; both keep tensors flat", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const runs: number[][] = [];
  for (const update of ["simultaneous", "alternating"] as const) {
    const { generator, discriminator, trainer } = build(update);
    await trainer.train(2);
    const before = tf.memory().numTensors;
    await trainer.train(5);
    assert.strictEqual(tf.memory().numTensors, before, `${update}: tensors leaked`);
    runs.push(Array.from(await generator.trainableWeights[0].read().data()));
    trainer.dispose();
    generator.dispose();
    discriminator.dispose();
  }
  assert.ok(runs[0].some((v, i) => Math.abs(v - runs[1][i]) > 1e-6));
});

Deno.test("createTrainer refuses a simultaneous update with k > 1 or unseeded dropout", () => {
  const generator = mlpGenerator({ latentDim: 2, outputShape: [2], hidden: [4], seed: 1 });
  const discriminator = mlpDiscriminator({ inputShape: [2], hidden: [4], seed: 2 });
  const base = {
    generator,
    discriminator,
    loss: nonSaturatingLoss(),
    prior: uniformPrior(2),
    sampleReal: (m: number) => tf.zeros([m, 2]),
    seed: 0,
  };
  assert.throws(() => createTrainer({ ...base, update: "simultaneous", k: 2 }), /k must be 1: k=2/);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createTrainer({ ...base, update: "both" as any }),
    /update must be "alternating" or "simultaneous": update=both/,
  );
  const input = tf.input({ shape: [2] });
  const dropped = tf.layers.dropout({ rate: 0.5 }).apply(input) as tf.SymbolicTensor;
  const unseeded = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 1 }).apply(dropped) as tf.SymbolicTensor,
  });
  assert.throws(
    () => createTrainer({ ...base, discriminator: unseeded, update: "simultaneous" }),
    /cannot be replayed; use seededDropout/,
  );
  generator.dispose();
  discriminator.dispose();
  unseeded.dispose();
});
