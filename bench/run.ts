/**
 * `deno task bench`: training speed of the library against PyTorch and the sgemm bound, in one
 * run (so the ratios are comparable on a shared machine).
 *
 * Measures, each configuration in its own process:
 *  - steps/s of the library's real training step (`bench/train_bench.ts`) for the paper's
 *    MNIST GAN and a small 2-D GAN on every backend that starts here (native, wasm, cpu,
 *    webgpu), warm-up steps excluded;
 *  - the same steps in PyTorch (`bench/torch_step.py`) when Debian's `python3-torch` is
 *    installed, with its intra-op and OpenBLAS threads both set (1 + 1, 1 + 2, 2 + 2);
 *  - the step's matMuls alone through FFI sgemm (and numpy): the sgemm bound;
 *  - the nearest-neighbour search (10k x 50k) and, with `--parzen`, the Parzen protocol.
 * Prints ms/step, the ratios to PyTorch (its 1-thread run, and its fastest run on no more
 * threads than the row uses) and the fraction of the sgemm bound, and writes everything to `bench/results/latest.json` (or `--out=PATH`).
 *
 * Flags: `--only=train,torch,paired,sgemm,eval` (parts), `--backends=native,wasm,cpu,webgpu`,
 * `--models=mnist,toy2d`, `--threads=1,2` (native/wasm thread counts, default 1),
 * `--steps=N` (timed MNIST steps on native/wasm), `--rounds=N` (default 3: every
 * configuration runs once per round, in turn, its steps split over the rounds and pooled),
 * `--paired=N` (default 30: paired timing, see `bench/paired.ts`, of the MNIST step on native
 * and in PyTorch, N steps each in alternation; 0 skips it), `--parzen`, `--out=PATH`.
 * Defaults take about 10 minutes on a 2-core machine (webgpu on llvmpipe and cpu are most of it).
 *
 * @module
 */
import type { TrainBenchConfig, TrainBenchResult } from "./train_bench.ts";
import type { EvalBenchResult } from "./eval_bench.ts";
import { ffiSgemmRate, numpySgemmRate, type SgemmRate } from "./sgemm_rate.ts";
import { printReport, type TorchResult } from "./report.ts";
import { median } from "./timing.ts";
import { type PairedMember, type PairedRun, runPaired } from "./paired.ts";

const flag = (name: string): string | undefined =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const list = (name: string, fallback: string) => (flag(name) ?? fallback).split(",");
const parts = new Set(list("only", "train,torch,paired,sgemm,eval"));
const backends = list("backends", "native,wasm,cpu,webgpu");
const models = list("models", "mnist,toy2d") as ("mnist" | "toy2d")[];
const threadCounts = list("threads", "1").map(Number);
const rounds = Number(flag("rounds") ?? 3);
const pairedCycles = Number(flag("paired") ?? 30);
if (!Number.isInteger(pairedCycles) || pairedCycles < 0) {
  throw new RangeError(
    `Cannot run the benchmark as --paired must be a non-negative integer: ${pairedCycles}`,
  );
}
if (!Number.isInteger(rounds) || rounds < 1) {
  throw new RangeError(
    `Cannot run the benchmark as --rounds must be a positive integer: ${rounds}`,
  );
}
const mnistSteps = flag("steps") === undefined ? undefined : Number(flag("steps"));
const outPath = flag("out") ?? new URL("./results/latest.json", import.meta.url).pathname;
const here = (file: string) => new URL(file, import.meta.url).pathname;

/** Warm-up and timed steps per backend: slow backends get few. */
function stepsFor(model: "mnist" | "toy2d", backend: string): [number, number] {
  if (model === "toy2d") return backend === "webgpu" ? [3, 15] : [5, 40];
  const plan: Record<string, [number, number]> = {
    native: [3, mnistSteps ?? 30],
    wasm: [2, mnistSteps ?? 8],
    cpu: [1, 2],
    webgpu: [1, 3],
  };
  return plan[backend];
}

async function child<T>(
  args: string[],
  cmd = Deno.execPath(),
  env: Record<string, string> = {},
): Promise<T | string> {
  try {
    const out = await new Deno.Command(cmd, { args, env: { NO_COLOR: "1", ...env } }).output();
    const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-2).join(" ");
      return `failed (${out.code}): ${err.slice(0, 300)}`;
    }
    return JSON.parse(text) as T;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}

