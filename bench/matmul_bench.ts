/**
 * CPU speed of the tfjs backends on the paper-MNIST GAN's matMul shapes (Goodfellow et al.
 * 2014: batch 100, G 100-1200-1200-784, D maxout 240x5 x2), against numpy's OpenBLAS.
 *
 * Prints, in one run (so ratios are comparable; absolute numbers are noisy on a shared
 * 2-core machine):
 *  1. matMul GFLOP/s for [m,k]x[k,n] = 100x784x1200, 100x1200x1200, 100x1200x784, each as
 *     forward C = A B (NN) and as its two gradient products dA = dC B^T (NT) and
 *     dB = A^T dC (TN), on cpu, wasm (1 and 2 threads, with and without the
 *     transposed-matMul patch), native (OpenBLAS via FFI, 1 and 2 threads) and numpy;
 *  2. milliseconds of the elementwise kernels a training step uses, on cpu, native (cpu's
 *     kernels except its own binary ops and Sum) and wasm;
 *  3. milliseconds per synthetic paper-MNIST training step (one D and one G update with
 *     momentum SGD) on each backend configuration.
 *
 * Each configuration runs in its own process (the wasm thread count is fixed per process).
 *
 * Run: `deno run -A bench/matmul_bench.ts` (about 2-3 minutes). `--only=matmul|elementwise|step`
 * runs one section.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend/mod.ts";
import { removeFastTransposedMatMul } from "../lib/backend/fast_transposed_matmul.ts";
import { Rng } from "../lib/random.ts";
import { medianMs } from "./timing.ts";

type Section = "matmul" | "elementwise" | "step";
interface Config {
  label: string;
  backend: "cpu" | "wasm" | "native";
  threads: number;
  fix: boolean;
}

const SHAPES: [number, number, number][] = [[100, 784, 1200], [100, 1200, 1200], [
  100,
  1200,
  784,
]];
const rng = new Rng(2014);

function randomTensor(shape: number[]): tf.Tensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillNormal(values);
  return tf.tensor(values, shape);
}

/** Median milliseconds of `run` over repetitions filling ~`budgetMs` (at least 3, after 1 warm-up). */
function timeMs(run: () => void, budgetMs = 600): number {
  return medianMs(run, { budgetMs });
}

function matmulSection(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [m, k, n] of SHAPES) {
    const a = randomTensor([m, k]);
    const b = randomTensor([k, n]);
    const dc = randomTensor([m, n]);
    const cases: [string, () => tf.Tensor][] = [
      ["NN", () => tf.matMul(a, b)],
      ["NT", () => tf.matMul(dc, b, false, true)],
      ["TN", () => tf.matMul(a, dc, true, false)],
    ];
    for (const [variant, f] of cases) {
      const ms = timeMs(() => {
        const c = f();
        c.dataSync();
        c.dispose();
      });
      out[`${m}x${k}x${n} ${variant}`] = (2 * m * k * n) / ms / 1e6;
    }
    tf.dispose([a, b, dc]);
  }
  return out;
}

function elementwiseSection(): Record<string, number> {
  const x = randomTensor([100, 1200]);
  const y = randomTensor([100, 1200]);
  const bias = randomTensor([1200]);
  const p = randomTensor([1200, 1200]);
  const g = randomTensor([1200, 1200]);
  const v = randomTensor([1200, 1200]);
  const cases: [string, () => tf.Tensor][] = [
    ["relu 100x1200", () => tf.relu(x)],
    ["sigmoid 100x1200", () => tf.sigmoid(x)],
    ["add 100x1200", () => tf.add(x, y)],
    ["add bias [1200]", () => tf.add(x, bias)],
    ["mul 100x1200", () => tf.mul(x, y)],
    ["maxout max [100,240,5] axis 2", () => tf.max(tf.reshape(x, [100, 240, 5]), 2)],
    ["relu grad dy*step(x)", () => tf.mul(y, tf.step(x))],
    ["momentum update 1200x1200", () => tf.add(p, tf.sub(tf.mul(v, 0.5), tf.mul(g, 0.1)))],
  ];
  const out: Record<string, number> = {};
  for (const [name, f] of cases) {
    out[name] = timeMs(() => {
      const r = tf.tidy(f);
      r.dataSync();
      r.dispose();
    });
  }
  tf.dispose([x, y, bias, p, g, v]);
  return out;
}

