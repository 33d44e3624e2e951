/**
 * `deno task bench`: training speed of the library against PyTorch and the sgemm bound, in one
 * run (so the ratios are comparable on a shared machine), and the time of notebook 5's loss
 * comparison.
 *
 * Measures, each configuration in its own process:
 *  - steps/s of the library's real training step (`bench/train_bench.ts`) for the paper's
 *    MNIST GAN and a small 2-D GAN ("toy2d") on every backend that starts here (native, wasm,
 *    cpu, webgpu), warm-up steps excluded. The MNIST step in both update rules of
 *    `paperMnistTrainer`: "simultaneous" (the paper preset's default, the authors' one-pass
 *    step) and "alternating" (Algorithm 1: a D update, then a G update on fresh noise); rows are
 *    named `mnist-simultaneous` and `mnist-alternating`;
 *  - the same steps in PyTorch (`bench/torch_step.py`: `mnist-simultaneous`, `mnist` for the
 *    alternating step, `toy2d`) when Debian's `python3-torch` is installed, with its intra-op and
 *    OpenBLAS threads both set (1 + 1, 1 + 2, 2 + 2, and its defaults);
 *  - paired timing (`bench/paired.ts`) of each of those steps on native against PyTorch: warm
 *    processes step in alternation, one table per step (toy2d, mnist-simultaneous,
 *    mnist-alternating); ratios are medians of per-cycle ratios. The library runs toy2d on 1
 *    thread and MNIST on each of `--paired-threads` (default 1 and 2); every row is divided by
 *    PyTorch 1 + 1 and by PyTorch's fastest setting on no more threads than the row;
 *  - the step's matMuls alone through FFI sgemm (and numpy): the sgemm bound;
 *  - the nearest-neighbour search (10k x 50k) and, with `--parzen`, the Parzen protocol;
 *  - notebook 5's loss comparison (`bench/beyond_bench.ts`: `runBeyond` of
 *    `experiments/beyond.ts`, 16 runs, 8 losses x ring and grid, on the default backend):
 *    seconds of training per run and in total, quick mode by default, full mode (2000 steps a
 *    run, about 13 minutes today) only with `--notebook5=full` (or `quick,full`).
 * Prints ms/step, the ratios to PyTorch (its 1-thread run, and its fastest run on no more
 * threads than the row uses) and the fraction of the sgemm bound, and writes everything to
 * `bench/results/latest.json` (or `--out=PATH`).
 *
 * Flags:
 *  - `--only=train,torch,paired,sgemm,eval,notebook5` (parts; default all of them);
 *  - `--backends=native,wasm,cpu,webgpu` (train part);
 *  - `--models=mnist,toy2d`: `mnist` stands for the update rules of `--updates`; the names
 *    `mnist-simultaneous` and `mnist-alternating` are accepted too;
 *  - `--updates=simultaneous,alternating` (MNIST update rules, default both);
 *  - `--threads=1,2` (native/wasm thread counts of the train part, default 1);
 *  - `--paired-threads=1,2` (native thread counts of the library's MNIST rows in the paired
 *    part, default 1,2; toy2d is paired on 1 thread);
 *  - `--steps=N` (timed MNIST steps on native/wasm);
 *  - `--rounds=N` (default 3: every configuration runs once per round, in turn, its steps split
 *    over the rounds and pooled);
 *  - `--paired=N` (default 30: cycles of the paired part, N steps per row; 0 skips it);
 *  - `--notebook5=quick|full|quick,full|none` (default quick; full takes about 13 minutes);
 *  - `--parzen`, `--out=PATH`.
 * Examples: `deno task bench --only=paired --models=toy2d --paired=10`;
 * `deno task bench --only=notebook5 --notebook5=full` (the full notebook-5 timing alone).
 * Defaults take about 15 minutes on a 2-core machine (webgpu on llvmpipe and cpu are most of
 * the train part).
 *
 * @module
 */
import type { TrainBenchConfig, TrainBenchResult } from "./train_bench.ts";
import type { EvalBenchResult } from "./eval_bench.ts";
import { ffiSgemmRate, numpySgemmRate, type SgemmRate } from "./sgemm_rate.ts";
import type { BeyondBenchResult } from "./beyond_bench.ts";
import {
  type BenchModel,
  benchModelOf,
  type NotebookTiming,
  type PairedGroup,
  printReport,
  type TorchResult,
} from "./report.ts";
import { median } from "./timing.ts";
import { type PairedMember, runPaired } from "./paired.ts";
import { torchEnv } from "./torch_env.ts";

