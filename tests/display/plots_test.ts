import assert from "node:assert";
import * as Plot from "@observablehq/plot";
import {
  DISPLAY,
  figure1,
  figure1Marks,
  historyFigure,
  historyView,
  planeFigure,
  planeMarks,
  plotFigure,
  saturationCurves,
  saturationFigure,
  stackFigures,
} from "../../lib/display/mod.ts";
import { isoline } from "../../lib/display/plots/isoline.ts";
import { Rng } from "../../lib/random.ts";
import { assertClose } from "../_helpers.ts";
import { axisLabels, legendNames, markChildren, parseSvg, titles } from "./_svg.ts";
import { figure1Data, seededHistory } from "./_fixtures.ts";

/** Rules drawn (figure1Marks adds an invisible one for the labels' headroom). */
const visibleRules = (root: ReturnType<typeof parseSvg>) =>
  root.querySelectorAll('g[aria-label="rule"]:not([stroke-opacity="0"]) line').length;

Deno.test("figure1() draws three styled curves, the x and z lines and one arrow per z", () => {
  const data = figure1Data();
  const root = parseSvg(figure1(data));
  const lines = markChildren(root, "line", "path");
  assert.strictEqual(lines.length, 3);
  const groups = [...root.querySelectorAll('g[aria-label="line"]')];
  assert.deepStrictEqual(
    groups.map((g) => [g.getAttribute("stroke"), g.getAttribute("stroke-dasharray")]),
    [["black", "2,3"], ["green", null], ["blue", "6,4"]],
  );
  // each curve's path has one vertex per grid point: "M" + 40 "L"
  for (const p of lines) assert.strictEqual((p.getAttribute("d")!.match(/L/g) ?? []).length, 40);
  assert.strictEqual(markChildren(root, "arrow", "path").length, 9);
  assert.strictEqual(visibleRules(root), 2);
  const texts = markChildren(root, "text", "text").map((t) => t.textContent);
  assert.deepStrictEqual(texts.sort(), ["D", "p_data", "p_g", "x", "z"]);
  assert.deepStrictEqual(axisLabels(root), ["x →"]);
  assert.deepStrictEqual(titles(root), ["Figure 1"]);
});

Deno.test("figure1() labels coinciding peaks on opposite sides and leaves them headroom", () => {
  const data = figure1Data();
  const root = parseSvg(figure1({ ...data, pG: data.pData }));
  const group = (name: string) =>
    [...root.querySelectorAll('g[aria-label="text"]')].find((g) => g.textContent === name)!;
  // p_data's label extends to the left of the shared peak, p_g's to the right
  assert.strictEqual(group("p_data").getAttribute("text-anchor"), "end");
  assert.strictEqual(group("p_g").getAttribute("text-anchor"), "start");
  // the labels' baseline (4 px above the peak) leaves room for 10 px text below the top edge
  const text = group("p_g").querySelectorAll("text")[0];
  const y = Number(/translate\([^,]+,([^)]+)\)/.exec(text.getAttribute("transform")!)![1]);
  assert.ok(y - 4 >= 14, `peak at y=${y}`);
});

Deno.test("figure1Marks() composes: without z there are no arrows and one rule", () => {
  const { x, pData, pG, d } = figure1Data();
  const fig = plotFigure({ y: { axis: null }, marks: [...figure1Marks({ x, pData, pG, d })] });
  const root = parseSvg(fig);
  assert.strictEqual(markChildren(root, "arrow", "path").length, 0);
  assert.strictEqual(visibleRules(root), 1);
});

Deno.test("figure1() rejects mismatched, non-finite data and unknown options", () => {
  const data = figure1Data();
  assert.throws(() => figure1({ ...data, pG: data.pG.slice(1) }), /data.pG must have length 41/);
  assert.throws(
    () => figure1({ ...data, d: [...data.d.slice(1), NaN] }),
    /non-finite value at 40: value=NaN/,
  );
  assert.throws(() => figure1({ ...data, gz: [1] }), /data.gz must have length 9/);
  assert.throws(() => figure1({ ...data, z: undefined }), /data.z must be an array/);
  assert.throws(
    () => figure1(data, { colour: "red" } as never),
    /figure1 as option "colour" is unknown/,
  );
  assert.throws(() => figure1(data, { zLine: 0.2 }), /zLine must be a negative number/);
  assert.throws(
    () => figure1({ ...data, x: [1], pData: [1], pG: [1], d: [1] }),
    /at least 2 points/,
  );
});

