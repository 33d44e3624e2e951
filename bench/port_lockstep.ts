/**
 * Lockstep check of the package's MNIST step against the PyTorch port of the authors' code
 * (issue 12): are the two the same function, so that any difference between their runs comes
 * from random streams and float rounding only?
 *
 * This script trains the package's paper preset (`paperMnistTrainer`: the authors' simultaneous
 * step, momentum, decaying lr, shuffled epochs) for `--steps` steps on the cpu backend, with the
 * trainer's real minibatches, noise and D's dropout masks recorded; it first checks that its
 * recording copy of the preset gives the preset's exact history. It writes the initial weights,
 * every step's inputs and the final weights to `--out`; `bench/port_lockstep.py` then replays
 * the same steps with the port's `train_step` (same inputs) and compares.
 *
 *   deno run -A bench/port_lockstep.ts --seed 3 --steps 50 --out /tmp/lockstep
 *   OMP_NUM_THREADS=1 /usr/bin/python3 bench/port_lockstep.py /tmp/lockstep
 *
 * With `--from <checkpoint dir>` (a trainer checkpoint of the same seed) both sides start from
 * that state: weights, momentum velocities (read by the Python side from the checkpoint),
 * learning rate and momentum of that step.
 *
 * As a yardstick of float rounding alone, it also runs the same steps on the plain cpu backend
 * (tfjs's kernels instead of OpenBLAS sgemm; same inputs) and writes those final weights too.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { mnistOutputBias, paperMnistTrainer } from "../experiments/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist, type Mnist } from "../lib/data/mnist.ts";
import { dataSampler, type DatasetSampler } from "../lib/data/batches.ts";
import { paperMnistGan, seededDropoutLayers } from "../lib/models/mod.ts";
import { nonSaturatingLoss } from "../lib/losses/minimax.ts";
import { createTrainer, sgdMomentum, type Trainer } from "../lib/train/mod.ts";
import { uniformPrior } from "../lib/latent/uniform.ts";
import type { NoisePrior } from "../lib/latent/prior.ts";
import { Rng } from "../lib/random.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: "3" },
    steps: { type: "string", default: "50" },
    out: { type: "string", default: "out/lockstep" },
    from: { type: "string" },
  },
});
const seed = Number(values.seed), steps = Number(values.steps), out = values.out!;
const from = values.from;
await Deno.mkdir(out, { recursive: true });

interface Recorded {
  x: Float32Array[];
  z: Float32Array[];
  masks: Uint8Array[][];
}

/** The preset's trainer, built again from public parts, recording what each step draws. */
function recordingTrainer(mnist: Mnist, rec: Recorded): Trainer {
  const { generator, discriminator } = paperMnistGan({ seed, outputBias: mnistOutputBias(mnist) });
  const schedule = sgdMomentum({ rampFrom: 0, rampTo: 249 * 500, rampEvery: 500 });
  const inner = dataSampler(mnist.train, { order: "epochs" });
  const layers = seededDropoutLayers(discriminator);
  const sampleReal: DatasetSampler = {
    dim: inner.dim,
    order: inner.order,
    state: () => inner.state(),
    setState: (state) => inner.setState(state),
    fill: (o, m, rng) => {
      const r = inner.fill(o, m, rng);
      rec.x.push(r.slice());
      return r;
    },
    sample: (m, rng) => {
      const t = inner.sample(m, rng);
      rec.x.push(t.dataSync().slice() as Float32Array);
      return t;
    },
  };
  const base = uniformPrior(100);
  const prior: NoisePrior = {
    ...base,
    sample: (m: number, rng: Rng) => {
      // D's dropout generators before this step's one pass over [real; generated]: the masks
      // it will draw, real rows first.
      rec.masks.push(layers.map((l, i) => {
        const width = i === 0 ? 784 : 240, keep = 1 - l.rate;
        const bits = Rng.fromState(l.rngState()).fillUint32(new Uint32Array(2 * m * width));
        return Uint8Array.from(bits, (b) => (b < keep * 4294967296 ? 1 : 0));
      }));
      const t = base.sample(m, rng);
      rec.z.push(t.dataSync().slice() as Float32Array);
      return t;
    },
  };
  return createTrainer({
    generator,
    discriminator,
    loss: nonSaturatingLoss({ discriminatorScale: 0.5 }),
    prior,
    sampleReal,
    batchSize: 100,
    k: 1,
    update: "simultaneous",
    dOptimizer: schedule,
    gOptimizer: schedule,
    seed,
  });
}

