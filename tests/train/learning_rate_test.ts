/** Learning-rate schedules: the trainer's `learningRate` option and `setLearningRate`. */
import assert from "node:assert";
import {
  adam,
  createOptimizer,
  currentLearningRate,
  rmsprop,
  setLearningRate,
  sgdMomentum,
  type Trainer,
} from "../../lib/train/mod.ts";
import { useBackend } from "../_helpers.ts";
import { tinyTrainer, weightsOf, withoutTime } from "./_fixtures.ts";

async function disposeAll(trainer: Trainer): Promise<void> {
  trainer.dispose();
  trainer.generator.dispose();
  trainer.discriminator.dispose();
  await Promise.resolve();
}

const anneal = (step: number) => step < 4 ? 2e-3 : 5e-4;

Deno.test("createTrainer({ learningRate }) sets both optimisers' rate before each step from the steps done", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({ batchSize: 8, learningRate: anneal }, [4]);
  await trainer.train(6);
  assert.deepStrictEqual(trainer.history.map((r) => r.lr), [
    2e-3,
    2e-3,
    2e-3,
    2e-3,
    5e-4,
    5e-4,
  ]);
  assert.strictEqual(currentLearningRate(trainer.gOptimizer), 5e-4);
  assert.strictEqual(currentLearningRate(trainer.dOptimizer), 5e-4);
  await disposeAll(trainer);
});

Deno.test("a schedule trains bit for bit as setting the rate by hand after the step before (the old way)", async () => {
  await useBackend("cpu");
  const scheduled = tinyTrainer({ batchSize: 8, learningRate: anneal }, [4], 0.5);
  await scheduled.train(7);
  const byHand = tinyTrainer({ batchSize: 8 }, [4], 0.5);
  await byHand.train(7, {
    onStep: (r) => {
      if (r.step === 4) {
        setLearningRate(byHand.gOptimizer, 5e-4);
        setLearningRate(byHand.dOptimizer, 5e-4);
      }
    },
  });
  assert.deepStrictEqual(scheduled.history.map(withoutTime), byHand.history.map(withoutTime));
  assert.deepStrictEqual(await weightsOf(scheduled.generator), await weightsOf(byHand.generator));
  await disposeAll(scheduled);
  await disposeAll(byHand);
});

Deno.test("a schedule holds across snapshot and restore (restored optimisers get the step's rate)", async () => {
  await useBackend("cpu");
  const straight = tinyTrainer({ batchSize: 8, learningRate: anneal }, [4], 0.5);
  await straight.train(7);
  const first = tinyTrainer({ batchSize: 8, learningRate: anneal }, [4], 0.5);
  await first.train(5);
  const snap = await first.snapshot();
  const second = tinyTrainer({ batchSize: 8, learningRate: anneal }, [4], 0.5);
  await second.restoreSnapshot(snap);
  await second.train(2);
  assert.deepStrictEqual(second.history.map(withoutTime), straight.history.map(withoutTime));
  for (const t of [straight, first, second]) await disposeAll(t);
});

Deno.test("a schedule replaces sgdMomentum's decay, and setLearningRate() sets the rate of each optimiser kind", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({
    batchSize: 8,
    dOptimizer: sgdMomentum({ lr: 0.05 }),
    gOptimizer: sgdMomentum({ lr: 0.05 }),
    learningRate: (step) => 0.01 / (1 + step),
  }, [4]);
  await trainer.train(3);
  assert.deepStrictEqual(trainer.history.map((r) => r.lr), [0.01, 0.005, 0.01 / 3]);
  await disposeAll(trainer);
  for (const spec of [adam(), rmsprop(), sgdMomentum()]) {
    const optimizer = createOptimizer(spec);
    setLearningRate(optimizer, 0.125);
    assert.strictEqual(currentLearningRate(optimizer), 0.125, spec.kind);
    optimizer.dispose();
  }
});

Deno.test("bad learning rates are refused, naming the option and its value", async () => {
  await useBackend("cpu");
  assert.throws(
    () => tinyTrainer({ learningRate: 0.1 as never }, [4]),
    (e) =>
      e instanceof TypeError &&
      /learningRate must be a function \(step\) => number: learningRate=0.1/.test(e.message),
  );
  const trainer = tinyTrainer({ batchSize: 8, learningRate: (s) => (s < 1 ? 1e-3 : -1) }, [4]);
  await trainer.step();
  await assert.rejects(
    trainer.step(),
    (e) =>
      e instanceof RangeError &&
      /learningRate\(1\) must return a positive finite number: learningRate\(1\)=-1/.test(
        e.message,
      ),
  );
  assert.strictEqual(trainer.stepCount, 1, "the bad step did not run");
  const optimizer = createOptimizer(adam());
  for (const bad of [0, -1, NaN, Infinity]) {
    assert.throws(
      () => setLearningRate(optimizer, bad),
      (e) => e instanceof RangeError && e.message.endsWith(`lr=${bad}`),
    );
  }
  assert.throws(
    () => setLearningRate({} as never, 1e-3),
    (e) => e instanceof TypeError && /optimizer must be a tfjs optimizer/.test(e.message),
  );
  optimizer.dispose();
  await disposeAll(trainer);
});
