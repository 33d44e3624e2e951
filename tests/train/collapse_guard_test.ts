/** trainWithCollapseGuard and Trainer.reseed: rollback, reseeding, give-up, checks, hygiene. */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  CollapseGuardError,
  collapseGuardSeed,
  type CollapseVerdict,
  type StepRecord,
  type Trainer,
  trainWithCollapseGuard,
} from "../../lib/train/mod.ts";
import { useBackend } from "../_helpers.ts";
import { sampleDiversity } from "../../lib/eval/diversity.ts";
import { makeDataset } from "../../lib/data/dataset.ts";
import { tinyTrainer, weightsOf, withoutTime } from "./_fixtures.ts";

/** The tiny GAN with seeded dropout in D, so the dropout streams are part of the state. */
const fresh = (): Trainer => tinyTrainer({ batchSize: 8 }, [4], 0.5);

const timeless = (records: readonly StepRecord[]) => records.map(withoutTime);

function disposeAll(trainer: Trainer): void {
  trainer.dispose();
  trainer.generator.dispose();
  trainer.discriminator.dispose();
}

/** A fake detector: collapsed at the listed steps, each reported once (then healthy). */
function fakeCheck(collapseAt: number[]) {
  const pending = [...collapseAt];
  const seen: number[] = [];
  return {
    seen,
    check: (t: Trainer): CollapseVerdict => {
      seen.push(t.stepCount);
      const i = pending.indexOf(t.stepCount);
      if (i < 0) return { collapsed: false };
      pending.splice(i, 1);
      return { collapsed: true, reason: `fake collapse at ${t.stepCount}` };
    },
  };
}

const healthy = (): CollapseVerdict => ({ collapsed: false });

Deno.test("with no collapse reported the guarded run is bit for bit the unguarded one", async () => {
  await useBackend("cpu");
  const plain = fresh();
  await plain.train(10);
  const expected = timeless(plain.history);
  const expectedWeights = await weightsOf(plain.discriminator);
  disposeAll(plain);

  const guarded = fresh();
  const fake = fakeCheck([]);
  const r = await trainWithCollapseGuard(guarded, 10, { guard: { check: fake.check, every: 3 } });
  assert.deepStrictEqual(timeless(guarded.history), expected);
  assert.deepStrictEqual(timeless(r.records), expected);
  assert.deepStrictEqual(await weightsOf(guarded.discriminator), expectedWeights);
  assert.deepStrictEqual(r.events, []);
  assert.deepStrictEqual(fake.seen, [3, 6, 9]); // not at 10: the budget ended between checks
  assert.deepStrictEqual(r.checks.map((c) => c.action), ["healthy", "healthy", "healthy"]);
  disposeAll(guarded);
});

Deno.test("a collapse rolls back to the last healthy check, reseeds with collapseGuardSeed and continues to the budget", async () => {
  await useBackend("cpu");
  const plain = fresh();
  await plain.train(12);
  const unguarded = timeless(plain.history);
  disposeAll(plain);

  const guarded = fresh();
  const events: unknown[] = [];
  const r = await trainWithCollapseGuard(guarded, 12, {
    guard: { check: fakeCheck([6]).check, every: 2, onEvent: (e) => void events.push(e) },
  });
  const seed = collapseGuardSeed(0, 1);
  assert.deepStrictEqual(r.events, [{
    restart: 1,
    detectedAt: 6,
    rolledBackTo: 4,
    healthy: true,
    seed,
    reason: "fake collapse at 6",
  }]);
  assert.deepStrictEqual(events, r.events);
  assert.strictEqual(guarded.stepCount, 12);
  const history = timeless(guarded.history);
  assert.deepStrictEqual(history.map((h) => h.step), [...Array(12)].map((_, i) => i + 1));
  assert.deepStrictEqual(timeless(r.records), history);
  assert.deepStrictEqual(history.slice(0, 4), unguarded.slice(0, 4)); // kept as it was
  for (let i = 4; i < 12; i++) {
    assert.notDeepStrictEqual(history[i], unguarded[i], `step ${i + 1} should differ`);
  }
  assert.deepStrictEqual(
    r.checks.map((c) => [c.step, c.action]),
    [[2, "healthy"], [4, "healthy"], [6, "rollback"], [6, "healthy"], [8, "healthy"], [
      10,
      "healthy",
    ], [12, "healthy"]],
  );

  // The same as rolling back by hand: 4 steps, reseed, 8 more.
  const byHand = fresh();
  await byHand.train(4);
  byHand.reseed(seed);
  await byHand.train(8);
  assert.deepStrictEqual(timeless(byHand.history), history);
  assert.deepStrictEqual(
    await weightsOf(byHand.generator),
    await weightsOf(guarded.generator),
  );
  disposeAll(byHand);
  disposeAll(guarded);
});