async function weights(t: Trainer): Promise<Float32Array[]> {
  const all = [...t.generator.trainableWeights, ...t.discriminator.trainableWeights];
  return await Promise.all(all.map(async (w) => (await w.read().data()) as Float32Array));
}

async function save(name: string, arrays: ArrayLike<number>[] | Uint8Array[]) {
  const total = arrays.reduce((a, b) => a + b.length, 0);
  const isMask = arrays[0] instanceof Uint8Array;
  const buf = isMask ? new Uint8Array(total) : new Float32Array(total);
  let o = 0;
  for (const a of arrays) {
    (buf as Float32Array).set(a as Float32Array, o);
    o += a.length;
  }
  await Deno.writeFile(join(out, name), new Uint8Array(buf.buffer));
}

const mnist = await loadMnist();
const mainInfo = await initBackend({ backend: "native" });

// 1. The preset itself, for its history.
const preset = paperMnistTrainer(mnist, { seed });
if (from) await preset.restore(from);
const presetHistory = await preset.train(steps);
preset.dispose();

// 2. The recording copy: same history, bit for bit, or this check means nothing.
const rec: Recorded = { x: [], z: [], masks: [] };
const copy = recordingTrainer(mnist, rec);
if (from) await copy.restore(from);
const init = await weights(copy);
const shapes = [...copy.generator.trainableWeights, ...copy.discriminator.trainableWeights].map(
  (w) => w.shape,
);
const history = await copy.train(steps);
for (const [i, r] of history.entries()) {
  const p = presetHistory[i];
  if (r.dLoss !== p.dLoss || r.gLoss !== p.gLoss) {
    throw new Error(`the recording copy differs from paperMnistTrainer at step ${r.step}`);
  }
}
const final = await weights(copy);
copy.dispose();
if (rec.x.length !== steps || rec.z.length !== steps || rec.masks.length !== steps) {
  throw new Error(
    `recorded ${rec.x.length} batches, ${rec.z.length} noise draws, ${rec.masks.length} mask sets for ${steps} steps`,
  );
}

// 3. Rounding yardstick: the same steps on the plain cpu backend (tfjs's own kernels).
const otherInfo = await initBackend({ backend: "cpu" });
const rec2: Recorded = { x: [], z: [], masks: [] };
const native = recordingTrainer(mnist, rec2);
if (from) await native.restore(from);
const otherHistory = await native.train(steps);
const otherFinal = await weights(native);
native.dispose();

await save("init.bin", init);
await save("final.bin", final);
await save("final_other.bin", otherFinal);
await save("x.bin", rec.x);
await save("z.bin", rec.z);
await save("masks.bin", rec.masks.flat());
await Deno.writeTextFile(
  join(out, "meta.json"),
  JSON.stringify(
    {
      seed,
      steps,
      from: from ?? null,
      startStep: history[0].step - 1,
      shapes,
      names: ["gW0", "gb0", "gW1", "gb1", "gW2", "gb2", "dW0", "db0", "dW1", "db1", "dW2", "db2"],
      maskWidths: [784, 240, 240],
      keep: [0.8, 0.5, 0.5],
      history: history.map((r) => ({ step: r.step, dLoss: r.dLoss, gLoss: r.gLoss })),
      otherHistory: otherHistory.map((r) => ({ step: r.step, dLoss: r.dLoss, gLoss: r.gLoss })),
      backend: mainInfo.backend,
      otherBackend: otherInfo.backend,
      tfjs: tf.version.tfjs,
    },
    null,
    1,
  ),
);
console.log(`wrote ${steps} steps of seed ${seed} to ${out} (recording copy = preset: yes)`);
