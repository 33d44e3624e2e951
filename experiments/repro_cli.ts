import { BACKEND_CHOICES, type BackendName } from "../lib/backend/init_backend.ts";
import { formatDuration } from "../lib/display/progress.ts";

/** The experiments `deno task repro` can run, in order. */
export const REPRO_PARTS: readonly string[] = Object.freeze([
  "theory",
  "figure1",
  "saturation",
  "mnist",
  "beyond",
]);

/** Parsed options of `deno task repro`. */
export interface ReproOptions {
  /** Small sizes for CI (same code paths). */
  quick: boolean;
  /** Selected parts, in {@linkcode REPRO_PARTS} order. */
  parts: string[];
  /** Backend choice for `initBackend`. */
  backend: BackendName | "auto";
  /** Seed of every experiment but MNIST. */
  seed: number;
  /** Seed of the MNIST experiment (see {@linkcode MNIST_DEFAULT_SEED}). */
  mnistSeed: number;
  /** The MNIST step: the authors' simultaneous update (default) or Algorithm 1's alternating. */
  mnistUpdate: "simultaneous" | "alternating";
  /**
   * The MNIST collapse guard (beyond the paper): roll back to the last healthy collapse check and
   * reseed when the detector reports collapse. Default true; `--no-guard` turns it off.
   */
  mnistGuard: boolean;
  /** Output directory. */
  out: string;
  /** MNIST budget in steps (null: the experiment's default). */
  steps: number | null;
  /** MNIST budget in epochs (null: not given). */
  epochs: number | null;
  /** Steps per mode-collapse run (null: default). */
  beyondSteps: number | null;
  /** Stop MNIST training after this many steps of this invocation (to test resuming). */
  stopAfter: number | null;
  /** CPU threads for wasm/native (null: the backend's default). */
  threads: number | null;
  /** Print the usage and exit. */
  help: boolean;
  /** Print the plan and its time estimate and exit. */
  plan: boolean;
}

/** The usage text of `deno task repro`. */
export const REPRO_USAGE: string = `Usage: deno task repro [options]

Runs the reproduction of Goodfellow et al. 2014 end to end and writes figures, results.json
and a self-contained report.html to the output directory. The full job takes over an hour
(about 45 minutes with the native backend on a 2-core machine): it prints its plan and estimate
first. Interrupted, it resumes from <out>/checkpoints when started again with the same options.

Options:
  --quick               small sizes: the same code paths in a few minutes (what CI runs)
  --plan                print the plan and time estimate, run nothing
  --parts LIST          comma-separated subset of ${REPRO_PARTS.join(",")} (default: all)
  --backend NAME        ${BACKEND_CHOICES.join("|")} (default: auto)
  --seed N              integer seed of every part but mnist (default: 0)
  --mnist-seed N        seed of the mnist part (default: 1)
  --mnist-update RULE   simultaneous (default: the authors' code, one pass, both updates at
                        once) or alternating (Algorithm 1 as printed)
  --no-guard            MNIST without the collapse guard (beyond the paper, on by default: when
                        the collapse detector fires, back to the last healthy check, reseed the
                        noise, data order and dropout masks, go on; at most 3 times)
  --out DIR             output directory (default: out)
  --steps N             MNIST training budget in steps (default: quick 6, full 50000)
  --epochs N            MNIST training budget in epochs of 500 steps (instead of --steps)
  --beyond-steps N      steps per loss and benchmark in the comparison (default: quick 30, full 2000)
  --stop-after N        stop MNIST training after N steps of this run (exit code 3; rerun to resume)
  --threads N           CPU threads for the wasm/native backends (1-8)
  -h, --help            show this help
`;

/** A command-line error; its message ends with the usage. */
export class ReproUsageError extends Error {
  /** @param message What is wrong. */
  constructor(message: string) {
    super(`${message}\n\n${REPRO_USAGE}`);
    this.name = "ReproUsageError";
  }
}

function integer(flag: string, text: string | undefined, min: number): number {
  if (text === undefined || text.startsWith("--")) {
    throw new ReproUsageError(`Cannot parse options as ${flag} needs a value`);
  }
  const v = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(v) || v < min) {
    throw new ReproUsageError(
      `Cannot parse options as ${flag} must be an integer >= ${min}: ${flag}=${text}`,
    );
  }
  return v;
}

