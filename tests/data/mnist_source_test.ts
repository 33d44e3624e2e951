import assert from "node:assert";
import { loadMnist, MNIST_FILES, SourceNotFoundError } from "../../lib/data/mod.ts";
import { gzip, idxBytes } from "./_idx_bytes.ts";

// A tiny fake MNIST: `n` images of 2x2 pixels and `m` labels.
async function writeFake(dir: string, n: number, m: number, { gz = false, label = 3 } = {}) {
  const save = async (file: string, bytes: Uint8Array) =>
    gz
      ? await Deno.writeFile(`${dir}/${file}.gz`, await gzip(bytes))
      : await Deno.writeFile(`${dir}/${file}`, bytes);
  const pixels = Array.from({ length: n * 4 }, (_, i) => (i * 51) % 256);
  await save(MNIST_FILES.trainImages, idxBytes(0x08, [n, 2, 2], pixels));
  await save(MNIST_FILES.trainLabels, idxBytes(0x08, [m], new Array(m).fill(label)));
  await save(MNIST_FILES.testImages, idxBytes(0x08, [n, 2, 2], pixels));
  await save(MNIST_FILES.testLabels, idxBytes(0x08, [m], new Array(m).fill(label)));
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadMnist() rejects image and label files whose counts differ, naming both", async () => {
  await withDir(async (dir) => {
    await writeFake(dir, 3, 2);
    await assert.rejects(
      () => loadMnist({ source: dir, validationSize: 1 }),
      /image and label counts differ: train-images-idx3-ubyte has 3, train-labels-idx1-ubyte has 2/,
    );
  });
});

Deno.test("loadMnist() rejects labels above 9 and an out-of-range validationSize", async () => {
  await withDir(async (dir) => {
    await writeFake(dir, 3, 3, { label: 12 });
    await assert.rejects(() => loadMnist({ source: dir, validationSize: 1 }), /labels\[0\]=12/);
  });
  await withDir(async (dir) => {
    await writeFake(dir, 3, 3);
    await assert.rejects(() => loadMnist({ source: dir, validationSize: 3 }), /validationSize=3/);
  });
});

Deno.test("loadMnist() names both candidates when a file is missing", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      () => loadMnist({ source: dir }),
      (e: Error) =>
        e instanceof SourceNotFoundError &&
        new RegExp(`${dir}/(train-\\w+-idx\\d-ubyte) or ${dir}/\\1\\.gz as it was not found`)
          .test(e.message),
    );
  });
});

Deno.test("loadMnist() reads .gz files from an http: URL, falling back from the raw name", async () => {
  await withDir(async (dir) => {
    await writeFake(dir, 4, 4, { gz: true });
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
      const name = new URL(req.url).pathname.slice("/mnist/".length);
      try {
        return new Response(await Deno.readFile(`${dir}/${name}`));
      } catch {
        return new Response("missing", { status: 404 });
      }
    });
    try {
      const { train, validation, test } = await loadMnist({
        source: `http://127.0.0.1:${server.addr.port}/mnist/`,
        validationSize: 1,
      });
      assert.deepStrictEqual([train.n, validation.n, test.n], [3, 1, 4]);
      assert.deepStrictEqual([train.rows, train.cols, train.dim], [2, 2, 4]);
      // Pixel i is (i * 51) % 256, scaled by 1/255.
      assert.deepStrictEqual(
        Array.from(train.x.subarray(0, 6)),
        [0, 0.2, 0.4, 0.6, 0.8, 1].map(Math.fround),
      );
    } finally {
      await server.shutdown();
    }
  });
});
