import assert from "node:assert";
import { parseIdx, readIdx, SourceNotFoundError } from "../../lib/data/mod.ts";
import { gzip, idxBytes } from "./_idx_bytes.ts";

Deno.test("parseIdx() decodes every IDX dtype, big-endian, with its shape", () => {
  const cases: Array<[number, string, number[]]> = [
    [0x08, "uint8", [0, 1, 200, 255]],
    [0x09, "int8", [-128, -1, 0, 127]],
    [0x0b, "int16", [-32768, -2, 258, 32767]],
    [0x0c, "int32", [-2147483648, -3, 65536 + 7, 2147483647]],
    [0x0d, "float32", [-1.5, 0, 0.25, 1e10]],
    [0x0e, "float64", [-Math.PI, 0, 1e-300, 1e300]],
  ];
  for (const [type, dtype, values] of cases) {
    const idx = parseIdx(idxBytes(type, [2, 2], values));
    assert.strictEqual(idx.dtype, dtype);
    assert.deepStrictEqual(idx.shape, [2, 2]);
    assert.deepStrictEqual(Array.from(idx.data), values, dtype);
  }
});

Deno.test("readIdx() gives the same array from raw and gzip bytes", async () => {
  const raw = idxBytes(0x0b, [3], [1, -2, 300]);
  const a = await readIdx(raw);
  const b = await readIdx(await gzip(raw));
  assert.deepStrictEqual(b, a);
});

Deno.test("readIdx() reads a path and a file: URL", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/tiny-idx1-ubyte`;
    await Deno.writeFile(path, idxBytes(0x08, [2], [7, 9]));
    assert.deepStrictEqual(Array.from((await readIdx(path)).data), [7, 9]);
    const url = new URL(`file://${path}`);
    assert.deepStrictEqual(Array.from((await readIdx(url)).data), [7, 9]);
    assert.deepStrictEqual(Array.from((await readIdx(url.href)).data), [7, 9]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseIdx() rejects a wrong magic number, naming the file and the bytes", () => {
  const bytes = idxBytes(0x08, [2], [1, 2]);
  bytes[1] = 0x08;
  assert.throws(() => parseIdx(bytes, "bad.idx"), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /bad\.idx/);
    assert.match(e.message, /magic=0x00 0x08 0x08 0x01/);
    return true;
  });
  const unknown = idxBytes(0x08, [1], [1]);
  unknown[2] = 0x0a;
  assert.throws(() => parseIdx(unknown, "f"), /type=0x0a/);
  assert.throws(() => parseIdx(new Uint8Array([0, 0]), "f"), /truncated before its 4-byte magic/);
});

Deno.test("parseIdx() rejects truncated and over-long files with both lengths", () => {
  const bytes = idxBytes(0x08, [2, 3], [1, 2, 3, 4, 5, 6]);
  assert.throws(
    () => parseIdx(bytes.subarray(0, bytes.length - 1), "cut.idx"),
    /cut\.idx as it is truncated: length=17, expected 18 for shape \[2,3\] of uint8/,
  );
  assert.throws(
    () => parseIdx(bytes.subarray(0, 9), "cut.idx"),
    /truncated in its header: length=9/,
  );
  const long = new Uint8Array(bytes.length + 2);
  long.set(bytes);
  assert.throws(
    () => parseIdx(long, "long.idx"),
    /longer than its header says: length=20, expected 18/,
  );
});

Deno.test("readIdx() rejects a corrupt gzip stream and a missing file, naming them", async () => {
  const gz = await gzip(idxBytes(0x08, [4], [1, 2, 3, 4]));
  await assert.rejects(() => readIdx(gz.subarray(0, gz.length - 6), "half.gz"), /half\.gz/);
  await assert.rejects(
    () => readIdx("/nonexistent/dir/file-idx1-ubyte"),
    (e: Error) => e instanceof SourceNotFoundError && /nonexistent\/dir/.test(e.message),
  );
  await assert.rejects(() => readIdx(42 as unknown as string), TypeError);
});
