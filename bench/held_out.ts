/**
 * The paper's Parzen protocol pointed at held-out validation images instead of the test set, for
 * the issue-12 probes (`--held-out`): validation images 1,000-9,999 are scored, sigma is still
 * chosen on validation 0-999, so variants can be compared without looking at the test set.
 *
 * @module
 */
import type { Mnist } from "../lib/data/mnist.ts";
import { makeDataset } from "../lib/data/dataset.ts";

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
