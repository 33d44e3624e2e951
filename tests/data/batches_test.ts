import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import {
  batches,
  dataSampler,
  datasetTensor,
  labelsTensor,
  makeDataset,
} from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { useBackend } from "../_helpers.ts";

// Row i holds [i, 10 i], labels i % 10: a batch's rows reveal which indices it drew.
function indexed(n: number) {
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) x.set([i, 10 * i], 2 * i);
  return makeDataset(x, 2, Uint8Array.from({ length: n }, (_, i) => i % 10));
}

Deno.test("batches() covers every row once per epoch, in rng order, with matching labels", async () => {
  await useBackend("cpu");
  const data = indexed(23);
  const seen: number[] = [];
  const before = tf.memory().numTensors;
  for (const { x, indices, labels } of batches(data, 5, new Rng(9), { dropLast: false })) {
    const rows = x.arraySync();
    x.dispose();
    assert.deepStrictEqual(rows.map((r) => r[0]), Array.from(indices));
    assert.deepStrictEqual(rows.map((r) => r[1]), Array.from(indices, (i) => 10 * i));
    assert.deepStrictEqual(Array.from(labels!), Array.from(indices, (i) => i % 10));
    seen.push(...indices);
  }
  assert.strictEqual(tf.memory().numTensors, before);
  assert.deepStrictEqual([...seen].sort((a, b) => a - b), Array.from({ length: 23 }, (_, i) => i));
  assert.deepStrictEqual(
    seen,
    Array.from(new Rng(9).permutation(23)),
    "the order is rng.permutation(n)",
  );
});

Deno.test("batches() drops the short last batch by default and repeats with the same seed", () => {
  const data = indexed(23);
  const sizes = [...batches(data, 5, new Rng(1))].map((
    { x, indices },
  ) => (x.dispose(), indices.length));
  assert.deepStrictEqual(sizes, [5, 5, 5, 5]);
  const a = [...batches(data, 4, new Rng(2))].map((b) => (b.x.dispose(), Array.from(b.indices)));
  const b = [...batches(data, 4, new Rng(2))].map((b) => (b.x.dispose(), Array.from(b.indices)));
  assert.deepStrictEqual(a, b);
});

Deno.test("dataSampler({ order: 'iid' }) draws m distinct rows, determined by the rng alone (property)", () => {
  const data = indexed(50);
  const sampler = dataSampler(data, { order: "iid" });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer(), (m, seed) => {
      const out = sampler.fill(new Float32Array(2 * m), m, new Rng(seed));
      const ids = Array.from({ length: m }, (_, i) => out[2 * i]);
      assert.strictEqual(new Set(ids).size, m, "distinct");
      assert.ok(ids.every((id, i) => Number.isInteger(id) && out[2 * i + 1] === 10 * id));
      const again = sampler.fill(new Float32Array(2 * m), m, new Rng(seed));
      assert.deepStrictEqual(again, out);
    }),
    { seed: 7, numRuns: 100 },
  );
});

Deno.test("dataSampler({ order: 'iid' }) picks every row with probability m / n", () => {
  // 4000 draws of 3 rows of 10: each row is picked Binomial(4000, 0.3) times, sd ~29.
  const counts = new Array(10).fill(0);
  const sampler = dataSampler(indexed(10), { order: "iid" });
  const rng = new Rng(12);
  const out = new Float32Array(6);
  for (let t = 0; t < 4000; t++) {
    sampler.fill(out, 3, rng);
    for (let i = 0; i < 3; i++) counts[out[2 * i]]++;
  }
  counts.forEach((c) => assert.ok(Math.abs(c - 1200) < 4 * 29, `count=${c}`));
});

