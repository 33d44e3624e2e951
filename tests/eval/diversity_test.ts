import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { makeDataset } from "../../lib/data/dataset.ts";
import { sampleDiversity } from "../../lib/eval/diversity.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";

const DIM = 16;
function rows(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n * DIM }, () => rng.next());
}

Deno.test("sampleDiversity(): fresh draws from the data's distribution are not collapsed", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const rng = new Rng(3);
  const data = makeDataset(rows(400, rng), DIM);
  const d = await sampleDiversity(rows(200, rng), data);
  // U(0, 1) features: std 1/sqrt(12) for samples and data alike.
  assertClose(d.referenceSpread, 1 / Math.sqrt(12), { atol: 0.01 });
  assertClose(d.spreadRatio, 1, { atol: 0.06 });
  assert.ok(d.distinctNeighbours > 100, `distinct=${d.distinctNeighbours}`);
  assert.strictEqual(d.collapsed, false);
  assert.strictEqual(d.reason, "");
});

Deno.test("sampleDiversity(): three images repeated with tiny noise are collapsed, and it says why", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const rng = new Rng(4);
  const data = makeDataset(rows(400, rng), DIM);
  const modes = [0, 1, 2].map((i) => data.x.subarray(i * DIM, (i + 1) * DIM));
  const samples = new Float32Array(300 * DIM);
  for (let i = 0; i < 300; i++) {
    for (let j = 0; j < DIM; j++) samples[i * DIM + j] = modes[i % 3][j] + 1e-3 * rng.normal();
  }
  const d = await sampleDiversity(samples, data);
  assert.strictEqual(d.distinctNeighbours, 3);
  assert.ok(d.spreadRatio < 0.8, `ratio=${d.spreadRatio}`);
  assert.strictEqual(d.collapsed, true);
  assert.match(d.reason, /3 distinct nearest data rows among 300 samples/);
  // With class counts of one class as well: both verdicts, both reasons.
  const both = await sampleDiversity(samples, data, { classCounts: [300, 0, 0] });
  assert.deepStrictEqual([both.collapsed, both.modeDropping], [true, true]);
  assert.match(
    both.reason,
    /among 300 samples .*; class KL 1\.099 nats > 0\.693 \(class 0: 300 of 300/,
  );
});

Deno.test("sampleDiversity(): bad input names the argument", async () => {
  const data = makeDataset(new Float32Array(4 * DIM), DIM);
  await assert.rejects(
    () => sampleDiversity([1, 2] as unknown as Float32Array, data),
    /samples must be a Float32Array/,
  );
  await assert.rejects(() => sampleDiversity(new Float32Array(DIM), data), /n >= 2 rows/);
  await assert.rejects(
    () => sampleDiversity(new Float32Array(2 * DIM).fill(NaN), data),
    /samples\[0\] is not finite/,
  );
  await assert.rejects(
    () => sampleDiversity(new Float32Array(2 * DIM), data, { neighbourQueries: 3 }),
    /neighbourQueries=3/,
  );
  await assert.rejects(
    () =>
      sampleDiversity(new Float32Array(2 * DIM), data, {
        minSpread: 0.1,
      } as unknown as { minSpreadRatio: number }),
    /minSpread.*unknown|unknown.*minSpread/,
  );
});

Deno.test("sampleDiversity(): class counts: KL to uniform in closed form, and mode dropping apart from collapse", async () => {
  assert.ok(await tf.setBackend("cpu"));
  const rng = new Rng(5);
  const data = makeDataset(rows(400, rng), DIM);
  const samples = rows(200, rng); // varied samples: the pixel measures pass
  const kl = async (classCounts: number[], maxClassKL?: number) =>
    await sampleDiversity(samples, data, { classCounts, maxClassKL });
  const balanced = await kl([20, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
  assert.strictEqual(balanced.classKL, 0);
  assert.strictEqual(balanced.collapsed, false);
  assert.strictEqual(balanced.modeDropping, false);
  assert.deepStrictEqual(balanced.classCounts, new Array(10).fill(20));
  // All samples in one of K classes: log K; half in each of 2 of 4 classes: log 2.
  assertClose((await kl([0, 200, 0, 0, 0, 0, 0, 0, 0, 0])).classKL!, Math.log(10), { atol: 1e-12 });
  assertClose((await kl([100, 0, 100, 0])).classKL!, Math.LN2, { atol: 1e-12 });
  // A generator drawing 77% ones (a measured partial collapse): sum p log(10 p) by hand.
  const ones = [46, 7671, 673, 85, 517, 320, 110, 366, 160, 52];
  const total = ones.reduce((a, b) => a + b);
  const expected = ones.reduce((t, c) => t + (c / total) * Math.log(10 * c / total), 0);
  const d = await kl(ones);
  assertClose(d.classKL!, expected, { atol: 1e-12 });
  assert.ok(d.spreadRatio > 0.8 && d.distinctNeighbours > 100, "the pixel measures pass");
  assert.strictEqual(d.collapsed, false);
  assert.strictEqual(d.modeDropping, true);
  assert.match(d.reason, /^class KL 1\.325 nats > 0\.693 \(class 1: 7671 of 10000 samples\)$/);
  // The threshold is an option; without counts there is no class verdict.
  assert.strictEqual((await kl(ones, 2)).modeDropping, false);
  assert.strictEqual((await kl([60, 40], 0.01)).modeDropping, true);
  const none = await sampleDiversity(samples, data);
  assert.strictEqual(none.classKL, null);
  assert.strictEqual(none.classCounts, null);
  assert.strictEqual(none.modeDropping, null);
});

Deno.test("sampleDiversity(): bad class counts and thresholds name the argument", async () => {
  const data = makeDataset(new Float32Array(4 * DIM), DIM);
  const x = new Float32Array(2 * DIM);
  const bad = (o: Record<string, unknown>) => sampleDiversity(x, data, o);
  await assert.rejects(() => bad({ classCounts: "7" }), TypeError);
  await assert.rejects(() => bad({ classCounts: [3, -1] }), /classCounts\[1\].*-1/);
  await assert.rejects(() => bad({ classCounts: [3, 0.5] }), /classCounts\[1\].*0\.5/);
  await assert.rejects(() => bad({ classCounts: [3] }), /at least 2 classes.*\[3\]/);
  await assert.rejects(() => bad({ classCounts: [0, 0] }), /positive total.*\[0,0\]/);
  for (const v of [-1, NaN, Infinity]) {
    await assert.rejects(() => bad({ maxClassKL: v }), new RegExp(`maxClassKL=${v}`));
  }
});