Deno.test("planeFigure() draws nx*ny cells, all points, one arrow per gradient and the legend", () => {
  const rng = new Rng(11);
  const xs = Array.from({ length: 8 }, (_, i) => -1 + (2 * i) / 7);
  const ys = Array.from({ length: 6 }, (_, j) => -1 + (2 * j) / 5);
  const values = ys.flatMap((y) => xs.map((x) => 1 / (1 + Math.exp(-3 * (x + y)))));
  const real = Array.from({ length: 13 }, () => [rng.normal(), rng.normal()] as [number, number]);
  const fake = new Float32Array(2 * 7).map(() => rng.normal()); // flat [n, 2] data
  const vectors = Array.from({ length: 7 }, () => [1, 0] as [number, number]);
  const fig = planeFigure({ d: { xs, ys, values }, real, fake, gradient: { at: fake, vectors } });
  const root = parseSvg(fig);
  assert.strictEqual(markChildren(root, "rect", "rect").length, 48);
  assert.strictEqual(markChildren(root, "dot", "circle").length, 20);
  assert.strictEqual(markChildren(root, "arrow", "path").length, 7);
  assert.ok(markChildren(root, "link", "path").length > 0, "the D = 0.5 isoline");
  assert.deepStrictEqual(axisLabels(root), ["↑ x₂", "x₁ →"]);
  assert.match(fig.toSvgString(), />D\(x\)</, "legend title stacked into the single svg");
  assert.strictEqual((fig.toSvgString().match(/^<svg/g) ?? []).length, 1);
  assert.deepStrictEqual(titles(root), ["2-D view"]);
  assert.deepStrictEqual(titles(parseSvg(planeFigure({ real }, { title: "ring, GAN" }))), [
    "ring, GAN",
  ]);
});

Deno.test("planeMarks() rejects malformed points, grids and options", () => {
  assert.throws(() => planeMarks({ real: [1, 2, 3] }), /flat real needs an even length/);
  assert.throws(
    () => planeMarks({ real: [[1, 2, 3]] as never }),
    /real\[0\] must be an \[x, y\] pair/,
  );
  assert.throws(() => planeMarks({ fake: [[0, NaN]] }), /non-finite/);
  assert.throws(
    () => planeMarks({ d: { xs: [0, 1], ys: [0, 1], values: [1, 2, 3] } }),
    /d.values must have length 4/,
  );
  assert.throws(
    () => planeMarks({ d: { xs: [0], ys: [0, 1], values: [1, 2] } }),
    />= 2 points per axis/,
  );
  assert.throws(
    () => planeMarks({ gradient: { at: [[0, 0]], vectors: [[1, 1], [2, 2]] } }),
    /gradient.vectors must match gradient.at/,
  );
  assert.throws(
    () => planeFigure({}, { arrowScale: 2 } as never),
    /option "arrowScale" is unknown/,
  );
});

Deno.test("isoline() of a linear field lies exactly on the level set", () => {
  const xs = [0, 1, 2, 3];
  const ys = [0, 1, 2];
  const values = ys.flatMap((y) => xs.map((x) => x + 2 * y));
  const segs = isoline(xs, ys, values, 2.5);
  assert.ok(segs.length >= 2);
  for (const s of segs) {
    assertClose(s.x1 + 2 * s.y1, 2.5, { atol: 1e-12 });
    assertClose(s.x2 + 2 * s.y2, 2.5, { atol: 1e-12 });
  }
  assert.deepStrictEqual(isoline(xs, ys, values, 100), []);
});

Deno.test("saturationCurves() match the closed forms of the tutorial's three costs", () => {
  const pts = saturationCurves(5, 0.1);
  assert.strictEqual(pts.length, 15);
  const at = (loss: string) => pts.filter((p) => p.loss === loss);
  // d = 0.1, 0.3, 0.5, 0.7, 0.9
  assertClose(at("minimax")[2].cost, Math.log(0.5), { atol: 1e-15 });
  assertClose(at("non-saturating")[0].cost, -Math.log(0.1), { atol: 1e-15 });
  // -exp(logit(0.9)) = -0.9 / 0.1 = -9
  assertClose(at("maximum likelihood")[4].cost, -9, { atol: 1e-12 });
  // minimax saturates near D = 0: its slope there is -1/(1-D) ~ -1, non-saturating's is -1/D ~ -1000
  const [a, b] = saturationCurves(1001, 1e-3).filter((p) => p.loss === "minimax");
  assertClose((b.cost - a.cost) / (b.d - a.d), -1, { atol: 2e-3 });
  assert.throws(() => saturationCurves(1), /n must be an integer >= 2: n=1/);
  assert.throws(() => saturationCurves(10, 0.5), /eps must be in/);
});

