import assert from "node:assert";
import { decode } from "fast-png";
import { DISPLAY, figure2Grid, sampleGrid } from "../../lib/display/mod.ts";

/** RGB of pixel (x, y) of a decoded 3-channel PNG. */
function pixel(png: ReturnType<typeof decode>, x: number, y: number): number[] {
  assert.strictEqual(png.channels, 3);
  const i = (y * png.width + x) * 3;
  return Array.from(png.data.slice(i, i + 3));
}

const GREY = [128, 128, 128];
const YELLOW = [255, 255, 0];

Deno.test("sampleGrid() lays out 2x3 grey images with padding and maps [0,1] to 0..255", () => {
  // image k is constant k/5, except pixel (1,0) of each image which is 1
  const data = new Float32Array(6 * 2 * 3);
  for (let k = 0; k < 6; k++) for (let p = 0; p < 6; p++) data[k * 6 + p] = p === 1 ? 1 : k / 5;
  const grid = sampleGrid({ data, shape: [6, 2, 3] }, { rows: 2, padding: 1 });
  const png = decode(grid.png);
  // width 3 cols * 3 px + 4 paddings; height 2 rows * 2 px + 3 paddings
  assert.deepStrictEqual([png.width, png.height, grid.rows, grid.cols], [13, 7, 2, 3]);
  assert.deepStrictEqual(pixel(png, 0, 0), GREY);
  for (let k = 0; k < 6; k++) {
    const [r, c] = [Math.floor(k / 3), k % 3];
    const [x0, y0] = [1 + c * 4, 1 + r * 3];
    const v = Math.round((255 * k) / 5);
    assert.deepStrictEqual(pixel(png, x0, y0), [v, v, v], `image ${k}`);
    assert.deepStrictEqual(pixel(png, x0 + 1, y0), [255, 255, 255]);
    assert.deepStrictEqual(pixel(png, x0 + 2, y0 + 1), [v, v, v]);
  }
});

Deno.test("sampleGrid() draws RGB images, [-1,1] and explicit ranges, clamping outside values", () => {
  const data = new Float32Array([-1, 0, 1, 2, -3, 0.5]); // 2 images of 1x1x3
  const png = decode(
    sampleGrid({ data, shape: [2, 1, 1, 3] }, { range: "symmetric", padding: 0 }).png,
  );
  assert.deepStrictEqual([png.width, png.height], [2, 1]);
  assert.deepStrictEqual(pixel(png, 0, 0), [0, 128, 255]); // round(127.5) = 128
  assert.deepStrictEqual(pixel(png, 1, 0), [255, 0, 191]); // 2 and -3 clamp; 0.5 -> 191.25
  const custom = decode(
    sampleGrid({ data: [10, 20], shape: [2, 1, 1] }, { range: [10, 30], padding: 0 }).png,
  );
  assert.deepStrictEqual(pixel(custom, 1, 0), [128, 128, 128]); // (20-10)/20 * 255 = 127.5
});

Deno.test("sampleGrid() with auto range stretches min..max, [n,d] rows take imageShape, scale repeats pixels", () => {
  const grid = sampleGrid(
    { data: [3, 5, 4, 3], shape: [1, 4] },
    { imageShape: [2, 2], range: "auto", padding: 0, scale: 2 },
  );
  const png = decode(grid.png);
  assert.deepStrictEqual([png.width, png.height], [4, 4]);
  assert.deepStrictEqual(pixel(png, 0, 0), [0, 0, 0]);
  assert.deepStrictEqual(pixel(png, 1, 1), [0, 0, 0]); // scaled block of pixel (0,0)
  assert.deepStrictEqual(pixel(png, 2, 0), [255, 255, 255]);
  assert.deepStrictEqual(pixel(png, 0, 2), [128, 128, 128]);
});

Deno.test("sampleGrid() displays as image/png with a text fallback", () => {
  const grid = sampleGrid({ data: new Float32Array(4), shape: [4, 1, 1] });
  const bundle = grid[DISPLAY]();
  assert.deepStrictEqual(Object.keys(bundle).sort(), ["image/png", "text/plain"]);
  assert.strictEqual(atob(bundle["image/png"] as string).slice(1, 4), "PNG");
  assert.strictEqual(String(grid), "SampleGrid 2x2 (8x8 px PNG)");
  assert.match(grid.toHtml(), /^<img src="data:image\/png;base64,/);
});

Deno.test("sampleGrid() picks a ragged-free default layout", () => {
  const shapes = [1, 4, 6, 7, 12].map((n) => {
    const g = sampleGrid({ data: new Float32Array(n), shape: [n, 1, 1] });
    return [g.rows, g.cols];
  });
  assert.deepStrictEqual(shapes, [[1, 1], [2, 2], [2, 3], [1, 7], [3, 4]]);
});

Deno.test("figure2Grid() adds the neighbour column outlined in yellow, only there", () => {
  const samples = { data: new Float32Array(20 * 4).fill(0), shape: [20, 2, 2] };
  const neighbours = { data: new Float32Array(4 * 4).fill(1), shape: [4, 2, 2] };
  const grid = figure2Grid(samples, neighbours, { padding: 2, scale: 2 });
  const png = decode(grid.png);
  // 6 columns of 4 px + 7 paddings of 2; 4 rows of 4 px + 5 paddings
  assert.deepStrictEqual([png.width, png.height], [38, 26]);
  const cellX = (c: number) => 2 + c * 6;
  const cellY = (r: number) => 2 + r * 6;
  for (let r = 0; r < 4; r++) {
    const [x, y] = [cellX(5), cellY(r)];
    assert.deepStrictEqual(pixel(png, x, y), [255, 255, 255], "neighbour drawn");
    assert.deepStrictEqual(pixel(png, cellX(4), y), [0, 0, 0], "5th sample drawn");
    for (
      const [px, py] of [[x - 1, y], [x - 2, y + 3], [x + 4, y], [x + 5, y + 1], [x, y - 1], [
        x + 3,
        y + 4,
      ], [x - 2, y - 2]]
    ) {
      assert.deepStrictEqual(pixel(png, px, py), YELLOW, `outline at ${px},${py}`);
    }
  }
  // padding elsewhere stays grey: left of column 0 and between columns 3 and 4
  assert.deepStrictEqual(pixel(png, 0, 10), GREY);
  assert.deepStrictEqual(pixel(png, cellX(4) - 1, cellY(1)), GREY);
  assert.deepStrictEqual(pixel(png, cellX(4) - 2, cellY(1)), GREY);
  let yellow = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    if (png.data[3 * i] === 255 && png.data[3 * i + 1] === 255 && png.data[3 * i + 2] === 0) {
      yellow++;
    }
  }
  // each ring is (4+4)^2 - 4^2 = 48 px; rings of adjacent rows share the 2-px padding row between them
  assert.strictEqual(yellow, 4 * 48 - 3 * 2 * 8);
  assert.deepStrictEqual([grid.rows, grid.cols], [4, 6]);
});

