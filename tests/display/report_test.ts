import assert from "node:assert";
import * as Plot from "@observablehq/plot";
import { plotFigure, reportHtml, sampleGrid, table } from "../../lib/display/mod.ts";

Deno.test("reportHtml() lays out title, facts, navigation and sections, escaping text", () => {
  const figure = plotFigure({ marks: [Plot.lineY([1, 2])] }, "A <line>");
  const html = reportHtml({
    title: "Run & report",
    meta: { seed: 3, quick: true },
    sections: [
      {
        id: "a",
        title: "First",
        items: [
          { kind: "figure", figure, caption: "x < y", name: "ignored" },
          { kind: "image", image: sampleGrid({ data: new Float32Array(4), shape: [1, 2, 2] }) },
          { kind: "table", table: table([{ k: "v" }]) },
          { kind: "text", text: '"quoted"' },
        ],
      },
      { id: "b", title: "Second", items: [] },
    ],
  });
  assert.match(
    html,
    /^<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Run &#38; report<\/title>/,
  );
  assert.match(html, /<nav><a href="#a">First<\/a><a href="#b">Second<\/a><\/nav>/);
  assert.match(html, /<td[^>]*>seed<\/td><td[^>]*>3<\/td>/);
  assert.match(html, /<figure><svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(html, /A &lt;line&gt;/, "the figure's visible title, escaped");
  assert.match(html, /<figcaption>x &#60; y<\/figcaption><\/figure>/);
  assert.match(html, /<figure><img[^>]*src="data:image\/png;base64,/);
  assert.match(html, /<p>&#34;quoted&#34;<\/p>/);
  assert.doesNotMatch(html, /ignored/, "an item's name is not shown");
  assert.doesNotMatch(html, /(src|href)="https?:/, "self-contained");
});

Deno.test("reportHtml() without facts draws no facts table", () => {
  const html = reportHtml({ title: "t", sections: [] });
  assert.doesNotMatch(html, /<table/);
  assert.ok(html.endsWith("</body></html>\n"));
});
