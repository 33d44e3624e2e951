/**
 * Trains the paper's MNIST GAN (the package's preset, `paperMnistTrainer`) for one seed and one
 * update rule, and scores it at chosen steps: Parzen log-likelihood with the paper's protocol
 * (10k generated centres, sigma on 1000 validation images, the 10k test set), the collapse
 * detector (`sampleDiversity` on 1000 samples) and Figure 2. Resumes from its checkpoints.
 *
 *   deno run -A bench/mnist_seeds.ts --seed 1 --update simultaneous --steps 5000 \
 *     --eval-at 2500,5000 [--order epochs|iid] [--out docs/results/seeds] [--work out/seeds]
 *
 * Writes OUT/<update>-seed<S>.json (one row per evaluated step, with wall time and commit) and
 * OUT/<update>-seed<S>-step<N>.png (Figure 2 layout); keeps WORK/<update>-seed<S>/eval-step<N>
 * (the full trainer checkpoint at each evaluated step, for later measures). With --rescore it
 * trains nothing: it adds the classifier-feature score to evaluated rows that lack it, from
 * those checkpoints (the same evaluation samples).
 *
 * Beyond the paper: `--average 0.999` also keeps a moving average of G's weights
 * (`generatorAverage`; training unchanged) and scores samples of the averaged G, with G's own
 * scores beside them (`iterate`); its files are named `<update>-avg<decay>-seed<S>`.
 * `--adam LR,BETA1` trains both networks with Adam instead of the authors' SGD (files
 * `<update>-adamLR_BETA1[-avg<decay>]-seed<S>`). `--anneal FROM,TO` keeps the authors' learning
 * rate until step FROM, then lowers it linearly to 1/1000 of that at step TO (files
 * `<update>-annealFROM_TO[-avg<decay>]-seed<S>`). `--from DIR` starts a new run from another run's checkpoint (e.g. the main run's
 * `eval-step100000`) instead of step 0; the average then starts from that G.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { mnistFigure2, paperMnistTrainer, parzenSummary } from "../experiments/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { loadMnist } from "../lib/data/mnist.ts";
import { Rng } from "../lib/random.ts";
import { sampleDiversity } from "../lib/eval/diversity.ts";
import { mnistSampleScore } from "../lib/eval/mnist_score.ts";
import { generateRows } from "../experiments/samples.ts";
import { savePng, writeFileAtomic } from "../lib/display/files.ts";
import { checkpointSteps, stepDirName } from "../lib/train/checkpoint/directory.ts";
import { adam, type OptimizerSpec, sgdMomentum } from "../lib/train/optimizers.ts";
import { learningRateAt, type SgdMomentumConfig } from "../lib/train/sgd_momentum.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: "1" },
    update: { type: "string", default: "simultaneous" },
    order: { type: "string", default: "epochs" },
    steps: { type: "string", default: "5000" },
    "eval-at": { type: "string", default: "2500,5000" },
    "monitor-every": { type: "string", default: "500" },
    rescore: { type: "boolean", default: false },
    average: { type: "string", default: "" },
    adam: { type: "string", default: "" },
    anneal: { type: "string", default: "" },
    from: { type: "string", default: "" },
    out: { type: "string", default: "docs/results/seeds" },
    work: { type: "string", default: "out/seeds" },
  },
});
const seed = Number(values.seed), steps = Number(values.steps);
const update = values.update as "simultaneous" | "alternating";
const order = values.order as "epochs" | "iid";
const evalAt = values["eval-at"].split(",").map(Number).filter((s) => s <= steps);
const monitorEvery = Number(values["monitor-every"]);
const decay = values.average === "" ? null : Number(values.average);
// --adam LR,BETA1: Adam for both networks instead of the authors' SGD (beyond the paper).
const adamSettings = values.adam === "" ? null : values.adam.split(",").map(Number);
const adamSpec = adamSettings === null ? null : adam({
  lr: adamSettings[0],
  ...(adamSettings.length > 1 ? { beta1: adamSettings[1] } : {}),
}) as Extract<OptimizerSpec, { kind: "adam" }>;
// --anneal FROM,TO: the authors' rate until FROM, then linearly down to 1/1000 of it at TO.
const anneal = values.anneal === "" ? null : values.anneal.split(",").map(Number);
const name = `${update}${order === "epochs" ? "" : `-${order}`}${
  adamSettings === null ? "" : `-adam${adamSettings.join("_")}`
}${anneal === null ? "" : `-anneal${anneal.join("_")}`}${
  decay === null ? "" : `-avg${decay}`
}-seed${seed}`;
const authorsRate = (t: number) => learningRateAt(sgdMomentum() as SgdMomentumConfig, t);
const work = join(values.work, name);
await Deno.mkdir(values.out, { recursive: true });
await Deno.mkdir(work, { recursive: true });

const commit = new TextDecoder().decode(
  (await new Deno.Command("git", { args: ["rev-parse", "--short", "HEAD"] }).output()).stdout,
).trim();
const backend = await initBackend();
console.log(`${name}: backend ${backend.backend} (${backend.reason})`);
const mnist = await loadMnist();
const trainer = paperMnistTrainer(mnist, {
  seed,
  update,
  dataOrder: order,
  ...(decay === null ? {} : { generatorAverage: { decay } }),
  ...(adamSpec === null ? {} : { optimizer: adamSpec }),
  ...(anneal === null ? {} : {
    learningRate: (t: number) =>
      t < anneal[0]
        ? authorsRate(t)
        : authorsRate(anneal[0]) * Math.max((anneal[1] - t) / (anneal[1] - anneal[0]), 1e-3),
  }),
});
const ckDir = join(work, "periodic");
const resumable = await checkpointSteps(ckDir).catch(() => [] as number[]);
if (resumable.length > 0) {
  await trainer.restore(join(ckDir, stepDirName(resumable.at(-1)!)));
  console.log(`${name}: resumed at step ${trainer.stepCount}`);
} else if (values.from !== "") {
  await trainer.restore(values.from);
  console.log(`${name}: started from ${values.from} at step ${trainer.stepCount}`);
}
/** The model whose samples are scored: the averaged G when one is kept. */
const scored = trainer.averagedGenerator ?? trainer.generator;
const resultPath = join(values.out, `${name}.json`);
type Row = Record<string, unknown>;
const previous: { rows: Row[]; monitor: Row[]; trainSeconds: number; commit?: string } = await Deno
  .readTextFile(resultPath).then(JSON.parse).catch(() => ({
    rows: [],
    monitor: [],
    trainSeconds: 0,
  }));