Deno.test("figure2Grid() with auto range shares min..max across samples and neighbours", () => {
  const samples = { data: [0, 0, 0, 0], shape: [4, 1, 1] };
  const neighbours = { data: [2, 4], shape: [2, 1, 1] };
  const png = decode(
    figure2Grid(samples, neighbours, { rows: 2, cols: 2, range: "auto", padding: 1 }).png,
  );
  assert.deepStrictEqual(pixel(png, 5, 1), [128, 128, 128]); // 2 on [0, 4]
  assert.deepStrictEqual(pixel(png, 5, 3), [255, 255, 255]);
});

Deno.test("sampleGrid() and figure2Grid() reject bad input with clear errors", () => {
  const ok = { data: new Float32Array(4), shape: [4, 1, 1] };
  assert.throws(
    () => sampleGrid({ data: new Float32Array(8), shape: [2, 2, 2, 1, 1] }),
    /must have shape \[n,h,w\]/,
  );
  assert.throws(() => sampleGrid({ data: new Float32Array(8), shape: [2, 2, 2, 2] }), TypeError);
  assert.throws(() => sampleGrid({ data: new Float32Array(4), shape: [4] }), TypeError);
  assert.throws(() => sampleGrid({ data: new Float32Array(8), shape: [2, 4] }), /no imageShape/);
  assert.throws(
    () => sampleGrid({ data: new Float32Array(8), shape: [2, 4] }, { imageShape: [3, 3] }),
    /imageShape does not match/,
  );
  assert.throws(
    () => sampleGrid({ data: [0, NaN, 0, 0], shape: [4, 1, 1] }),
    /non-finite value \(image 1, flat index 1\): value=NaN/,
  );
  assert.throws(() => sampleGrid({ data: [0, 0, Infinity], shape: [3, 1, 1] }), RangeError);
  assert.throws(
    () => sampleGrid({ data: new Float32Array(3), shape: [4, 1, 1] }),
    /length does not match/,
  );
  assert.throws(
    () => sampleGrid(ok, { rows: 3, cols: 2 }),
    /rows x cols must equal the number of samples: rows=3, cols=2, n=4/,
  );
  assert.throws(() => sampleGrid(ok, { rows: 3 }), RangeError);
  assert.throws(() => sampleGrid(ok, { rows: 0 }), /rows must be a positive integer/);
  assert.throws(() => sampleGrid(ok, { colour: "red" } as never), /option "colour" is unknown/);
  assert.throws(() => sampleGrid(ok, { range: [1, 0] }), /range must be/);
  assert.throws(() => sampleGrid(ok, { range: "pm1" as never }), RangeError);
  assert.throws(() => sampleGrid(ok, { padding: -1 }), /padding must be a non-negative integer/);
  assert.throws(() => sampleGrid(ok, { scale: 1.5 }), /scale must be an integer/);
  assert.throws(() => sampleGrid(ok, { background: [0, 0, 300] }), /background/);
  const s20 = { data: new Float32Array(20), shape: [20, 1, 1] };
  const n4 = { data: new Float32Array(4), shape: [4, 1, 1] };
  assert.throws(
    () => figure2Grid(ok, n4),
    /rows x cols must equal the number of samples: rows=4, cols=5, n=4/,
  );
  assert.throws(
    () =>
      figure2Grid(s20, ok.data.length === 4 ? { data: new Float32Array(3), shape: [3, 1, 1] } : n4),
    /one neighbour per row: rows=4, neighbours=3/,
  );
  assert.throws(
    () => figure2Grid(s20, { data: new Float32Array(16), shape: [4, 2, 2] }),
    /differ in image shape/,
  );
  assert.throws(
    () => figure2Grid(s20, n4, { padding: 1, outlineWidth: 2 }),
    /outlineWidth must be an integer in 1..padding/,
  );
  assert.throws(() => figure2Grid(s20, n4, { padding: 0 }), /outlineWidth/);
  assert.throws(() => figure2Grid(s20, n4, { outline: "yellow" } as never), /outline must be/);
  assert.throws(() => figure2Grid(s20, n4, { neighbourColumn: 2 } as never), /unknown/);
});
