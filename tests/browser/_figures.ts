/**
 * A report page holding one of every figure kind the package draws, built in-process in a
 * second or two with the sizes, titles and data ranges that the report and the notebooks use
 * (the MNIST history's losses near log 2 = 0.69315 and outputs near 0.49994; the
 * beyond-the-paper panels' long titles at 320 px; Figure 1's panels with p_g = p_data).
 */
import {
  type Figure,
  figure1,
  figure2Grid,
  historyFigure,
  linePlot,
  plotFigure,
  reportHtml,
  type ReportItem,
  saturationFigure,
  stackFigures,
  table,
} from "../../lib/display/mod.ts";
import * as Plot from "@observablehq/plot";
import type { StepRecord } from "../../lib/train/history.ts";
import { runFigure } from "../../experiments/mode_collapse.ts";
import { FIGURE1_SETUP } from "../../experiments/figure1.ts";
import { panelFigure } from "../../experiments/figure1_panel.ts";
import type { Figure1State } from "../../experiments/figure1_panel.ts";
import {
  densityFigure,
  gradientFigure,
  type SaturationRun,
} from "../../experiments/saturation_report.ts";
import { chiSquareCurve, lemmaCurve, theorem1Curves } from "../../experiments/theory_curves.ts";
import { renderReport } from "../../experiments/report.ts";
import { Rng } from "../../lib/random.ts";

/** A history like the MNIST run's: losses within 1e-4 of log 2, D outputs near 1/2. */
export function mnistLikeHistory(steps = 300): StepRecord[] {
  const rng = new Rng(5);
  return Array.from({ length: steps }, (_, i) => ({
    step: i + 1,
    dLoss: 0.69316 + 2e-5 * rng.normal(),
    gLoss: 0.69313 + 2e-5 * rng.normal(),
    dReal: 0.49995 + 1e-5 * rng.normal(),
    dFake: 0.49993 + 1e-5 * rng.normal(),
    dGradNorm: 1,
    gGradNorm: 1,
    lr: 0.1,
    ms: 300,
  }));
}