/**
 * The MNIST part's default seed: the seed of the recorded runs in docs/results. Any seed works
 * with the authors' recipe (the simultaneous update over shuffled epochs): docs/results/seeds
 * lists every seed run.
 */
export const MNIST_DEFAULT_SEED = 1;

/**
 * Parses the arguments of `deno task repro` (`--flag value` or `--flag=value`).
 *
 * @param args `Deno.args`.
 * @returns The options with defaults filled in.
 * @throws {ReproUsageError} For an unknown flag, a missing or bad value, an unknown part or
 *   backend, or `--steps` together with `--epochs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseReproArgs } from "./repro_cli.ts";
 * const o = parseReproArgs(["--quick", "--parts=mnist,beyond", "--seed", "3"]);
 * assert.deepStrictEqual([o.quick, o.parts, o.seed], [true, ["mnist", "beyond"], 3]);
 * ```
 */
export function parseReproArgs(args: readonly string[]): ReproOptions {
  const o: ReproOptions = {
    quick: false,
    parts: [...REPRO_PARTS],
    backend: "auto",
    seed: 0,
    mnistSeed: MNIST_DEFAULT_SEED,
    mnistUpdate: "simultaneous",
    mnistGuard: true,
    out: "out",
    steps: null,
    epochs: null,
    beyondSteps: null,
    stopAfter: null,
    threads: null,
    help: false,
    plan: false,
  };
  const list = [...args];
  for (let i = 0; i < list.length; i++) {
    let flag = list[i];
    let value: string | undefined;
    const eq = flag.indexOf("=");
    if (flag.startsWith("--") && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const next = () => value ?? list[++i];
    switch (flag) {
      case "--quick":
        o.quick = true;
        break;
      case "--plan":
        o.plan = true;
        break;
      case "-h":
      case "--help":
        o.help = true;
        break;
      case "--parts": {
        const text = next();
        if (text === undefined) {
          throw new ReproUsageError("Cannot parse options as --parts needs a value");
        }
        const wanted = text.split(",").map((s) => s.trim()).filter((s) => s);
        const bad = wanted.find((p) => !REPRO_PARTS.includes(p));
        if (bad !== undefined || wanted.length === 0) {
          throw new ReproUsageError(
            `Cannot parse options as --parts must list some of ${
              REPRO_PARTS.join(",")
            }: --parts=${text}`,
          );
        }
        o.parts = REPRO_PARTS.filter((p) => wanted.includes(p));
        break;
      }
      case "--backend": {
        const text = next();
        if (!BACKEND_CHOICES.includes(text as BackendName)) {
          throw new ReproUsageError(
            `Cannot parse options as --backend must be one of ${
              BACKEND_CHOICES.join(", ")
            }: --backend=${text}`,
          );
        }
        o.backend = text as BackendName;
        break;
      }
      case "--seed":
        o.seed = integer(flag, next(), -(2 ** 31));
        break;
      case "--mnist-seed":
        o.mnistSeed = integer(flag, next(), -(2 ** 31));
        break;
      case "--mnist-update": {
        const text = next();
        if (text !== "simultaneous" && text !== "alternating") {
          throw new ReproUsageError(
            `Cannot parse options as --mnist-update must be simultaneous or alternating: --mnist-update=${text}`,
          );
        }
        o.mnistUpdate = text;
        break;
      }
      case "--no-guard":
        o.mnistGuard = false;
        break;
      case "--out": {
        const text = next();
        if (!text || text.startsWith("--")) {
          throw new ReproUsageError("Cannot parse options as --out needs a directory");
        }
        o.out = text;
        break;
      }
      case "--steps":
        o.steps = integer(flag, next(), 1);
        break;
      case "--epochs":
        o.epochs = integer(flag, next(), 1);
        break;
      case "--beyond-steps":
        o.beyondSteps = integer(flag, next(), 1);
        break;
      case "--stop-after":
        o.stopAfter = integer(flag, next(), 1);
        break;
      case "--threads":
        o.threads = integer(flag, next(), 1);
        break;
      default:
        throw new ReproUsageError(`Cannot parse options as the option is unknown: ${flag}`);
    }
  }
  if (o.steps !== null && o.epochs !== null) {
    throw new ReproUsageError(
      `Cannot parse options as --steps and --epochs are exclusive: --steps=${o.steps}, --epochs=${o.epochs}`,
    );
  }
  return o;
}

/**
 * Milliseconds per training step measured on 2-core machines (bench/RESULTS.md, PLATFORM
 * notes): the paper's MNIST step, and a small 1-D/2-D GAN step.
 */
const MS_PER_STEP: Record<BackendName, { mnist: number; toy: number }> = {
  // The compiled steps (session 11, a 2-core machine: the MNIST part at 20.7 steps/s with its
  // checks, the 16 runs of the loss comparison in 83 s).
  native: { mnist: 50, toy: 1 },
  wasm: { mnist: 310, toy: 20 },
  // measured on Mesa's llvmpipe; a real GPU should be much faster
  webgpu: { mnist: 2100, toy: 500 },
  cpu: { mnist: 4500, toy: 110 },
};

/** One part of the plan: what it runs and about how long it takes. */
export interface PlanStep {
  part: string;
  what: string;
  seconds: number;
}

/**
 * What `deno task repro` will run with these options, and a rough time estimate per part from
 * step times measured on 2-core machines (a busy or slower machine takes longer; a resumed
 * MNIST run takes less).
 *
 * @param o Parsed options.
 * @param backend The backend that will train.
 * @returns One entry per selected part, in order.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseReproArgs, reproPlan } from "./repro_cli.ts";
 * const plan = reproPlan(parseReproArgs(["--parts", "mnist"]), "native");
 * assert.match(plan[0].what, /50000 steps/);
 * assert.ok(plan[0].seconds > 1800); // 50,000 steps: over half an hour
 * ```
 */
export function reproPlan(o: ReproOptions, backend: BackendName): PlanStep[] {
  const ms = MS_PER_STEP[backend];
  const toy = (steps: number) => (steps * ms.toy) / 1000;
  const q = o.quick;
  const all: Record<string, () => PlanStep> = {
    theory: () => ({
      part: "theory",
      what: "Proposition 1, Theorem 1, Jensen-Shannon checks",
      seconds: q ? 5 : 20,
    }),
    figure1: () => {
      const steps = q ? 600 : 3000;
      return { part: "figure1", what: `1-D GAN, ${steps} steps`, seconds: 10 + toy(steps) };
    },
    saturation: () => {
      const [steps, pre] = q ? [300, 200] : [2000, 500];
      return {
        part: "saturation",
        what: `minimax vs non-saturating G loss, 2 x ${steps} steps + ${pre} D-only steps`,
        seconds: 10 + toy(2 * steps + pre),
      };
    },
    mnist: () => {
      const steps = o.steps ?? (o.epochs !== null ? o.epochs * 500 : q ? 6 : 50000);
      return {
        part: "mnist",
        what:
          `paper MNIST GAN, ${steps} steps${
            steps >= 500 ? ` (${+(steps / 500).toFixed(1)} epochs)` : ""
          } at ~${ms.mnist} ms/step, ` +
          `then Parzen and samples (resumes from ${o.out}/checkpoints)`,
        seconds: (steps * ms.mnist) / 1000 + (q ? 30 : 180),
      };
    },
    beyond: () => {
      const steps = o.beyondSteps ?? (q ? 30 : 2000);
      // 16 runs; WGAN's critic steps and the gradient penalty make a step ~3 toy steps
      return {
        part: "beyond",
        what: `8 losses x 2 datasets (ring, grid), ${steps} steps each`,
        seconds: 10 + 16 * toy(3 * steps),
      };
    },
  };
  return o.parts.map((p) => all[p]());
}

/**
 * The plan as text: one line per part and the total, for printing before a run.
 *
 * @param plan From {@linkcode reproPlan}.
 * @param o The options (for the mode line).
 * @param backend The backend that will train.
 * @returns Lines to print.
 */
export function formatPlan(plan: PlanStep[], o: ReproOptions, backend: BackendName): string {
  const total = plan.reduce((t, p) => t + p.seconds, 0);
  const width = Math.max(...plan.map((p) => p.part.length));
  const lines = [
    `plan (${o.quick ? "quick" : "full job"}, ${backend} backend, output in ${o.out}/):`,
    ...plan.map((p) => `  ${p.part.padEnd(width)}  ~${formatDuration(p.seconds)}  ${p.what}`),
    `  total about ${formatDuration(total)} (step times measured on 2-core machines; ` +
    `a busy machine is slower)` +
    (o.quick ? "" : `; for a check in a few minutes: deno task repro --quick`),
  ];
  return lines.join("\n");
}
