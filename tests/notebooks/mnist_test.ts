/**
 * Runs notebooks/04_mnist.ipynb through real Jupyter in quick mode (AN_QUICK=1) and checks
 * Figure 2, Table 1 and the numbers it prints.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { mimeText, outputsByTag } from "./harness.ts";
import { notebooksAvailable, runQuick, tagText as text } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/04_mnist.ipynb", import.meta.url));
const available = await notebooksAvailable();

Deno.test({
  name:
    "04_mnist.ipynb runs in quick mode with Figure 2, Table 1 next to the paper, and real data above the untrained G",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);
    assert.match(text(nb, "train"), /^trained 6 steps on \w+, \d+ ms\/step$/m);
    assert.match(text(nb, "history", "image/svg+xml"), /^<svg/);
    const fig2 = outputsByTag(nb, "figure2");
    assert.strictEqual(fig2.length, 1);
    assert.match(mimeText(fig2[0], "text/plain")!, /SampleGrid 4x6/);
    assert.ok((mimeText(fig2[0], "image/png") ?? "").length > 1000, "a PNG is present");
    const table = text(nb, "table1", "text/html");
    for (const row of ["DBN", "138.0 ± 2.0", "225.0 ± 2.0", "this run", "241.19 ± 2.13"]) {
      assert.ok(table.includes(row), `Table 1 shows ${row}`);
    }
    const numbers = text(nb, "numbers");
    const m = numbers.match(
      /parzen generated: (-?[\d.]+) \+- ([\d.]+) sigma ([\d.]+)\nparzen real: (-?[\d.]+) \+- ([\d.]+) sigma ([\d.]+)\nsizes: 500 centres, 200 test, 200 validation/,
    );
    assert.ok(m, numbers);
    const [generated, generatedSe, , real, realSe] = m.slice(1).map(Number);
    assert.ok(generatedSe > 0 && realSe > 0);
    // Real images as centres beat an untrained generator by far more than the standard errors.
    assert.ok(real - generated > 5 * (realSe + generatedSe), `${real} vs ${generated}`);
    const neighbours = text(nb, "neighbours").match(/squared distances: ([\d., ]+)/);
    assert.ok(neighbours && neighbours[1].split(",").map(Number).every((d) => d > 0));
    assert.match(text(nb, "caveat"), /Theis et al\. \(2016/);
    // The second measure and the detector: an untrained G (6 steps) is one blurry average digit.
    const second = text(nb, "second-measure");
    const f = second.match(
      /Frechet distance \(classifier features\): ([\d.]+); real validation images: ([\d.]+)/,
    );
    assert.ok(f, second);
    assert.ok(Number(f[1]) > 10 * Number(f[2]), second);
    assert.match(
      second,
      /collapse detector: spread ratio [\d.]+, \d+\/500 distinct nearest training images, class KL [\d.]+ -> COLLAPSED/,
    );
    assert.match(second, /checks while training: 3: collapsed, 6: collapsed/);
  },
});
