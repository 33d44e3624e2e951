import assert from "node:assert";
import { ganLoss } from "../../lib/losses/mod.ts";
import {
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  sgdMomentum,
  TrainingDivergedError,
} from "../../lib/train/mod.ts";
import { useBackend } from "../_helpers.ts";
import { tinyTrainer, weightsOf } from "./_fixtures.ts";

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("saveCheckpoint() writes a manifest with checksums and loadCheckpoint() returns the same snapshot", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({ batchSize: 8 }, [4], 0.5);
  await trainer.train(3);
  const root = await Deno.makeTempDir();
  await trainer.save(`${root}/ck`);
  assert.deepStrictEqual(await entries(root), ["ck"], "no temporary directory left behind");
  assert.deepStrictEqual(await entries(`${root}/ck`), [
    "history.json",
    "manifest.json",
    "tensors.bin",
    "trainer.json",
  ]);
  const manifest = JSON.parse(await Deno.readTextFile(`${root}/ck/manifest.json`));
  assert.strictEqual(manifest.step, 3);
  assert.match(manifest.files["tensors.bin"].sha256, /^[0-9a-f]{64}$/);
  const loaded = await loadCheckpoint(`${root}/ck`);
  assert.deepStrictEqual(loaded, await trainer.snapshot());
  assert.deepStrictEqual(loaded.config.loss, { name: "non-saturating", discriminatorScale: 1 });
  assert.strictEqual(loaded.config.prior.kind, "uniform");
  assert.strictEqual(loaded.dropout.discriminator.length, 1);
  trainer.dispose();
  await Deno.remove(root, { recursive: true });
});

Deno.test("a writer that dies mid-save leaves the previous checkpoint loadable and no partial one", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({ batchSize: 8 }, [4]);
  await trainer.train(2);
  const root = await Deno.makeTempDir();
  await trainer.save(`${root}/ck`);
  await trainer.train(2);
  // Crash after the tensors are written but before the manifest.
  await assert.rejects(
    saveCheckpoint(trainer, `${root}/ck`, {
      onFileWritten: (name) => {
        if (name === "tensors.bin") throw new Error("killed");
      },
    }),
    /killed/,
  );
  assert.strictEqual((await loadCheckpoint(`${root}/ck`)).step, 2, "the old checkpoint is intact");
  assert.deepStrictEqual(await entries(root), ["ck"]);
  // A crash after the manifest but before the rename also leaves the old one.
  await assert.rejects(
    saveCheckpoint(trainer, `${root}/ck`, {
      onFileWritten: (name) => {
        if (name === "manifest.json") throw new Error("killed late");
      },
    }),
    /killed late/,
  );
  assert.strictEqual((await loadCheckpoint(`${root}/ck`)).step, 2);
  // A completed save replaces it.
  await trainer.save(`${root}/ck`);
  assert.strictEqual((await loadCheckpoint(`${root}/ck`)).step, 4);
  assert.deepStrictEqual(await entries(root), ["ck"]);
  trainer.dispose();
  await Deno.remove(root, { recursive: true });
});

Deno.test("loadCheckpoint() refuses a checkpoint without its manifest or with a truncated or altered file", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({ batchSize: 8 }, [4]);
  await trainer.train(1);
  const root = await Deno.makeTempDir();
  await trainer.save(`${root}/good`);
  const copy = async (name: string) => {
    await Deno.mkdir(`${root}/${name}`);
    for (const f of await entries(`${root}/good`)) {
      await Deno.copyFile(`${root}/good/${f}`, `${root}/${name}/${f}`);
    }
    return `${root}/${name}`;
  };
  const noManifest = await copy("no-manifest");
  await Deno.remove(`${noManifest}/manifest.json`);
  await assert.rejects(
    loadCheckpoint(noManifest),
    /has no manifest.json \(an incomplete or foreign checkpoint\)/,
  );

  const truncated = await copy("truncated");
  const bytes = await Deno.readFile(`${truncated}/tensors.bin`);
  await Deno.writeFile(`${truncated}/tensors.bin`, bytes.subarray(0, bytes.length - 4));
  await assert.rejects(loadCheckpoint(truncated), /tensors.bin does not match its checksum/);

  const flipped = await copy("flipped");
  bytes[10] ^= 1;
  await Deno.writeFile(`${flipped}/tensors.bin`, bytes);
  await assert.rejects(loadCheckpoint(flipped), /tensors.bin does not match its checksum/);

  const missing = await copy("missing");
  await Deno.remove(`${missing}/history.json`);
  await assert.rejects(loadCheckpoint(missing), /history.json is missing/);

  await assert.rejects(trainer.restore(noManifest), /no manifest/);
  assert.strictEqual((await loadCheckpoint(`${root}/good`)).step, 1, "the good one still loads");
  trainer.dispose();
  await Deno.remove(root, { recursive: true });
});

