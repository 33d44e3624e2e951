import assert from "node:assert";
import {
  DISPLAY,
  inJupyter,
  isDisplayable,
  liveView,
  makeDisplayable,
  type MimeBundle,
  settle,
  show,
  table,
  toBundle,
  trainingMonitor,
} from "../../lib/display/mod.ts";
import type { StepRecord } from "../../lib/train/history.ts";

function record(step: number): StepRecord {
  return {
    step,
    dLoss: 1.3,
    gLoss: 0.8,
    dReal: 0.6,
    dFake: 0.4,
    dGradNorm: 1,
    gGradNorm: 1,
    lr: 0.1,
    ms: 2,
  };
}

Deno.test("inJupyter() is false under deno test, without throwing", () => {
  assert.strictEqual(inJupyter(), false);
});

Deno.test("toBundle() maps displayables, svg/html elements, strings and bundles", () => {
  const t = table([{ a: 1 }]);
  assert.ok(isDisplayable(t));
  assert.deepStrictEqual(Object.keys(toBundle(t)).sort(), ["text/html", "text/plain"]);
  const svg = toBundle({ outerHTML: "<svg width='1'></svg>" });
  assert.strictEqual(svg["image/svg+xml"], "<svg width='1'></svg>");
  assert.strictEqual(svg["text/plain"], "<svg> element");
  assert.ok("text/html" in toBundle({ outerHTML: "<div>x</div>" }));
  assert.deepStrictEqual(toBundle({ "text/markdown": "# hi" }), {
    "text/markdown": "# hi",
    "text/plain": "(no text form)",
  });
  assert.throws(() => toBundle(42), TypeError);
  assert.throws(() => toBundle({ notAMime: 1 }), /Cannot display item/);
});

Deno.test("makeDisplayable() adds the display symbol with a text/plain fallback", () => {
  const parzen = makeDisplayable(
    { mean: 225, stderr: 2 },
    () => ({ "text/html": "<b>225 ± 2</b>" }),
    () => "225 ± 2",
  );
  assert.deepStrictEqual(parzen[DISPLAY](), {
    "text/html": "<b>225 ± 2</b>",
    "text/plain": "225 ± 2",
  });
  assert.strictEqual(String(parzen), "225 ± 2");
  assert.deepStrictEqual(Object.keys(parzen), ["mean", "stderr"], "symbol is not enumerable");
});

Deno.test("settle() rejects a negative wait and resolves after a small one", async () => {
  assert.throws(() => settle(-1), RangeError);
  assert.throws(() => settle(NaN), /ms must be a non-negative number: ms=NaN/);
  await settle(1);
});

Deno.test("show() prints the text form outside Jupyter", async () => {
  const lines: unknown[] = [];
  const original = console.log;
  console.log = (x: unknown) => lines.push(x);
  try {
    await show(table([{ x: 1.5 }]), "plain");
  } finally {
    console.log = original;
  }
  assert.deepStrictEqual(lines, ["  x\n---\n1.5", "plain"]);
});

Deno.test("liveView() sends one display and then updates with the same display_id", async () => {
  const sent: Array<[MimeBundle, { display_id: string; update?: boolean }]> = [];
  const view = await liveView({
    displayId: "v1",
    initial: "start",
    sink: (b, o) => (sent.push([b, o]), Promise.resolve()),
  });
  await view.update("step 1");
  await view.update(table([{ step: 2 }]));
  assert.strictEqual(view.updates, 2);
  assert.deepStrictEqual(sent.map(([, o]) => o), [
    { display_id: "v1" },
    { display_id: "v1", update: true },
    { display_id: "v1", update: true },
  ]);
  assert.strictEqual(sent[0][0]["text/plain"], "start");
  assert.ok("text/html" in sent[2][0]);
});

Deno.test("liveView() outside Jupyter is inert but still rejects undisplayable items", async () => {
  const view = await liveView();
  assert.strictEqual(view.active, false);
  await view.update("x");
  assert.strictEqual(view.updates, 0);
  await assert.rejects(() => view.update(3), TypeError);
});

Deno.test("trainingMonitor() in a notebook updates every N steps and at the end, printing nothing", async () => {
  const sent: MimeBundle[] = [];
  let printed = "";
  const monitor = await trainingMonitor({
    total: 25,
    every: 10,
    title: "t",
    sink: (b) => (sent.push(b), Promise.resolve()),
    write: (s) => printed += s,
  });
  for (let s = 1; s <= 23; s++) await monitor.step(record(s));
  await monitor.finish();
  // initial + steps 10, 20 + final (23)
  assert.strictEqual(sent.length, 4);
  assert.match(String(sent[1]["text/plain"]), /step 10:/);
  assert.match(String(sent[3]["text/html"]), /step 23: D loss 1\.3/);
  assert.strictEqual(printed, "");
});

Deno.test("trainingMonitor() outside a notebook draws the progress bar with the losses", async () => {
  let printed = "";
  const monitor = await trainingMonitor({ total: 3, notebook: false, write: (s) => printed += s });
  for (let s = 1; s <= 3; s++) await monitor.step(record(s));
  await monitor.finish();
  assert.match(printed, /3\/3 100% .* d=1\.3 g=0\.8/);
  assert.strictEqual(monitor.records.length, 3);
  await assert.rejects(() => trainingMonitor({ total: 3, every: 0 }), RangeError);
});
