import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  PACGAN_TABLE1,
  runBeyond,
  runModeCollapse,
  scoreToyRun,
  TOY_LOSSES,
  toyLossSetup,
  trainToy,
} from "../../experiments/mod.ts";
import { useBackend } from "../_helpers.ts";

const tiny = { steps: 5, batchSize: 32, hidden: [16, 16], evalSamples: 500 };

Deno.test("runModeCollapse() trains every loss of the comparison without leaking tensors", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  for (const setup of TOY_LOSSES) {
    const r = await runModeCollapse("ring", setup.id, { ...tiny, steps: 2 }, { seed: 3 });
    assert.strictEqual(r.steps, 2, setup.id);
    assert.strictEqual(r.modes, 8);
    assert.ok(r.modesCaptured >= 0 && r.modesCaptured <= 8);
    assert.ok(r.highQualityPercent >= 0 && r.highQualityPercent <= 100);
    // The binned JS (note's convention) lies in [0, 2 log 2].
    assert.ok(r.js >= 0 && r.js <= 2 * Math.log(2) + 1e-12, `${setup.id} js=${r.js}`);
    assert.strictEqual(r.view.d.values.length, 25 * 25);
    assert.ok(r.view.d.values.every((v) => v >= 0 && v <= 1));
    assert.match(r.figure.toSvgString(), /^<svg/);
  }
  assert.strictEqual(tf.memory().numTensors, before);
});

Deno.test("runModeCollapse() with the GAN loss moves the samples toward the ring (JS falls, seeded)", async () => {
  await useBackend("cpu");
  const sizes = { steps: 1, batchSize: 64, hidden: [64, 64], evalSamples: 2500 };
  const start = await runModeCollapse("ring", "gan", sizes, { seed: 0 });
  const trained = await runModeCollapse("ring", "gan", { ...sizes, steps: 300 }, { seed: 0 });
  assert.ok(trained.js < start.js - 0.1, `JS ${start.js} -> ${trained.js}`);
  assert.ok(trained.modesCaptured >= 1, `modes ${trained.modesCaptured}`);
});

Deno.test("runBeyond() tabulates every run, compares with PacGAN, and resumes finished runs from its checkpoint directory", async () => {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir({ prefix: "an-beyond-" });
  try {
    const options = {
      quick: true,
      seed: 2,
      steps: 3,
      losses: ["gan", "wgan-gp"],
      checkpointDir: dir,
    };
    const first = await runBeyond(options);
    assert.strictEqual(first.runs.length, 4);
    assert.deepStrictEqual(first.runs.map((r) => `${r.dataset} ${r.loss}`), [
      "ring gan",
      "ring wgan-gp",
      "grid gan",
      "grid wgan-gp",
    ]);
    assert.strictEqual(first.cachedRuns, 0);
    assert.strictEqual(first.table.cells.length, 4);
    assert.deepStrictEqual(first.table.columns.slice(0, 3), ["dataset", "loss", "modes"]);
    assert.strictEqual(first.figures.length, 4);
    assert.match(first.paperTable.toString(), /6\.3/);
    assert.strictEqual(PACGAN_TABLE1[0].grid, 17.3);
    assert.deepStrictEqual(first.comparison.map((c) => c.paper), [
      "6.3 / 8 (PacGAN, GAN)",
      "17.3 / 25 (PacGAN, GAN)",
    ]);
    const second = await runBeyond(options);
    assert.strictEqual(second.cachedRuns, 4);
    const numbers = (r: typeof first) =>
      r.runs.map((x) => [x.modesCaptured, x.highQualityPercent, x.js, x.steps]);
    assert.deepStrictEqual(numbers(second), numbers(first));
    assert.strictEqual(second.figures[0].toSvgString(), first.figures[0].toSvgString());
    // Other sizes do not reuse these runs.
    const other = await runBeyond({ ...options, steps: 2, losses: ["gan"], datasets: ["ring"] });
    assert.strictEqual(other.cachedRuns, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runBeyond() rejects unknown losses, datasets and step counts", async () => {
  assert.throws(() => toyLossSetup("nope"), /loss id is unknown: id=nope/);
  await assert.rejects(runBeyond({ losses: ["nope"] }), RangeError);
  // deno-lint-ignore no-explicit-any
  await assert.rejects(runBeyond({ datasets: ["spiral" as any] }), /ring or grid/);
  await assert.rejects(runBeyond({ steps: -1 }), /steps must be a positive integer/);
});

Deno.test("runBeyond({ train }) scores the runs of a caller's training function; trainToy() is the default", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  const calls: string[] = [];
  const options = { quick: true, steps: 2, losses: ["gan", "wgan"], datasets: ["ring" as const] };
  const own = await runBeyond({
    ...options,
    train: (dataset, lossId, sizes) => {
      calls.push(`${dataset} ${lossId} ${sizes.steps}`);
      return trainToy(dataset, lossId, sizes, { seed: 0 });
    },
  });
  assert.deepStrictEqual(calls, ["ring gan 2", "ring wgan 2"]);
  const builtIn = await runBeyond(options);
  const numbers = (r: typeof own) =>
    r.runs.map((x) => [x.loss, x.modesCaptured, x.highQualityPercent, x.js, x.reverseKL, x.steps]);
  assert.deepStrictEqual(numbers(own), numbers(builtIn));
  assert.deepStrictEqual(own.runs.map((r) => r.view), builtIn.runs.map((r) => r.view));
  assert.strictEqual(tf.memory().numTensors, before, "the trainers and models were disposed");
  await assert.rejects(
    runBeyond({ ...options, train: 3 as never }),
    (e) => e instanceof TypeError && /train must be a function .*: train=3/.test(e.message),
  );
});

Deno.test("scoreToyRun() scores a diverged run at its last good state and says why", async () => {
  await useBackend("cpu");
  const sizes = { steps: 1, batchSize: 16, hidden: [8], evalSamples: 200 };
  const training = await trainToy("grid", "gan", sizes, { seed: 1 });
  const run = await scoreToyRun("grid", "gan", { ...training, diverged: "stopped on purpose" }, {
    sizes,
    seed: 1,
    seconds: 0.5,
  });
  assert.strictEqual(run.diverged, "stopped on purpose");
  assert.strictEqual(run.seconds, 0.5);
  assert.strictEqual(run.steps, 1);
  assert.strictEqual(run.modes, 25);
  assert.strictEqual(run.last, training.trainer.history[0]);
  // Fewer samples scored than the view's 400: it shows them all.
  assert.strictEqual(run.view.fake.length, 2 * 200);
  assert.ok(run.view.fake.every(Number.isFinite));
  training.trainer.dispose();
  training.trainer.generator.dispose();
  training.trainer.discriminator.dispose();
});
