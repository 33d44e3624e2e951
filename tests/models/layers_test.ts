import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  maxout,
  maxoutDense,
  mlpDiscriminator,
  seededDropout,
  seededDropoutLayers,
} from "../../lib/models/mod.ts";
import { assertAllClose, useBackend } from "../_helpers.ts";

Deno.test("maxoutDense() equals max over each unit's pieces of xW + b, computed by hand", async () => {
  await useBackend("cpu");
  const input = tf.input({ shape: [2] });
  const model = tf.model({
    inputs: input,
    outputs: maxoutDense(input, { units: 2, pieces: 3, name: "m" }),
  });
  // W columns: unit 0 = pieces 0..2, unit 1 = pieces 3..5 (pylearn2's layout).
  const W = [[1, -1, 0.5, 2, 0, -3], [0, 2, 0.5, -1, 1, 1]];
  const b = [0, 0, 1, 0.5, 0, 0];
  model.setWeights([tf.tensor2d(W), tf.tensor1d(b)]);
  const x = [[1, 2], [-1, 0.5]];
  // By hand: row 0: z = [1, 3, 2.5, 0.5, 2, -1] -> [max(1,3,2.5), max(0.5,2,-1)] = [3, 2]
  //          row 1: z = [-1, 2, 0.75, -2, 0.5, 3.5] -> [2, 3.5]
  const h = model.predict(tf.tensor2d(x)) as tf.Tensor;
  assert.deepStrictEqual(h.shape, [2, 2]);
  assertAllClose(await h.data(), [3, 2, 2, 3.5], { atol: 1e-6 });
});

Deno.test("Maxout passes the gradient only to the winning piece", async () => {
  await useBackend("cpu");
  const layer = maxout({ pieces: 2 });
  const g = tf.grad((z: tf.Tensor) => tf.sum(layer.apply(z) as tf.Tensor))(
    tf.tensor2d([[1, 4, -2, -3]]),
  );
  assert.deepStrictEqual(Array.from(await g.data()), [0, 1, 1, 0]);
});

Deno.test("Maxout rejects a non-integer piece count and a width that is not a multiple", () => {
  assert.throws(() => maxout({ pieces: 0 }), /pieces must be a positive integer: pieces=0/);
  const input = tf.input({ shape: [5] });
  assert.throws(() => maxout({ pieces: 2 }).apply(input), /multiple of pieces=2: width=5/);
});

Deno.test("SeededDropout gives the same masks for the same seed and different ones for another", async () => {
  await useBackend("cpu");
  const x = tf.ones([4, 50]);
  const masks = (seed: number) => {
    const layer = seededDropout({ rate: 0.5, seed });
    return [0, 1].map((_) =>
      Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync())
    );
  };
  const a = masks(11), b = masks(11), c = masks(12);
  assert.deepStrictEqual(a, b);
  assert.notDeepStrictEqual(a[0], a[1], "each call draws a fresh mask");
  assert.notDeepStrictEqual(a[0], c[0]);
  // Kept entries are scaled by 1 / keep = 2 (inverted dropout).
  assert.ok(a[0].every((v) => v === 0 || v === 2));
});

Deno.test("SeededDropout keeps a fraction 1 - rate of units (within 4 binomial s.e.)", async () => {
  await useBackend("cpu");
  const n = 200 * 100;
  for (const rate of [0.2, 0.5]) {
    const y = seededDropout({ rate, seed: 5 }).apply(tf.ones([200, 100]), {
      training: true,
    }) as tf.Tensor;
    const kept = (await y.data()).filter((v) => v !== 0).length / n;
    const se = Math.sqrt(rate * (1 - rate) / n);
    assert.ok(Math.abs(kept - (1 - rate)) < 4 * se, `rate ${rate}: kept ${kept}`);
    // Mean is preserved in expectation: E[x * b / keep] = x.
    const mean = (await tf.mean(y).data())[0];
    assert.ok(Math.abs(mean - 1) < 4 * se / (1 - rate), `mean ${mean}`);
  }
});

Deno.test("SeededDropout is the identity outside training and restores its generator state", async () => {
  await useBackend("cpu");
  const x = tf.tensor2d([[1, 2, 3]]);
  const layer = seededDropout({ rate: 0.5, seed: 1 });
  assert.deepStrictEqual(Array.from((layer.apply(x) as tf.Tensor).dataSync()), [1, 2, 3]);
  const saved = layer.rngState();
  const first = (layer.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor).dataSync();
  layer.setRngState(saved);
  const again = (layer.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor).dataSync();
  assert.deepStrictEqual(again, first);
  assert.throws(() => seededDropout({ rate: 1, seed: 0 }), /rate must be in \[0, 1\): rate=1/);
  assert.throws(() => seededDropout({ rate: 0.5, seed: 0.5 }), /seed must be an integer/);
});

Deno.test("SeededDropout.drawMask into a reused buffer draws the masks a fresh array gets", async () => {
  await useBackend("cpu");
  const fresh = seededDropout({ rate: 0.2, seed: 9 });
  const reused = seededDropout({ rate: 0.2, seed: 9 });
  const buffer = new Float32Array(1000).fill(7);
  for (let call = 0; call < 3; call++) {
    const expected = fresh.drawMask(1000);
    const got = reused.drawMask(1000, buffer);
    assert.strictEqual(got, buffer);
    assert.deepStrictEqual(got, expected);
    // Kept units are 1 / 0.8 (in float32), dropped ones 0, and both occur.
    const values = new Set(got);
    assert.deepStrictEqual([...values].sort(), [0, Math.fround(1.25)]);
  }
  // The layer's own training call continues the same stream after both.
  const x = tf.ones([1, 64]);
  const a = (fresh.apply(x, { training: true }) as tf.Tensor).dataSync();
  const b = (reused.apply(x, { training: true }) as tf.Tensor).dataSync();
  assert.deepStrictEqual(b, a);
  assert.deepStrictEqual(
    seededDropout({ rate: 0, seed: 1 }).drawMask(4, new Float32Array(4)),
    new Float32Array([1, 1, 1, 1]),
  );
  assert.throws(
    () => reused.drawMask(10, new Float32Array(9)),
    (e: unknown) =>
      e instanceof TypeError &&
      /out must be a Float32Array of count=10 .*Float32Array\(9\)/.test(e.message),
  );
});

Deno.test("models with Maxout and SeededDropout save and load through tf.io with equal outputs", async () => {
  await useBackend("cpu");
  const d = mlpDiscriminator({
    inputShape: [6],
    hidden: [{ units: 4, pieces: 3 }, 5],
    dropout: { input: 0.2, hidden: 0.5 },
    seed: 3,
  });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await d.save(tf.io.withSaveHandler((a) => {
    artifacts = a;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  assert.deepStrictEqual(
    loaded.layers.map((l) => l.getClassName()),
    d.layers.map((l) => l.getClassName()),
  );
  assert.deepStrictEqual(
    seededDropoutLayers(loaded).map((l) => [l.rate, l.seed]),
    seededDropoutLayers(d).map((l) => [l.rate, l.seed]),
  );
  assert.deepStrictEqual(seededDropoutLayers(loaded).map((l) => l.rate), [0.2, 0.5, 0.5]);
  const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.4, -0.5, 0.6]]);
  assertAllClose(
    await (loaded.predict(x) as tf.Tensor).data(),
    await (d.predict(x) as tf.Tensor).data(),
    {
      atol: 0,
    },
  );
});
