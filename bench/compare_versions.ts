/**
 * Paired timing (see `bench/paired.ts`) of the paper-MNIST step on the native backend for two
 * checkouts of this library, and of PyTorch: the before/after measurement of a change, immune to
 * the machine's drift. Run:
 * `deno run -A bench/compare_versions.ts OTHER_CHECKOUT [cycles=30] [update=simultaneous]`
 * where OTHER_CHECKOUT is e.g. a `git worktree` of an older commit, and update the MNIST step's
 * rule (`simultaneous`, the paper preset's, against PyTorch's `mnist-simultaneous`, or
 * `alternating` against its `mnist`). Its `bench/train_bench.ts` must have the serve mode; for
 * older commits copy this checkout's `bench/train_bench.ts` and `bench/timing.ts` into it first
 * (they import only long-standing library functions). A `paperMnistTrainer` from before its
 * `update` option refuses the option, so such a checkout's rows fail instead of timing a step
 * other than the one named.
 *
 * @module
 */
import { type PairedMember, pairedRatio, runPaired } from "./paired.ts";
import { median } from "./timing.ts";

const other = Deno.args[0];
if (other === undefined) {
  throw new TypeError("Cannot compare versions as OTHER_CHECKOUT is missing: pass a directory");
}
const cycles = Number(Deno.args[1] ?? 30);
if (!Number.isInteger(cycles) || cycles < 1) {
  throw new RangeError(`Cannot compare versions as cycles must be a positive integer: ${cycles}`);
}
const update = Deno.args[2] ?? "simultaneous";
if (update !== "simultaneous" && update !== "alternating") {
  throw new RangeError(
    `Cannot compare versions as update must be simultaneous or alternating: ${update}`,
  );
}
const torchModel = update === "simultaneous" ? "mnist-simultaneous" : "mnist";
const here = new URL("..", import.meta.url).pathname;

function library(label: string, root: string, threads: number): PairedMember {
  const config = { model: "mnist", update, backend: "native", threads, warmup: 3, steps: 0 };
  return {
    label: `${label}, ${threads} thread(s)`,
    kind: "library",
    threads,
    command: Deno.execPath(),
    args: ["run", "-A", `${root}/bench/train_bench.ts`, JSON.stringify(config), "serve"],
  };
}

function pytorch(threads: number, blasThreads: number): PairedMember {
  return {
    label: `pytorch, ${threads} intra-op + OpenBLAS ${blasThreads}`,
    kind: "pytorch",
    threads: Math.max(threads, blasThreads),
    command: "/usr/bin/python3",
    args: [`${here}bench/torch_step.py`, torchModel, String(threads), "3", "0", "serve"],
    env: {
      OMP_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: String(blasThreads),
      MKL_NUM_THREADS: String(blasThreads),
      OMP_WAIT_POLICY: "PASSIVE",
    },
  };
}

const members = [
  library(`other (${other})`, other, 1),
  library("this checkout", here, 1),
  pytorch(1, 1),
  library(`other (${other})`, other, 2),
  library("this checkout", here, 2),
  pytorch(1, 2),
  pytorch(2, 2),
];
const runs = await runPaired(members, cycles);
const [ref1, ref2] = [runs[2].stepMs, runs[5].stepMs];
for (const r of runs) {
  const ok = r.stepMs.filter(Number.isFinite).sort((p, q) => p - q);
  const p10 = ok[Math.floor(ok.length / 10)] ?? NaN;
  console.log(
    `${r.member.label.padEnd(44)} | ${median(ok).toFixed(1).padStart(6)} ms | p10 ${
      p10.toFixed(1).padStart(6)
    } | / pytorch 1+1 ${pairedRatio(r.stepMs, ref1).toFixed(2)} | / pytorch 1+2 ${
      pairedRatio(r.stepMs, ref2).toFixed(2)
    }${typeof r.info === "string" ? ` | ${r.info}` : ""}`,
  );
}
for (const [i, threads] of [[0, 1], [3, 2]]) {
  console.log(
    `other / this checkout, ${threads} thread(s), median of per-cycle ratios: ${
      pairedRatio(runs[i].stepMs, runs[i + 1].stepMs).toFixed(2)
    }`,
  );
}