/** A dense layer's variables, initialised from the bench Rng. */
function dense(inputs: number, units: number): [tf.Variable, tf.Variable] {
  return [
    tf.variable(tf.mul(randomTensor([inputs, units]), 0.05)),
    tf.variable(tf.zeros([units])),
  ];
}

/** Synthetic paper-MNIST step: fused dense layers as tf.layers would use, maxout by max. */
function stepSection(): Record<string, number> {
  const g = [dense(100, 1200), dense(1200, 1200), dense(1200, 784)];
  const d = [dense(784, 1200), dense(240, 1200), dense(240, 1)];
  const generator = (z: tf.Tensor2D) =>
    tf.tidy(() => {
      let h = tf.fused.matMul({ a: z, b: g[0][0], bias: g[0][1], activation: "relu" });
      h = tf.fused.matMul({ a: h, b: g[1][0], bias: g[1][1], activation: "relu" });
      return tf.fused.matMul({ a: h, b: g[2][0], bias: g[2][1], activation: "sigmoid" });
    }) as tf.Tensor2D;
  const maxout = (h: tf.Tensor) => tf.max(tf.reshape(h, [h.shape[0], 240, 5]), 2) as tf.Tensor2D;
  const discriminator = (x: tf.Tensor) =>
    tf.tidy(() => {
      let h = maxout(tf.fused.matMul({ a: x, b: d[0][0], bias: d[0][1] }));
      h = maxout(tf.fused.matMul({ a: h, b: d[1][0], bias: d[1][1] }));
      return tf.fused.matMul({ a: h, b: d[2][0], bias: d[2][1] });
    }) as tf.Tensor2D;
  const real = tf.tidy(() => tf.sigmoid(randomTensor([100, 784]))) as tf.Tensor2D;
  const z = tf.tidy(() =>
    tf.sub(tf.mul(tf.sigmoid(randomTensor([100, 100])), 2), 1)
  ) as tf.Tensor2D;
  const ones = tf.ones([100, 1]);
  const zeros = tf.zeros([100, 1]);
  const dOpt = tf.train.momentum(0.1, 0.5);
  const gOpt = tf.train.momentum(0.1, 0.5);
  const dVars = d.flat();
  const gVars = g.flat();
  const step = () => {
    tf.tidy(() => {
      dOpt.minimize(
        () =>
          tf.add(
            tf.losses.sigmoidCrossEntropy(ones, discriminator(real)),
            tf.losses.sigmoidCrossEntropy(zeros, discriminator(generator(z))),
          ) as tf.Scalar,
        false,
        dVars,
      );
      gOpt.minimize(
        () => tf.losses.sigmoidCrossEntropy(ones, discriminator(generator(z))) as tf.Scalar,
        false,
        gVars,
      );
    });
    dVars[0].dataSync();
  };
  step(); // creates the optimizers' accumulators
  const before = tf.memory().numTensors;
  const ms = timeMs(step, 3000);
  const leaked = tf.memory().numTensors - before;
  return { "ms per step": ms, "tensors leaked per run": leaked };
}

async function child(section: Section, config: Config): Promise<void> {
  const info = await initBackend({
    backend: config.backend,
    threads: config.threads,
    fastTransposedMatMul: config.fix,
  });
  if (config.backend === "wasm" && !config.fix) removeFastTransposedMatMul("wasm");
  const result = section === "matmul"
    ? matmulSection()
    : section === "elementwise"
    ? elementwiseSection()
    : stepSection();
  console.log(JSON.stringify({ info: { ...info, reason: undefined }, result }));
}

