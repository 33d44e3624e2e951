/**
 * Recorded fixture: small seeded runs on the cpu backend must give the same history, weights and
 * checkpoint bytes as when the fixture was recorded (before the issue 14 restructuring). Record
 * anew (only on purpose) with `AN_RECORD_FIXTURE=1 deno test -A tests/train/history_fixture_test.ts`.
 */
import assert from "node:assert";
import { createHash } from "node:crypto";
import { ganLoss } from "../../lib/losses/mod.ts";
import { adam, sgdMomentum, type Trainer } from "../../lib/train/mod.ts";
import { dataSampler, makeDataset } from "../../lib/data/mod.ts";
import { useBackend } from "../_helpers.ts";
import { maxoutTrainer, weightsOf, wganGpMaxoutRun, withoutTime } from "./_fixtures.ts";

const FIXTURE = new URL("./fixtures/seeded_history.json", import.meta.url);

/** Maxout D with seeded dropout, SGD with momentum (ramped, decayed), WGAN-GP, k = 2. */
const alternatingRun = wganGpMaxoutRun;

/** The authors' simultaneous update over shuffled epochs, non-saturating loss, Adam for G. */
function simultaneousRun(): Trainer {
  const rows = Float32Array.from({ length: 30 }, (_, i) => 4 + Math.sin(i));
  return maxoutTrainer({
    loss: ganLoss("non-saturating"),
    sampleReal: dataSampler(makeDataset(rows, 1)),
    batchSize: 8,
    update: "simultaneous",
    dOptimizer: sgdMomentum({ lr: 0.01, rampFrom: 0, rampTo: 10, rampEvery: 3 }),
    gOptimizer: adam({ lr: 1e-3 }),
    seed: 3,
  });
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function record(build: () => Trainer) {
  const trainer = build();
  await trainer.train(12);
  const dir = await Deno.makeTempDir();
  await trainer.save(`${dir}/ck`);
  const files: Record<string, string> = {};
  for (const name of ["trainer.json", "tensors.bin"]) {
    files[name] = sha256(await Deno.readFile(`${dir}/ck/${name}`));
  }
  const out = {
    history: trainer.history.map(withoutTime),
    generator: await weightsOf(trainer.generator),
    discriminator: await weightsOf(trainer.discriminator),
    checkpoint: files,
  };
  trainer.dispose();
  await Deno.remove(dir, { recursive: true });
  return out;
}

Deno.test("seeded runs give the recorded history, weights and checkpoint bytes on cpu", async () => {
  await useBackend("cpu");
  const now = {
    alternating: await record(alternatingRun),
    simultaneous: await record(simultaneousRun),
  };
  // JSON round trip: numbers as the fixture stores them (float32 values print exactly).
  const actual = JSON.parse(JSON.stringify(now));
  if (Deno.env.get("AN_RECORD_FIXTURE") === "1") {
    await Deno.writeTextFile(FIXTURE, JSON.stringify(actual, null, 2) + "\n");
  }
  const expected = JSON.parse(await Deno.readTextFile(FIXTURE));
  assert.deepStrictEqual(actual, expected);
});