Deno.test("reseed replaces the noise, data and dropout streams, and checkpoints carry the new ones", async () => {
  await useBackend("cpu");
  const a = fresh();
  await a.train(3);
  const before = await a.snapshot();
  a.reseed(77);
  const after = await a.snapshot();
  assert.notDeepStrictEqual(after.rng.noise, before.rng.noise);
  assert.notDeepStrictEqual(after.rng.data, before.rng.data);
  assert.notDeepStrictEqual(after.dropout.discriminator, before.dropout.discriminator);
  assert.strictEqual(after.dropout.discriminator.length, 1);
  assert.deepStrictEqual(after.tensors, before.tensors); // weights and slots untouched
  assert.strictEqual(after.config.seed, 0);

  const dir = await Deno.makeTempDir();
  await a.save(dir);
  const b = fresh();
  await b.restore(dir);
  await a.train(4);
  await b.train(4);
  assert.deepStrictEqual(timeless(b.history), timeless(a.history));
  await Deno.remove(dir, { recursive: true });

  assert.throws(() => a.reseed(1.5), RangeError);
  assert.throws(() => a.reseed(Number.NaN), TypeError);
  disposeAll(a);
  disposeAll(b);
});

Deno.test("after maxRestarts restarts the next collapse throws a CollapseGuardError naming the steps", async () => {
  await useBackend("cpu");
  const trainer = fresh();
  const err = await trainWithCollapseGuard(trainer, 20, {
    guard: {
      every: 2,
      maxRestarts: 2,
      check: (t) => ({ collapsed: t.stepCount >= 4, reason: "always" }),
    },
  }).then(() => null, (e) => e);
  assert.ok(err instanceof CollapseGuardError);
  assert.match(
    err.message,
    /collapsed again at step 4 after maxRestarts=2 restart\(s\) \(always\); earlier collapses at steps 4, 4/,
  );
  // The second collapse came straight after the rollback to 2: the guard went back to the start.
  assert.deepStrictEqual(
    err.events.map((e) => [e.restart, e.rolledBackTo, e.healthy]),
    [[1, 2, true], [2, 0, false]],
  );
  assert.deepStrictEqual(
    err.events.map((e) => e.seed),
    [collapseGuardSeed(0, 1), collapseGuardSeed(0, 2)],
  );
  assert.strictEqual(err.checks.at(-1)!.action, "gave-up");
  assert.strictEqual(trainer.stepCount, 4); // left at the collapse

  const other = fresh();
  const none = await trainWithCollapseGuard(other, 4, {
    guard: { every: 2, maxRestarts: 0, check: () => ({ collapsed: true }) },
  }).then(() => null, (e) => e);
  assert.ok(none instanceof CollapseGuardError);
  assert.match(none.message, /at step 2 after maxRestarts=0/);
  disposeAll(other);
  disposeAll(trainer);
});

