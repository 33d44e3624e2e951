/**
 * Where the native backend's paper-MNIST training step spends its time: inside sgemm, inside
 * the other kernels (each kernel's own time, sgemm excluded, outermost calls only), and the
 * rest (tfjs's engine and tape, the trainer's JS). Run:
 * `deno run -A bench/step_breakdown.ts [steps]` (default 10 timed steps after 3 warm-up ones).
 *
 * The kernel times come from wrapping every kernel registered for "native"; with the native
 * backend's deferred matMul products, a product's sgemm runs inside the kernel that first
 * reads it, which is why sgemm is timed apart.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist } from "../lib/data/mod.ts";
import { paperMnistTrainer } from "../experiments/mnist.ts";
import { instrumentSgemm } from "./train_bench.ts";

const steps = Number(Deno.args[0] ?? 10);
const info = await initBackend({
  backend: "native",
  threads: Number(Deno.env.get("THREADS") ?? 1),
});
const trainer = paperMnistTrainer(await loadMnist());
for (let i = 0; i < 3; i++) await trainer.step();

const sgemm = instrumentSgemm(info.blas!.path).log;
const perKernel = new Map<string, { ms: number; calls: number }>();
let depth = 0;
for (const config of tf.getKernelsForBackend("native")) {
  const kernelFunc = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, "native");
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      if (depth > 0) return kernelFunc(args);
      depth++;
      const s0 = sgemm.ms, t0 = performance.now();
      try {
        return kernelFunc(args);
      } finally {
        depth--;
        const entry = perKernel.get(config.kernelName) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - t0 - (sgemm.ms - s0);
        entry.calls++;
        perKernel.set(config.kernelName, entry);
      }
    },
  });
}

sgemm.ms = 0;
let wallMs = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  await trainer.step();
  wallMs += performance.now() - t0;
}
const kernelMs = [...perKernel.values()].reduce((s, e) => s + e.ms, 0);
const per = (ms: number) => (ms / steps).toFixed(1);
console.log(
  `paper-MNIST step on native (${steps} steps): ${per(wallMs)} ms = sgemm ${per(sgemm.ms)} + ` +
    `other kernels ${per(kernelMs)} + engine, tape and trainer ${
      per(wallMs - sgemm.ms - kernelMs)
    }`,
);
console.log("kernel                     | ms/step | calls/step");
for (
  const [name, e] of [...perKernel].sort((p, q) => q[1].ms - p[1].ms).slice(
    0,
    Number(Deno.env.get("TOP") ?? 15),
  )
) {
  console.log(`${name.padEnd(26)} | ${per(e.ms).padStart(7)} | ${String(e.calls / steps)}`);
}
trainer.dispose();
