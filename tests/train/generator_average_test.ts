/**
 * The generator's weight average (`generatorAverage`): equal to the moving average computed in
 * float64 from G's recorded weights, on the compiled step (which writes G in place) and the op
 * chain; unchanged training; held in checkpoints (a resumed run ends bit for bit where an
 * uninterrupted one does); started from G on a checkpoint without one; no tensor leaks; bad
 * settings named.
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { mlpDiscriminator, mlpGenerator } from "../../lib/models/mod.ts";
import { gaussianPrior } from "../../lib/latent/mod.ts";
import { ganLoss } from "../../lib/losses/mod.ts";
import {
  createTrainer,
  type GeneratorAverageConfig,
  sgdMomentum,
  type Trainer,
} from "../../lib/train/mod.ts";
import type { Rng } from "../../lib/random.ts";

registerNativeBackend();

function trainer(
  average: GeneratorAverageConfig | undefined,
  options: { compiled?: boolean; update?: "alternating" | "simultaneous" } = {},
): Trainer {
  return createTrainer({
    generator: mlpGenerator({ latentDim: 3, outputShape: [4], hidden: [10], seed: 7 }),
    discriminator: mlpDiscriminator({ inputShape: [4], hidden: [10], seed: 8 }),
    loss: ganLoss("non-saturating"),
    prior: gaussianPrior(3),
    sampleReal: (m: number, rng: Rng) =>
      tf.tensor2d(Float32Array.from({ length: m * 4 }, () => 2 + rng.next()), [m, 4]),
    batchSize: 8,
    update: options.update ?? "alternating",
    dOptimizer: sgdMomentum({ lr: 0.1 }),
    gOptimizer: sgdMomentum({ lr: 0.1 }),
    seed: 3,
    compiled: options.compiled,
    ...(average ? { generatorAverage: average } : {}),
  });
}

/** A model's weights, copied out. */
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Float32Array.from(w.dataSync()));

for (
  const [label, backend, compiled, update] of [
    ["compiled step (native, in place)", NATIVE_BACKEND, true, "simultaneous"],
    ["compiled step (native), alternating", NATIVE_BACKEND, true, "alternating"],
    ["op chain (cpu)", "cpu", false, "alternating"],
  ] as const
) {
  Deno.test(`generatorAverage equals the float64 moving average of G's weights: ${label}`, async () => {
    assert.ok(await tf.setBackend(backend));
    const decay = 0.8, start = 2, steps = 7;
    const t = trainer({ decay, start }, { compiled, update });
    assert.strictEqual(t.compiledStep.compiled, compiled);
    const initial = weightsOf(t.generator);
    assert.deepStrictEqual(weightsOf(t.averagedGenerator!), initial, "starts as a copy of G");
    const seen: Float32Array[][] = [];
    await t.train(steps, { onStep: () => void seen.push(weightsOf(t.generator)) });
    // avg_t = theta_t while t <= start, then avg_t = avg_{t-1} + (1 - decay)(theta_t - avg_{t-1}).
    let expected = seen[start - 1].map((w) => Float64Array.from(w));
    for (let s = start; s < steps; s++) {
      expected = expected.map((a, i) => a.map((v, j) => v + (1 - decay) * (seen[s][i][j] - v)));
    }
    const got = weightsOf(t.averagedGenerator!);
    let moved = 0;
    got.forEach((g, i) =>
      g.forEach((v, j) => {
        assert.ok(
          Math.abs(v - expected[i][j]) <= 1e-6 * (1 + Math.abs(expected[i][j])),
          `weight ${i}[${j}]: ${v} vs ${expected[i][j]}`,
        );
        moved = Math.max(moved, Math.abs(v - seen.at(-1)![i][j]));
      })
    );
    assert.ok(moved > 1e-5, `the average differs from the last iterate (max |diff| ${moved})`);
    t.dispose();
  });
}

Deno.test("generatorAverage does not change training and is sampled like G", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const plain = trainer(undefined, { update: "simultaneous" });
  const averaged = trainer({ decay: 0.9 }, { update: "simultaneous" });
  assert.strictEqual(plain.averagedGenerator, null);
  const a = await plain.train(5), b = await averaged.train(5);
  assert.deepStrictEqual(
    a.map(({ ms: _, ...r }) => r),
    b.map(({ ms: _, ...r }) => r),
  );
  assert.deepStrictEqual(weightsOf(plain.generator), weightsOf(averaged.generator));
  const z = tf.randomNormal([5, 3], 0, 1, "float32", 1);
  const x = averaged.averagedGenerator!.predict(z) as tf.Tensor;
  assert.deepStrictEqual(x.shape, [5, 4]);
  tf.dispose([z, x]);
  plain.dispose();
  averaged.dispose();
});