/**
 * PyTorch's thread settings measured. `torch.set_num_threads` sets only the intra-op (OpenMP)
 * threads: Debian's torch calls OpenBLAS, whose threads follow OPENBLAS_NUM_THREADS (default:
 * every core), so both are set for each run. 1 + 2 is what `set_num_threads(1)` gives by
 * default on 2 cores; 2 + 2 idles OpenMP passively, as spinning OpenMP threads starve
 * OpenBLAS's (about 150 ms a step here otherwise).
 */
const TORCH_CONFIGS = [
  { threads: 1, blasThreads: 1 },
  { threads: 1, blasThreads: 2 },
  { threads: 2, blasThreads: 2 },
  // PyTorch as installed: no thread settings at all (threads 0 = its defaults: every core).
  { threads: 0, blasThreads: 0 },
];

function torchEnv(threads: number, blasThreads: number): Record<string, string> {
  if (threads === 0) return {};
  return {
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(blasThreads),
    MKL_NUM_THREADS: String(blasThreads),
    OMP_WAIT_POLICY: "PASSIVE",
  };
}

async function torchAvailable(): Promise<string | null> {
  try {
    const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", "import torch"] })
      .output();
    return out.success ? null : "python3-torch is not installed";
  } catch {
    return "/usr/bin/python3 is missing";
  }
}

const started = new Date();
console.log(`# deno task bench, ${started.toISOString()}, ${navigator.hardwareConcurrency} cores`);
const results = {
  date: started.toISOString(),
  cores: navigator.hardwareConcurrency,
  loadAverage: Deno.loadavg(),
  train: [] as (TrainBenchResult | { config: TrainBenchConfig; error: string })[],
  torch: [] as TorchResult[],
  torchMissing: null as string | null,
  sgemm: [] as (SgemmRate | string)[],
  eval: null as EvalBenchResult | string | null,
  paired: [] as PairedRun[],
};

/** One measurement to repeat in each round: a PyTorch run or a library run. */
type Job =
  | { kind: "torch"; model: "mnist" | "toy2d"; threads: number; blasThreads: number }
  | { kind: "train"; config: TrainBenchConfig };
const jobs: Job[] = [];

if (parts.has("torch")) {
  results.torchMissing = await torchAvailable();
  if (results.torchMissing) {
    console.log(
      `PyTorch skipped: ${results.torchMissing} (Debian: apt-get install -y python3-torch; ` +
        `it is run with /usr/bin/python3)`,
    );
  } else {
    for (const model of models) {
      for (const { threads, blasThreads } of TORCH_CONFIGS) {
        jobs.push({ kind: "torch", model, threads, blasThreads });
      }
    }
  }
}

if (parts.has("train")) {
  for (const model of models) {
    for (const backend of backends) {
      const threads = backend === "native" || backend === "wasm" ? threadCounts : [1];
      for (const t of threads) {
        const [warmup, steps] = stepsFor(model, backend);
        jobs.push({
          kind: "train",
          config: {
            model,
            backend: backend as TrainBenchConfig["backend"],
            threads: t,
            warmup,
            steps: Math.max(1, Math.ceil(steps / rounds)),
            // The first MNIST configuration also reports its matMul shapes for the sgemm bound.
            profile: model === "mnist" && !jobs.some((j) => j.kind === "train" && j.config.profile),
          },
        });
      }
    }
  }
}

