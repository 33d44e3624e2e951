import assert from "node:assert";
import { linePlot } from "../../experiments/line_plot.ts";

Deno.test("linePlot() draws series without options, with a default title", () => {
  const x = [1, 2, 3];
  const figure = linePlot([{ name: "x^2", x, y: x.map((v) => v * v) }]);
  assert.match(figure.toSvgString(), /^<svg/);
  assert.match(String(figure), /line plot/);
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
