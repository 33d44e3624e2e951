/**
 * Tables of `deno task bench` (see `bench/run.ts`).
 *
 * @module
 */
import type { TrainBenchConfig, TrainBenchResult } from "./train_bench.ts";
import type { EvalBenchResult } from "./eval_bench.ts";
import type { SgemmRate } from "./sgemm_rate.ts";
import { median } from "./timing.ts";
import { pairedRatio, type PairedRun } from "./paired.ts";
import type { BeyondBenchResult } from "./beyond_bench.ts";

/**
 * A step the benchmark times: the paper-MNIST step in either update rule of
 * `paperMnistTrainer` (`"simultaneous"`, the preset's, or `"alternating"`), or the 2-D GAN's.
 * Also the model argument of `bench/torch_step.py`.
 */
export type BenchModel = "mnist-simultaneous" | "mnist-alternating" | "toy2d";

/**
 * The step a library configuration runs.
 *
 * @param config A `bench/train_bench.ts` configuration.
 * @returns Its {@linkcode BenchModel} (MNIST without `update` is the preset's simultaneous).
 */
export function benchModelOf(config: Pick<TrainBenchConfig, "model" | "update">): BenchModel {
  return config.model === "toy2d" ? "toy2d" : `mnist-${config.update ?? "simultaneous"}`;
}

/** The paired runs of one step (library and PyTorch processes in alternation). */
export interface PairedGroup {
  model: BenchModel;
  runs: PairedRun[];
}

/** Notebook 5's loss comparison timed in one mode (`bench/beyond_bench.ts`), or its error. */
export type NotebookTiming =
  | (BeyondBenchResult & { processSeconds: number })
  | { mode: "quick" | "full"; error: string };

/** Training seconds of notebook 5's last committed full run (16 runs, the issue's baseline). */
const NOTEBOOK5_FULL_BASELINE_S = 756.6;
/** The target for that run's training seconds (issue 17). */
const NOTEBOOK5_FULL_TARGET_S = 250;

/**
 * One PyTorch measurement: intra-op (OpenMP) threads, OpenBLAS threads, and whether glibc's
 * malloc was told to keep freed memory (see `bench/run.ts`).
 */
export type TorchResult =
  & { model: string; threads: number; blasThreads: number; keepMemory?: boolean }
  & ({ version: string; stepMs: number[] } | { error: string });

/** Everything `bench/run.ts` collects. */
export interface BenchResults {
  train: (TrainBenchResult | { config: TrainBenchConfig; error: string })[];
  torch: TorchResult[];
  torchMissing: string | null;
  sgemm: (SgemmRate | string)[];
  /** The step whose executed matMuls the sgemm rows time (the bound column's step). */
  sgemmModel?: BenchModel | null;
  eval: EvalBenchResult | string | null;
  paired?: PairedGroup[];
  notebook5?: NotebookTiming[];
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(r));
}

/**
 * Prints the training, sgemm and evaluation tables.
 *
 * @param r The collected results.
 */
