/**
 * Runs notebooks/display_demo.ipynb through real Jupyter three times and checks the MIME types
 * of its outputs, the live view's final state, and that no progress-bar text leaked into the
 * notebook. Its cells end in `await show(...)`: the executor's count of outputs that came after
 * their cell's idle (which nbconvert would have dropped) is printed for each run.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import {
  allOutputText,
  executeNotebook,
  jupyterStatus,
  mimeText,
  type Notebook,
  outputsByTag,
} from "./harness.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/display_demo.ipynb", import.meta.url));
const QUICK_STEPS = 30; // the notebook's step count under AN_QUICK=1
const RUNS = 3;

const status = await jupyterStatus();
// CI sets AN_REQUIRE_JUPYTER=1 so that a missing Jupyter fails instead of skipping
const required = Deno.env.get("AN_REQUIRE_JUPYTER") === "1";
if (!status.available) {
  console.warn(`SKIPPED notebook tests: ${status.reason}`);
  if (required) {
    Deno.test("Jupyter is installed (AN_REQUIRE_JUPYTER=1)", () => {
      throw new Error(status.reason);
    });
  }
}

function mimeTypes(nb: Notebook, tag: string): string[][] {
  return outputsByTag(nb, tag).map((o) => Object.keys(o.data ?? {}).sort());
}

function checkDemo(nb: Notebook): void {
  const errors = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
  assert.deepStrictEqual(errors, [], "no cell raised");
  assert.deepStrictEqual(mimeTypes(nb, "grid"), [["image/png", "text/plain"]]);
  assert.deepStrictEqual(mimeTypes(nb, "figure2"), [["image/png", "text/plain"]]);
  assert.deepStrictEqual(mimeTypes(nb, "table"), [["text/html", "text/plain"]]);
  assert.match(mimeText(outputsByTag(nb, "table")[0], "text/html")!, /<table>.*GAN.*225/s);
  assert.deepStrictEqual(mimeTypes(nb, "figures"), [
    ["image/svg+xml", "text/plain"],
    ["image/svg+xml", "text/plain"],
  ]);
  assert.deepStrictEqual(mimeTypes(nb, "plane"), [["image/svg+xml", "text/plain"]]);
  assert.deepStrictEqual(mimeTypes(nb, "history"), [["image/svg+xml", "text/plain"]]);
  for (const o of [...outputsByTag(nb, "figures"), ...outputsByTag(nb, "plane")]) {
    assert.match(mimeText(o, "image/svg+xml")!, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  }
  // the live view: one output, replaced in place; its final state is the last step's dashboard
  const live = outputsByTag(nb, "live");
  assert.strictEqual(live.length, 1, "the live view stays one output (updated, not appended)");
  assert.deepStrictEqual(Object.keys(live[0].data ?? {}).sort(), ["text/html", "text/plain"]);
  const html = mimeText(live[0], "text/html")!;
  assert.match(html, new RegExp(`step ${QUICK_STEPS}: D loss`), "final update present");
  assert.match(html, /<svg/, "curves inlined");
  assert.match(html, /data:image\/png;base64,/, "sample grid inlined");
  assert.doesNotMatch(mimeText(live[0], "text/plain")!, /^training…$/, "initial state replaced");
  // progress bars print nothing inside the kernel
  const text = allOutputText(nb);
  assert.doesNotMatch(text, /step\/s|ETA/);
  const streams = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) =>
    o.output_type === "stream"
  );
  assert.deepStrictEqual(streams, [], "no stdout/stderr output");
}

for (let run = 1; run <= RUNS; run++) {
  Deno.test({
    name: `display_demo.ipynb executes in Jupyter with the expected outputs, run ${run} of ${RUNS}`,
    ignore: !status.available,
    sanitizeResources: false,
    async fn() {
      const nb = await executeNotebook(NOTEBOOK, {
        env: { ...Deno.env.toObject(), AN_QUICK: "1" },
        stats: (s) => console.log(`outputs after idle (kept): ${s.late_outputs}`),
      });
      checkDemo(nb);
    },
  });
}
