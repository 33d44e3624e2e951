/**
 * The reproduction's experiments (Goodfellow et al. 2014 and what it motivated), each a
 * function that trains, measures and returns plain numbers with ready figures and tables:
 * the paper's MNIST experiment (Figure 2 and Table 1, resumable from checkpoints) and the
 * loss comparison on the 2-D mode-collapse benchmarks. `deno task repro` calls the `run*`
 * functions; the notebooks write the training out (`createTrainer`, `trainer.train`) and take
 * the long pieces from here (Figure 1's watch and panels, the saturation start, the MNIST
 * evaluation, the mode-collapse scoring); {@linkcode renderReport} builds the HTML report.
 *
 * @example The loss comparison, tiny
 * ```ts
 * import assert from "node:assert";
 * import { runBeyond } from "./mod.ts";
 * const r = await runBeyond({ quick: true, steps: 2, losses: ["gan"], datasets: ["ring"] });
 * assert.strictEqual(r.runs.length, 1);
 * ```
 *
 * @module
 */
export {
  type ComparisonRow,
  type ExperimentOptions,
  plusMinus,
  prepareBackend,
  type StepCallback,
} from "./common.ts";
export type { BackendName } from "../lib/backend/init_backend.ts";
export {
  type CollapseCheck,
  type CollapseMonitor,
  collapseMonitor,
  type CollapseMonitorOptions,
  MNIST_STEPS_PER_EPOCH,
  type MnistOptions,
  mnistOutputBias,
  type MnistResult,
  paperMnistTrainer,
  type PaperMnistTrainerOptions,
  runMnist,
} from "./mnist.ts";
export {
  evaluateMnist,
  type EvaluateMnistOptions,
  type MnistEvaluation,
  mnistFigure2,
  type ParzenSizes,
  parzenSizes,
  type ParzenSummary,
  parzenSummary,
} from "./mnist_eval.ts";
export {
  PAPER_TABLE1,
  PARZEN_CAVEAT,
  REAL_DATA_PARZEN_BENCH,
  table1,
  type Table1Row,
} from "./parzen_table.ts";
export {
  type BeyondOptions,
  type BeyondResult,
  beyondSizes,
  PACGAN_TABLE1,
  runBeyond,
} from "./beyond.ts";
export {
  type ModeCollapseRun,
  type ModeCollapseSizes,
  runFigure,
  runModeCollapse,
  type RunView,
  scoreToyRun,
  TOY_DATASETS,
  type ToyDataset,
  toyDataset,
  type ToyTrainFunction,
  type ToyTraining,
  trainToy,
} from "./mode_collapse.ts";
export { TOY_LOSSES, type ToyLossSetup, toyLossSetup } from "./toy_losses.ts";
export {
  collectReportItems,
  comparisonTable,
  renderReport,
  type ReportContent,
  type ReportItem,
  type ReportSection,
} from "./report.ts";
export type { StepRecord } from "../lib/train/history.ts";
export type { Figure, SvgNode } from "../lib/display/figure.ts";
export { DISPLAY, type Displayable, type MimeBundle } from "../lib/display/jupyter.ts";
export type { SampleGrid } from "../lib/display/grid.ts";
export type { Table } from "../lib/display/table.ts";
export type { Mnist, MnistSplit } from "../lib/data/mnist.ts";
export type { Dataset } from "../lib/data/dataset.ts";
export type { DataSampler } from "../lib/data/batches.ts";
export type { GaussianMixture2d, Point2d } from "../lib/data/mixture_2d.ts";
export type { Rng, RngState } from "../lib/random.ts";
export type { Critic, GanLoss } from "../lib/losses/types.ts";
export type { LayersModel, Scalar, Tensor, Tensor2D } from "../lib/tensor_types.ts";
export type { NoisePrior } from "../lib/latent/prior.ts";
export type { AdamConfig, OptimizerSpec, RmspropConfig } from "../lib/train/optimizers.ts";
export type { SgdMomentumConfig } from "../lib/train/sgd_momentum.ts";
// Experiments of notebooks 1-3 (theory, figure1, saturation): append their exports below.
export {
  checksTable,
  jensenShannonChecks,
  type JensenShannonChecksOptions,
  type TheoryCheck,
} from "./theory_checks.ts";
export {
  chiSquareCurve,
  lemmaCurve,
  powerTriangleCurve,
  type PowerTriangleWitness,
  searchPowerTriangle,
  type Theorem1Curves,
  theorem1Curves,
  type TheoryCurve,
} from "./theory_curves.ts";
export { runTheory, type TheoryOptions, type TheoryResult } from "./theory.ts";
export {
  PROPOSITION1_DATA,
  PROPOSITION1_GENERATOR,
  type Proposition1Options,
  type Proposition1Result,
  runProposition1,
} from "./proposition1.ts";
export type { Mixture1d } from "./toy_1d.ts";
export {
  FIGURE1_SETUP,
  type Figure1Panel,
  type Figure1Panels,
  figure1Panels,
  type Figure1PanelsOptions,
  type Figure1Result,
  type Figure1RunOptions,
  type Figure1Watch,
  figure1Watch,
  type Figure1WatchOptions,
  runFigure1,
} from "./figure1.ts";
export type { Figure1Setup, Figure1State } from "./figure1_panel.ts";
export {
  runSaturation,
  SATURATION_DATA,
  type SaturationComparison,
  type SaturationResult,
  saturationResult,
  type SaturationRun,
  saturationRun,
  type SaturationRunOptions,
  type SaturationStart,
  saturationStart,
  type SaturationStartOptions,
} from "./saturation.ts";
export { type LiveTraining, liveTraining, type LiveTrainingOptions } from "./live.ts";
export { linePlot, type LinePlotOptions, type LineSeries } from "./line_plot.ts";
export type { DisplaySink } from "../lib/display/live_view.ts";