export function printReport(r: BenchResults): void {
  // PyTorch's fastest median among its runs using at most `cores` threads of either kind.
  const torchMs = (model: string, cores: number) => {
    const ms = r.torch.filter((x) =>
      x.model === model && "stepMs" in x && Math.max(x.threads, x.blasThreads) <= cores
    ).map((x) => median((x as { stepMs: number[] }).stepMs));
    return ms.length === 0 ? null : Math.min(...ms);
  };
  // The FFI sgemm bound at the row's thread count (threads of any kind, as in the column).
  const bounds = r.sgemm.filter((s): s is SgemmRate => typeof s !== "string" && !!s.threads);
  const boundFor = (threads: number) =>
    bounds.find((s) => s.threads === threads) ?? bounds.find((s) => s.threads === 1);
  const rows: string[][] = [];
  const row = (model: string, who: string, threads: number, ms: number, n: number) => {
    const ref = torchMs(model, 1), same = torchMs(model, threads);
    rows.push([
      model,
      who,
      String(threads),
      String(n),
      ms.toFixed(1),
      (1000 / ms).toFixed(2),
      ref === null ? "-" : (ms / ref).toFixed(2),
      same === null ? "-" : (ms / same).toFixed(2),
      model === r.sgemmModel && boundFor(threads) ? (boundFor(threads)!.ms / ms).toFixed(3) : "-",
    ]);
  };
  for (const t of r.torch) {
    if ("stepMs" in t) {
      const intraOp = t.threads === 0 ? "default" : String(t.threads);
      const who = `pytorch ${t.version}, ${intraOp} intra-op + OpenBLAS ${t.blasThreads}` +
        (t.keepMemory ? ", malloc keeps memory" : "");
      row(t.model, who, Math.max(t.threads, t.blasThreads), median(t.stepMs), t.stepMs.length);
    } else rows.push([t.model, `pytorch, OpenBLAS ${t.blasThreads}`, String(t.threads), t.error]);
  }
  for (const t of r.train) {
    const { backend, threads } = t.config;
    const model = benchModelOf(t.config);
    if ("error" in t) rows.push([model, backend, String(threads), t.error]);
    else row(model, backend, threads, t.medianMs, t.stepMs.length);
  }
  if (rows.length > 0) {
    console.log(
      "\n## Training step: one D update + one G update, batch 100 (median, warm-up excluded)",
    );
    console.log(
      "(mnist-simultaneous: the paper preset's one-pass step, both updates from one forward pass; " +
        "mnist-alternating: a D update, then a G update on fresh noise; PyTorch rows run the same " +
        `step; sgemm bound: the ${r.sgemmModel ?? "(no profiled)"} step's matMuls)`,
    );
    console.log(
      "(threads: most threads of any kind; '/ pytorch 1t' divides " +
        "by PyTorch on 1 thread of each kind, '/ pytorch same threads' by PyTorch's fastest run " +
        "on no more threads than the row)",
    );
    if (r.torchMissing) {
      console.log(`(PyTorch skipped: ${r.torchMissing}; apt-get install -y python3-torch)`);
    }
    table(
      [
        "model",
        "who",
        "threads",
        "steps",
        "ms/step",
        "steps/s",
        "/ pytorch 1t",
        "/ pytorch same threads",
        "sgemm bound / step",
      ],
      rows,
    );
  }
  for (const t of r.train) {
    if ("sgemm" in t && t.sgemm) {
      console.log(
        `${benchModelOf(t.config)} on ${t.config.backend}: ${t.sgemm.msPerStep.toFixed(1)} of ` +
          `${t.medianMs.toFixed(1)} ms per step inside sgemm (${
            t.sgemm.gflopPerStep.toFixed(3)
          } GFLOP executed); the rest is kernels, tape and optimiser`,
      );
    }
  }
  for (const group of r.paired ?? []) printPaired(group);
  if (r.sgemm.length > 0) {
    console.log(
      `\n## sgemm on the matMuls one ${
        r.sgemmModel ?? "MNIST"
      } step executes (the bound: matMuls alone)`,
    );
    table(
      ["library", "", "", "GFLOP", "ms", "GFLOP/s"],
      r.sgemm.map((s) =>
        typeof s === "string"
          ? [s, "", ""]
          : [s.library, "", "", s.gflop.toFixed(3), s.ms.toFixed(1), s.gflops.toFixed(1)]
      ),
    );
  }
  const profiled = r.train.find((t): t is TrainBenchResult => "kernels" in t && !!t.kernels);
  if (profiled?.kernels) {
    console.log(
      `\n## Slowest kernels of one profiled ${benchModelOf(profiled.config)} step on ` +
        `${profiled.config.backend} ` +
        `(${profiled.profiledStepMs?.toFixed(0)} ms with profiling)`,
    );
    table(
      ["kernel", "", "", "calls", "ms"],
      profiled.kernels.slice(0, 10).map((k) => [k.name, "", "", String(k.calls), k.ms.toFixed(1)]),
    );
  }
  if (r.notebook5 && r.notebook5.length > 0) printNotebook(r.notebook5);
  if (r.eval !== null) {
    console.log("\n## Evaluation at MNIST size");
    if (typeof r.eval === "string") console.log(r.eval);
    else {
      console.log(
        `nearest neighbours 10k queries x 50k training images on ${r.eval.config.backend}: ` +
          `${r.eval.nearestSeconds.toFixed(2)} s`,
      );
      console.log(
        r.eval.parzenSeconds === null
          ? "Parzen (10k centres, 10k test, sigma on 1k validation): skipped (pass --parzen)"
          : `Parzen (10k centres, 10k test, sigma on 1k validation): ${
            r.eval.parzenSeconds.toFixed(1)
          } s, mean ${r.eval.parzenMean?.toFixed(2)} nats`,
      );
    }
  }
}

