/** train(steps, { checkpoint }): resumable training, its option checks and its tensor hygiene. */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { ganLoss } from "../../lib/losses/mod.ts";
import { latestCheckpoint, type StepRecord, type Trainer } from "../../lib/train/mod.ts";
import { useBackend } from "../_helpers.ts";
import { tinyTrainer, weightsOf, withoutTime } from "./_fixtures.ts";

/** The tiny GAN with seeded dropout in D, so the dropout streams are part of the state. */
const fresh = (): Trainer => tinyTrainer({ batchSize: 8 }, [4], 0.5);

const timeless = (records: readonly StepRecord[]) => records.map(withoutTime);

async function disposeAll(trainer: Trainer): Promise<void> {
  trainer.dispose();
  trainer.generator.dispose();
  trainer.discriminator.dispose();
  await Promise.resolve();
}

async function steps(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

Deno.test("train() with a checkpoint aborted mid-run and resumed by a fresh trainer gives the uninterrupted history bit for bit", async () => {
  await useBackend("cpu");
  const straight = fresh();
  await straight.train(12);
  const expected = timeless(straight.history);
  const expectedWeights = [
    await weightsOf(straight.generator),
    await weightsOf(straight.discriminator),
  ];
  await disposeAll(straight);

  const dir = await Deno.makeTempDir();
  const first = fresh();
  const controller = new AbortController();
  const aborted = await first.train(12, {
    checkpoint: { dir, every: 5 },
    signal: controller.signal,
    onStep: (r) => {
      if (r.step === 7) controller.abort(new Error("stop at 7"));
    },
  }).then(() => assert.fail("expected an abort"), (e) => e);
  assert.strictEqual((aborted as Error).message, "stop at 7");
  assert.strictEqual(first.stepCount, 7);
  assert.deepStrictEqual(await steps(dir), ["step-00000005", "step-00000007"], "saved on abort");
  await disposeAll(first);

  const second = fresh();
  const records = await second.train(12, { checkpoint: { dir, every: 5 } });
  assert.deepStrictEqual(records.map((r) => r.step), [8, 9, 10, 11, 12], "only the rest ran");
  assert.deepStrictEqual(timeless(second.history), expected);
  assert.deepStrictEqual(await weightsOf(second.generator), expectedWeights[0]);
  assert.deepStrictEqual(await weightsOf(second.discriminator), expectedWeights[1]);
  assert.deepStrictEqual(
    await steps(dir),
    ["step-00000010", "step-00000012"],
    "keeps 2, end saved",
  );

  // Run again: the budget is already met, nothing trains.
  const third = fresh();
  assert.deepStrictEqual(await third.train(12, { checkpoint: { dir, every: 5 } }), []);
  assert.strictEqual(third.stepCount, 12);
  assert.deepStrictEqual(timeless(third.history), expected);
  await disposeAll(second);
  await disposeAll(third);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train() resumes from the newest periodic checkpoint after a crash (no end save) and keeps `keep`", async () => {
  await useBackend("cpu");
  const straight = fresh();
  await straight.train(9);
  const expected = timeless(straight.history);
  await disposeAll(straight);

  const dir = await Deno.makeTempDir();
  const first = fresh();
  await first.train(7, { checkpoint: { dir, every: 2, keep: 3 } });
  assert.deepStrictEqual(await steps(dir), ["step-00000004", "step-00000006", "step-00000007"]);
  await disposeAll(first);
  // A crash after step 6: the end-of-call checkpoint never got written.
  await Deno.remove(`${dir}/step-00000007`, { recursive: true });
  assert.strictEqual(await latestCheckpoint(dir), `${dir}/step-00000006`);

  const second = fresh();
  const records = await second.train(9, { checkpoint: { dir, every: 2, keep: 3 } });
  assert.deepStrictEqual(records.map((r) => r.step), [7, 8, 9]);
  assert.deepStrictEqual(timeless(second.history), expected);
  await disposeAll(second);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train() does not restore a checkpoint at or behind the trainer, and counts steps from the trainer's step", async () => {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir();
  const trainer = fresh();
  await trainer.train(4, { checkpoint: { dir, every: 2 } });
  // Same trainer, same directory, next chunk: no restore, 3 more steps.
  const records = await trainer.train(3, { checkpoint: { dir, every: 2 } });
  assert.deepStrictEqual(records.map((r) => r.step), [5, 6, 7]);
  assert.deepStrictEqual(await steps(dir), ["step-00000006", "step-00000007"]);
  await disposeAll(trainer);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train() refuses a checkpoint past the budget or of another configuration, naming it", async () => {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir();
  const first = fresh();
  await first.train(4, { checkpoint: { dir, every: 2 } });
  await disposeAll(first);
  const short = fresh();
  await assert.rejects(
    short.train(3, { checkpoint: { dir, every: 2 } }),
    (e) =>
      e instanceof RangeError &&
      /past the step budget: checkpoint step=4, target step=3, checkpoint.dir=/.test(e.message),
  );
  assert.strictEqual(short.stepCount, 0, "nothing restored");
  const other = tinyTrainer({ batchSize: 8, loss: ganLoss("minimax") }, [4], 0.5);
  await assert.rejects(
    other.train(6, { checkpoint: { dir, every: 2 } }),
    (e) => e instanceof RangeError && /loss differs/.test(e.message),
  );
  await disposeAll(short);
  await disposeAll(other);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train() rejects bad options with TypeError/RangeError naming the option and its value", async () => {
  await useBackend("cpu");
  const trainer = fresh();
  const cases: Array<[unknown, ErrorConstructor, RegExp]> = [
    [{ checkpoint: null }, TypeError, /checkpoint must be an object: checkpoint=null/],
    [{ checkpoint: "ck" }, TypeError, /checkpoint must be an object: checkpoint=ck/],
    [
      { checkpoint: { dir: 3, every: 1 } },
      TypeError,
      /checkpoint.dir must be a string: checkpoint.dir=3/,
    ],
    [{ checkpoint: { dir: "", every: 1 } }, RangeError, /checkpoint.dir must not be empty/],
    [
      { checkpoint: { dir: "x", every: 0 } },
      RangeError,
      /checkpoint.every must be a positive integer: checkpoint.every=0/,
    ],
    [{ checkpoint: { dir: "x", every: 1.5 } }, RangeError, /checkpoint.every=1.5/],
    [{ checkpoint: { dir: "x" } }, RangeError, /checkpoint.every=undefined/],
    [
      { checkpoint: { dir: "x", every: 1, keep: 0 } },
      RangeError,
      /checkpoint.keep must be a positive integer: checkpoint.keep=0/,
    ],
    [
      { checkpoint: { dir: "x", evry: 1 } },
      TypeError,
      /"checkpoint.evry" is unknown \(did you mean "every"/,
    ],
    [{ checkpointDir: "x" }, TypeError, /"checkpointDir" is unknown \(did you mean "checkpoint"/],
    [{ signal: "stop" }, TypeError, /signal must be an AbortSignal: signal=stop/],
    [{ onStep: 3 }, TypeError, /onStep must be a function: onStep=3/],
  ];
  for (const [options, type, message] of cases) {
    await assert.rejects(
      trainer.train(1, options as never),
      (e) => e instanceof type && message.test((e as Error).message),
      JSON.stringify(options),
    );
  }
  assert.strictEqual(trainer.stepCount, 0, "nothing trained");
  await disposeAll(trainer);
});

Deno.test("no tensor leaks: aborting, resuming and finishing with checkpoints leaves tf.memory() as it was", async () => {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir();
  const before = tf.memory().numTensors;
  const first = fresh();
  const controller = new AbortController();
  await first.train(9, {
    checkpoint: { dir, every: 3 },
    signal: controller.signal,
    onStep: (r) => {
      if (r.step === 4) controller.abort();
    },
  }).catch(() => {});
  await disposeAll(first);
  assert.strictEqual(tf.memory().numTensors, before, "after the aborted run");
  const second = fresh();
  await second.train(9, { checkpoint: { dir, every: 3 } });
  assert.strictEqual(second.stepCount, 9);
  await disposeAll(second);
  assert.strictEqual(tf.memory().numTensors, before, "after the resumed run");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("restoring Adam continues bit for bit at every step (its bias-correction accumulators are replayed, not pow())", async () => {
  await useBackend("cpu");
  const straight = fresh();
  await straight.train(8);
  const expected = timeless(straight.history);
  const snaps = [];
  const stepper = fresh();
  for (let i = 1; i < 8; i++) {
    await stepper.step();
    snaps.push(await stepper.snapshot());
  }
  for (const snap of snaps) {
    const resumed = fresh();
    await resumed.restoreSnapshot(snap);
    await resumed.train(8 - snap.step);
    assert.deepStrictEqual(timeless(resumed.history), expected, `resumed at step ${snap.step}`);
    await disposeAll(resumed);
  }
  await disposeAll(straight);
  await disposeAll(stepper);
});
