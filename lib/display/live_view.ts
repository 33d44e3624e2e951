import { checkOptions } from "../validate.ts";
import { inJupyter, jupyterDisplay, type MimeBundle, toBundle } from "./jupyter.ts";

/** A notebook output that is replaced in place on each {@linkcode LiveView.update}. */
export interface LiveView {
  /** The Jupyter `display_id` all updates target. */
  readonly displayId: string;
  /** `true` inside Jupyter; outside, updates are no-ops (use a progress bar there). */
  readonly active: boolean;
  /** How many updates were sent (0 outside Jupyter). */
  readonly updates: number;
  /**
   * Replaces the view's content (an `update_display_data` message).
   * Await it: the send is asynchronous.
   */
  update(item: unknown): Promise<void>;
}

/**
 * Where a live view's bundles go: `Deno.jupyter.display(bundle, { raw: true, ...options })`
 * inside the kernel; tests pass a recorder.
 */
export type DisplaySink = (
  bundle: MimeBundle,
  options: { display_id: string; update?: boolean },
) => Promise<void>;

/** Options of {@linkcode liveView}. */
export interface LiveViewOptions {
  /** The `display_id`; default a fresh random id. */
  displayId?: string;
  /** What to show before the first update; default the text "waiting for the first update". */
  initial?: unknown;
  /** Send bundles here instead of to the kernel (the view is then active even outside Jupyter). */
  sink?: DisplaySink;
}

/**
 * Creates a live output keyed by `display_id` that a training loop updates
 * every N steps (loss curves, D(x)/D(G(z)), a fixed-noise sample grid): the
 * initial display is sent (and awaited) now, each `update` replaces it. The
 * executed notebook keeps the last state. Outside Jupyter it is inert.
 *
 * End the cell with `await settle()` after the last update (see
 * {@linkcode settle}) so the final update is not lost to the kernel's idle race.
 *
 * @param options See {@linkcode LiveViewOptions}.
 * @returns The view.
 * @throws {TypeError} When `initial` (or an update) cannot be displayed, or `options` has an
 *   unknown key.
 *
 * @example Outside a notebook updates do nothing
 * ```ts
 * import assert from "node:assert";
 * import { liveView } from "./live_view.ts";
 * const view = await liveView();
 * await view.update("step 1");
 * assert.strictEqual(view.active, false);
 * ```
 */
export async function liveView(options: LiveViewOptions = {}): Promise<LiveView> {
  options = checkOptions(options, ["displayId", "initial", "sink"], "make a live view");
  const displayId = options.displayId ?? `an-live-${crypto.randomUUID()}`;
  const initial = toBundle(options.initial ?? "waiting for the first update");
  const sink = options.sink ?? (inJupyter() ? jupyterDisplay : undefined);
  const active = sink !== undefined;
  if (sink) await sink(initial, { display_id: displayId });
  let updates = 0;
  return {
    displayId,
    active,
    get updates() {
      return updates;
    },
    async update(item: unknown): Promise<void> {
      const bundle: MimeBundle = toBundle(item);
      if (!sink) return;
      await sink(bundle, { display_id: displayId, update: true });
      updates++;
    },
  };
}