// Each row names the commit that trained up to it; older files kept one commit per file.
const rows = previous.rows.filter((r) => (r.step as number) <= trainer.stepCount)
  .map((r): Row => ({ ...r, commit: r.commit ?? previous.commit }));
const monitor = previous.monitor.filter((r) => (r.step as number) <= trainer.stepCount);
let trainSeconds = previous.trainSeconds;

async function save() {
  const doc = {
    recipe: "paperMnistTrainer (authors' recipe unless update=alternating / order=iid)" +
      (adamSpec === null
        ? ""
        : `; beyond the paper: Adam (lr ${adamSpec.lr}, beta1 ${adamSpec.beta1}) for both networks instead of the authors' SGD`) +
      (anneal === null
        ? ""
        : `; beyond the paper: the authors' learning rate until step ${
          anneal[0]
        }, then linearly down to 1/1000 of it at step ${anneal[1]}`) +
      (decay === null
        ? ""
        : `; beyond the paper: scores samples of a moving average of G's weights (generatorAverage decay ${decay}); training unchanged`),
    ...(values.from === "" ? {} : { startedFrom: values.from }),
    seed,
    update,
    dataOrder: order,
    backend: backend.backend,
    commit,
    trainSeconds,
    rows,
    monitor,
  };
  await writeFileAtomic(resultPath, JSON.stringify(doc, null, 1) + "\n");
}

/** The second measure on the evaluation samples, without the matrices. */
async function score(samples: Float32Array) {
  const s = await mnistSampleScore(samples, mnist);
  return {
    frechet: s.frechet,
    classesCovered: s.classesCovered,
    classCounts: s.classCounts,
    classKL: s.classKL,
    meanMaxProb: s.meanMaxProb,
    reference: { frechet: s.reference.frechet, classesCovered: s.reference.classesCovered },
  };
}

if (values.rescore) {
  for (const row of rows) {
    if (row.sampleScore) continue;
    const step = row.step as number;
    await trainer.restore(join(work, `eval-step${step}`));
    const rng = new Rng(seed).fork(`eval-${step}`);
    const samples = await generateRows(scored, trainer.prior, 10000, rng);
    row.sampleScore = await score(samples);
    console.log(
      `${name} step ${step}: frechet ${(row.sampleScore as { frechet: number }).frechet}`,
    );
  }
  await save();
  Deno.exit(0);
}

