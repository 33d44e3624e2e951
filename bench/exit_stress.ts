/**
 * Exit stress: runs short processes many times, two at once, and counts how many exit 0.
 *
 * Issue 13: processes passed all their work and then aborted at exit with glibc's
 * `corrupted size vs. prev_size` (exit 134, SIGABRT), 1 in 8 to 1 in 40 runs on a busy 2-core
 * machine, when the WebGPU probe had loaded Mesa's llvmpipe. This script runs
 *  - the smallest reproducer found, `OPENBLAS_NUM_THREADS=1 deno test -A --doc README.md
 *    lib/backend/blas.ts lib/backend/native_backend.ts`, and
 *  - `bench/exit_stress_train.ts`, a small script that starts the backend with
 *    `initBackend()` and trains a 1-D GAN for 20 steps,
 * N times each and prints `N runs, N clean exits` per kind, with the exit code (or signal)
 * and the last stderr lines of every unclean run. Not part of `deno task test` (minutes).
 * With `--probe-runs=N` it also runs the reproducer plus `bench/exit_stress_probe.ts`, which
 * asks WebGPU for an adapter as `initBackend()` did before the fix: the same code with and
 * without the GPU driver stack loaded.
 *
 * Flags: `--runs=N` (reproducer runs, default 200), `--train-runs=N` (default 50),
 * `--probe-runs=N` (reproducer + probe, default 0), `--bare-runs=N` (N processes that only ask
 * WebGPU for an adapter and N that only start and exit, default 0: the probe alone), `--progress`
 * (a line every 20 runs of a kind),
 * `--parallel=N` (processes at once, default 2), `--timeout=S` (a process still running after S
 * seconds is killed and counted unclean, default 900), `--root=DIR` (the checkout to run in,
 * default this one: point it at another checkout to measure a before/after).
 * Run it under `nice` on a shared machine: `nice -n 15 deno run -A bench/exit_stress.ts`.
 *
 * @module
 */
const flag = (name: string): string | undefined =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const count = (name: string, fallback: number): number => {
  const value = Number(flag(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`Cannot run the stress test as --${name} must be an integer >= 0`);
  }
  return value;
};
const runs = count("runs", 200);
const trainRuns = count("train-runs", 50);
const probeRuns = count("probe-runs", 0);
const bareRuns = count("bare-runs", 0);
const parallel = Math.max(1, count("parallel", 2));
const timeoutSeconds = Math.max(1, count("timeout", 900));
const root = flag("root") ?? new URL("..", import.meta.url).pathname;

/** One kind of process to run: its `deno` arguments and extra environment. */
interface Kind {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const reproducer = [
  "test",
  "-A",
  "--doc",
  "README.md",
  "lib/backend/blas.ts",
  "lib/backend/native_backend.ts",
];
const kinds: Array<[Kind, number]> = [
  [{ name: "reproducer", args: reproducer, env: { OPENBLAS_NUM_THREADS: "1" } }, runs],
  [{
    name: "reproducer + WebGPU probe",
    args: [...reproducer, "bench/exit_stress_probe.ts"],
    env: { OPENBLAS_NUM_THREADS: "1" },
  }, probeRuns],
  [{ name: "train", args: ["run", "-A", "bench/exit_stress_train.ts"], env: {} }, trainRuns],
  [{
    name: "bare WebGPU probe (deno eval)",
    args: ["eval", "if (!(await navigator.gpu.requestAdapter())) throw new Error('no adapter')"],
    env: {},
  }, bareRuns],
  [{
    name: "bare control (deno eval)",
    args: ["eval", "await new Promise((resolve) => setTimeout(resolve, 10))"],
    env: {},
  }, bareRuns],
];

/** Outcome of one process. */
interface Outcome {
  clean: boolean;
  status: string;
  tail: string;
}

async function once(kind: Kind): Promise<Outcome> {
  // A process that hangs (at exit or anywhere) is killed after the timeout and counted unclean.
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const out = await new Deno.Command(Deno.execPath(), {
    args: kind.args,
    cwd: root,
    env: { NO_COLOR: "1", ...kind.env },
    stdout: "piped",
    stderr: "piped",
    signal: timeout,
  }).output();
  const status = timeout.aborted
    ? `timed out after ${timeoutSeconds} s`
    : out.signal
    ? `signal ${out.signal} (code ${out.code})`
    : `code ${out.code}`;
  const tail = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" | ");
  return { clean: out.success, status, tail };
}

// The kinds are interleaved (round-robin), so each sees the same machine load over the run.
const queue: Kind[] = [];
for (let i = 0; i < Math.max(...kinds.map(([, n]) => n)); i++) {
  for (const [kind, n] of kinds) if (i < n) queue.push(kind);
}
const outcomes = new Map<Kind, Outcome[]>(kinds.map(([kind]) => [kind, []]));
const started = performance.now();
let next = 0;
const worker = async () => {
  while (next < queue.length) {
    const kind = queue[next++];
    const outcome = await once(kind);
    const done = outcomes.get(kind)!;
    done.push(outcome);
    if (!outcome.clean) {
      console.log(`${kind.name} run ${done.length}: ${outcome.status}: ${outcome.tail}`);
    }
    if (Deno.args.includes("--progress") && done.length % 20 === 0) {
      console.log(`... ${kind.name}: ${done.length} done`);
    }
  }
};
await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`(${queue.length} processes, ${parallel} at once, ${seconds} s)`);
for (const [kind, n] of kinds) {
  if (n === 0) continue;
  const clean = outcomes.get(kind)!.filter((o) => o.clean).length;
  console.log(`${kind.name}: ${n} runs, ${clean} clean exits`);
}
