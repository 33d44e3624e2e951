import { checkOptions } from "../validate.ts";
import { inJupyter } from "./jupyter.ts";

/** Options of {@linkcode progressBar}. */
export interface ProgressOptions {
  /** Total number of steps (positive integer). */
  total: number;
  /** Text before the bar; default "train". */
  label?: string;
  /** Bar width in characters; default 24. */
  width?: number;
  /** Where text goes; default stderr (synchronous write). */
  write?: (text: string) => void;
  /** Redraw in place with `\r` (terminals) instead of printing lines; default `Deno.stderr.isTerminal()`. */
  inPlace?: boolean;
  /** Minimum milliseconds between redraws (the last step always draws); default 100 in place, 2000 as lines. */
  minIntervalMs?: number;
  /** Clock in milliseconds; default `performance.now`. Injected by tests. */
  now?: () => number;
  /** Whether to print at all; default `!inJupyter()` (notebooks use a live view instead). */
  enabled?: boolean;
}

/** A text progress bar for `deno run` / `deno task` training. */
export interface ProgressBar {
  /** Steps completed so far. */
  readonly done: number;
  /**
   * Records `n` more steps (default 1) and redraws if due; `info` is appended
   * (numbers formatted to 4 significant digits), e.g. `{ d: 1.31, g: 0.72 }`.
   */
  tick(n?: number, info?: Record<string, number> | string): void;
  /** Draws the final state and ends the line. Idempotent. */
  finish(): void;
}

const PROGRESS_KEYS = [
  "total",
  "label",
  "width",
  "write",
  "inPlace",
  "minIntervalMs",
  "now",
  "enabled",
];

/**
 * A progress bar with step/s and ETA on stderr, for training outside Jupyter:
 * `train [########......] 120/300 40% 12.3 step/s ETA 14.6s d=1.31 g=0.72`.
 * Inside a notebook it prints nothing (a {@linkcode liveView} shows progress there).
 * Rate is steps since start over elapsed time; ETA = remaining steps / rate.
 *
 * @param options See {@linkcode ProgressOptions}.
 * @returns The bar; call `tick()` each step and `finish()` at the end.
 * @throws {RangeError} When `total` is not a positive integer or `width` < 1.
 * @throws {TypeError} When `options` has an unknown key (the message names the nearest valid one).
 *
 * @example Capturing the text
 * ```ts
 * import assert from "node:assert";
 * import { progressBar } from "./progress.ts";
 * let out = "";
 * let t = 0;
 * const bar = progressBar({ total: 4, write: (s) => out += s, inPlace: false, now: () => t, enabled: true });
 * for (let i = 0; i < 4; i++) { t += 500; bar.tick(); }
 * bar.finish();
 * assert.match(out, /4\/4 100% 2\.00 step\/s/);
 * ```
 */
export function progressBar(options: ProgressOptions): ProgressBar {
  const { total, label = "train", width = 24 } = checkOptions(
    options,
    PROGRESS_KEYS,
    "make a progress bar",
  );
  if (!Number.isInteger(total) || total < 1) {
    throw new RangeError(
      `Cannot make a progress bar as total must be a positive integer: total=${total}`,
    );
  }
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(
      `Cannot make a progress bar as width must be a positive integer: width=${width}`,
    );
  }
  const enabled = options.enabled ?? !inJupyter();
  const inPlace = options.inPlace ?? safeIsTerminal();
  const write = options.write ??
    ((s: string) => Deno.stderr.writeSync(new TextEncoder().encode(s)));
  const now = options.now ?? (() => performance.now());
  const minInterval = options.minIntervalMs ?? (inPlace ? 100 : 2000);
  const start = now();
  let done = 0;
  let lastDraw = -Infinity;
  let finished = false;
  let info = "";

  const draw = (final: boolean) => {
    const t = now();
    if (!final && t - lastDraw < minInterval) return;
    lastDraw = t;
    const line = formatProgress(label, done, total, width, (t - start) / 1000, info);
    write(inPlace ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`);
  };
  return {
    get done() {
      return done;
    },
    tick(n = 1, extra?: Record<string, number> | string): void {
      if (finished) return;
      done = Math.min(total, done + n);
      if (extra !== undefined) info = formatInfo(extra);
      if (enabled) draw(done === total);
      if (done === total) finished = true;
    },
    finish(): void {
      if (finished) return;
      finished = true;
      if (enabled) draw(true);
    },
  };
}

function safeIsTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

function formatInfo(extra: Record<string, number> | string): string {
  if (typeof extra === "string") return extra;
  return Object.entries(extra).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(" ");
}

/** One progress line: bar, count, percentage, rate and ETA. */
export function formatProgress(
  label: string,
  done: number,
  total: number,
  width: number,
  elapsedSeconds: number,
  info = "",
): string {
  const filled = Math.round((width * done) / total);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = done >= total
    ? `in ${formatDuration(elapsedSeconds)}`
    : rate > 0
    ? `ETA ${formatDuration((total - done) / rate)}`
    : "ETA ?";
  const pct = Math.floor((100 * done) / total);
  const rateText = rate >= 100 ? rate.toFixed(0) : rate.toFixed(2);
  return `${label} [${bar}] ${done}/${total} ${pct}% ${rateText} step/s ${eta}${
    info ? " " + info : ""
  }`;
}

/**
 * Formats seconds as `12.3s`, `4m05s` or `2h03m`.
 *
 * @param seconds A non-negative duration.
 * @returns The short text.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatDuration } from "./progress.ts";
 * assert.strictEqual(formatDuration(245), "4m05s");
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
