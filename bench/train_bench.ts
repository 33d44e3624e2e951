/**
 * Times the library's real training step (`createTrainer`, Algorithm 1 of Goodfellow et al.
 * 2014) on one backend, in its own process: the paper's MNIST GAN built exactly as
 * `experiments/mnist.ts` builds it (`paperMnistTrainer`: G's output bias from the pixel
 * marginals, seeded dropout, non-saturating loss with D scaled 1/2, the paper's momentum SGD,
 * batch 100, k = 1, real MNIST batches), with the preset's update rule (`"simultaneous"`, the
 * authors' one-pass step) or `"alternating"` (`config.update`), or a small 2-D GAN (2-128-128-2 ReLU G, leaky-ReLU D,
 * ring mixture) whose step is overhead-bound.
 *
 * Run by `bench/run.ts` as `deno run -A bench/train_bench.ts '<json TrainBenchConfig>'`; prints
 * one JSON line ({@linkcode TrainBenchResult}). `"profile": true` adds per-kernel times of one
 * step (`tf.profile`, cpu-like backends only).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../lib/backend/mod.ts";
import { type Blas, openBlas } from "../lib/backend/blas.ts";
import { loadMnist, ringMixture } from "../lib/data/mod.ts";
import { paperMnistTrainer } from "../experiments/mnist.ts";
import { gaussianPrior } from "../lib/latent/mod.ts";
import { nonSaturatingLoss } from "../lib/losses/minimax.ts";
import { mlpDiscriminator, mlpGenerator } from "../lib/models/mod.ts";
import { createTrainer, sgdMomentum, type Trainer, type UpdateRule } from "../lib/train/mod.ts";
import { serveSteps } from "./paired.ts";

/** What one child process measures. */
export interface TrainBenchConfig {
  model: "mnist" | "toy2d";
  /**
   * MNIST only: the step's update rule, passed to `paperMnistTrainer` (default `"simultaneous"`,
   * the paper preset's; PyTorch's match: `bench/torch_step.py` `mnist-simultaneous`, and
   * `mnist` for `"alternating"`).
   */
  update?: UpdateRule;
  backend: BackendName;
  threads: number;
  /** Untimed steps first (allocations, kernel compilation, optimiser slots). */
  warmup: number;
  /** Timed steps. */
  steps: number;
  /** Also profile one step per kernel (cpu-like backends). */
  profile?: boolean;
}

/** One matMul the step ran: C[m, n] = op(A)[m, k] op(B)[k, n]. */
export interface MatMulShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

/** What a child prints. */
export interface TrainBenchResult {
  config: TrainBenchConfig;
  backendInfo: string;
  /** Milliseconds of each timed step (`await trainer.step()`, wall clock). */
  stepMs: number[];
  medianMs: number;
  /** Losses of the first timed step (a sanity check that the step trains). */
  first: { dLoss: number; gLoss: number };
  /**
   * The matMuls of one step (when profiled): on native the sgemm calls actually executed (the
   * backend skips products nobody reads), elsewhere the matMul kernels of the profile.
   */
  matMuls?: MatMulShape[];
  /** Native only: median ms per timed step spent inside sgemm, and GFLOP it executed. */
  sgemm?: { msPerStep: number; gflopPerStep: number };
  /** Per kernel name: total ms and calls in one profiled step, slowest first. */
  kernels?: { name: string; ms: number; calls: number }[];
  /** Wall ms of the profiled step (profiling adds overhead). */
  profiledStepMs?: number;
  tensorsLeakedPerStep: number;
}

/** The small 2-D GAN (as the mode-collapse experiment, non-saturating loss, momentum SGD). */
function toyTrainer(seed = 0): Trainer {
  const init = { kind: "uniform" as const, scale: 0.15 };
  const ring = ringMixture();
  return createTrainer({
    generator: mlpGenerator({ latentDim: 2, outputShape: [2], hidden: [128, 128], init, seed }),
    discriminator: mlpDiscriminator({ inputShape: [2], hidden: [128, 128], init, seed: seed + 1 }),
    loss: nonSaturatingLoss(),
    prior: gaussianPrior(2),
    sampleReal: (m, rng) => ring.sample(m, rng),
    batchSize: 100,
    dOptimizer: sgdMomentum({ lr: 0.01 }),
    gOptimizer: sgdMomentum({ lr: 0.01 }),
    seed,
  });
}

/** The trainer a configuration times. */
async function benchTrainer(config: TrainBenchConfig): Promise<Trainer> {
  if (config.model === "toy2d") return toyTrainer();
  // The option only when given: a checkout from before the option (`compare_versions.ts`)
  // still runs its own default step.
  return paperMnistTrainer(await loadMnist(), config.update ? { update: config.update } : {});
}

const MATMUL_KERNELS = new Set(["BatchMatMul", "_FusedMatMul"]);

/** The fields of a `tf.profile` kernel entry used here. */
type ProfiledKernel = Awaited<ReturnType<typeof tf.profile>>["kernels"][number];

