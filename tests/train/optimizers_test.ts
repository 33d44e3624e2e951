import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { createOptimizer, currentLearningRate, sgdMomentum } from "../../lib/train/mod.ts";
import { learningRateAt, momentumAt } from "../../lib/train/sgd_momentum.ts";
import { SgdMomentumOptimizer } from "../../lib/train/sgd_momentum.ts";
import { assertAllClose, assertClose, useBackend } from "../_helpers.ts";

Deno.test("sgdMomentum() has the paper's schedule: lr 0.1 / 1.000004^t floored at 1e-6, momentum 0.5 -> 0.7", () => {
  const spec = sgdMomentum();
  assert.ok(spec.kind === "sgd-momentum");
  assert.strictEqual(learningRateAt(spec, 0), 0.1);
  // python3: 0.1 / 1.000004**1e6 = 0.0018315785416...
  assertClose(learningRateAt(spec, 1e6), 0.1 * Math.exp(-1e6 * Math.log(1.000004)), {
    rtol: 1e-12,
  });
  assertClose(learningRateAt(spec, 1e6), 0.0018315785416, { rtol: 1e-10 });
  assert.strictEqual(learningRateAt(spec, 1e8), 1e-6, "floor");
  assert.strictEqual(momentumAt(spec, 0), 0.5);
  assert.strictEqual(momentumAt(spec, 500), 0.5);
  assertClose(momentumAt(spec, (500 + 125000) / 2), 0.6, { atol: 1e-15 });
  assert.strictEqual(momentumAt(spec, 125000), 0.7);
  assert.strictEqual(momentumAt(spec, 1e9), 0.7);
});

Deno.test("SgdMomentumOptimizer follows v <- mu v - lr g; theta <- theta + v with the scheduled lr and momentum", async () => {
  await useBackend("cpu");
  // f(x) = x^2 / 2 at x0 = 1: g = x. lr_t = 0.5 / 2^t, momentum 0.5 ramping to 0.9 over updates 0..2.
  const opt = createOptimizer(
    sgdMomentum({
      lr: 0.5,
      decay: 2,
      minLr: 0,
      momentumStart: 0.5,
      momentumEnd: 0.9,
      rampFrom: 0,
      rampTo: 2,
    }),
  );
  const x = tf.variable(tf.scalar(1));
  let v = 0, xs = 1;
  for (let t = 0; t < 4; t++) {
    assert.strictEqual(currentLearningRate(opt), 0.5 / 2 ** t);
    opt.minimize(() => tf.mul(0.5, tf.square(x)) as tf.Scalar, false, [x]);
    const mu = Math.min(0.5 + 0.2 * t, 0.9);
    v = mu * v - (0.5 / 2 ** t) * xs;
    xs += v;
    assertClose((await x.data())[0], xs, { rtol: 1e-6, msg: `t=${t}` });
  }
  const weights = await opt.getWeights();
  assert.strictEqual(weights[0].name, "iter");
  assertAllClose(await weights[1].tensor.data(), [v], { rtol: 1e-6 });
  opt.dispose();
  x.dispose();
});

Deno.test("SgdMomentumOptimizer.setWeights() restores the velocity and the update count", async () => {
  await useBackend("cpu");
  const run = (steps: number, opt: SgdMomentumOptimizer, x: tf.Variable) => {
    for (let i = 0; i < steps; i++) {
      opt.minimize(() => tf.sum(tf.square(x)) as tf.Scalar, false, [x]);
    }
  };
  const spec = {
    lr: 0.1,
    decay: 1.5,
    minLr: 0,
    momentumStart: 0.3,
    momentumEnd: 0.8,
    rampFrom: 1,
    rampTo: 5,
  };
  const a = new SgdMomentumOptimizer(spec), xa = tf.variable(tf.tensor1d([1, -2]));
  run(6, a, xa);
  const b = new SgdMomentumOptimizer(spec), xb = tf.variable(tf.tensor1d([1, -2]));
  run(3, b, xb);
  const saved = await b.getWeights();
  const copies = saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
  const c = new SgdMomentumOptimizer(spec);
  await c.setWeights(copies);
  assert.strictEqual(c.iterations, 3);
  run(3, c, xb);
  assert.deepStrictEqual(await xb.data(), await xa.data(), "bit for bit");
});
