import assert from "node:assert";
import { F_GAN_DIVERGENCES, fGanLoss, GAN_LOSS_NAMES, ganLoss } from "../../lib/losses/mod.ts";
import type { GanLoss } from "../../lib/losses/mod.ts";
import { tinyTrainer } from "./_fixtures.ts";

Deno.test("GanLoss.outputs says logits for minimax, non-saturating and f-GAN gan, critic otherwise", () => {
  const logits = ["minimax", "non-saturating"];
  for (const name of GAN_LOSS_NAMES.filter((n) => n !== "f-gan")) {
    assert.strictEqual(ganLoss(name).outputs, logits.includes(name) ? "logits" : "critic", name);
  }
  for (const divergence of F_GAN_DIVERGENCES) {
    assert.strictEqual(
      fGanLoss({ divergence }).outputs,
      divergence === "gan" ? "logits" : "critic",
      divergence,
    );
  }
});

Deno.test("createTrainer() reports D through a sigmoid when the loss says its outputs are logits, by that field not by name", () => {
  const base = ganLoss("non-saturating");
  const own = (outputs?: "logits" | "critic"): GanLoss => ({
    name: "my-loss",
    ...(outputs ? { outputs } : {}),
    discriminator: base.discriminator,
    generator: base.generator,
    toJSON: () => ({ name: "my-loss" }),
  });
  for (
    const [loss, scale] of [[own("logits"), "probability"], [own("critic"), "raw"], [
      own(),
      "raw",
    ]] as const
  ) {
    const t = tinyTrainer({ loss });
    assert.strictEqual(t.config.outputScale, scale);
    t.dispose();
  }
});
