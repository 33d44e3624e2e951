import assert from "node:assert";
import { join } from "node:path";
import { decode } from "fast-png";
import { sampleGrid, saturationFigure, savePng, saveSvg } from "../../lib/display/mod.ts";
import { writeFileAtomic } from "../../lib/display/files.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "an-display-" });
}

Deno.test("saveSvg() writes a standalone SVG with xmlns and leaves no temporary file", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "sat.svg");
    await saveSvg(path, saturationFigure());
    const text = await Deno.readTextFile(path);
    assert.match(text, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["sat.svg"]);
    await saveSvg(path, "<svg></svg>"); // replaces atomically
    assert.strictEqual(await Deno.readTextFile(path), "<svg></svg>");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("savePng() writes a grid that decodes back to its size", async () => {
  const dir = await tempDir();
  try {
    const grid = sampleGrid({ data: new Float32Array(6 * 4), shape: [6, 2, 2] }, { rows: 2 });
    await savePng(join(dir, "g.png"), grid);
    await savePng(join(dir, "h.png"), grid.png);
    const png = decode(await Deno.readFile(join(dir, "g.png")));
    assert.deepStrictEqual([png.width, png.height], [grid.width, grid.height]);
    assert.deepStrictEqual(await Deno.readFile(join(dir, "h.png")), grid.png);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("savePng() and saveSvg() reject what is not PNG or SVG", async () => {
  await assert.rejects(
    () => savePng("/tmp/never.png", new Uint8Array([1, 2, 3])),
    /does not hold PNG bytes/,
  );
  await assert.rejects(() => saveSvg("/tmp/never.svg", "<div></div>"), /root is not <svg>/);
  await assert.rejects(() => saveSvg("/tmp/never.svg", 42 as never), TypeError);
});

Deno.test("writeFileAtomic() keeps the old file and cleans up when the rename fails", async () => {
  const dir = await tempDir();
  try {
    const target = join(dir, "occupied");
    await Deno.mkdir(target); // renaming a file over a directory fails
    await assert.rejects(() => writeFileAtomic(target, "new"));
    assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["occupied"]);
    await assert.rejects(
      () => writeFileAtomic(join(dir, "missing", "x"), "y"),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("savePng() and saveSvg() into a missing folder name the target, not a temporary file", async () => {
  const dir = await tempDir();
  try {
    const grid = sampleGrid({ data: new Float32Array(4), shape: [1, 2, 2] });
    const png = join(dir, "missing", "g.png");
    const svg = join(dir, "missing", "f.svg");
    for (
      const [path, save] of [
        [png, () => savePng(png, grid)],
        [svg, () => saveSvg(svg, saturationFigure())],
      ] as const
    ) {
      await assert.rejects(save(), (e: Error) => {
        assert.ok(e instanceof Deno.errors.NotFound, String(e));
        assert.ok(e.message.includes(path), e.message);
        assert.ok(e.message.includes("directory does not exist"), e.message);
        assert.ok(!/\.tmp/.test(e.message), e.message);
        return true;
      });
    }
    assert.deepStrictEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
