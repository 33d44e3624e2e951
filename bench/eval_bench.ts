/**
 * Times the evaluation at MNIST size on one backend, in its own process: the nearest-neighbour
 * search of Figure 2 (10,000 queries against the 50,000 training images) and, when asked, the
 * Parzen window log-likelihood of Table 1 (Goodfellow et al. 2014: 10,000 centres, sigma chosen
 * on 1,000 validation images from the paper's 10-value grid, 10,000 test images).
 *
 * Run by `bench/run.ts` as `deno run -A bench/eval_bench.ts '<json EvalBenchConfig>'`; prints
 * one JSON line.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../lib/backend/mod.ts";
import { loadMnist, makeDataset } from "../lib/data/mod.ts";
import { nearestNeighbours, parzenLogLikelihood } from "../lib/eval/mod.ts";

/** What one child process measures. */
export interface EvalBenchConfig {
  backend: BackendName;
  threads: number;
  /** Also run the Parzen protocol (tens of seconds). */
  parzen: boolean;
}

/** What a child prints. */
export interface EvalBenchResult {
  config: EvalBenchConfig;
  /** Seconds of `nearestNeighbours(test[0:10000], train[0:50000])`. */
  nearestSeconds: number;
  /** Seconds of the full Parzen protocol, or null when not run. */
  parzenSeconds: number | null;
  /** The Parzen mean log-likelihood of real training images as centres (a sanity check). */
  parzenMean: number | null;
  tensorsLeft: number;
}

/**
 * Runs the evaluation timings in this process.
 *
 * @param config Backend, threads, whether to run Parzen.
 * @returns The timings.
 */
export async function runEvalBench(config: EvalBenchConfig): Promise<EvalBenchResult> {
  await initBackend({ backend: config.backend, threads: config.threads });
  const { train, validation, test } = await loadMnist();
  const reference = makeDataset(train.x.subarray(0, 50000 * 784), 784);
  const queries = makeDataset(test.x.subarray(0, 10000 * 784), 784);
  let t0 = performance.now();
  await nearestNeighbours(queries, reference);
  const nearestSeconds = (performance.now() - t0) / 1000;
  let parzenSeconds: number | null = null, parzenMean: number | null = null;
  if (config.parzen) {
    const centres = makeDataset(train.x.subarray(0, 10000 * 784), 784);
    t0 = performance.now();
    const result = await parzenLogLikelihood(centres, test, { validation });
    parzenSeconds = (performance.now() - t0) / 1000;
    parzenMean = result.mean;
  }
  return { config, nearestSeconds, parzenSeconds, parzenMean, tensorsLeft: tf.memory().numTensors };
}

if (import.meta.main) {
  console.log(JSON.stringify(await runEvalBench(JSON.parse(Deno.args[0]))));
  Deno.exit(0);
}
