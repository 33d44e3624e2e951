import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import { nearestNeighbours } from "../../lib/eval/mod.ts";
import { makeDataset } from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose, useBackend } from "../_helpers.ts";

/** Brute force in float64: first index of the minimum squared distance. */
function bruteForce(q: Float32Array, r: Float32Array, d: number) {
  const nq = q.length / d, nr = r.length / d;
  const indices = new Int32Array(nq), distances = new Float64Array(nq);
  for (let i = 0; i < nq; i++) {
    let best = Infinity;
    for (let j = 0; j < nr; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (q[i * d + k] - r[j * d + k]) ** 2;
      if (s < best) [best, indices[i]] = [s, j];
    }
    distances[i] = best;
  }
  return { indices, distances };
}

const randomRows = (n: number, d: number, rng: Rng) =>
  Float32Array.from({ length: n * d }, () => rng.next());

Deno.test("nearestNeighbours() agrees with brute force on random data, across chunk boundaries", async () => {
  await useBackend("cpu");
  const rng = new Rng(3), d = 16;
  const q = randomRows(37, d, rng), r = randomRows(250, d, rng);
  const expected = bruteForce(q, r, d);
  const before = tf.memory().numTensors;
  for (const [chunkSize, queryBatch] of [[5000, 500], [64, 10], [1, 37]]) {
    const got = await nearestNeighbours(makeDataset(q, d), makeDataset(r, d), {
      chunkSize,
      queryBatch,
    });
    assert.deepStrictEqual(got.indices, expected.indices, `chunkSize=${chunkSize}`);
    // The winner's distance is recomputed from differences: float32 rounding only.
    got.distances.forEach((v, i) =>
      assertClose(v, expected.distances[i], { rtol: 1e-6, atol: 1e-7 })
    );
  }
  assert.strictEqual(tf.memory().numTensors, before, "no tensors leak");
});

Deno.test("nearestNeighbours() finds each reference row itself at distance exactly 0 (property)", async () => {
  await useBackend("cpu");
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer(),
      async (n, d, seed) => {
        const r = randomRows(n, d, new Rng(seed));
        const ref = tf.tensor2d(r, [n, d]);
        const { indices, distances } = await nearestNeighbours(ref, ref, { chunkSize: 7 });
        ref.dispose();
        // Random float rows are distinct, so each row's nearest is itself; the expansion may
        // round to a tiny negative, which must come back as exactly 0.
        assert.deepStrictEqual(Array.from(indices), Array.from({ length: n }, (_, i) => i));
        assert.ok(distances.every((v) => v === 0));
      },
    ),
    { seed: 42, numRuns: 40 },
  );
});

Deno.test("nearestNeighbours() keeps the first index on exact ties", async () => {
  await useBackend("cpu");
  const ref = tf.tensor2d([[1, 0], [0, 1], [1, 0]]);
  const q = tf.tensor2d([[0, 0], [1, 0]]);
  const { indices, distances } = await nearestNeighbours(q, ref, { chunkSize: 2 });
  assert.deepStrictEqual(Array.from(indices), [0, 0]);
  assert.deepStrictEqual(Array.from(distances), [1, 0]);
  tf.dispose([ref, q]);
});

Deno.test("nearestNeighbours() rejects empty sets, mismatched dimensions and bad chunk sizes", async () => {
  await useBackend("cpu");
  const a = tf.tensor2d([[0, 1]]);
  const b = tf.tensor2d([[0, 1, 2]]);
  const empty = tf.tensor2d([], [0, 2]);
  await assert.rejects(
    () => nearestNeighbours(a, b),
    /queries and reference must have the same dimension: queries has 2, reference has 3/,
  );
  await assert.rejects(() => nearestNeighbours(empty, a), /queries must be non-empty/);
  await assert.rejects(() => nearestNeighbours(a, empty), /reference must be non-empty/);
  await assert.rejects(() => nearestNeighbours(a, a, { chunkSize: 0 }), /chunkSize=0/);
  await assert.rejects(() => nearestNeighbours(a, a, { queryBatch: 1.5 }), /queryBatch=1.5/);
  tf.dispose([a, b, empty]);
});
