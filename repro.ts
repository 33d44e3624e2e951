/**
 * `deno task repro`: the reproduction end to end without Jupyter. Runs the selected
 * experiments on the best backend, shows progress and ETA on stderr, writes figures
 * (SVG/PNG), `results.json` and a self-contained `report.html` to the output directory, and
 * prints "paper vs this run" on stdout. It prints its plan and time estimate first (`--plan`
 * prints only that). MNIST training checkpoints under `<out>/checkpoints/`, so an interrupted
 * run resumes when started again; a finished `--quick` run leaves no checkpoints. See `--help`.
 *
 * @module
 */
import { join } from "node:path";
import { initBackend } from "./lib/backend/mod.ts";
import {
  Figure,
  formatDuration,
  type ProgressBar,
  progressBar,
  SampleGrid,
  savePng,
  saveSvg,
  Table,
} from "./lib/display/mod.ts";
import { writeFileAtomic } from "./lib/display/files.ts";
import * as experiments from "./experiments/mod.ts";
import {
  collectReportItems,
  type ComparisonRow,
  comparisonTable,
  renderReport,
  type ReportItem,
  type ReportSection,
  runBeyond,
  runMnist,
  type StepCallback,
} from "./experiments/mod.ts";
import {
  formatPlan,
  parseReproArgs,
  REPRO_USAGE,
  type ReproOptions,
  reproPlan,
  ReproUsageError,
} from "./experiments/repro_cli.ts";

/** What one part hands to the report. */
interface PartOutput {
  section: ReportSection;
  comparison: ComparisonRow[];
  json: unknown;
}

interface Context {
  options: ReproOptions;
  checkpoints: string;
  /** Writes a figure or image under the output directory and returns an item showing it. */
  save(name: string, what: Figure | SampleGrid, caption?: string): Promise<ReportItem>;
  onStep(label: string): StepCallback;
  log(text: string): void;
  signal: AbortSignal;
  abort(reason: string): void;
}

class StoppedEarly extends Error {}

const log = (text: string) => console.error(text);

/** One progress bar per training phase, created at its first step (so a resume counts right). */
function stepReporter(label: string): StepCallback {
  const bars = new Map<string, ProgressBar>();
  return (record, info) => {
    if (!info) return;
    let bar = bars.get(info.phase);
    if (!bar) {
      const resumed = record.step - 1;
      const total = info.total - resumed;
      if (total < 1) return;
      const name = info.phase === label ? label : `${label} ${info.phase}`;
      // The bar's clock starts when the first step started, not when it ended.
      let first = true;
      const now = () => {
        const t = performance.now();
        if (!first) return t;
        first = false;
        return t - record.ms;
      };
      bar = progressBar({
        total,
        label: resumed > 0 ? `${name} (resumed at ${resumed})` : name,
        enabled: true,
        now,
      });
      bars.set(info.phase, bar);
    }
    bar.tick(1, { d: record.dLoss, g: record.gLoss });
  };
}