Deno.test("saturationFigure() draws the three curves with a legend, title and axis names", () => {
  const root = parseSvg(saturationFigure());
  assert.strictEqual(markChildren(root, "line", "path").length, 3);
  assert.deepStrictEqual(legendNames(root), ["minimax", "non-saturating", "maximum likelihood"]);
  assert.deepStrictEqual(titles(root), ["Generator cost vs D(G(z))"]);
  assert.deepStrictEqual(axisLabels(root), ["↑ generator cost J(G)", "D(G(z)) →"]);
  assert.throws(() => saturationFigure({ yDomain: [5, -20] }), /yDomain must be/);
  assert.throws(() => saturationFigure({ xDomain: [0, 1] } as never), /unknown/);
});

Deno.test("historyFigure() stacks a loss panel and a D-output panel over the steps", () => {
  const records = seededHistory(30);
  const fig = historyFigure(records);
  const root = parseSvg(fig);
  const lines = markChildren(root, "line", "path");
  assert.strictEqual(lines.length, 4);
  for (const p of lines) assert.strictEqual((p.getAttribute("d")!.match(/L/g) ?? []).length, 29);
  assert.deepStrictEqual(legendNames(root), ["D loss", "G loss", "D(x)", "D(G(z))"]);
  assert.deepStrictEqual(axisLabels(root), ["↑ loss", "step →", "↑ mean D output", "step →"]);
  assert.deepStrictEqual(titles(root), ["Training history"]);
  // title 20 + 8, then two panels of a legend row 18 + 2 + 200
  assert.strictEqual(fig.height, 21 + 8 + 2 * (18 + 2 + 200) + 8);
});

Deno.test("plotFigure() widens the left margin to fit long y tick labels", () => {
  const values = [0.693145, 0.69316, 0.693165];
  const root = parseSvg(plotFigure({ marks: [Plot.lineY(values)] }));
  const ticks = [...root.querySelectorAll('g[aria-label="y-axis tick label"] text')];
  assert.ok(ticks.length > 2);
  const axisX = Number(/translate\(([^,]+),/.exec(ticks[0].getAttribute("transform")!)![1]);
  // "0.693146" in DejaVu Sans 10 px is 47.7 px wide, right-aligned 9 px left of the axis
  assert.ok(axisX >= 9 + 48, `axis at x=${axisX}`);
});

Deno.test("historyFigure() leaves gaps at non-finite losses instead of failing", () => {
  const records = seededHistory(10);
  records[4] = { ...records[4], gLoss: NaN };
  const root = parseSvg(historyFigure(records, { panels: ["losses"] }));
  const g = markChildren(root, "line", "path")[1].getAttribute("d")!;
  assert.strictEqual((g.match(/M/g) ?? []).length, 2, "two segments around the NaN");
});

Deno.test("historyFigure() and historyView() reject empty or malformed histories and options", () => {
  assert.throws(() => historyFigure([]), /records must be a non-empty array: records=\[\]/);
  assert.throws(() => historyFigure([{ dLoss: 1 } as never]), /records\[0\] has no finite step/);
  assert.throws(
    () => historyFigure(seededHistory(2), { panels: ["grads" as never] }),
    /panel is unknown: panel=grads/,
  );
  assert.throws(
    () => historyFigure(seededHistory(2), { smooth: 3 } as never),
    /option "smooth" is unknown/,
  );
  const empty = historyView([]);
  assert.deepStrictEqual(empty[DISPLAY](), { "text/plain": "no training steps yet" });
});

Deno.test("historyView() summarises the last step in its text fallback", () => {
  const view = historyView(seededHistory(5));
  assert.match(
    String(view),
    /^step 5: D loss 1\.3\d*, G loss 0\.\d+, D\(x\) 0\.508, D\(G\(z\)\) 0\.492 \(5 records, 10 ms\/step\)$/,
  );
  assert.ok((view[DISPLAY]()["image/svg+xml"] as string).startsWith("<svg"));
});

Deno.test("plotFigure() flattens Plot's <figure> (title, legend) into one svg", () => {
  const fig = plotFigure({
    title: "A title",
    color: { type: "quantize", n: 4, scheme: "Blues", legend: true },
    marks: [
      Plot.dot([{ x: 1, y: 1, v: 0.2 }, { x: 2, y: 2, v: 0.9 }], { x: "x", y: "y", fill: "v" }),
    ],
  });
  const svg = fig.toSvgString();
  assert.ok(svg.startsWith("<svg"));
  assert.deepStrictEqual(titles(parseSvg(fig)), ["A title"]);
  assert.strictEqual(markChildren(parseSvg(fig), "dot", "circle").length, 2);
  const saturation = saturationFigure();
  const stacked = stackFigures([fig, saturation], "two");
  assert.strictEqual(stacked.height, 21 + 8 + fig.height + 8 + saturation.height);
  assert.strictEqual(String(stacked), `Figure: two (${stacked.width}x${stacked.height} SVG)`);
  assert.deepStrictEqual(titles(parseSvg(stacked)), [
    "two",
    "A title",
    "Generator cost vs D(G(z))",
  ]);
});
