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

/** One PyTorch measurement: intra-op (OpenMP) threads and OpenBLAS threads. */
export type TorchResult =
  | { model: string; threads: number; blasThreads: number; version: string; stepMs: number[] }
  | { model: string; threads: number; blasThreads: number; error: string };

/** Everything `bench/run.ts` collects. */
export interface BenchResults {
  train: (TrainBenchResult | { config: TrainBenchConfig; error: string })[];
  torch: TorchResult[];
  torchMissing: string | null;
  sgemm: (SgemmRate | string)[];
  eval: EvalBenchResult | string | null;
  paired?: PairedRun[];
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
      model === "mnist" && boundFor(threads) ? (boundFor(threads)!.ms / ms).toFixed(3) : "-",
    ]);
  };
  for (const t of r.torch) {
    if ("stepMs" in t) {
      const intraOp = t.threads === 0 ? "default" : String(t.threads);
      const who = `pytorch ${t.version}, ${intraOp} intra-op + OpenBLAS ${t.blasThreads}`;
      row(t.model, who, Math.max(t.threads, t.blasThreads), median(t.stepMs), t.stepMs.length);
    } else rows.push([t.model, `pytorch, OpenBLAS ${t.blasThreads}`, String(t.threads), t.error]);
  }
  for (const t of r.train) {
    const { model, backend, threads } = t.config;
    if ("error" in t) rows.push([model, backend, String(threads), t.error]);
    else row(model, backend, threads, t.medianMs, t.stepMs.length);
  }
  if (rows.length > 0) {
    console.log(
      "\n## Training step: one D update + one G update, batch 100 (median, warm-up excluded)",
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
        `${t.config.model} on ${t.config.backend}: ${t.sgemm.msPerStep.toFixed(1)} of ` +
          `${t.medianMs.toFixed(1)} ms per step inside sgemm (${
            t.sgemm.gflopPerStep.toFixed(3)
          } GFLOP executed); the rest is kernels, tape and optimiser`,
      );
    }
  }
  if (r.paired && r.paired.length > 0) printPaired(r.paired);
  if (r.sgemm.length > 0) {
    console.log("\n## sgemm on the matMuls one MNIST step executes (the bound: matMuls alone)");
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
      `\n## Slowest kernels of one profiled MNIST step on ${profiled.config.backend} ` +
        `(${profiled.profiledStepMs?.toFixed(0)} ms with profiling)`,
    );
    table(
      ["kernel", "", "", "calls", "ms"],
      profiled.kernels.slice(0, 10).map((k) => [k.name, "", "", String(k.calls), k.ms.toFixed(1)]),
    );
  }
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

function printPaired(runs: PairedRun[]): void {
  const torch = runs.filter((x) => x.member.kind === "pytorch" && x.stepMs.some(Number.isFinite));
  const oneThread = torch.find((x) => x.member.threads === 1);
  // The PyTorch run with at most `threads` threads of any kind whose steps are fastest (median).
  const fastest = (threads: number) =>
    torch.filter((x) => x.member.threads <= threads).sort((p, q) =>
      median(p.stepMs.filter(Number.isFinite)) - median(q.stepMs.filter(Number.isFinite))
    )[0];
  const cycles = Math.max(...runs.map((x) => x.stepMs.length));
  console.log(
    `\n## Paired: the paper-MNIST step, ${cycles} steps per row in alternation (one step of each ` +
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
