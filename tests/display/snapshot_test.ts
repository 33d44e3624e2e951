/**
 * SVG snapshots of seeded figures, compared after rounding numbers to one
 * decimal (see normaliseSvg). Stored as `.svg.snap` so that `deno fmt`
 * (which formats .svg files) leaves them byte-for-byte as rendered; rename a
 * copy to .svg to view one. Update with:
 *   UPDATE_SNAPSHOTS=1 deno test -A tests/display/snapshot_test.ts
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import {
  type Figure,
  figure1,
  historyFigure,
  planeFigure,
  saturationFigure,
} from "../../lib/display/mod.ts";
import { figure1Data, seededHistory } from "./_fixtures.ts";
import { normaliseSvg } from "./_svg.ts";

const UPDATE = Deno.env.get("UPDATE_SNAPSHOTS") === "1";

async function assertSnapshot(name: string, figure: Figure): Promise<void> {
  const path = fileURLToPath(new URL(`./snapshots/${name}.svg.snap`, import.meta.url));
  const actual = figure.toSvgString();
  if (UPDATE) {
    await Deno.writeTextFile(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(path);
  } catch {
    throw new Error(`missing snapshot ${path}; run with UPDATE_SNAPSHOTS=1 to create it`);
  }
  const [a, e] = [normaliseSvg(actual), normaliseSvg(expected)];
  if (a !== e) {
    const al = a.split("\n");
    const el = e.split("\n");
    const i = al.findIndex((line, k) => line !== el[k]);
    assert.fail(
      `${name}.svg.snap differs from its snapshot at line ${i + 1}:\n  got:      ${
        al[i]
      }\n  expected: ${el[i]}\n(UPDATE_SNAPSHOTS=1 rewrites snapshots)`,
    );
  }
}

Deno.test("figure1() matches its SVG snapshot", async () => {
  await assertSnapshot("figure1", figure1(figure1Data(), { width: 480, height: 240 }));
});

Deno.test("saturationFigure() matches its SVG snapshot", async () => {
  await assertSnapshot("saturation", saturationFigure({ width: 400, height: 260 }));
});

Deno.test("historyFigure() of a seeded history matches its SVG snapshot", async () => {
  await assertSnapshot(
    "history",
    historyFigure(seededHistory(20), { width: 420, panelHeight: 150 }),
  );
});

Deno.test("planeFigure() on a 4x4 grid matches its SVG snapshot", async () => {
  const xs = [-1, -1 / 3, 1 / 3, 1];
  const values = xs.flatMap((y) => xs.map((x) => 1 / (1 + Math.exp(-2 * (x - y)))));
  const fig = planeFigure({
    d: { xs, ys: xs, values },
    real: [[0.8, -0.5], [0.6, -0.7]],
    fake: [[-0.5, 0.5]],
    gradient: { at: [[-0.5, 0.5]], vectors: [[1, -1]] },
  }, { width: 300, height: 300 });
  await assertSnapshot("plane", fig);
});

Deno.test("normaliseSvg() hides float noise below a twentieth but not real changes", async () => {
  const { normaliseSvg: n } = await import("./_svg.ts");
  assert.strictEqual(n('<path d="M1.0000001,2.04"/>'), n('<path d="M0.99999,2.0"/>'));
  assert.notStrictEqual(n('<path d="M1.2,2"/>'), n('<path d="M1.4,2"/>'));
  assert.strictEqual(n('<g class="plot-a1b2c3">'), '<g class="plot-X">');
});