Deno.test("a run that collapses again straight after a rollback goes one healthy state further back", async () => {
  await useBackend("cpu");
  const a = fresh();
  const ra = await trainWithCollapseGuard(a, 10, {
    guard: { check: fakeCheck([6, 6, 6]).check, every: 2, keep: 2 },
  });
  assert.deepStrictEqual(
    ra.events.map((e) => [e.detectedAt, e.rolledBackTo, e.healthy]),
    // 6 -> 4; again straight away: 4 dropped, -> 2; then 4 passed (a new point), 6 -> that 4.
    [[6, 4, true], [6, 2, true], [6, 4, true]],
  );
  assert.strictEqual(a.stepCount, 10);
  disposeAll(a);

  // keep: 1 remembers only the latest healthy state: the second rollback goes to the start.
  const b = fresh();
  const rb = await trainWithCollapseGuard(b, 10, {
    guard: { check: fakeCheck([6, 6]).check, every: 2, keep: 1 },
  });
  assert.deepStrictEqual(
    rb.events.map((e) => [e.detectedAt, e.rolledBackTo, e.healthy, e.restart]),
    [[6, 4, true, 1], [6, 0, false, 2]],
  );
  assert.strictEqual(b.stepCount, 10);
  disposeAll(b);
});

Deno.test("warmup: early collapse verdicts are not acted on until a check passes; past warmup the run restarts from where the call began", async () => {
  await useBackend("cpu");
  const plain = fresh();
  await plain.train(8);
  const unguarded = timeless(plain.history);
  disposeAll(plain);

  // Collapsed at 2 and 4 (within warmup 4), healthy from 6: nothing done.
  const a = fresh();
  const ra = await trainWithCollapseGuard(a, 8, {
    guard: { every: 2, warmup: 4, check: (t) => ({ collapsed: t.stepCount <= 4 }) },
  });
  assert.deepStrictEqual(ra.events, []);
  assert.deepStrictEqual(ra.checks.map((c) => c.action), [
    "warmup",
    "warmup",
    "healthy",
    "healthy",
  ]);
  assert.deepStrictEqual(timeless(a.history), unguarded);
  disposeAll(a);

  // Never healthy by 4: the check at 6 rolls back to step 0 (no healthy state yet).
  const b = fresh();
  let calls = 0;
  const rb = await trainWithCollapseGuard(b, 8, {
    guard: { every: 2, warmup: 4, check: () => ({ collapsed: ++calls <= 3 }) },
  });
  assert.deepStrictEqual(
    rb.events.map((e) => [e.detectedAt, e.rolledBackTo, e.healthy]),
    [[6, 0, false]],
  );
  assert.strictEqual(b.stepCount, 8);
  assert.notDeepStrictEqual(timeless(b.history)[0], unguarded[0]);
  disposeAll(b);
});

