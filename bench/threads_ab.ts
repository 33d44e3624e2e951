/**
 * One vs two OpenBLAS threads on the paper-MNIST step (the preset, compiled, simultaneous), in
 * one process: the thread count is switched step by step on the same trainer
 * (`openblas_set_num_threads`), so drift and other load hit both alike. Prints the medians and
 * the median per-cycle ratio. Run it with the second core idle and again with it busy.
 *
 * Usage: `deno run -A bench/threads_ab.ts [cycles=40]` (needs the MNIST files).
 *
 * @module
 */
import { initBackend } from "../lib/backend/mod.ts";
import { openBlas } from "../lib/backend/blas.ts";
import { loadMnist } from "../lib/data/mod.ts";
import { paperMnistTrainer } from "../experiments/mnist.ts";

const cycles = Number(Deno.args[0] ?? 40);
const info = await initBackend({ backend: "native", threads: 2 });
// The same library object the backend opened (openBlas returns it again for its path).
const blas = openBlas([info.blas!.path]);
const trainer = paperMnistTrainer(await loadMnist(), { seed: 1 });
await trainer.train(3);
const one: number[] = [], two: number[] = [], ratio: number[] = [];
for (let i = 0; i < cycles; i++) {
  const ms: Record<number, number> = {};
  for (const n of i % 2 === 0 ? [1, 2] : [2, 1]) {
    blas.setThreads(n);
    ms[n] = (await trainer.step()).ms;
  }
  one.push(ms[1]);
  two.push(ms[2]);
  ratio.push(ms[2] / ms[1]);
}
const median = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(
  `1 thread ${median(one).toFixed(1)} ms, 2 threads ${median(two).toFixed(1)} ms, ` +
    `median ratio 2/1 ${median(ratio).toFixed(2)} (${cycles} cycles)`,
);