const flag = (name: string): string | undefined =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const list = (name: string, fallback: string) => (flag(name) ?? fallback).split(",");
const parts = new Set(list("only", "train,torch,paired,sgemm,eval,notebook5"));
const backends = list("backends", "native,wasm,cpu,webgpu");
const UPDATES = ["simultaneous", "alternating"] as const;
const updates = list("updates", UPDATES.join(","));
for (const u of updates) {
  if (!(UPDATES as readonly string[]).includes(u)) {
    throw new RangeError(
      `Cannot run the benchmark as --updates must list simultaneous and/or alternating: ${u}`,
    );
  }
}
/** The steps timed: `mnist` expands to one MNIST step per update rule. */
const models: BenchModel[] = [
  ...new Set(
    list("models", "mnist,toy2d").flatMap((m): BenchModel[] => {
      if (m === "mnist") return updates.map((u) => `mnist-${u}` as BenchModel);
      if (m === "toy2d" || m === "mnist-simultaneous" || m === "mnist-alternating") return [m];
      throw new RangeError(
        `Cannot run the benchmark as --models must list mnist, mnist-simultaneous, ` +
          `mnist-alternating or toy2d: ${m}`,
      );
    }),
  ),
];
const isMnist = (m: BenchModel) => m !== "toy2d";
/** The library's configuration fields for a step. */
const libraryModel = (m: BenchModel): Pick<TrainBenchConfig, "model" | "update"> =>
  m === "toy2d"
    ? { model: "toy2d" }
    : { model: "mnist", update: m === "mnist-simultaneous" ? "simultaneous" : "alternating" };
const threadCounts = list("threads", "1").map(Number);
const pairedThreads = list("paired-threads", "1,2").map(Number);
for (const t of [...threadCounts, ...pairedThreads]) {
  if (!Number.isInteger(t) || t < 1 || t > 8) {
    throw new RangeError(
      `Cannot run the benchmark as --threads and --paired-threads must list integers in ` +
        `[1, 8]: ${t}`,
    );
  }
}
const notebookModes = list("notebook5", "quick").filter((m) => m !== "none");
for (const m of notebookModes) {
  if (m !== "quick" && m !== "full") {
    throw new RangeError(
      `Cannot run the benchmark as --notebook5 must be quick, full, quick,full or none: ${m}`,
    );
  }
}
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
/**
 * Untimed steps before the 2-D GAN is timed, in every process (library and PyTorch alike). The
 * step is small enough that JIT warm-up shows: on native after 5 steps it took 2.5 ms, after 200
 * steps 1.27 ms (2026-12-02; PyTorch 1.2-1.45 ms either way).
 */
const TOY2D_WARMUP = 200;

function stepsFor(model: "mnist" | "toy2d", backend: string): [number, number] {
  if (model === "toy2d") return backend === "webgpu" ? [3, 15] : [TOY2D_WARMUP, 300];
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
 *
 * `keepMemory` runs PyTorch with glibc's malloc told to keep freed memory
 * (`KEEP_MEMORY_ENV` in bench/torch_env.ts). As installed, glibc hands the MNIST step's large freed
 * tensors back to the kernel and PyTorch page-faults them in again on the next step: measured
 * 2026-12-02 on one thread, 110 ms a step as installed against 40-42 ms so tuned (either
 * variable alone: 130 and 175 ms). The tuned rows are PyTorch's fastest settings here.
 */
const TORCH_CONFIGS = [
  { threads: 1, blasThreads: 1, keepMemory: false },
  { threads: 1, blasThreads: 2, keepMemory: false },
  { threads: 2, blasThreads: 2, keepMemory: false },
  // PyTorch as installed: no thread settings at all (threads 0 = its defaults: every core).
  { threads: 0, blasThreads: 0, keepMemory: false },
  { threads: 1, blasThreads: 1, keepMemory: true },
  { threads: 1, blasThreads: 2, keepMemory: true },
  { threads: 2, blasThreads: 2, keepMemory: true },
];

/** A PyTorch configuration's row label. */
function torchLabel(model: string, threads: number, blasThreads: number, keepMemory: boolean) {
  const base = threads === 0
    ? `pytorch ${model}, its defaults (no thread settings)`
    : `pytorch ${model}, ${threads} intra-op + OpenBLAS ${blasThreads}`;
  return keepMemory ? `${base}, malloc keeps memory` : base;
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
  sgemmModel: null as BenchModel | null,
  eval: null as EvalBenchResult | string | null,
  paired: [] as PairedGroup[],
  notebook5: [] as NotebookTiming[],
};

/** One measurement to repeat in each round: a PyTorch run or a library run. */
type Job =
  | { kind: "torch"; model: BenchModel; threads: number; blasThreads: number; keepMemory: boolean }
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
      for (const { threads, blasThreads, keepMemory } of TORCH_CONFIGS) {
        jobs.push({ kind: "torch", model, threads, blasThreads, keepMemory });
      }
    }
  }
}