// Rounds: every job runs once per round, in turn, and its timed steps are pooled. The
// machines this runs on are shared: their speed drifts by 20-40% over minutes, and
// interleaving spreads the drift over every row instead of favouring the row that ran first.
const torchRuns = new Map<Job, TorchResult>();
const trainRuns = new Map<Job, TrainBenchResult | { config: TrainBenchConfig; error: string }>();
for (let round = 1; round <= rounds; round++) {
  for (const job of jobs) {
    if (job.kind === "torch") {
      const { model, threads, blasThreads } = job;
      const [warmup, steps] = model === "mnist" ? [3, 30] : [5, 40];
      const perRound = Math.max(1, Math.ceil(steps / rounds));
      console.error(
        `round ${round}/${rounds}: torch ${model}, ${threads} intra-op thread(s), OpenBLAS ` +
          `${blasThreads}...`,
      );
      const r = await child<{ torch: string; blasThreads: number | null; stepMs: number[] }>(
        [here("./torch_step.py"), model, String(threads), String(warmup), String(perRound)],
        "/usr/bin/python3",
        torchEnv(threads, blasThreads),
      );
      const before = torchRuns.get(job);
      if (before !== undefined && "error" in before) continue;
      torchRuns.set(
        job,
        typeof r === "string" ? { model, threads, blasThreads, error: r } : {
          model,
          threads,
          blasThreads: r.blasThreads ?? blasThreads,
          version: r.torch,
          stepMs: [...(before && "stepMs" in before ? before.stepMs : []), ...r.stepMs],
        },
      );
    } else {
      const { config } = job;
      // Only the first round profiles (profiling is not timed).
      const runConfig = { ...config, profile: config.profile && round === 1 };
      console.error(
        `round ${round}/${rounds}: ${config.model} on ${config.backend}, ${config.threads} ` +
          `thread(s), ${config.warmup}+${config.steps} steps...`,
      );
      const r = await child<TrainBenchResult>([
        "run",
        "-A",
        here("./train_bench.ts"),
        JSON.stringify(runConfig),
      ]);
      const before = trainRuns.get(job);
      if (before !== undefined && "error" in before) continue;
      if (typeof r === "string") {
        trainRuns.set(job, { config, error: r });
      } else if (before === undefined) {
        trainRuns.set(job, r);
      } else {
        const stepMs = [...before.stepMs, ...r.stepMs];
        const sgemm = before.sgemm && r.sgemm
          ? {
            msPerStep: (before.sgemm.msPerStep * before.stepMs.length +
              r.sgemm.msPerStep * r.stepMs.length) / stepMs.length,
            gflopPerStep: r.sgemm.gflopPerStep,
          }
          : before.sgemm;
        trainRuns.set(job, { ...before, stepMs, medianMs: median(stepMs), sgemm });
      }
    }
  }
}
results.torch.push(...torchRuns.values());
results.train.push(...trainRuns.values());

if (parts.has("paired") && pairedCycles > 0 && models.includes("mnist")) {
  if (results.torchMissing === null) results.torchMissing = await torchAvailable();
  const members: PairedMember[] = [];
  if (backends.includes("native")) {
    for (const t of threadCounts) {
      const config: TrainBenchConfig = {
        model: "mnist",
        backend: "native",
        threads: t,
        warmup: 3,
        steps: 0,
      };
      members.push({
        label: "native",
        kind: "library",
        threads: t,
        command: Deno.execPath(),
        args: ["run", "-A", here("./train_bench.ts"), JSON.stringify(config), "serve"],
      });
    }
  }
  if (results.torchMissing === null) {
    for (const { threads, blasThreads } of TORCH_CONFIGS) {
      members.push({
        label: threads === 0
          ? "pytorch, its defaults (no thread settings)"
          : `pytorch, ${threads} intra-op + OpenBLAS ${blasThreads}`,
        kind: "pytorch",
        threads: threads === 0 ? navigator.hardwareConcurrency : Math.max(threads, blasThreads),
        command: "/usr/bin/python3",
        args: [here("./torch_step.py"), "mnist", String(threads), "3", "0", "serve"],
        env: torchEnv(threads, blasThreads),
      });
    }
  }
  if (members.length > 1) {
    console.error(`paired: ${members.length} warm processes, ${pairedCycles} cycles...`);
    results.paired = await runPaired(members, pairedCycles);
  }
}

if (parts.has("sgemm")) {
  const profiled = results.train.find((r) => "matMuls" in r && r.matMuls);
  const shapes = profiled && "matMuls" in profiled ? profiled.matMuls! : null;
  if (shapes === null) {
    results.sgemm.push("no profiled MNIST step to take the matMul shapes from (run with train)");
  } else {
    for (const t of [1, 2]) {
      try {
        results.sgemm.push(ffiSgemmRate(shapes, t));
      } catch (error) {
        results.sgemm.push(`FFI sgemm unavailable: ${(error as Error).message}`);
      }
    }
    results.sgemm.push(await numpySgemmRate(shapes, 1));
  }
}

if (parts.has("eval")) {
  const backend = backends.includes("native") ? "native" : backends[0];
  console.error(`evaluation on ${backend}...`);
  results.eval = await child<EvalBenchResult>([
    "run",
    "-A",
    here("./eval_bench.ts"),
    JSON.stringify({ backend, threads: 1, parzen: Deno.args.includes("--parzen") }),
  ]);
}

printReport(results);
await Deno.mkdir(new URL(".", `file://${outPath}`).pathname, { recursive: true });
await Deno.writeTextFile(outPath, JSON.stringify(results, null, 2));
console.log(`\nresults: ${outPath}`);
