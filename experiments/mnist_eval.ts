import type { LayersModel } from "../lib/tensor_types.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import type { Rng } from "../lib/random.ts";
import type { Mnist } from "../lib/data/mnist.ts";
import { makeDataset } from "../lib/data/dataset.ts";
import { figure2Grid } from "../lib/display/figure2.ts";
import type { SampleGrid } from "../lib/display/grid.ts";
import { nearestNeighbours } from "../lib/eval/nearest.ts";
import { parzenLogLikelihood } from "../lib/eval/parzen.ts";
import { generateRows } from "./samples.ts";

/** Sizes of the Parzen evaluation (the paper: 10k centres, 10k test, 1000 validation). */
export interface ParzenSizes {
  /** Kernel centres (generated samples; also real images for the reference row). */
  centres: number;
  /** Test images scored (the first ones of the test set). */
  test: number;
  /** Validation images choosing sigma. */
  validation: number;
}

/** A Parzen estimate with its sizes. */
export interface ParzenSummary extends ParzenSizes {
  /** Mean test log-likelihood (nats). */
  mean: number;
  /** Its standard error. */
  stdErr: number;
  /** The chosen sigma. */
  sigma: number;
}

/**
 * Figure 2 of Goodfellow et al. 2014: the first 20 samples of `rng` (fair, not chosen) in
 * 4 rows of 5, and for the last sample of each row its nearest training image (squared pixel
 * distance, exhaustive over `mnist.train`), outlined in yellow.
 *
 * @param generator G: `[m, 100]` -> `[m, 784]` pixels in [0, 1].
 * @param prior The noise prior.
 * @param mnist The data (its `train` split is searched).
 * @param rng The evaluation noise stream (advanced by 20 draws).
 * @returns The PNG grid and the neighbours' indices and squared distances.
 */
export async function mnistFigure2(
  generator: LayersModel,
  prior: NoisePrior,
  mnist: Mnist,
  rng: Rng,
): Promise<{ figure2: SampleGrid; neighbourIndices: number[]; neighbourDistances: number[] }> {
  const shown = await generateRows(generator, prior, 20, rng);
  const lastOfRow = [4, 9, 14, 19];
  const queries = new Float32Array(4 * 784);
  lastOfRow.forEach((s, r) => queries.set(shown.subarray(s * 784, s * 784 + 784), r * 784));
  const nn = await nearestNeighbours(makeDataset(queries, 784), mnist.train);
  const neighbours = new Float32Array(4 * 784);
  nn.indices.forEach((idx, r) =>
    neighbours.set(mnist.train.x.subarray(idx * 784, idx * 784 + 784), r * 784)
  );
  const figure2 = figure2Grid(
    { data: shown, shape: [20, 28, 28] },
    { data: neighbours, shape: [4, 28, 28] },
    { scale: 2 },
  );
  return {
    figure2,
    neighbourIndices: Array.from(nn.indices),
    neighbourDistances: Array.from(nn.distances),
  };
}

/**
 * Table 1's Parzen window estimate with the authors' protocol (see `parzenLogLikelihood`):
 * `centres` as kernel centres, sigma chosen on the first `sizes.validation` validation images,
 * the first `sizes.test` test images scored.
 *
 * @param centres Row-major `[sizes.centres, 784]` kernel centres.
 * @param mnist The data.
 * @param sizes The sizes.
 * @param onPhase Progress messages.
 * @param label Prefix of the messages.
 * @returns Mean, standard error, sigma and the sizes.
 */
export async function parzenSummary(
  centres: Float32Array,
  mnist: Mnist,
  sizes: ParzenSizes,
  onPhase: (t: string) => void,
  label: string,
): Promise<ParzenSummary> {
  const dim = mnist.train.dim;
  const r = await parzenLogLikelihood(
    makeDataset(centres, dim),
    makeDataset(mnist.test.x.subarray(0, sizes.test * dim), dim),
    {
      validation: makeDataset(mnist.validation.x.subarray(0, sizes.validation * dim), dim),
      validationCount: sizes.validation,
      onProgress: (p) => {
        if (p.done === p.total || p.done % 1000 === 0) {
          onPhase(`${label}: ${p.phase} ${p.done}/${p.total}`);
        }
      },
    },
  );
  return { ...sizes, mean: r.mean, stdErr: r.stdErr, sigma: r.sigma };
}