Deno.test("with checkpoints, a rollback drops the collapsed stretch's checkpoints and an interrupted guarded run resumes on the reseeded path", async () => {
  await useBackend("cpu");
  const straight = fresh();
  const rs = await trainWithCollapseGuard(straight, 10, {
    guard: { check: fakeCheck([6]).check, every: 2 },
  });
  assert.strictEqual(rs.events.length, 1);
  const expected = timeless(straight.history);
  disposeAll(straight);

  const dir = await Deno.makeTempDir();
  const first = fresh();
  const stop = new AbortController();
  let rolledBack = false;
  const err = await trainWithCollapseGuard(first, 10, {
    checkpoint: { dir, every: 4, keep: 5 },
    signal: stop.signal,
    onStep: (r) => {
      if (r.step === 5 && rolledBack) stop.abort(new Error("stop"));
    },
    guard: {
      check: fakeCheck([6]).check,
      every: 2,
      onEvent: () => {
        rolledBack = true;
      },
    },
  }).then(() => null, (e) => e);
  assert.match(String(err), /stop/);
  const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  // step-6 (end of the collapsed stretch) was deleted; step-4 holds the reseeded state; the
  // abort saved step-5.
  assert.deepStrictEqual(names, ["step-00000002", "step-00000004", "step-00000005"]);
  disposeAll(first);

  const again = fresh();
  const r = await trainWithCollapseGuard(again, 10, {
    checkpoint: { dir, every: 4, keep: 5 },
    guard: { check: healthy, every: 2 },
  });
  assert.strictEqual(r.resumedFrom, 5);
  assert.deepStrictEqual(timeless(again.history), expected);
  disposeAll(again);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bad options name the argument and its value", async () => {
  await useBackend("cpu");
  const t = fresh();
  const run = (options: unknown, steps = 2) =>
    // deno-lint-ignore no-explicit-any
    trainWithCollapseGuard(t, steps, options as any);
  await assert.rejects(run({ guard: { check: healthy, every: 0 } }), {
    name: "RangeError",
    message: /guard\.every must be a positive integer: guard\.every=0/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1, maxRestarts: -1 } }), {
    name: "RangeError",
    message: /guard\.maxRestarts must be an integer >= 0: guard\.maxRestarts=-1/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1, warmup: 1.5 } }), {
    name: "RangeError",
    message: /guard\.warmup must be an integer >= 0: guard\.warmup=1\.5/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1, keep: 0 } }), {
    name: "RangeError",
    message: /guard\.keep must be a positive integer: guard\.keep=0/,
  });
  await assert.rejects(run({ guard: { check: "no", every: 1 } }), {
    name: "TypeError",
    message: /guard\.check must be a function: guard\.check=no/,
  });
  await assert.rejects(run({ guard: { check: healthy, evry: 1 } }), {
    name: "TypeError",
    message: /option "guard\.evry" is unknown \(did you mean "every"\?/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1, healthyDir: "" } }), {
    name: "RangeError",
    message: /guard\.healthyDir must be a non-empty string: guard\.healthyDir=""/,
  });
  await assert.rejects(run({}), {
    name: "TypeError",
    message: /guard must be an object: guard=undefined/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1 }, onstep: () => {} }), {
    name: "TypeError",
    message: /option "onstep" is unknown/,
  });
  await assert.rejects(run({ guard: { check: healthy, every: 1 } }, -1), {
    name: "RangeError",
    message: /steps must be a non-negative integer: steps=-1/,
  });
  await assert.rejects(run({ guard: { check: () => ({ collapsed: "yes" }), every: 1 } }), {
    name: "TypeError",
    message:
      /guard\.check must return \{ collapsed: boolean, reason\?: string \}: returned=\{"collapsed":"yes"\} at step 1/,
  });
  assert.throws(() => collapseGuardSeed(1, 0), /restart must be a positive integer: restart=0/);
  disposeAll(t);
});

Deno.test("guarded training with rollbacks leaves no tensors behind", async () => {
  await useBackend("cpu");
  const t = fresh();
  await t.train(1); // optimiser slots exist from here on
  const r1 = await trainWithCollapseGuard(t, 9, {
    guard: { check: fakeCheck([4, 8]).check, every: 2 },
  });
  const before = tf.memory().numTensors;
  const r = await trainWithCollapseGuard(t, 10, { guard: { check: healthy, every: 2 } });
  const r2 = await trainWithCollapseGuard(t, 10, {
    guard: { check: fakeCheck([t.stepCount + 4, t.stepCount + 8]).check, every: 2 },
  });
  assert.strictEqual(r1.events.length, 2);
  assert.strictEqual(r.events.length, 0);
  assert.strictEqual(r2.events.length, 2);
  assert.strictEqual(tf.memory().numTensors, before);
  disposeAll(t);
});

Deno.test("a detector verdict of mode dropping alone (not collapsed) is not acted on", async () => {
  await useBackend("cpu");
  // Varied samples whose classifier counts are all one class: modeDropping, not collapsed.
  const x = Float32Array.from({ length: 200 * 4 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5);
  const verdict = await sampleDiversity(x.subarray(0, 400), makeDataset(x.subarray(400), 4), {
    classCounts: [100, 0, 0],
  });
  assert.deepStrictEqual([verdict.collapsed, verdict.modeDropping], [false, true]);
  const trainer = fresh();
  const r = await trainWithCollapseGuard(trainer, 6, { guard: { check: () => verdict, every: 3 } });
  assert.deepStrictEqual(r.events, []);
  assert.deepStrictEqual(r.checks.map((c) => c.action), ["healthy", "healthy"]);
  assert.match(r.checks[0].reason, /^class KL 1\.099 nats/);
  disposeAll(trainer);
});
