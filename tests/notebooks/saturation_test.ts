/**
 * Runs notebooks/03_saturation.ipynb through real Jupyter in quick mode (AN_QUICK=1): the cost
 * curves, the two runs' figures, and numbers showing minimax stalls while non-saturating learns.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { mimeText, outputsByTag } from "./harness.ts";
import { keyValues, mimeTypes, notebooksAvailable, num, runQuick } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/03_saturation.ipynb", import.meta.url));
const available = await notebooksAvailable();

Deno.test({
  name:
    "03_saturation.ipynb runs in quick mode: minimax's gradient vanishes, non-saturating learns",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);
    const svg = ["image/svg+xml", "text/plain"];
    assert.deepStrictEqual(mimeTypes(nb, "cost"), [svg]);
    assert.match(mimeText(outputsByTag(nb, "cost")[0], "image/svg+xml")!, /non-saturating/);
    const live = outputsByTag(nb, "live");
    assert.strictEqual(live.length, 1);
    assert.match(mimeText(live[0], "text/html")!, /non-saturating.*step 300: D loss/s);
    assert.deepStrictEqual(mimeTypes(nb, "results"), [svg, svg, ["text/html", "text/plain"]]);

    const kv = keyValues(nb, "results");
    assert.strictEqual(num(kv, "steps per run"), 300);
    // values seen: 4e-4; 0.0020 vs 4.9; 0.0018 vs 0.66; -1.95 -> -1.91 vs 2.03; 1.386 vs 0.23
    assert.ok(num(kv, "D(G(z)) at the start") < 0.01);
    assert.ok(num(kv, "first |grad G| minimax") < 0.01);
    assert.ok(num(kv, "first |grad G| non-saturating") > 100 * num(kv, "first |grad G| minimax"));
    assert.ok(
      num(kv, "early median |grad G| non-saturating") >
        10 * num(kv, "early median |grad G| minimax"),
    );
    assert.ok(Math.abs(num(kv, "mean G(z) after minimax") - num(kv, "mean G(z) before")) < 0.2);
    assert.ok(Math.abs(num(kv, "mean G(z) after non-saturating") - 2) < 0.5);
    assert.ok(num(kv, "JS after minimax") > 1.3);
    assert.ok(num(kv, "JS after non-saturating") < 0.7);
    const comparison = mimeText(outputsByTag(nb, "comparison")[0], "text/plain")!;
    assert.doesNotMatch(comparison, /\bfalse\b|\bNO\b/);
  },
});