Deno.test("dataSampler() (epochs): every row exactly once per epoch, a new order each epoch (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (m, seed) => {
      const n = 24, perEpoch = Math.floor(n / m);
      const sampler = dataSampler(indexed(n));
      const rng = new Rng(seed);
      const epochs: number[][] = [];
      for (let e = 0; e < 3; e++) {
        const ids: number[] = [];
        for (let b = 0; b < perEpoch; b++) {
          const out = sampler.fill(new Float32Array(2 * m), m, rng);
          for (let i = 0; i < m; i++) ids.push(out[2 * i]);
          assert.strictEqual(sampler.state().epoch, e + 1);
        }
        // No row twice within an epoch; with m dividing n, every row once.
        assert.strictEqual(new Set(ids).size, ids.length);
        if (n % m === 0) assert.strictEqual(ids.length, n);
        epochs.push(ids);
      }
      assert.notDeepStrictEqual(epochs[0], epochs[1]);
    }),
    { seed: 3, numRuns: 60 },
  );
});

Deno.test("dataSampler() (epochs): state() and setState() continue mid-epoch exactly; bad state throws", () => {
  const data = indexed(30);
  const a = dataSampler(data), rngA = new Rng(4);
  for (let i = 0; i < 7; i++) a.fill(new Float32Array(8), 4, rngA);
  const saved = a.state(), rngState = rngA.state();
  const b = dataSampler(data), rngB = Rng.fromState(rngState);
  b.setState(saved);
  for (let i = 0; i < 10; i++) {
    assert.deepStrictEqual(
      b.fill(new Float32Array(8), 4, rngB),
      a.fill(new Float32Array(8), 4, rngA),
    );
  }
  assert.throws(() => b.setState({ epoch: 1, position: 31, epochSeed: 0 }), /position <= n/);
  assert.throws(() => dataSampler(data, { order: "random" as "iid" }), /order=random/);
  assert.throws(
    () => dataSampler(data, { ordre: "iid" } as never),
    (e: Error) =>
      e instanceof TypeError && /"ordre" is unknown \(did you mean "order"\?/.test(e.message),
  );
  assert.throws(
    () => batches(data, 3, new Rng(0), { droplast: false } as never).next(),
    /"droplast" is unknown \(did you mean "dropLast"\?/,
  );
});

Deno.test("dataSampler().sample() gives a [m, dim] tensor; bad sizes throw naming the value", async () => {
  await useBackend("cpu");
  const sampler = dataSampler(indexed(8));
  const x = sampler.sample(3, new Rng(0));
  assert.deepStrictEqual(x.shape, [3, 2]);
  x.dispose();
  assert.throws(
    () => sampler.sample(9, new Rng(0)),
    /batchSize exceeds the data set: batchSize=9, n=8/,
  );
  assert.throws(() => sampler.sample(0, new Rng(0)), /batchSize=0/);
  assert.throws(() => sampler.fill(new Float32Array(3), 2, new Rng(0)), /out.length=3/);
  assert.throws(() => batches(indexed(3), 0, new Rng(0)).next(), /batchSize=0/);
});

Deno.test("makeDataset(), datasetTensor() and labelsTensor() check sizes and build tensors", async () => {
  await useBackend("cpu");
  assert.throws(() => makeDataset(new Float32Array(5), 2), /x.length=5, dim=2/);
  assert.throws(() => makeDataset(new Float32Array(0), 2), /x.length=0/);
  assert.throws(() => makeDataset(new Float32Array(4), 0), /dim=0/);
  assert.throws(
    () => makeDataset(new Float32Array(4), 2, new Uint8Array(3)),
    /labels.length=3, rows=2/,
  );
  const data = indexed(4);
  const t = datasetTensor(data, 1, 3);
  assert.deepStrictEqual(t.arraySync(), [[1, 10], [2, 20]]);
  t.dispose();
  assert.throws(() => datasetTensor(data, 3, 3), /start=3, end=3, n=4/);
  const oneHot = labelsTensor(data, 10);
  assert.deepStrictEqual(oneHot.shape, [4, 10]);
  assert.deepStrictEqual((oneHot.arraySync() as number[][])[2].indexOf(1), 2);
  oneHot.dispose();
  assert.throws(() => labelsTensor(makeDataset(new Float32Array(2), 1)), /has no labels/);
});