Deno.test("restore() refuses a checkpoint from another architecture or configuration, naming what differs", async () => {
  await useBackend("cpu");
  const trainer = tinyTrainer({ batchSize: 8 }, [4, 4]);
  await trainer.train(1);
  const root = await Deno.makeTempDir();
  await trainer.save(`${root}/ck`);
  const wider = tinyTrainer({ batchSize: 8 }, [4, 5]);
  await assert.rejects(
    wider.restore(`${root}/ck`),
    /Cannot restore the generator from a checkpoint of another architecture as weight 2 differs: here generator_dense_1\/kernel \[4,5\] float32, checkpoint generator_dense_1\/kernel \[4,4\] float32/,
  );
  const otherLoss = tinyTrainer({ batchSize: 8, loss: ganLoss("minimax") }, [4, 4]);
  await assert.rejects(
    otherLoss.restore(`${root}/ck`),
    /loss differs: here=\{"name":"minimax".*checkpoint=\{"name":"non-saturating"/,
  );
  await otherLoss.restore(`${root}/ck`, { strict: false });
  assert.strictEqual(otherLoss.stepCount, 1);
  assert.deepStrictEqual(await weightsOf(otherLoss.generator), await weightsOf(trainer.generator));
  const otherBatch = tinyTrainer({ batchSize: 9 }, [4, 4]);
  await assert.rejects(otherBatch.restore(`${root}/ck`), /batchSize differs: here=9, checkpoint=8/);
  for (const t of [trainer, wider, otherLoss, otherBatch]) t.dispose();
  await Deno.remove(root, { recursive: true });
});

Deno.test("a run that blows up stops with TrainingDivergedError naming the step and last finite losses; its last checkpoint loads", async () => {
  await useBackend("cpu");
  const blowUp = () =>
    tinyTrainer({
      loss: ganLoss("least-squares"),
      dOptimizer: sgdMomentum({ lr: 1 }),
      gOptimizer: sgdMomentum({ lr: 1 }),
      batchSize: 16,
    }, [8]);
  const trainer = blowUp();
  const root = await Deno.makeTempDir();
  const error = await trainer.train(50, { checkpoint: { dir: root, every: 1, keep: 2 } }).then(
    () => assert.fail("expected divergence"),
    (e) => e,
  );
  assert.ok(error instanceof TrainingDivergedError, String(error));
  assert.ok(error.step >= 2 && error.step < 50, `step ${error.step}`);
  const last = error.lastFinite!;
  assert.strictEqual(last, trainer.history.at(-1));
  assert.ok(error.message.startsWith(`Training diverged at step ${error.step}: `), error.message);
  assert.ok(
    error.message.includes(
      `last finite losses at step ${last.step}: dLoss=${last.dLoss}, gLoss=${last.gLoss}`,
    ),
    error.message,
  );
  await assert.rejects(trainer.step(), /training diverged at step \d+; restore a checkpoint first/);

  // Debris of killed writers: a hidden temporary directory and one without a manifest.
  await Deno.mkdir(`${root}/.step-99999999.tmp-dead`);
  await Deno.writeTextFile(`${root}/.step-99999999.tmp-dead/manifest.json`, "{}");
  await Deno.mkdir(`${root}/step-99999998`);
  const dir = await latestCheckpoint(root);
  assert.ok(dir !== null && !dir.includes("9999999"), String(dir));
  await Deno.remove(`${root}/.step-99999999.tmp-dead`, { recursive: true });
  await Deno.remove(`${root}/step-99999998`);
  const snap = await loadCheckpoint(dir);
  assert.ok(
    snap.step <= last.step && snap.step >= last.step - 1,
    `checkpoint at ${snap.step}, last finite ${last.step}`,
  );
  for (const t of [...snap.tensors.generator, ...snap.tensors.discriminator]) {
    assert.ok(t.values.every(Number.isFinite), `${t.name} finite`);
  }
  assert.ok((await Array.fromAsync(Deno.readDir(root))).length <= 2, "keeps the newest 2");
  await trainer.restore(dir);
  assert.strictEqual(trainer.stepCount, snap.step);
  assert.ok(trainer.history.every((r) => Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss)));
  trainer.dispose();
  await Deno.remove(root, { recursive: true });
});