const normal = (x: number[], m: number, s: number) =>
  x.map((v) => Math.exp(-((v - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI)));

function figure1State(peakG: number, dFlat: boolean): Figure1State {
  const { xMin, xMax } = FIGURE1_SETUP;
  const x = Array.from({ length: 101 }, (_, i) => xMin + (i * (xMax - xMin)) / 100);
  const pData = normal(x, 1, 0.5);
  const pG = normal(x, peakG, peakG === 1 ? 0.5 : 0.2);
  const d = dFlat ? x.map(() => 0.5) : pData.map((p, i) => p / (p + pG[i]));
  const z = Array.from({ length: 12 }, (_, i) => -1 + (2 * i) / 11);
  return { x, pData, pG, d, z, gz: z.map((v) => peakG + 0.3 * v) } as unknown as Figure1State;
}

function saturationRun(loss: SaturationRun["loss"], x: number[], scale: number): SaturationRun {
  const history = mnistLikeHistory(60).map((r, i) => ({ ...r, gGradNorm: scale * (1 + i) }));
  return {
    loss,
    firstGradNorm: scale,
    earlyGradNorm: scale,
    firstDFake: 0.01,
    lastDFake: 0.4,
    meanBefore: -1,
    meanAfter: 1.5,
    jsBefore: 0.6,
    jsAfter: 0.1,
    history,
    pG: normal(x, loss === "minimax" ? -1 : 1.8, 0.6),
  };
}

function planeView(title: string, probability: boolean) {
  const xs = Array.from({ length: 25 }, (_, i) => -2 + i / 6);
  const values = xs.flatMap((y) => xs.map((x) => 1 / (1 + Math.exp(-(x * x + y * y - 1.5)))));
  const rng = new Rng(3);
  const ring = Array.from({ length: 200 }, (_, i) => {
    const a = (2 * Math.PI * (i % 8)) / 8;
    return [1.5 * Math.cos(a) + 0.05 * rng.normal(), 1.5 * Math.sin(a) + 0.05 * rng.normal()];
  }).flat();
  const fake = Array.from({ length: 200 }, () => [0.3 * rng.normal(), 0.3 * rng.normal()]).flat();
  return runFigure({ d: { xs, ys: xs, values }, real: ring, fake, title, probability });
}

/** Every figure kind, each with a caption. */
export function everyFigure(): Array<{ figure: Figure; caption: string }> {
  const x = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
  const [mm, ns] = [saturationRun("minimax", x, 1e-4), saturationRun("non-saturating", x, 1)];
  const panels = [figure1State(-0.8, false), figure1State(1, true)].map((s, i) =>
    panelFigure(
      s,
      FIGURE1_SETUP,
      i === 0
        ? "(a) near convergence, step 1200: JS = 0.412"
        : "(d) step 3000: JS = 0.004, max |D - 1/2| = 0.003",
    )
  );
  const f1 = figure1State(-0.5, false);
  return [
    {
      figure: historyFigure(mnistLikeHistory(), { title: "MNIST GAN training history" }),
      caption: "MNIST history",
    },
    { figure: saturationFigure(), caption: "generator costs" },
    { figure: gradientFigure(mm, ns), caption: "gradient norms (log scale)" },
    {
      figure: densityFigure(x, normal(x, 2, 0.5), normal(x, -1, 1), mm, ns, 500),
      caption: "densities",
    },
    { figure: figure1(f1), caption: "figure1()" },
    { figure: stackFigures(panels, "Figure 1 (a)-(d)"), caption: "Figure 1 panels stacked" },
    {
      figure: planeView("ring, WGAN-GP: 8/8 modes, 93.1% high quality, JS 0.012", false),
      caption: "beyond panel",
    },
    {
      figure: planeView("grid, non-saturating GAN: 25/25 modes, 88.0% high quality", true),
      caption: "beyond panel",
    },
    { figure: theorem1Curves().figure, caption: "Theorem 1" },
    { figure: lemmaCurve().figure, caption: "lemma" },
    { figure: chiSquareCurve().figure, caption: "chi-square" },
    {
      figure: linePlot([{ name: "x^2", x: [1, 2, 3], y: [1, 4, 9] }], {
        rules: [{ y: 2, label: "two" }, { y: 8, label: "eight" }],
      }),
      caption: "linePlot defaults",
    },
    {
      figure: plotFigure({
        title: "Plot's own title and a colour legend",
        color: { type: "quantize", n: 4, scheme: "Blues", legend: true },
        marks: [
          Plot.dot([{ x: 1, y: 1, v: 0.2 }, { x: 2, y: 2, v: 0.9 }], { x: "x", y: "y", fill: "v" }),
        ],
      }),
      caption: "plotFigure with Plot's title",
    },
  ];
}

/** The reproduction's report page (experiments/report.ts) over {@linkcode everyFigure}. */
export function everyFigureReport(): string {
  const figures: ReportItem[] = everyFigure().map(({ figure, caption }) => ({
    kind: "figure",
    figure,
    caption,
  }));
  const samples = { data: new Float32Array(20 * 16).map((_, i) => (i % 7) / 7), shape: [20, 4, 4] };
  const neighbours = { data: new Float32Array(4 * 16).fill(0.5), shape: [4, 4, 4] };
  return renderReport({
    title: "Every figure kind (browser test)",
    meta: { seed: 0, mode: "test" },
    comparison: [{ experiment: "test", quantity: "q", paper: "1", thisRun: "1", ok: true }],
    sections: [
      { id: "figures", title: "Figures", items: figures },
      {
        id: "other",
        title: "Images and tables",
        items: [
          {
            kind: "image",
            image: figure2Grid(samples, neighbours, { rows: 4, cols: 5, scale: 4 }),
            caption: "Figure 2 layout",
          },
          { kind: "table", table: table([{ a: 1, b: "x" }], { caption: "A table" }) },
          { kind: "text", text: "A paragraph." },
        ],
      },
    ],
  });
}

/** The same figures on a bare page through lib/display's reportHtml (no experiments code). */
export function barePage(figures: Figure[]): string {
  return reportHtml({
    title: "figures",
    sections: [{
      id: "f",
      title: "f",
      items: figures.map((figure) => ({ kind: "figure", figure })),
    }],
  });
}
