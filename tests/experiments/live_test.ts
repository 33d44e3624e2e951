import assert from "node:assert";
import { liveTraining } from "../../experiments/mod.ts";
import { plotFigure } from "../../lib/display/mod.ts";
import type { MimeBundle } from "../../lib/display/mod.ts";

const record = (step: number) => ({
  step,
  dLoss: 1.38,
  gLoss: 0.69,
  dReal: 0.5,
  dFake: 0.5,
  dGradNorm: 1,
  gGradNorm: 1,
  lr: 1e-3,
  ms: 1,
});

Deno.test("liveTraining() updates one notebook output with the curves and the latest panel", async () => {
  const sent: Array<{ bundle: MimeBundle; update?: boolean; id: string }> = [];
  const live = await liveTraining({
    title: "demo",
    every: 5,
    sink: (bundle, o) => {
      sent.push({ bundle, update: o.update, id: o.display_id });
      return Promise.resolve();
    },
  });
  for (let s = 1; s <= 10; s++) await live.onStep(record(s), { phase: "one", done: s, total: 10 });
  await live.onPanel(plotFigure({ marks: [] }, "panel"));
  for (let s = 1; s <= 3; s++) await live.onStep(record(s), { phase: "two", done: s, total: 7 });
  await live.finish();
  assert.strictEqual(new Set(sent.map((s) => s.id)).size, 1, "one display id");
  assert.strictEqual(sent[0].update, undefined, "the first is the initial display");
  // steps 5 and 10, the panel, then the final state of phase two
  assert.strictEqual(live.updates, 4);
  const last = sent.at(-1)!.bundle["text/html"] as string;
  assert.match(last, /demo: two/);
  assert.match(last, /step 3: D loss/);
  const panel = sent[3].bundle["text/html"] as string;
  assert.match(panel, /step 10: D loss.*<svg/s);
  assert.strictEqual(live.records.length, 3);
});

Deno.test("liveTraining() draws a progress bar per phase outside notebooks", async () => {
  const lines: string[] = [];
  const live = await liveTraining({ notebook: false, write: (t) => lines.push(t) });
  for (const phase of ["minimax", "non-saturating"]) {
    for (let s = 1; s <= 4; s++) await live.onStep(record(s), { phase, done: s, total: 4 });
  }
  await live.finish();
  const text = lines.join("");
  assert.match(text, /minimax/);
  assert.match(text, /non-saturating/);
  assert.strictEqual(live.updates, 0);
  await assert.rejects(liveTraining({ every: 0 }), RangeError);
});
