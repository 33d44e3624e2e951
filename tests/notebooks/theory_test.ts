/**
 * Runs notebooks/01_theory.ipynb through real Jupyter in quick mode (AN_QUICK=1): Proposition 1's
 * trained D near D*, Theorem 1's minimum, the Jensen-Shannon table, and every figure.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { mimeText, outputsByTag } from "./harness.ts";
import { keyValues, mimeTypes, notebooksAvailable, num, runQuick } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/01_theory.ipynb", import.meta.url));
const available = await notebooksAvailable();
const FIGURE_AND_TABLE = [["image/svg+xml", "text/plain"], ["text/html", "text/plain"]];

Deno.test({
  name:
    "01_theory.ipynb runs in quick mode with D ~ D*, C(G) minimal at -log 4 and all JS checks passing",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);
    assert.deepStrictEqual(mimeTypes(nb, "proposition1"), FIGURE_AND_TABLE);
    const p1 = keyValues(nb, "proposition1");
    assert.strictEqual(num(p1, "D updates"), 600);
    // 0.06 seen; the experiment tests hold it under 0.15
    assert.ok(num(p1, "max |D - D*|") < 0.15, `max |D - D*| = ${p1["max |D - D*|"]}`);
    assert.ok(num(p1, "V(D, G)") <= num(p1, "C(G) = V(D*, G)"));
    // C(G) by scipy quadrature: -0.9685338871849342 (the notebook prints 5 digits)
    assert.ok(Math.abs(num(p1, "C(G) = V(D*, G)") + 0.96853) < 2e-4);

    assert.deepStrictEqual(mimeTypes(nb, "theorem1"), FIGURE_AND_TABLE);
    const t1 = keyValues(nb, "theorem1");
    assert.strictEqual(num(t1, "argmin theta"), 0);
    assert.ok(Math.abs(num(t1, "min C(G)") + Math.log(4)) < 1e-5);
    assert.ok(num(t1, "max |V(D*, G) - (-log 4 + JS)|") < 1e-12);

    assert.deepStrictEqual(mimeTypes(nb, "checks"), [["text/html", "text/plain"]]);
    const checks = mimeText(outputsByTag(nb, "checks")[0], "text/html")!;
    assert.match(checks, /16 of 16 checks passed/);
    assert.doesNotMatch(checks, />NO</);

    const power = keyValues(nb, "power");
    assert.ok(num(power, "ratio at alpha = 0.55") > 1.07);
    assert.ok(num(power, "max ratio at alpha = 0.5") <= 1);
    for (const tag of ["lemma", "chi2"]) {
      assert.deepStrictEqual(mimeTypes(nb, tag), [["image/svg+xml", "text/plain"]]);
    }
    for (const tag of ["proposition1", "theorem1", "lemma", "power", "chi2"]) {
      assert.match(mimeText(outputsByTag(nb, tag)[0], "image/svg+xml")!, /^<svg[^>]*xmlns=/);
    }
  },
});
