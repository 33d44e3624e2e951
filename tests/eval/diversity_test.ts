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
