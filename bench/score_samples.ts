/**
 * Scores raw float32 MNIST samples (`[n, 784]`, e.g. from `bench/port_samples.py`) with the
 * package's shipped classifier: Frechet distance in its features, the digits' counts, their KL
 * divergence from uniform, and the collapse detector's verdicts; one JSON line per file.
 *
 *   deno run -A bench/score_samples.ts /tmp/port-seed6.f32 [more files]
 *
 * @module
 */
import { loadMnist } from "../lib/data/mnist.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { mnistSampleScore } from "../lib/eval/mnist_score.ts";
import { sampleDiversity } from "../lib/eval/diversity.ts";

if (Deno.args.length === 0) throw new TypeError("score_samples needs one or more .f32 files");
await initBackend();
const mnist = await loadMnist();
for (const path of Deno.args) {
  const bytes = await Deno.readFile(path);
  if (bytes.byteLength % (784 * 4) !== 0) {
    throw new RangeError(`${path} must hold n * 784 float32 values: ${bytes.byteLength} bytes`);
  }
  const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const s = await mnistSampleScore(samples, mnist);
  const d = await sampleDiversity(samples.subarray(0, 1000 * 784), mnist.train, {
    classCounts: s.classCounts,
  });
  console.log(JSON.stringify({
    file: path,
    n: s.n,
    frechet: s.frechet,
    classCounts: s.classCounts,
    classKL: s.classKL,
    classesCovered: s.classesCovered,
    spreadRatio: d.spreadRatio,
    distinctNeighbours: d.distinctNeighbours,
    collapsed: d.collapsed,
    modeDropping: d.modeDropping,
  }));
}
Deno.exit(0);
