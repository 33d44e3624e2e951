import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { estimateWasserstein1, segmentSampler } from "../../lib/theory/mod.ts";
import { useBackend } from "../_helpers.ts";

await useBackend("cpu");

Deno.test({
  name:
    "estimateWasserstein1() with the gradient penalty tracks W1 = |offset| on parallel segments",
  sanitizeResources: false,
  async fn() {
    const before = tf.memory().numTensors;
    const estimates: number[] = [];
    for (const offset of [0.5, 1.5]) {
      const r = await estimateWasserstein1(segmentSampler(0), segmentSampler(offset), {
        steps: 150,
        seed: 1,
      });
      assert.strictEqual(r.loss.length, 150);
      estimates.push(r.estimate);
      assert.ok(Math.abs(r.estimate - offset) < 0.3 * offset, `offset ${offset}: ${r.estimate}`);
    }
    assert.ok(estimates[1] > 2 * estimates[0]);
    assert.strictEqual(tf.memory().numTensors, before, "no tensors left behind");
  },
});

Deno.test({
  name: "estimateWasserstein1() with weight clipping grows with the offset (K W1, K unknown)",
  sanitizeResources: false,
  async fn() {
    const est = [];
    for (const offset of [0, 0.5, 1]) {
      const r = await estimateWasserstein1(segmentSampler(0), segmentSampler(offset), {
        lipschitz: "clip",
        weightClip: 0.1,
        steps: 100,
        seed: 2,
      });
      est.push(r.estimate);
    }
    assert.ok(Math.abs(est[0]) < 0.05, `offset 0: ${est[0]}`);
    assert.ok(est[1] > 0.1 && est[2] > est[1], `estimates ${est}`);
  },
});

Deno.test("estimateWasserstein1() rejects bad input naming the argument and value", async () => {
  await assert.rejects(
    () => estimateWasserstein1(3 as never, segmentSampler(0)),
    /sampleP must be a function: sampleP=3/,
  );
  await assert.rejects(
    () => estimateWasserstein1(segmentSampler(0), segmentSampler(1), { steps: 0 }),
    /steps must be a positive integer: steps=0/,
  );
  await assert.rejects(
    () =>
      estimateWasserstein1(segmentSampler(0), segmentSampler(1), {
        lipschitz: "spectral" as never,
      }),
    /lipschitz must be "clip" or "gradient-penalty": lipschitz="spectral"/,
  );
  await assert.rejects(
    () => estimateWasserstein1(segmentSampler(0), () => tf.zeros([3, 2]), { steps: 1 }),
    /sampleQ must return a tensor \[m, \.\.\.\] with m = 64: got shape \[3, 2\]/,
  );
});
