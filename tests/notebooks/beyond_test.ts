/**
 * Runs notebooks/05_beyond.ipynb through real Jupyter in quick mode (AN_QUICK=1) and checks
 * the loss table, the comparison table, the numbers and the 2-D views.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { mimeText, outputsByTag } from "./harness.ts";
import { notebooksAvailable, runQuick, tagText as text } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/05_beyond.ipynb", import.meta.url));
const available = await notebooksAvailable();

Deno.test({
  name:
    "05_beyond.ipynb runs in quick mode with the loss comparison, PacGAN's reference and one 2-D view per run",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);
    const losses = text(nb, "losses", "text/html");
    for (
      const name of [
        "GAN (non-saturating)",
        "f-GAN KL",
        "WGAN (clip 0.01)",
        "WGAN-GP",
        "LSGAN",
        "hinge",
      ]
    ) {
      assert.ok(losses.includes(name), name);
    }
    assert.match(text(nb, "run"), /^16 runs of 30 steps on \w+/);
    const tables = outputsByTag(nb, "table").map((o) => mimeText(o, "text/html") ?? "");
    assert.strictEqual(tables.length, 2);
    assert.match(tables[0], /high quality %/);
    assert.match(tables[1], /PacGAN2/);
    const lines = text(nb, "numbers").split("\n");
    assert.strictEqual(lines.length, 16);
    for (const line of lines) {
      const m = line.match(/^(ring|grid) \S+: modes (\d+)\/(8|25) hq ([\d.]+) js ([\d.]+)$/);
      assert.ok(m, line);
      assert.ok(Number(m[2]) <= Number(m[3]));
      assert.ok(Number(m[4]) >= 0 && Number(m[4]) <= 100);
      // printed to 4 decimals: allow the rounding above 2 log 2
      assert.ok(Number(m[5]) >= 0 && Number(m[5]) <= 2 * Math.log(2) + 5e-5);
    }
    for (const tag of ["ring", "grid"]) {
      const views = outputsByTag(nb, tag);
      assert.strictEqual(views.length, 8, tag);
      for (const v of views) assert.match(mimeText(v, "image/svg+xml")!, /^<svg/);
    }
  },
});