/** Infers each matMul's m, n, k and transposes from a profile's input and output shapes. */
function matMulsOf(kernels: ProfiledKernel[]): MatMulShape[] {
  return kernels.filter((k) => MATMUL_KERNELS.has(k.name)).map((k) => {
    const [a, b] = k.inputShapes as number[][];
    const out = k.outputShapes[0] as number[];
    const m = out[out.length - 2], n = out[out.length - 1];
    const aSize = a.reduce((p, q) => p * q, 1) / tf.util.sizeFromShape(a.slice(0, -2));
    return {
      m,
      n,
      k: aSize / m,
      transA: a[a.length - 2] !== m,
      transB: b[b.length - 1] !== n,
    };
  });
}

/**
 * Times and records every sgemm call the native backend makes (wraps the shared library, all
 * arguments passed through) until `restore()`.
 *
 * @param path The library path the backend opened.
 * @returns The running log, `reset()` and `restore()`.
 */
export function instrumentSgemm(path: string) {
  const blas = openBlas([path]);
  const original = blas.sgemm;
  const log = { ms: 0, flop: 0, shapes: [] as MatMulShape[] };
  blas.sgemm = (...args: Parameters<Blas["sgemm"]>) => {
    const [transA, transB, m, n, k] = args;
    const t0 = performance.now();
    original(...args);
    log.ms += performance.now() - t0;
    log.flop += 2 * m * n * k;
    log.shapes.push({ m, n, k, transA, transB });
  };
  const reset = () => Object.assign(log, { ms: 0, flop: 0, shapes: [] });
  return { log, reset, restore: () => (blas.sgemm = original) };
}

async function profileStep(trainer: Trainer) {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await trainer.step();
  });
  const profiledStepMs = performance.now() - t0;
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += await k.kernelTimeMs as number;
    entry.calls++;
    byName.set(k.name, entry);
  }
  const kernels = [...byName].map(([name, v]) => ({ name, ...v })).sort((p, q) => q.ms - p.ms);
  return { matMuls: matMulsOf(info.kernels), kernels, profiledStepMs };
}

/**
 * Runs one configuration in this process.
 *
 * @param config What to time.
 * @returns The timings.
 */
export async function runTrainBench(config: TrainBenchConfig): Promise<TrainBenchResult> {
  const info = await initBackend({ backend: config.backend, threads: config.threads });
  const trainer = await benchTrainer(config);
  try {
    for (let i = 0; i < config.warmup; i++) await trainer.step();
    const before = tf.memory().numTensors;
    const stepMs: number[] = [];
    const sgemmMs: number[] = [];
    const sgemm = info.blas ? instrumentSgemm(info.blas.path) : null;
    let first = { dLoss: NaN, gLoss: NaN };
    for (let i = 0; i < config.steps; i++) {
      sgemm?.reset();
      const t0 = performance.now();
      const r = await trainer.step();
      stepMs.push(performance.now() - t0);
      if (sgemm) sgemmMs.push(sgemm.log.ms);
      if (i === 0) first = { dLoss: r.dLoss, gLoss: r.gLoss };
    }
    const tensorsLeakedPerStep = (tf.memory().numTensors - before) / Math.max(1, config.steps);
    const sorted = [...stepMs].sort((p, q) => p - q);
    const result: TrainBenchResult = {
      config,
      backendInfo: `${info.backend}, ${info.threads} thread(s)${
        info.blas ? `, ${info.blas.config || info.blas.path}` : ""
      }${info.adapter && config.backend === "webgpu" ? `, ${info.adapter.description}` : ""}`,
      stepMs,
      medianMs: sorted[Math.floor(sorted.length / 2)],
      first,
      tensorsLeakedPerStep,
    };
    if (sgemm) {
      const ordered = [...sgemmMs].sort((p, q) => p - q);
      result.sgemm = {
        msPerStep: ordered[Math.floor(ordered.length / 2)],
        gflopPerStep: sgemm.log.flop / 1e9,
      };
    }
    if (config.profile) {
      sgemm?.reset();
      Object.assign(result, await profileStep(trainer));
      if (sgemm) result.matMuls = sgemm.log.shapes;
    }
    sgemm?.restore();
    return result;
  } finally {
    trainer.dispose();
    trainer.generator.dispose();
    trainer.discriminator.dispose();
  }
}

/**
 * Paired mode (`bench/run.ts`): after the warm-up, one timed step per "step" line on stdin,
 * answered with `{"ms": ...}` on stdout (a `{"ready": ...}` line first). Ends at any other line
 * or at the end of input.
 *
 * @param config What to run (`steps` is ignored).
 */
export async function serveTrainSteps(config: TrainBenchConfig): Promise<void> {
  const info = await initBackend({ backend: config.backend, threads: config.threads });
  const trainer = await benchTrainer(config);
  for (let i = 0; i < config.warmup; i++) await trainer.step();
  await serveSteps({
    backend: info.backend,
    threads: info.threads,
    ...(config.model === "mnist" ? { update: config.update ?? "simultaneous" } : {}),
  }, () => trainer.step());
}

if (import.meta.main) {
  const config = JSON.parse(Deno.args[0]) as TrainBenchConfig;
  if (Deno.args[1] === "serve") {
    await serveTrainSteps(config);
    Deno.exit(0);
  }
  console.log(JSON.stringify(await runTrainBench(config)));
  // The wasm backend's pthread workers (threads > 1) can keep the process alive.
  Deno.exit(0);
}
