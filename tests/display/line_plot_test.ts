import assert from "node:assert";
import { linePlot } from "../../lib/display/mod.ts";
import { legendNames, markChildren, parseSvg, titles } from "./_svg.ts";

Deno.test("linePlot() draws series without options, with a default title", () => {
  const x = [1, 2, 3];
  const figure = linePlot([{ name: "x^2", x, y: x.map((v) => v * v) }]);
  assert.match(figure.toSvgString(), /^<svg/);
  assert.match(String(figure), /line plot/);
});

Deno.test("linePlot() draws the title and names series and labelled rules in a legend", () => {
  const x = [0, 1, 2];
  const figure = linePlot([
    { name: "up", x, y: [0, 1, 2], stroke: "red", dash: "6,4" },
    { name: "flat", x, y: [1, 1, NaN] },
  ], { title: "Two curves", rules: [{ y: 0.5, label: "half" }, { y: 2 }] });
  const root = parseSvg(figure);
  assert.deepStrictEqual(titles(root), ["Two curves"]);
  assert.deepStrictEqual(legendNames(root), ["up", "flat", "half"]);
  const samples = [...root.querySelectorAll("g[data-figure-legend] line")];
  assert.deepStrictEqual(
    samples.map((l) => [l.getAttribute("stroke"), l.getAttribute("stroke-dasharray")]),
    [["red", "6,4"], ["#1f77b4", null], ["#888", "3,3"]],
  );
  assert.strictEqual(markChildren(root, "line", "path").length, 2);
  assert.strictEqual(markChildren(root, "rule", "line").length, 2);
  assert.strictEqual(markChildren(root, "text", "text").length, 0, "no labels on the curves");
});

Deno.test("linePlot() refuses misspelt options and malformed series", () => {
  const series = [{ name: "a", x: [0, 1], y: [0, 1] }];
  assert.throws(
    () => linePlot(series, { titel: "t" } as never),
    (e: Error) =>
      e instanceof TypeError &&
      /option "titel" is unknown \(did you mean "title"\?/.test(e.message),
  );
  assert.throws(() => linePlot(undefined as never), /series must be an array/);
  assert.throws(
    () => linePlot([{ name: "a", x: [0, 1], y: [0] }]),
    /series\[0\] must have x and y arrays of one length: x.length=2, y.length=1/,
  );
});
