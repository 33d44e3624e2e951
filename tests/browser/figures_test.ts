/**
 * The figures in a real browser (headless Chromium via puppeteer-core): the report page with
 * one of every figure kind, and the notebooks' SVG outputs, checked by Chromium's own layout.
 * Skips with a message where Chromium is not installed (`apt-get install -y chromium`), unless
 * AN_REQUIRE_BROWSER=1 (as .ci/run sets after installing it): then it fails.
 * A screenshot of the report is saved under out/test-artifacts/.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import * as Plot from "@observablehq/plot";
import { Figure, svgDocument, type SvgNode } from "../../lib/display/figure.ts";
import { checkPage, type FigureProblem, findChromium } from "./_check.ts";
import { barePage, everyFigureReport, mnistLikeHistory } from "./_figures.ts";

const chromium = findChromium();
const required = Deno.env.get("AN_REQUIRE_BROWSER") === "1";
if (chromium === null) {
  console.log(
    required
      ? "tests/browser: AN_REQUIRE_BROWSER=1 but no Chromium found: failing"
      : `tests/browser: skipped: no Chromium at ${
        Deno.env.get("AN_CHROMIUM") ?? "/usr/bin/chromium"
      } (apt-get install -y chromium, or set AN_CHROMIUM=/path/to/chrome); ` +
        "set AN_REQUIRE_BROWSER=1 to fail instead",
  );
}
const ignore = chromium === null && !required;

function browser(): string {
  if (chromium === null) throw new Error("Chromium is required (AN_REQUIRE_BROWSER=1) but absent");
  return chromium;
}

const show = (problems: FigureProblem[]) =>
  problems.map((p) => `  ${p.figure}: ${p.problem}`).join("\n");

const ARTIFACTS = fileURLToPath(new URL("../../out/test-artifacts/", import.meta.url));

Deno.test({
  name:
    "report page in Chromium: every figure's texts inside its svg, no overlaps, titles, no errors",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const screenshot = `${ARTIFACTS}report.png`;
    const html = everyFigureReport();
    await Deno.writeTextFile(`${ARTIFACTS}report.html`, html);
    const { problems, errors, figures } = await checkPage(browser(), html, screenshot);
    console.log(`screenshot of the report: ${screenshot} (${figures} figures checked)`);
    assert.ok(figures >= 13, `only ${figures} figures on the page`);
    assert.deepStrictEqual(errors, [], "console errors");
    assert.strictEqual(problems.length, 0, `figure problems:\n${show(problems)}`);
  },
});

/**
 * The MNIST history's D-output panel as drawn before the fix: Plot's default 40 px left
 * margin, the series named at their last points (D(x) and D(G(z)) both end near 1/2), no title.
 */
function oldMarginHistory(): Figure {
  const records = mnistLikeHistory();
  records.push({ ...records.at(-1)!, step: records.length + 1, dReal: 0.49994, dFake: 0.49994 });
  const series = [["dReal", "D(x)", "#1b7837"], ["dFake", "D(G(z))", "#762a83"]] as const;
  const el = Plot.plot({
    document: svgDocument(),
    width: 640,
    height: 200,
    marginRight: 60,
    y: { label: "mean D output", grid: true },
    marks: series.flatMap(([key, name, stroke]) => {
      const pts = records.map((r) => ({ step: r.step, value: r[key], name }));
      return [
        Plot.line(pts, { x: "step", y: "value", stroke }),
        Plot.text(pts, Plot.selectLast({ x: "step", y: "value", text: "name", dx: 4 })),
      ];
    }),
    // deno-lint-ignore no-explicit-any
  } as any) as unknown as SvgNode;
  return new Figure(el, "MNIST GAN training history");
}

Deno.test({
  name:
    "the browser check catches the old history's clipped tick labels, colliding labels, no title",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { problems } = await checkPage(browser(), barePage([oldMarginHistory()]));
    console.log(`problems found in the old figure:\n${show(problems)}`);
    const clipped = problems.filter((p) =>
      /text "0\.4999\d*" extends past the left edge/.test(p.problem)
    );
    assert.ok(clipped.length >= 2, `expected clipped 0.4999x tick labels, got:\n${show(problems)}`);
    assert.ok(
      problems.some((p) => p.problem.startsWith('texts "D(x)" and "D(G(z))" overlap')),
      show(problems),
    );
    assert.ok(problems.some((p) => p.problem === "no visible title"), show(problems));
  },
});

/** The SVG outputs committed in the notebooks (image/svg+xml), with their notebook's name. */
async function notebookSvgs(): Promise<Array<{ notebook: string; svg: string }>> {
  const dir = new URL("../../notebooks/", import.meta.url);
  const out: Array<{ notebook: string; svg: string }> = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const nb = JSON.parse(await Deno.readTextFile(new URL(entry.name, dir)));
    for (const cell of nb.cells ?? []) {
      for (const output of cell.outputs ?? []) {
        const svg = output.data?.["image/svg+xml"];
        if (svg) out.push({ notebook: entry.name, svg: Array.isArray(svg) ? svg.join("") : svg });
      }
    }
  }
  return out.sort((a, b) => a.notebook.localeCompare(b.notebook));
}

Deno.test({
  name: "notebooks' SVG outputs in Chromium: texts inside, no overlaps, titles, no errors",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svgs = await notebookSvgs();
    // Outputs drawn before figures had visible titles (data-figure-title) are stale: the
    // notebook needs running again with this library; they are listed, not checked.
    const current = svgs.filter((s) => s.svg.includes("data-figure-title"));
    const stale = [...new Set(svgs.filter((s) => !current.includes(s)).map((s) => s.notebook))];
    if (stale.length > 0) {
      console.log(`notebook outputs from before visible titles, not checked: ${stale.join(", ")}`);
    }
    if (current.length === 0) return;
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${
      current.map((s) => `<figure><figcaption>${s.notebook}</figcaption>${s.svg}</figure>`)
        .join("\n")
    }</body></html>`;
    const { problems, errors, figures } = await checkPage(browser(), html);
    assert.strictEqual(figures, current.length);
    assert.deepStrictEqual(errors, [], "console errors");
    assert.strictEqual(problems.length, 0, `figure problems:\n${show(problems)}`);
  },
});
