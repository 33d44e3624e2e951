import assert from "node:assert";
import { loadMnist, MNIST_FILES, mnistDataUrl, readIdx } from "../../lib/data/mod.ts";
import { gzip } from "./_idx_bytes.ts";

// Loaded once for the whole file (47 MB of training images).
const mnist = await loadMnist();

Deno.test("loadMnist() gives the paper's split of the real MNIST files", () => {
  const { train, validation, test } = mnist;
  assert.deepStrictEqual([train.n, validation.n, test.n], [50000, 10000, 10000]);
  for (const split of [train, validation, test]) {
    assert.deepStrictEqual([split.rows, split.cols, split.dim], [28, 28, 784]);
    assert.strictEqual(split.x.length, split.n * 784);
    assert.strictEqual(split.labels.length, split.n);
  }
  assert.deepStrictEqual(Array.from(train.labels.subarray(0, 4)), [5, 0, 4, 1]);
  assert.deepStrictEqual(Array.from(test.labels.subarray(0, 4)), [7, 2, 1, 0]);
});

Deno.test("loadMnist() scales pixels to [0, 1], reaching both ends", () => {
  for (const split of [mnist.train, mnist.test]) {
    let min = Infinity, max = -Infinity;
    for (const v of split.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.deepStrictEqual([min, max], [0, 1]);
  }
  // Mean pixel of the training images, a widely quoted statistic (0.1307 over all 60k).
  const mean = mnist.train.x.reduce((s, v) => s + v, 0) / mnist.train.x.length;
  assert.ok(Math.abs(mean - 0.1307) < 0.002, `mean=${mean}`);
});

Deno.test("readIdx() reads the real MNIST files as 60000x28x28 and 10000 ubyte", async () => {
  const images = await readIdx(mnistDataUrl(MNIST_FILES.trainImages));
  assert.strictEqual(images.dtype, "uint8");
  assert.deepStrictEqual(images.shape, [60000, 28, 28]);
  const labels = await readIdx(mnistDataUrl(MNIST_FILES.testLabels));
  assert.deepStrictEqual(labels.shape, [10000]);
});

Deno.test("readIdx() gives identical arrays from raw and gzipped MNIST test images", async () => {
  const raw = await Deno.readFile(mnistDataUrl(MNIST_FILES.testImages));
  const gz = await gzip(raw);
  assert.ok(gz.length < raw.length / 3, "gzip really compressed the file");
  const a = await readIdx(raw);
  const b = await readIdx(gz);
  assert.deepStrictEqual(b.shape, a.shape);
  assert.ok(a.data.every((v, i) => v === b.data[i]));
});

Deno.test("loadMnist({ source }) reads a directory of raw and .gz files like the default", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const file of [MNIST_FILES.trainImages, MNIST_FILES.trainLabels]) {
      await Deno.symlink(mnistDataUrl(file).pathname, `${dir}/${file}`);
    }
    for (const file of [MNIST_FILES.testImages, MNIST_FILES.testLabels]) {
      await Deno.writeFile(
        `${dir}/${file}.gz`,
        await gzip(await Deno.readFile(mnistDataUrl(file))),
      );
    }
    const other = await loadMnist({ source: dir, validationSize: 5000 });
    assert.deepStrictEqual([other.train.n, other.validation.n], [55000, 5000]);
    assert.deepStrictEqual(other.test.labels, mnist.test.labels);
    assert.ok(other.test.x.every((v, i) => v === mnist.test.x[i]));
    // The last 5000 training images are the validation rows 5000.. of the default split.
    const tail = mnist.validation.x.subarray(5000 * 784);
    assert.ok(other.validation.x.every((v, i) => v === tail[i]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