const NUMPY = `
import numpy as np, time, json, sys
out = {}
for (m, k, n) in ${JSON.stringify(SHAPES)}:
    rs = np.random.default_rng(2014)
    a = rs.standard_normal((m, k), dtype=np.float32); b = rs.standard_normal((k, n), dtype=np.float32)
    dc = rs.standard_normal((m, n), dtype=np.float32)
    for name, f in [("NN", lambda: a @ b), ("NT", lambda: dc @ b.T), ("TN", lambda: a.T @ dc)]:
        f(); times = []; t = time.perf_counter()
        while len(times) < 3 or (time.perf_counter() - t < 0.6 and len(times) < 50):
            t0 = time.perf_counter(); f(); times.append(time.perf_counter() - t0)
        ms = sorted(times)[len(times) // 2] * 1e3
        out[f"{m}x{k}x{n} {name}"] = 2 * m * k * n / ms / 1e6
print(json.dumps(out))
`;

async function runNumpy(threads: number): Promise<Record<string, number> | string> {
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  // This machine's environment tunes OpenBLAS for another library; numpy's own must not see it.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    const output = await new Deno.Command("python3", { args: ["-c", NUMPY], env, clearEnv: true })
      .output();
    if (!output.success) return new TextDecoder().decode(output.stderr).trim().split("\n").pop()!;
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } catch (error) {
    return `python3 not runnable: ${(error as Error).message}`;
  }
}

async function runChild(
  section: Section,
  config: Config,
): Promise<Record<string, number> | string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", import.meta.filename!, "--child", section, JSON.stringify(config)],
    env: { NO_COLOR: "1" },
  }).output();
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  if (!output.success) {
    return `failed: ${
      new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3).join(" ")
    }`;
  }
  return JSON.parse(lines[lines.length - 1]).result;
}

function printTable(
  title: string,
  rows: [string, Record<string, number> | string][],
  unit: string,
) {
  console.log(`\n## ${title} (${unit})`);
  const keys = [...new Set(rows.flatMap(([, r]) => typeof r === "string" ? [] : Object.keys(r)))];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`${"".padEnd(width)} | ${keys.map((k) => k.padStart(14)).join(" | ")}`);
  for (const [label, r] of rows) {
    if (typeof r === "string") {
      console.log(`${label.padEnd(width)} | ${r}`);
      continue;
    }
    const cells = keys.map((k) => (r[k] === undefined ? "" : r[k].toFixed(1)).padStart(14));
    console.log(`${label.padEnd(width)} | ${cells.join(" | ")}`);
  }
}

const CONFIGS: Config[] = [
  { label: "cpu", backend: "cpu", threads: 1, fix: false },
  { label: "wasm 1 thread, flags (tfjs default)", backend: "wasm", threads: 1, fix: false },
  { label: "wasm 1 thread, explicit transpose", backend: "wasm", threads: 1, fix: true },
  { label: "wasm 2 threads, flags", backend: "wasm", threads: 2, fix: false },
  { label: "wasm 2 threads, explicit transpose", backend: "wasm", threads: 2, fix: true },
  { label: "native (OpenBLAS FFI) 1 thread", backend: "native", threads: 1, fix: false },
  { label: "native (OpenBLAS FFI) 2 threads", backend: "native", threads: 2, fix: false },
];

if (Deno.args[0] === "--child") {
  await child(Deno.args[1] as Section, JSON.parse(Deno.args[2]));
} else {
  const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7);
  console.log(`# matmul_bench ${new Date().toISOString()}; ${navigator.hardwareConcurrency} cores`);
  if (!only || only === "matmul") {
    const rows: [string, Record<string, number> | string][] = [];
    for (const c of CONFIGS) rows.push([c.label, await runChild("matmul", c)]);
    for (const t of [1, 2]) rows.push([`numpy ${t} thread(s)`, await runNumpy(t)]);
    printTable("matMul, A[m,k] B[k,n]: NN = A B, NT = dC B^T, TN = A^T dC", rows, "GFLOP/s");
  }
  if (!only || only === "elementwise") {
    const rows: [string, Record<string, number> | string][] = [];
    for (const c of [CONFIGS[0], CONFIGS[5], CONFIGS[2]]) {
      rows.push([c.label, await runChild("elementwise", c)]);
    }
    printTable("elementwise kernels", rows, "ms, median");
  }
  if (!only || only === "step") {
    const rows: [string, Record<string, number> | string][] = [];
    for (const c of CONFIGS) rows.push([c.label, await runChild("step", c)]);
    printTable("synthetic paper-MNIST step: D update + G update, momentum SGD", rows, "ms");
  }
}
