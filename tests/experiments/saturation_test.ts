import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend/mod.ts";
import { runSaturation } from "../../experiments/mod.ts";

await initBackend({ backend: "wasm" });

Deno.test("runSaturation(): from a confident D the minimax G loss stalls, the non-saturating one learns", async () => {
  const before = tf.memory().numTensors;
  const phases = new Set<string>();
  const r = await runSaturation({
    quick: true,
    seed: 0,
    steps: 150,
    backend: "wasm",
    onStep: (_, info) => {
      phases.add(info.phase);
    },
  });
  assert.deepStrictEqual([...phases], ["minimax", "non-saturating"]);
  const { minimax: mm, nonSaturating: ns } = r.runs;
  // the start: D rejects G's samples (4e-4 seen), both runs start from it
  assert.ok(r.startDFake < 0.01, `D(G(z))=${r.startDFake}`);
  assert.strictEqual(mm.firstDFake, ns.firstDFake);
  assert.strictEqual(mm.meanBefore, ns.meanBefore);
  // gradients: minimax's is of order D(G(z)) (2e-3 seen), non-saturating's of order 1
  assert.ok(mm.firstGradNorm < 0.01, `minimax first |grad|=${mm.firstGradNorm}`);
  assert.ok(
    ns.firstGradNorm > 100 * mm.firstGradNorm,
    `${ns.firstGradNorm} vs ${mm.firstGradNorm}`,
  );
  assert.ok(ns.earlyGradNorm > 10 * mm.earlyGradNorm);
  // movement: p_g's mean goes from about -2 to the data's 2 only with the non-saturating loss
  assert.ok(
    Math.abs(mm.meanAfter - mm.meanBefore) < 0.2,
    `minimax moved ${mm.meanAfter - mm.meanBefore}`,
  );
  assert.ok(Math.abs(ns.meanAfter - 2) < 0.5, `non-saturating mean ${ns.meanAfter}`);
  assert.ok(mm.jsAfter > 1.3 && ns.jsAfter < 0.7, `JS ${mm.jsAfter} vs ${ns.jsAfter}`);
  assert.ok(r.comparison.every((row) => row.ok));
  for (const f of [r.costFigure, r.gradientFigure, r.densityFigure]) {
    assert.match(f.toSvgString(), /^<svg/);
  }
  assert.strictEqual(tf.memory().numTensors, before, "no tensors left behind");
});

Deno.test("runSaturation() rejects bad sizes", async () => {
  await assert.rejects(runSaturation({ steps: -1 }), RangeError);
  await assert.rejects(runSaturation({ pretrainSteps: 1.5 }), RangeError);
});
