import { checkOptions } from "../validate.ts";
import type { StepRecord } from "../train/history.ts";
import type { SampleGrid } from "./grid.ts";
import { inJupyter } from "./jupyter.ts";
import { type DisplaySink, type LiveView, liveView } from "./live_view.ts";
import { type ProgressBar, progressBar } from "./progress.ts";
import { trainingDashboard } from "./history_view.ts";

/** Options of {@linkcode trainingMonitor}. */
export interface MonitorOptions {
  /** Total generator steps planned. */
  total: number;
  /** Update the notebook view every this many steps (and at the last); default 10. */
  every?: number;
  /** Makes the sample grid shown in the notebook view (e.g. G on a fixed noise batch); called only on view updates. */
  samples?: () => SampleGrid | Promise<SampleGrid>;
  /** Heading of the notebook view. */
  title?: string;
  /** Force notebook (true) or terminal (false) behaviour; default {@linkcode inJupyter}. */
  notebook?: boolean;
  /** Send notebook bundles here (see {@linkcode liveView}); implies notebook behaviour. */
  sink?: DisplaySink;
  /** Progress text sink outside notebooks (default stderr); see {@linkcode progressBar}. */
  write?: (text: string) => void;
}

/** The per-step callback of a training loop, notebook- and terminal-aware. */
export interface TrainingMonitor {
  /** The records seen so far. */
  readonly records: readonly StepRecord[];
  /** Call after each generator step; awaits a view update when one is due. */
  step(record: StepRecord): Promise<void>;
  /** Sends the final state (notebook) or ends the bar (terminal), then settles. */
  finish(): Promise<void>;
}

/**
 * One callback for both places a training runs: inside Jupyter it keeps a
 * {@linkcode liveView} of the {@linkcode trainingDashboard} (curves, summary,
 * samples) updated every `every` steps; under `deno run` it draws a
 * {@linkcode progressBar} with step/s, ETA and the D and G losses on stderr.
 *
 * @param options See {@linkcode MonitorOptions}.
 * @returns The monitor; call `await monitor.step(record)` each step and `await monitor.finish()`.
 * @throws {RangeError} When `total` or `every` is not a positive integer.
 * @throws {TypeError} When `options` has an unknown key (the message names the nearest valid one).
 */
export async function trainingMonitor(options: MonitorOptions): Promise<TrainingMonitor> {
  const { total, every = 10, samples, title } = checkOptions(
    options,
    ["total", "every", "samples", "title", "notebook", "sink", "write"],
    "monitor training",
  );
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(
      `Cannot monitor training as every must be a positive integer: every=${every}`,
    );
  }
  const notebook = options.notebook ?? (options.sink !== undefined || inJupyter());
  const bar: ProgressBar = progressBar({ total, enabled: !notebook, write: options.write });
  const view: LiveView | undefined = notebook
    ? await liveView({ initial: title ?? "training…", sink: options.sink })
    : undefined;
  const records: StepRecord[] = [];
  let shown = 0;
  const refresh = async () => {
    if (!view) return;
    await view.update(
      trainingDashboard({ records, samples: samples ? await samples() : undefined, title }),
    );
    shown = records.length;
  };
  return {
    records,
    async step(record: StepRecord): Promise<void> {
      records.push(record);
      bar.tick(1, { d: record.dLoss, g: record.gLoss });
      if (view && (records.length % every === 0 || records.length === total)) await refresh();
    },
    async finish(): Promise<void> {
      bar.finish();
      if (view && shown !== records.length) await refresh();
      if (view) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
