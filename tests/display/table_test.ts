import assert from "node:assert";
import { DISPLAY, keyValueTable, table } from "../../lib/display/mod.ts";

Deno.test("table() renders object rows as escaped HTML and aligned text", () => {
  const t = table([
    { divergence: "JSD", value: Math.log(2) },
    { divergence: "KL <P||Q>", value: Infinity },
  ], { caption: "at p_g = p_data & beyond" });
  const html = t[DISPLAY]()["text/html"] as string;
  assert.strictEqual(
    html,
    "<table><caption>at p_g = p_data &#38; beyond</caption><thead><tr><th>divergence</th><th>value</th></tr></thead>" +
      '<tbody><tr><td style="text-align:right">JSD</td><td style="text-align:right">0.6931</td></tr>' +
      '<tr><td style="text-align:right">KL &#60;P||Q&#62;</td><td style="text-align:right">Infinity</td></tr></tbody></table>',
  );
  assert.strictEqual(
    String(t),
    [
      "at p_g = p_data & beyond",
      "divergence     value",
      "----------  --------",
      "       JSD    0.6931",
      " KL <P||Q>  Infinity",
    ].join("\n"),
  );
});

Deno.test("table() takes array rows, column selection and digits", () => {
  const t = table([[1, 2.3456789, null], [4, 5, true]], { digits: 2 });
  assert.deepStrictEqual(t.columns, ["0", "1", "2"]);
  assert.deepStrictEqual(t.cells, [["1", "2.3", ""], ["4", "5", "true"]]);
  const s = table([{ a: 1, b: 2, c: 3 }], { columns: ["c", "a"] });
  assert.deepStrictEqual(s.cells, [["3", "1"]]);
  assert.deepStrictEqual(table([]).cells, []);
});

Deno.test("keyValueTable() lists an object's fields, e.g. a Parzen result", () => {
  const t = keyValueTable({ mean: 225.0123, stderr: 2.01, sigma: 0.1 }, { caption: "Parzen" });
  assert.deepStrictEqual(t.columns, ["field", "value"]);
  assert.deepStrictEqual(t.cells, [["mean", "225"], ["stderr", "2.01"], ["sigma", "0.1"]]);
  assert.throws(() => keyValueTable(null as never), TypeError);
});

Deno.test("table() rejects non-array rows, bad rows, digits and unknown options", () => {
  assert.throws(() => table("x" as never), /rows must be an array/);
  assert.throws(() => table([1] as never), /rows\[0\] must be an object or array: value=1/);
  assert.throws(() => table([], { digits: 0 }), /digits must be an integer in 1..21: digits=0/);
  assert.throws(() => table([], { precision: 3 } as never), /option "precision" is unknown/);
});