Deno.test("generatorAverage: checkpoints hold it; a resumed run ends bit for bit", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const dir = await Deno.makeTempDir();
  try {
    const whole = trainer({ decay: 0.7 }, { update: "simultaneous" });
    await whole.train(6);
    const first = trainer({ decay: 0.7 }, { update: "simultaneous" });
    await first.train(3);
    await first.save(`${dir}/ck`);
    first.dispose();
    const resumed = trainer({ decay: 0.7 }, { update: "simultaneous" });
    await resumed.restore(`${dir}/ck`);
    await resumed.train(3);
    assert.deepStrictEqual(
      weightsOf(resumed.averagedGenerator!),
      weightsOf(whole.averagedGenerator!),
    );
    assert.deepStrictEqual(weightsOf(resumed.generator), weightsOf(whole.generator));

    // A checkpoint of a run without an average: the average restarts from the restored G.
    const without = trainer(undefined, { update: "simultaneous" });
    await without.train(4);
    await without.save(`${dir}/plain`);
    const late = trainer({ decay: 0.7 }, { update: "simultaneous" });
    await late.restore(`${dir}/plain`);
    assert.deepStrictEqual(weightsOf(late.averagedGenerator!), weightsOf(without.generator));
    // And a checkpoint with an average restores into a trainer without one.
    const plainAgain = trainer(undefined, { update: "simultaneous" });
    await plainAgain.restore(`${dir}/ck`);
    assert.strictEqual(plainAgain.stepCount, 3);
    for (const t of [whole, resumed, without, late, plainAgain]) t.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generatorAverage keeps the tensor count flat", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  for (const compiled of [true, false]) {
    const t = trainer({ decay: 0.9 }, { compiled });
    await t.train(2);
    const before = tf.memory().numTensors;
    await t.train(10);
    assert.strictEqual(tf.memory().numTensors, before, `compiled=${compiled}`);
    const held = tf.memory().numTensors;
    t.dispose();
    assert.ok(tf.memory().numTensors < held, "dispose frees the average");
  }
});

Deno.test("generatorAverage: bad settings are named", () => {
  const cases: [unknown, RegExp, typeof TypeError | typeof RangeError][] = [
    [
      0.999,
      /generatorAverage must be an object \{ decay, start\? \}: generatorAverage=0.999/,
      TypeError,
    ],
    [{ decay: 1 }, /generatorAverage.decay must be a number in \(0, 1\).*decay=1$/, RangeError],
    [{ decay: 0 }, /generatorAverage.decay=0$/, RangeError],
    [{ decay: NaN }, /generatorAverage.decay=NaN$/, RangeError],
    [{ decay: "0.9" }, /generatorAverage.decay=0.9$/, RangeError],
    [{}, /generatorAverage.decay=undefined$/, RangeError],
    [
      { decay: 0.9, start: -1 },
      /generatorAverage.start must be a non-negative integer: generatorAverage.start=-1/,
      RangeError,
    ],
    [{ decay: 0.9, start: 1.5 }, /generatorAverage.start=1.5/, RangeError],
    [{ decay: 0.9, beta: 0.5 }, /beta/, TypeError],
  ];
  for (const [value, message, kind] of cases) {
    assert.throws(
      () => trainer(value as GeneratorAverageConfig),
      (e: Error) => e instanceof kind && message.test(e.message),
      `generatorAverage=${JSON.stringify(value)}`,
    );
  }
});

Deno.test("generatorAverage: restoreSnapshot (the collapse guard's rollback) rolls the average back", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const t = trainer({ decay: 0.6 }, { update: "simultaneous" });
  await t.train(4);
  const atFour = weightsOf(t.averagedGenerator!);
  const snap = await t.snapshot();
  await t.train(4);
  assert.notDeepStrictEqual(weightsOf(t.averagedGenerator!), atFour);
  await t.restoreSnapshot(snap);
  assert.deepStrictEqual(weightsOf(t.averagedGenerator!), atFour);
  t.dispose();
});
