import assert from "node:assert";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../../lib/data/mod.ts";
import {
  collapseMonitor,
  PAPER_TABLE1,
  paperMnistTrainer,
  runMnist,
} from "../../experiments/mod.ts";
import { latestCheckpoint } from "../../lib/train/mod.ts";
import { useFastCpuBackend } from "./_backend.ts";

const mnist = await loadMnist();
// Small evaluation sizes keep each run to seconds; the code path is the full one.
const parzen = { centres: 200, test: 100, validation: 100 };

Deno.test("runMnist() interrupted and resumed from its checkpoint ends exactly where an uninterrupted run does", async () => {
  await useFastCpuBackend();
  const dirA = await Deno.makeTempDir({ prefix: "an-mnist-a-" });
  const dirB = await Deno.makeTempDir({ prefix: "an-mnist-b-" });
  try {
    const base = { quick: true, seed: 5, steps: 4, checkpointEvery: 2, parzen, mnist };
    const whole = await runMnist({ ...base, checkpointDir: dirA });
    assert.strictEqual(whole.resumedFrom, null);
    assert.strictEqual(whole.stepsThisRun, 4);

    const controller = new AbortController();
    await assert.rejects(
      runMnist({
        ...base,
        checkpointDir: dirB,
        signal: controller.signal,
        onStep: (record) => {
          if (record.step === 3) controller.abort(new Error("simulated kill"));
        },
      }),
      /simulated kill/,
    );
    // Periodic checkpoints come every 2 steps; stopping at step 3 saves step 3 as well.
    assert.strictEqual(await latestCheckpoint(dirB), join(dirB, "step-00000003"));
    const tensorsBefore = tf.memory().numTensors;
    const resumed = await runMnist({ ...base, checkpointDir: dirB });
    assert.strictEqual(tf.memory().numTensors, tensorsBefore, "no tensors leaked");
    assert.strictEqual(resumed.resumedFrom, 3);
    assert.strictEqual(resumed.stepsThisRun, 1);
    const strip = (h: typeof whole.history) => h.map(({ ms: _ms, ...r }) => r);
    assert.deepStrictEqual(strip(resumed.history), strip(whole.history));
    assert.strictEqual(resumed.parzen.mean, whole.parzen.mean);
    assert.strictEqual(resumed.parzen.sigma, whole.parzen.sigma);
    assert.deepStrictEqual(resumed.neighbourIndices, whole.neighbourIndices);
    assert.deepStrictEqual(resumed.figure2.png, whole.figure2.png);

    // A finished run restarted trains nothing and gives the same result again.
    const again = await runMnist({ ...base, checkpointDir: dirA });
    assert.strictEqual(again.resumedFrom, 4);
    assert.strictEqual(again.stepsThisRun, 0);
    assert.strictEqual(again.parzen.mean, whole.parzen.mean);
  } finally {
    await Deno.remove(dirA, { recursive: true });
    await Deno.remove(dirB, { recursive: true });
  }
});

Deno.test("runMnist() reports Figure 2, Table 1 with the paper's rows, and real data scoring above an untrained G", async () => {
  await useFastCpuBackend();
  const r = await runMnist({ quick: true, seed: 1, steps: 2, parzen, mnist });
  assert.strictEqual(r.settings.batchSize, 100);
  assert.strictEqual(r.history.length, 2);
  // The authors' D loss is 1/2 (CE real + CE fake): log 2 at D = 1/2, where D starts (tiny init).
  assert.ok(Math.abs(r.history[0].dLoss - Math.log(2)) < 1e-3, `dLoss=${r.history[0].dLoss}`);
  assert.deepStrictEqual([r.figure2.rows, r.figure2.cols], [4, 6]);
  assert.strictEqual(r.neighbourIndices.length, 4);
  for (const [i, idx] of r.neighbourIndices.entries()) {
    assert.ok(idx >= 0 && idx < 50000);
    assert.ok(r.neighbourDistances[i] > 0);
  }
  assert.deepStrictEqual(r.table1Rows.slice(0, 4), [...PAPER_TABLE1]);
  assert.strictEqual(r.table1Rows[4].mean, r.parzen.mean);
  assert.match(r.table1.toHtml(), /225.0 ± 2.0/);
  assert.ok(Number.isFinite(r.parzen.mean) && r.parzen.stdErr > 0);
  assert.ok(
    r.reference.mean > r.parzen.mean + 50,
    `real ${r.reference.mean} vs generated ${r.parzen.mean}`,
  );
  assert.ok(r.parzen.sigma >= 0.1 && r.parzen.sigma <= 1, "sigma from the paper's grid");
  assert.match(r.caveat, /Theis/);
  assert.strictEqual(r.comparison[0].paper, "225 ± 2");
  // The collapse detector sees the classifier's digit counts of the same samples.
  assert.deepStrictEqual(r.diversity.classCounts, r.sampleScore.classCounts);
  assertCloseKL(r.diversity.classKL!, r.sampleScore.classKL);
});

function assertCloseKL(a: number, b: number) {
  assert.ok(Math.abs(a - b) < 1e-12, `detector ${a} vs sample score ${b}`);
}

Deno.test("runMnist() rejects a bad budget and oversized Parzen sets before training", async () => {
  await assert.rejects(runMnist({ steps: 3, epochs: 1, mnist }), RangeError);
  await assert.rejects(runMnist({ steps: 0, mnist }), /steps must be a positive integer: steps=0/);
  await assert.rejects(runMnist({ steps: 1, parzen: { test: 20000 }, mnist }), RangeError);
  await assert.rejects(runMnist({ seed: 1.5, mnist }), RangeError);
  await assert.rejects(
    runMnist({ stepz: 3, mnist } as never),
    /"stepz" is unknown \(did you mean "steps"\?/,
  );
});

Deno.test("collapseMonitor() counts the shipped classifier's digits in its samples and flags one digit", async () => {
  await useFastCpuBackend();
  const trainer = paperMnistTrainer(mnist, { seed: 2 });
  const lines: string[] = [];
  try {
    const monitor = collapseMonitor(trainer, mnist, { seed: 2, onPhase: (t) => lines.push(t) });
    const d = await monitor.check();
    // An untrained G draws one near-constant image: one digit, KL close to log 10.
    assert.strictEqual(d.classCounts!.reduce((a, b) => a + b), 500);
    assert.ok(d.classKL! > 2, `classKL=${d.classKL}`);
    assert.deepStrictEqual([d.collapsed, d.modeDropping], [true, true]);
    assert.match(lines[0], /class KL \d\.\d{3} -> COLLAPSED \(.*class KL/);
    assert.strictEqual(monitor.checks[0].diversity, d);
  } finally {
    trainer.dispose();
    trainer.generator.dispose();
    trainer.discriminator.dispose();
  }
});
