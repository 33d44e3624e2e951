/**
 * Times notebook 5's loss comparison in its own process: `runBeyond` of `experiments/beyond.ts`
 * (the function notebook 5 calls: 8 losses x ring and grid, 16 runs) with the notebook's
 * settings (seed 0, `backend: "auto"`, no checkpoint directory, so every run trains), in quick
 * mode (30 steps, width 64, batch 64) or full mode (2000 steps, width 128, batch 100). Each run's
 * seconds are the comparison's own "time (s)" column: wall time of the training, scoring
 * excluded. The notebook passes its own `train`, the same training written out; this uses
 * `runBeyond`'s default (`trainToy` of `experiments/mode_collapse.ts`).
 *
 * Run by `bench/run.ts` (part `notebook5`) as
 * `deno run -A bench/beyond_bench.ts quick|full [BACKEND]` (BACKEND default `auto`, as the
 * notebook); prints one JSON line ({@linkcode BeyondBenchResult}).
 *
 * @module
 */
import type { BackendName } from "../lib/backend/mod.ts";
import { runBeyond } from "../experiments/beyond.ts";

/** What the child prints. */
export interface BeyondBenchResult {
  mode: "quick" | "full";
  /** The tfjs backend the runs used. */
  backend: string;
  sizes: { steps: number; batchSize: number; hidden: number[] };
  /** One per run, in the comparison's order (datasets outer). */
  runs: {
    dataset: string;
    loss: string;
    label: string;
    /** Steps trained (fewer if it diverged). */
    steps: number;
    /** Wall seconds of training ("time (s)" in the comparison's table). */
    seconds: number;
    modes: string;
    diverged: string | null;
  }[];
  /** Sum of the runs' training seconds (notebook 5's "s of training"). */
  trainingSeconds: number;
  /** Wall seconds of `runBeyond` (backend start, training and scoring). */
  wallSeconds: number;
}

/**
 * Runs the comparison in this process.
 *
 * @param mode Quick or full sizes.
 * @param backend The backend option (the notebook's `"auto"` by default).
 * @returns The timings.
 */
export async function runBeyondBench(
  mode: "quick" | "full",
  backend: BackendName | "auto" = "auto",
): Promise<BeyondBenchResult> {
  const t0 = performance.now();
  const result = await runBeyond({ quick: mode === "quick", seed: 0, backend });
  const wallSeconds = (performance.now() - t0) / 1000;
  return {
    mode,
    backend: result.backend,
    sizes: {
      steps: result.sizes.steps,
      batchSize: result.sizes.batchSize,
      hidden: [...result.sizes.hidden],
    },
    runs: result.runs.map((r) => ({
      dataset: r.dataset,
      loss: r.loss,
      label: r.label,
      steps: r.steps,
      seconds: r.seconds,
      modes: `${r.modesCaptured}/${r.modes}`,
      diverged: r.diverged,
    })),
    trainingSeconds: result.runs.reduce((s, r) => s + r.seconds, 0),
    wallSeconds,
  };
}

if (import.meta.main) {
  const mode = Deno.args[0];
  if (mode !== "quick" && mode !== "full") {
    throw new TypeError(`Cannot time notebook 5 as the mode must be quick or full: mode=${mode}`);
  }
  console.log(
    JSON.stringify(await runBeyondBench(mode, (Deno.args[1] ?? "auto") as BackendName | "auto")),
  );
  Deno.exit(0);
}
