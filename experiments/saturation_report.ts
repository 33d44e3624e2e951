/**
 * Figures and comparison rows of the saturation experiment. Internal to saturation.ts.
 *
 * @module
 */
import type { Figure } from "../lib/display/figure.ts";
import type { ComparisonRow } from "./common.ts";
import { linePlot } from "../lib/display/plots/line.ts";
import type { StepRecord } from "../lib/train/history.ts";

/** One of the two runs. */
export interface SaturationRun {
  /** The generator loss: minimax log(1 - D(G(z))) or non-saturating -log D(G(z)). */
  loss: "minimax" | "non-saturating";
  /** G's gradient norm at the first step. */
  firstGradNorm: number;
  /** Median G gradient norm over the first 10% of the steps. */
  earlyGradNorm: number;
  /** Mean D(G(z)) at the first step (probability). */
  firstDFake: number;
  /** Mean D(G(z)) at the last step. */
  lastDFake: number;
  /** Mean of G(z) before and after (p_data's mean is 2). */
  meanBefore: number;
  /** Mean of G(z) after the run. */
  meanAfter: number;
  /** JS(p_g, p_data) (note's convention, <= 2 log 2) before and after. */
  jsBefore: number;
  /** JS after the run. */
  jsAfter: number;
  /** Per-step records. */
  history: StepRecord[];
  /** p_g (KDE) at the end, on the result's `x` grid. */
  pG: number[];
}

/** The median of a non-empty array. */
export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** G's gradient norm per step of both runs, log scale. */
export function gradientFigure(mm: SaturationRun, ns: SaturationRun): Figure {
  const series = [mm, ns].map((run, i) => ({
    name: run.loss,
    x: run.history.map((r) => r.step),
    y: run.history.map((r) => Math.max(r.gGradNorm, 1e-12)),
    stroke: i === 0 ? "#1f77b4" : "#d62728",
  }));
  return linePlot(series, {
    title: "G's gradient norm from a confident D",
    xLabel: "generator step",
    yLabel: "||grad_G||",
    yType: "log",
  });
}

/** p_data, p_g at the start and after each run. */
export function densityFigure(
  x: number[],
  pData: number[],
  start: number[],
  mm: SaturationRun,
  ns: SaturationRun,
  steps: number,
): Figure {
  const cap = (v: number[]) => v.map((p) => Math.min(p, 2));
  return linePlot([
    { name: "p_data", x, y: pData, stroke: "black", dash: "2,3", labelAt: 120 },
    { name: "p_g start", x, y: cap(start), stroke: "#999", labelAt: 25 },
    {
      name: `minimax, ${steps} steps`,
      x,
      y: cap(mm.pG),
      stroke: "#1f77b4",
      dash: "6,4",
      labelAt: 60,
    },
    { name: `non-saturating, ${steps} steps`, x, y: cap(ns.pG), stroke: "#d62728", labelAt: 150 },
  ], { title: "Where p_g went (densities clipped at 2)", yLabel: "density", width: 620 });
}

/** The "paper vs this run" rows. */
export function comparisonRows(mm: SaturationRun, ns: SaturationRun): ComparisonRow[] {
  const f = (v: number) => String(Number(v.toPrecision(3)));
  return [
    {
      experiment: "saturation",
      quantity: "early G gradient norm, minimax vs non-saturating",
      paper: "minimax saturates (much smaller)",
      thisRun: `${f(mm.earlyGradNorm)} vs ${f(ns.earlyGradNorm)}`,
      ok: mm.earlyGradNorm * 10 < ns.earlyGradNorm,
    },
    {
      experiment: "saturation",
      quantity: "JS(p_g, p_data) after training, minimax vs non-saturating",
      paper: "non-saturating learns, minimax stalls",
      thisRun: `${f(mm.jsAfter)} vs ${f(ns.jsAfter)} (start ${f(mm.jsBefore)})`,
      ok: ns.jsAfter < mm.jsAfter,
    },
  ];
}
