/**
 * How the issue-12 probes (average_probe, snapshot_average, truncation_probe) score 10,000 MNIST
 * samples and record the result: the paper's Parzen protocol, on the test set or (`--held-out`)
 * on validation images 1,000-9,999 with sigma still chosen on validation 0-999, so variants can
 * be compared without looking at the test set; next to it the classifier-feature Frechet
 * distance and class balance. One JSON line per row, printed and appended to a file.
 *
 * @module
 */
import type { Mnist } from "../lib/data/mnist.ts";
import { makeDataset } from "../lib/data/dataset.ts";
import { parzenSummary } from "../experiments/mod.ts";
import { mnistSampleScore } from "../lib/eval/mnist_score.ts";

/**
 * The data and sizes for `parzenSummary`: the paper's (10,000 centres, the 10,000 test images,
 * sigma on 1,000 validation images), or with `heldOut` validation images 1,000-9,999 as the
 * scored set.
 *
 * @param mnist The splits.
 * @param heldOut Whether to score the held-out validation images instead of the test set.
 * @returns `{ sets, sizes }` to pass to `parzenSummary`, and `scoredOn` naming the scored set.
 */
export function parzenTarget(mnist: Mnist, heldOut: boolean) {
  if (!heldOut) {
    return {
      sets: mnist,
      sizes: { centres: 10000, test: 10000, validation: 1000 },
      scoredOn: "test",
    };
  }
  const test = {
    ...makeDataset(mnist.validation.x.subarray(1000 * 784), 784),
    labels: mnist.validation.labels.subarray(1000),
    rows: 28,
    cols: 28,
  };
  return {
    sets: { ...mnist, test },
    sizes: { centres: 10000, test: 9000, validation: 1000 },
    scoredOn: "validation 1000-9999",
  };
}

/**
 * Scores samples with the paper's Parzen protocol (on the test set, or held out as in
 * {@linkcode parzenTarget}) and the shipped classifier's Frechet distance and class balance.
 *
 * @param samples 10,000 samples, row-major `[10000, 784]`.
 * @param mnist The splits.
 * @param heldOut Whether to score validation images 1,000-9,999 instead of the test set.
 * @returns The fields every probe row carries.
 */
export async function scoreSamples(samples: Float32Array, mnist: Mnist, heldOut: boolean) {
  const target = parzenTarget(mnist, heldOut);
  const s = await mnistSampleScore(samples, mnist);
  const p = await parzenSummary(samples, target.sets, target.sizes, () => {}, "parzen");
  return {
    scoredOn: target.scoredOn,
    parzen: p.mean,
    se: p.stdErr,
    sigma: p.sigma,
    frechet: s.frechet,
    classKL: s.classKL,
    classes: s.classesCovered,
  };
}

/**
 * Prints a row as one JSON line and appends it to `path`.
 *
 * @param path The JSON-lines file.
 * @param row The row.
 */
export async function appendRow(path: string, row: Record<string, unknown>): Promise<void> {
  console.log(JSON.stringify(row));
  await Deno.writeTextFile(path, JSON.stringify(row) + "\n", { append: true });
}
