/**
 * Runs notebooks/02_figure1.ipynb through real Jupyter in quick mode (AN_QUICK=1): the live view
 * ends on the last step with a Figure 1 panel, the four panels are drawn, and their numbers tell
 * the paper's story.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { mimeText, outputsByTag } from "./harness.ts";
import { keyValues, mimeTypes, notebooksAvailable, num, runQuick } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/02_figure1.ipynb", import.meta.url));
const available = await notebooksAvailable();

Deno.test({
  name: "02_figure1.ipynb runs in quick mode with a live view, panels (a)-(d) and their numbers",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);
    const live = outputsByTag(nb, "live");
    assert.strictEqual(live.length, 1, "the live view stays one output");
    const html = mimeText(live[0], "text/html")!;
    assert.match(html, /step 600: D loss/, "final update present");
    assert.ok((html.match(/<svg/g) ?? []).length >= 2, "curves and a Figure 1 panel inlined");

    const svg = [["image/svg+xml", "text/plain"]];
    assert.deepStrictEqual(mimeTypes(nb, "panels"), [...svg, ...svg, ...svg, ...svg]);
    const panels = outputsByTag(nb, "panels").map((o) => mimeText(o, "image/svg+xml")!);
    ["(a)", "(b)", "(c)", "(d)"].forEach((label, i) => assert.ok(panels[i].includes(label), label));

    const kv = keyValues(nb, "numbers");
    assert.strictEqual(num(kv, "steps"), 600);
    // values seen: JS 0.253, 0.253, 0.180, 0.099; 0.159 -> 0.046; 0.41 -> 0.50; 0.10
    assert.ok(num(kv, "JS (a)") < 0.3);
    assert.strictEqual(num(kv, "JS (b)"), num(kv, "JS (a)"), "(b) only trains D");
    assert.ok(
      num(kv, "mean D(G(z)) (c)") > num(kv, "mean D(G(z)) (b)"),
      "G flows to where D is high",
    );
    assert.ok(num(kv, "JS (d)") < 0.15);
    assert.ok(num(kv, "mean |D - D*| (b)") < num(kv, "mean |D - D*| (a)") / 2);
    assert.ok(num(kv, "max |D - 1/2| (d)") < 0.15);
    assert.deepStrictEqual(mimeTypes(nb, "history"), svg);
  },
});