/** Quantile `q` of the finite values of `xs` (nearest rank). */
function quantile(xs: number[], q: number): number {
  const sorted = xs.filter(Number.isFinite).sort((p, q) => p - q);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const PAIRED_TITLES: Record<BenchModel, string> = {
  "toy2d": "the 2-D GAN step (toy2d)",
  "mnist-simultaneous": "the paper-MNIST step, simultaneous (the paper preset's update)",
  "mnist-alternating": "the paper-MNIST step, alternating (D update, then G update)",
};

function printPaired({ model, runs }: PairedGroup): void {
  const torch = runs.filter((x) => x.member.kind === "pytorch" && x.stepMs.some(Number.isFinite));
  const oneThread = torch.find((x) => x.member.threads === 1);
  // The PyTorch run with at most `threads` threads of any kind whose steps are fastest (median).
  const fastest = (threads: number) =>
    torch.filter((x) => x.member.threads <= threads).sort((p, q) =>
      median(p.stepMs.filter(Number.isFinite)) - median(q.stepMs.filter(Number.isFinite))
    )[0];
  const cycles = Math.max(...runs.map((x) => x.stepMs.length));
  console.log(
    `\n## Paired: ${
      PAIRED_TITLES[model]
    }, ${cycles} steps per row in alternation (one step of each ` +
      "warm process per cycle); ratios are medians of per-cycle ratios",
  );
  const rows = runs.map((x) => {
    const ok = x.stepMs.filter(Number.isFinite);
    const same = fastest(x.member.threads);
    const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "-");
    return typeof x.info === "string" && ok.length === 0 ? [x.member.label, "", "", x.info] : [
      x.member.label,
      "",
      String(x.member.threads),
      String(ok.length),
      median(ok).toFixed(1),
      quantile(ok, 0.1).toFixed(1),
      oneThread ? fmt(pairedRatio(x.stepMs, oneThread.stepMs)) : "-",
      same ? fmt(pairedRatio(x.stepMs, same.stepMs)) : "-",
    ];
  });
  table(
    [
      "who",
      "",
      "threads",
      "steps",
      "ms/step",
      "p10 ms",
      "/ pytorch 1t",
      "/ fastest pytorch on as many threads",
    ],
    rows,
  );
}

function printNotebook(timings: NotebookTiming[]): void {
  console.log(
    "\n## Notebook 5's loss comparison (experiments/beyond.ts runBeyond: 8 losses x ring/grid, " +
      "16 runs, seed 0, default backend); seconds of training per run, scoring excluded",
  );
  for (const t of timings) {
    if ("error" in t) {
      console.log(`${t.mode} mode: ${t.error}`);
      continue;
    }
    console.log(
      `${t.mode} mode: ${t.runs.length} runs of ${t.sizes.steps} steps (batch ${t.sizes.batchSize}, ` +
        `hidden ${t.sizes.hidden.join("x")}) on ${t.backend}: ${
          t.trainingSeconds.toFixed(1)
        } s of ` +
        `training (runBeyond ${t.wallSeconds.toFixed(1)} s with scoring, process ` +
        `${t.processSeconds.toFixed(1)} s)${
          t.mode === "full"
            ? `; target <= ${NOTEBOOK5_FULL_TARGET_S} s, notebook 05's committed full run ` +
              `${NOTEBOOK5_FULL_BASELINE_S} s`
            : ""
        }`,
    );
    table(
      ["dataset", "loss", "", "steps", "time (s)", "ms/G step", "modes", "note"],
      t.runs.map((run) => [
        run.dataset,
        run.label,
        "",
        String(run.steps),
        run.seconds.toFixed(2),
        (1000 * run.seconds / Math.max(1, run.steps)).toFixed(1),
        run.modes,
        run.diverged ? "diverged" : "",
      ]),
    );
  }
}