async function evaluate(step: number) {
  const t0 = performance.now();
  const rng = new Rng(seed).fork(`eval-${step}`);
  const samples = await generateRows(scored, trainer.prior, 10000, rng);
  const sampleScore = await score(samples);
  const diversity = await sampleDiversity(samples.subarray(0, 1000 * 784), mnist.train, {
    classCounts: sampleScore.classCounts,
  });
  const sizes = { centres: 10000, test: 10000, validation: 1000 };
  const parzen = await parzenSummary(samples, mnist, sizes, () => {}, "parzen");
  const fig = await mnistFigure2(scored, trainer.prior, mnist, rng);
  let iterate: Row | undefined;
  if (scored !== trainer.generator) {
    // G's own samples on the same noise, for comparison with the average's.
    const own = await generateRows(
      trainer.generator,
      trainer.prior,
      10000,
      new Rng(seed).fork(`eval-${step}`),
    );
    const p = await parzenSummary(own, mnist, sizes, () => {}, "parzen");
    const s = await score(own);
    iterate = {
      parzen: { mean: p.mean, stdErr: p.stdErr, sigma: p.sigma },
      frechet: s.frechet,
      classesCovered: s.classesCovered,
    };
  }
  await savePng(join(values.out, `${name}-step${step}.png`), fig.figure2);
  await trainer.save(join(work, `eval-step${step}`));
  const row = {
    step,
    parzen: { mean: parzen.mean, stdErr: parzen.stdErr, sigma: parzen.sigma },
    diversity,
    sampleScore,
    ...(iterate ? { iterate } : {}),
    trainSeconds,
    evalSeconds: (performance.now() - t0) / 1000,
    commit,
  };
  rows.push(row);
  console.log(
    `${name} step ${step}: parzen ${parzen.mean.toFixed(1)} ± ${parzen.stdErr.toFixed(1)} ` +
      `(sigma ${parzen.sigma.toFixed(3)}), spread ratio ${diversity.spreadRatio.toFixed(3)}, ` +
      `distinct NN ${diversity.distinctNeighbours}/${diversity.queries}, collapsed ${diversity.collapsed}, ` +
      `frechet ${sampleScore.frechet.toFixed(2)} (${sampleScore.classesCovered}/10 classes)` +
      (iterate ? `; G itself: ${JSON.stringify(iterate)}` : ""),
  );
  await save();
}

let last = performance.now();
while (trainer.stepCount < steps) {
  const next = Math.min(
    steps,
    ...evalAt.filter((s) => s > trainer.stepCount),
    (Math.floor(trainer.stepCount / monitorEvery) + 1) * monitorEvery,
  );
  await trainer.train(next - trainer.stepCount, {
    checkpoint: { dir: ckDir, every: monitorEvery, keep: 1 },
  });
  const now = performance.now();
  trainSeconds += (now - last) / 1000;
  const step = trainer.stepCount;
  if (step % monitorEvery === 0) {
    const samples = await generateRows(
      trainer.generator,
      trainer.prior,
      1000,
      new Rng(seed + step),
    );
    const { classCounts } = await mnistSampleScore(samples, mnist);
    const d = await sampleDiversity(samples, mnist.train, { classCounts });
    const h = trainer.history.at(-1)!;
    monitor.push({
      step,
      dLoss: h.dLoss,
      gLoss: h.gLoss,
      dReal: h.dReal,
      dFake: h.dFake,
      spreadRatio: d.spreadRatio,
      distinctNeighbours: d.distinctNeighbours,
      classKL: d.classKL,
      collapsed: d.collapsed,
      modeDropping: d.modeDropping,
      trainSeconds,
    });
    console.log(
      `${name} step ${step}: dLoss ${h.dLoss.toFixed(4)} gLoss ${h.gLoss.toFixed(3)} ` +
        `spread ${d.spreadRatio.toFixed(3)} distinct ${d.distinctNeighbours} ` +
        `class KL ${d.classKL!.toFixed(3)} ` +
        `${d.collapsed ? "COLLAPSED" : d.modeDropping ? "mode dropping" : "ok"} (${
          trainSeconds.toFixed(0)
        } s)`,
    );
    await save();
  }
  if (evalAt.includes(step) && !rows.some((r) => r.step === step)) await evaluate(step);
  last = performance.now();
}
await save();
trainer.dispose();
Deno.exit(0);
