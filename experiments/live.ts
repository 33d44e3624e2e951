/**
 * A live view for the experiments' training loops: in a notebook, one output replaced in place
 * with the loss curves and the latest figure (e.g. a Figure 1 panel of the current state); under
 * `deno run`, a progress bar per phase on stderr.
 *
 * @module
 */
import type { Figure } from "../lib/display/figure.ts";
import { trainingDashboard } from "../lib/display/history_view.ts";
import { inJupyter, settle } from "../lib/display/jupyter.ts";
import { type DisplaySink, type LiveView, liveView } from "../lib/display/live_view.ts";
import { type ProgressBar, progressBar } from "../lib/display/progress.ts";
import type { StepRecord } from "../lib/train/history.ts";
import type { StepCallback } from "./common.ts";
import { checkOptions } from "../lib/validate.ts";

/** Options of {@linkcode liveTraining}. */
export interface LiveTrainingOptions {
  /** Heading of the view. */
  title?: string;
  /** Redraw the curves every this many steps (figures redraw when they arrive). Default 50. */
  every?: number;
  /** Force notebook (true) or terminal (false) behaviour; default: inside Jupyter or not. */
  notebook?: boolean;
  /** Send the notebook bundles here instead of to the kernel (tests). */
  sink?: DisplaySink;
  /** Progress text sink outside notebooks (default stderr). */
  write?: (text: string) => void;
}

/** The callbacks to hand to an experiment, and the view's state. */
export interface LiveTraining {
  /** Pass as the experiment's `onStep`. */
  readonly onStep: StepCallback;
  /** Pass as `onPanel` (Figure 1): shows the figure with the curves. */
  readonly onPanel: (panel: Figure) => Promise<void>;
  /** Records of the current phase. */
  readonly records: readonly StepRecord[];
  /** View updates sent (0 outside notebooks). */
  readonly updates: number;
  /** Draws the final state (or ends the bars) and settles. */
  finish(): Promise<void>;
}

/**
 * Creates the live view (its initial output is displayed now, inside Jupyter).
 *
 * @param options Title, redraw interval, notebook/terminal choice, sinks.
 * @returns Callbacks `onStep` / `onPanel` for an experiment and `finish`.
 * @throws {RangeError} When `every` is not a positive integer.
 *
 * @example Outside a notebook it only draws progress bars
 * ```ts
 * import assert from "node:assert";
 * import { liveTraining } from "./live.ts";
 * const lines: string[] = [];
 * const live = await liveTraining({ notebook: false, write: (t) => lines.push(t) });
 * const r = { step: 1, dLoss: 1.4, gLoss: 0.7, dReal: 0.5, dFake: 0.5, dGradNorm: 1, gGradNorm: 1, lr: 0.001, ms: 1 };
 * await live.onStep(r, { phase: "demo", done: 1, total: 1 });
 * await live.finish();
 * assert.strictEqual(live.updates, 0);
 * assert.ok(lines.join("").includes("demo"));
 * ```
 */
export async function liveTraining(options: LiveTrainingOptions = {}): Promise<LiveTraining> {
  options = checkOptions(
    options,
    ["title", "every", "notebook", "sink", "write"],
    "show training",
  );
  const every = options.every ?? 50;
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(
      `Cannot show training as every must be a positive integer: every=${every}`,
    );
  }
  const notebook = options.notebook ?? (options.sink !== undefined || inJupyter());
  const view: LiveView | undefined = notebook
    ? await liveView({ initial: options.title ?? "training…", sink: options.sink })
    : undefined;
  const bars = new Map<string, ProgressBar>();
  let records: StepRecord[] = [];
  let phase = "";
  let figure: Figure | undefined;
  let shown = -1;
  const refresh = async () => {
    if (!view) return;
    const title = [options.title, phase].filter(Boolean).join(": ");
    await view.update(trainingDashboard({ records, title, figures: figure ? [figure] : [] }));
    shown = records.length;
  };
  return {
    get records() {
      return records;
    },
    get updates() {
      return view?.updates ?? 0;
    },
    async onStep(record, info) {
      if (info.phase !== phase) {
        bars.get(phase)?.finish();
        phase = info.phase;
        records = [];
        figure = undefined;
      }
      records.push(record);
      if (!view) {
        let bar = bars.get(phase);
        if (!bar) {
          bar = progressBar({
            total: info.total,
            label: phase,
            enabled: true,
            write: options.write,
          });
          bars.set(phase, bar);
        }
        bar.tick(1, { d: record.dLoss, g: record.gLoss });
      } else if (records.length % every === 0 || info.done === info.total) await refresh();
    },
    async onPanel(panel) {
      figure = panel;
      await refresh();
    },
    async finish() {
      for (const bar of bars.values()) bar.finish();
      if (view && shown !== records.length) await refresh();
      await settle(50);
    },
  };
}