if (parts.has("train")) {
  for (const model of models) {
    for (const backend of backends) {
      const threads = backend === "native" || backend === "wasm" ? threadCounts : [1];
      for (const t of threads) {
        const [warmup, steps] = stepsFor(isMnist(model) ? "mnist" : "toy2d", backend);
        jobs.push({
          kind: "train",
          config: {
            ...libraryModel(model),
            backend: backend as TrainBenchConfig["backend"],
            threads: t,
            warmup,
            steps: Math.max(1, Math.ceil(steps / rounds)),
            // The first MNIST configuration also reports its matMul shapes for the sgemm bound.
            profile: isMnist(model) &&
              !jobs.some((j) => j.kind === "train" && j.config.profile),
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
      const { model, threads, blasThreads, keepMemory } = job;
      const [warmup, steps] = isMnist(model) ? [3, 30] : [TOY2D_WARMUP, 300];
      const perRound = Math.max(1, Math.ceil(steps / rounds));
      console.error(
        `round ${round}/${rounds}: torch ${model}, ${threads} intra-op thread(s), OpenBLAS ` +
          `${blasThreads}${keepMemory ? ", malloc keeps memory" : ""}...`,
      );
      const r = await child<{ torch: string; blasThreads: number | null; stepMs: number[] }>(
        [here("./torch_step.py"), model, String(threads), String(warmup), String(perRound)],
        "/usr/bin/python3",
        torchEnv(threads, blasThreads, keepMemory),
      );
      const before = torchRuns.get(job);
      if (before !== undefined && "error" in before) continue;
      torchRuns.set(
        job,
        typeof r === "string" ? { model, threads, blasThreads, keepMemory, error: r } : {
          model,
          threads,
          blasThreads: r.blasThreads ?? blasThreads,
          keepMemory,
          version: r.torch,
          stepMs: [...(before && "stepMs" in before ? before.stepMs : []), ...r.stepMs],
        },
      );
    } else {
      const { config } = job;
      // Only the first round profiles (profiling is not timed).
      const runConfig = { ...config, profile: config.profile && round === 1 };
      console.error(
        `round ${round}/${rounds}: ${benchModelOf(config)} on ${config.backend}, ` +
          `${config.threads} ` +
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

/** The paired rows of one step: the library on native, then PyTorch in each setting. */
function pairedMembers(model: BenchModel): PairedMember[] {
  const members: PairedMember[] = [];
  if (backends.includes("native")) {
    // The 2-D GAN is compared on one thread each; MNIST on each of --paired-threads.
    for (const t of isMnist(model) ? pairedThreads : [1]) {
      const config: TrainBenchConfig = {
        ...libraryModel(model),
        backend: "native",
        threads: t,
        warmup: isMnist(model) ? 3 : TOY2D_WARMUP,
        steps: 0,
      };
      members.push({
        label: `native, ${model}`,
        kind: "library",
        threads: t,
        command: Deno.execPath(),
        args: ["run", "-A", here("./train_bench.ts"), JSON.stringify(config), "serve"],
      });
    }
  }
  if (results.torchMissing === null) {
    for (const { threads, blasThreads, keepMemory } of TORCH_CONFIGS) {
      members.push({
        label: torchLabel(model, threads, blasThreads, keepMemory),
        kind: "pytorch",
        threads: threads === 0 ? navigator.hardwareConcurrency : Math.max(threads, blasThreads),
        command: "/usr/bin/python3",
        args: [
          here("./torch_step.py"),
          model,
          String(threads),
          String(isMnist(model) ? 3 : TOY2D_WARMUP),
          "0",
          "serve",
        ],
        env: torchEnv(threads, blasThreads, keepMemory),
      });
    }
  }
  return members;
}

if (parts.has("paired") && pairedCycles > 0) {
  if (results.torchMissing === null) results.torchMissing = await torchAvailable();
  // One group per step, each its own set of warm processes: toy2d first (quick), then MNIST.
  for (const model of [...models].sort((p, q) => Number(isMnist(p)) - Number(isMnist(q)))) {
    const members = pairedMembers(model);
    if (members.length < 2) continue;
    console.error(`paired ${model}: ${members.length} warm processes, ${pairedCycles} cycles...`);
    results.paired.push({ model, runs: await runPaired(members, pairedCycles) });
  }
}

if (parts.has("sgemm")) {
  const profiled = results.train.find((r) => "matMuls" in r && r.matMuls);
  if (profiled) results.sgemmModel = benchModelOf(profiled.config);
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

if (parts.has("notebook5")) {
  // Notebook 5's loss comparison on the default backend (as the notebook: "auto"), each mode in
  // its own process, quick first.
  for (const mode of ["quick", "full"] as const) {
    if (!notebookModes.includes(mode)) continue;
    console.error(`notebook 5's loss comparison, ${mode} mode (16 runs)...`);
    const t0 = performance.now();
    const r = await child<BeyondBenchResult>(["run", "-A", here("./beyond_bench.ts"), mode]);
    results.notebook5.push(
      typeof r === "string"
        ? { mode, error: r }
        : { ...r, processSeconds: (performance.now() - t0) / 1000 },
    );
  }
}

printReport(results);
await Deno.mkdir(new URL(".", `file://${outPath}`).pathname, { recursive: true });
await Deno.writeTextFile(outPath, JSON.stringify(results, null, 2));
console.log(`\nresults: ${outPath}`);