/** JSON of a result without figures, images, tables, big arrays or the step history. */
function plain(value: unknown, depth = 6): unknown {
  if (value instanceof Figure || value instanceof SampleGrid) return undefined;
  if (value instanceof Table) return value.toString();
  if (ArrayBuffer.isView(value)) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "function" ? undefined : value;
  }
  if (depth === 0) return undefined;
  if (Array.isArray(value)) {
    return value.length > 200 ? undefined : value.map((v) => plain(v, depth - 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "history") continue;
    const p = plain(v, depth - 1);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

async function mnistPart(ctx: Context): Promise<PartOutput> {
  const o = ctx.options;
  let thisRun = 0;
  const progress = ctx.onStep("mnist");
  const r = await runMnist({
    quick: o.quick,
    seed: o.mnistSeed,
    update: o.mnistUpdate,
    guard: o.mnistGuard,
    steps: o.steps ?? undefined,
    epochs: o.epochs ?? undefined,
    checkpointDir: join(
      ctx.checkpoints,
      `mnist-${o.mnistUpdate}-seed${o.mnistSeed}${o.quick ? "-quick" : ""}`,
    ),
    // A checkpoint of the paper's nets with their optimiser state is ~29 MB. Quick runs save
    // none periodically: one when stopped early (to resume) and one at the end, which main()
    // removes once the run has finished.
    ...(o.quick ? { checkpointEvery: Number.MAX_SAFE_INTEGER } : {}),
    signal: ctx.signal,
    onPhase: (t) => ctx.log(`mnist: ${t}`),
    onStep: (record, info) => {
      progress(record, info);
      if (o.stopAfter !== null && ++thisRun >= o.stopAfter) {
        ctx.abort(`stopped after ${thisRun} steps at step ${record.step} (--stop-after)`);
      }
    },
  });
  if (r.resumedFrom !== null) {
    ctx.log(`mnist: resumed from the checkpoint at step ${r.resumedFrom}`);
  }
  const items: ReportItem[] = [
    {
      kind: "text",
      text: `The paper's MNIST GAN (${r.settings.loss}; ${r.settings.optimizer}; batch 100, ` +
        `k = 1, ${r.settings.update} update${
          r.settings.update === "simultaneous" ? " as in the authors' code" : " (Algorithm 1)"
        }) trained for ${r.settings.steps} steps (${r.settings.epochs} epochs), ` +
        `${r.msPerStep.toFixed(0)} ms per step` +
        (r.resumedFrom !== null ? `, resumed from step ${r.resumedFrom}.` : "."),
    },
    await ctx.save(
      "mnist-figure2.png",
      r.figure2,
      "Figure 2: fair random samples; rightmost column: the nearest training image " +
        `(squared pixel distances ${r.neighbourDistances.map((d) => d.toFixed(1)).join(", ")}) ` +
        "of each row's last sample, outlined in yellow.",
    ),
    { kind: "table", table: r.table1 },
    { kind: "text", text: r.caveat },
    {
      kind: "text",
      text: `Second measure (not in the paper): Frechet distance in the features of the ` +
        `package's MNIST classifier ${r.sampleScore.frechet.toFixed(2)} (real validation ` +
        `images: ${r.sampleScore.reference.frechet.toFixed(2)}), ${r.sampleScore.classesCovered}` +
        `/10 classes covered. Collapse detector: spread ratio ${
          r.diversity.spreadRatio.toFixed(3)
        }, ${r.diversity.distinctNeighbours}/${r.diversity.queries} distinct nearest training ` +
        `images: ${r.diversity.collapsed ? `COLLAPSED (${r.diversity.reason})` : "not collapsed"}.`,
    },
    {
      kind: "text",
      text: `${r.guard.summary}.` +
        (r.guard.enabled
          ? ` A safeguard of this package, not the paper's: when the collapse detector (every ${
            r.guard.settings!.every
          } steps, acting after step ${r.guard.settings!.warmup} or once a check has passed) ` +
            `reports collapse, the run goes back to its last healthy check and its noise, data ` +
            `order and dropout masks are reseeded (at most ${
              r.guard.settings!.maxRestarts
            } times); the recipe itself is the authors'.`
          : " The run trained exactly as the authors' recipe, collapse only reported."),
    },
    await ctx.save("mnist-history.svg", r.historyFigure, "Training history."),
  ];
  return {
    section: { id: "mnist", title: "MNIST: Figure 2 and Table 1", items },
    comparison: r.comparison,
    json: plain(r),
  };
}

async function beyondPart(ctx: Context): Promise<PartOutput> {
  const o = ctx.options;
  const r = await runBeyond({
    quick: o.quick,
    seed: o.seed,
    steps: o.beyondSteps ?? undefined,
    signal: ctx.signal,
    onStep: ctx.onStep("beyond"),
    checkpointDir: join(ctx.checkpoints, `beyond-seed${o.seed}${o.quick ? "-quick" : ""}`),
    onRun: (run, cached) =>
      ctx.log(
        `beyond: ${run.dataset} ${run.loss}${cached ? " (from checkpoint)" : ""}: ` +
          `${run.modesCaptured}/${run.modes} modes, ` +
          `${run.highQualityPercent.toFixed(1)}% high quality, JS ${run.js.toFixed(3)}`,
      ),
  });
  const items: ReportItem[] = [
    { kind: "table", table: r.table },
    { kind: "table", table: r.paperTable },
    {
      kind: "text",
      text: "Each panel: D (or the critic, rescaled) over the plane, real samples (green), " +
        "generated samples (purple, clipped to the box).",
    },
  ];
  for (const run of r.runs) {
    items.push(
      await ctx.save(
        `beyond-${run.dataset}-${run.loss.replace(/[^a-z0-9]+/gi, "-")}.svg`,
        run.figure,
      ),
    );
  }
  return {
    section: { id: "beyond", title: "Beyond the paper: losses and mode collapse", items },
    comparison: r.comparison,
    json: plain(r),
  };
}

/** The parts of notebooks 1-3, if their experiment functions exist in experiments/. */
/**
 * A part run by one of `candidates` from experiments/. `takesOnStep`: whether that
 * function takes an `onStep` callback (the experiments refuse options they do not know).
 */
function genericPart(name: string, title: string, candidates: string[], takesOnStep: boolean) {
  return async (ctx: Context): Promise<PartOutput> => {
    const lib = experiments as unknown as Record<string, unknown>;
    const fnName = candidates.find((c) => typeof lib[c] === "function");
    if (!fnName) {
      ctx.log(`${name}: skipped, experiments/ has none of ${candidates.join(", ")}`);
      return {
        section: {
          id: name,
          title,
          items: [{ kind: "text", text: "Not available in this build." }],
        },
        comparison: [],
        json: { skipped: true },
      };
    }
    const run = lib[fnName] as (o: Record<string, unknown>) => Promise<Record<string, unknown>>;
    const result = await run({
      quick: ctx.options.quick,
      seed: ctx.options.seed,
      ...(takesOnStep ? { onStep: ctx.onStep(name) } : {}),
      signal: ctx.signal,
    });
    const items: ReportItem[] = [];
    let n = 0;
    for (const it of collectReportItems(result)) {
      // File names from the item's property path (captions are sentences now).
      const slug = ("name" in it && it.name ? it.name : String(n)).replace(
        /[^a-z0-9]+/gi,
        "-",
      );
      if (it.kind === "figure") {
        items.push(await ctx.save(`${name}-${++n}-${slug}.svg`, it.figure, it.caption));
      } else if (it.kind === "image") {
        items.push(await ctx.save(`${name}-${++n}-${slug}.png`, it.image, it.caption));
      } else items.push(it);
    }
    const comparison = Array.isArray(result?.comparison)
      ? result.comparison as ComparisonRow[]
      : [];
    return { section: { id: name, title, items }, comparison, json: plain(result) };
  };
}

const PARTS: Record<string, (ctx: Context) => Promise<PartOutput>> = {
  theory: genericPart(
    "theory",
    "Theory: Proposition 1, Theorem 1 and the Jensen-Shannon divergence",
    ["runTheory"],
    false,
  ),
  figure1: genericPart("figure1", "Figure 1: a 1-D GAN, panels (a)-(d)", ["runFigure1"], true),
  saturation: genericPart(
    "saturation",
    "The footnote: minimax vs non-saturating generator loss",
    ["runSaturation"],
    true,
  ),
  mnist: mnistPart,
  beyond: beyondPart,
};

/**
 * Removes the checkpoints of finished quick runs (`*-quick` under `dir`), and `dir` itself when
 * that leaves it empty: they only serve to resume an interrupted quick run.
 */
async function removeQuickCheckpoints(dir: string): Promise<void> {
  let left = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith("-quick")) {
        await Deno.remove(join(dir, entry.name), { recursive: true });
      } else left++;
    }
    if (left === 0) await Deno.remove(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

async function main(args: string[]): Promise<number> {
  let options: ReproOptions;
  try {
    options = parseReproArgs(args);
  } catch (error) {
    if (error instanceof ReproUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(REPRO_USAGE);
    return 0;
  }
  const started = performance.now();
  const backend = await initBackend({
    backend: options.backend,
    ...(options.threads !== null ? { threads: options.threads } : {}),
  });
  log(`backend: ${backend.backend} (${backend.reason})`);
  const plan = formatPlan(reproPlan(options, backend.backend), options, backend.backend);
  if (options.plan) {
    console.log(plan);
    return 0;
  }
  log(plan);
  const out = options.out;
  await Deno.mkdir(out, { recursive: true });
  const controller = new AbortController();
  // Ctrl-C stops between steps and saves a checkpoint; a second Ctrl-C quits at once.
  Deno.addSignalListener("SIGINT", () => {
    if (controller.signal.aborted) Deno.exit(130);
    log("interrupted: saving a checkpoint (Ctrl-C again to quit now)");
    controller.abort(new StoppedEarly("interrupted"));
  });
  const files: string[] = [];
  const ctx: Context = {
    options,
    checkpoints: join(out, "checkpoints"),
    async save(name, what, caption) {
      const path = join(out, name);
      if (what instanceof Figure) await saveSvg(path, what);
      else await savePng(path, what);
      files.push(path);
      return what instanceof Figure
        ? { kind: "figure", figure: what, caption }
        : { kind: "image", image: what, caption };
    },
    onStep: stepReporter,
    log,
    signal: controller.signal,
    abort: (reason) => controller.abort(new StoppedEarly(reason)),
  };
  const sections: ReportSection[] = [];
  const comparison: ComparisonRow[] = [];
  const json: Record<string, unknown> = {};
  const timings: Record<string, string> = {};
  for (const part of options.parts) {
    const t0 = performance.now();
    log(`== ${part}${options.quick ? " (quick)" : ""}`);
    let output: PartOutput;
    try {
      output = await PARTS[part](ctx);
    } catch (error) {
      if (error instanceof StoppedEarly) {
        log(
          `${part}: ${error.message}; run the same command again to resume from ${ctx.checkpoints}`,
        );
        return 3;
      }
      throw error;
    }
    const seconds = (performance.now() - t0) / 1000;
    timings[part] = formatDuration(seconds);
    log(`== ${part} done in ${formatDuration(seconds)}`);
    sections.push(output.section);
    comparison.push(...output.comparison);
    json[part] = { seconds, ...(output.json as Record<string, unknown>) };
  }
  if (options.quick) await removeQuickCheckpoints(ctx.checkpoints);
  const meta = {
    mode: options.quick ? "quick" : "full",
    parts: options.parts.join(","),
    seed: options.seed,
    backend: backend.backend,
    "backend reason": backend.reason,
    date: new Date().toISOString(),
    "wall time": formatDuration((performance.now() - started) / 1000),
    ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [`time ${k}`, v])),
  };
  await writeFileAtomic(
    join(out, "results.json"),
    JSON.stringify({ meta, comparison, parts: json }, null, 1),
  );
  await writeFileAtomic(
    join(out, "report.html"),
    renderReport({
      title: "Generative Adversarial Nets (2014): reproduction",
      meta,
      comparison,
      sections,
    }),
  );
  files.push(join(out, "results.json"), join(out, "report.html"));
  console.log(comparisonTable(comparison).toString());
  console.log(`\nwrote ${files.length} files to ${out}/ (report: ${join(out, "report.html")})`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
