/**
 * Probing WebGPU for an adapter, and telling a real GPU from a software rasteriser.
 *
 * @module
 */

/** What a WebGPU adapter says about itself. */
export interface GpuAdapterSummary {
  /** Driver's description, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  description: string;
  /** Vendor (a name or a PCI id as a string), "" when not reported. */
  vendor: string;
  /** Architecture, "" when not reported. */
  architecture: string;
  /**
   * True for a fallback (software) adapter: reported as such by WebGPU
   * (`adapter.isFallbackAdapter` or, in Deno 2.9, `adapter.info.isFallbackAdapter`), or named
   * like a known CPU rasteriser (llvmpipe, lavapipe, softpipe, SwiftShader, WARP).
   */
  isFallback: boolean;
}

/**
 * Where a GPU shows up as a device file on Linux: DRM render nodes (Mesa drivers for AMD,
 * Intel, NVIDIA's nouveau; also NVIDIA's proprietary driver), NVIDIA's own nodes, and WSL2's
 * paravirtualised GPU.
 */
const GPU_DEVICE_DIRS: ReadonlyArray<readonly [string, RegExp]> = [
  ["/dev/dri", /^renderD\d+$/],
  ["/dev", /^(nvidia\d+|nvidiactl|dxg)$/],
];

const SOFTWARE_RASTERISERS = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render/i;

/**
 * Asks `navigator.gpu` for its preferred high-performance adapter and summarises it.
 *
 * @returns The adapter's summary, or null when WebGPU is absent or offers no adapter (or
 *   the request throws).
 *
 * Asking loads the GPU driver stack into this process for its whole life (on Linux without a
 * GPU: Mesa's llvmpipe, LLVM and their threads, whose teardown was seen to abort the process
 * at exit, see {@linkcode findGpuAdapter}): prefer {@linkcode findGpuAdapter}, which asks only
 * where a GPU can be and asks once.
 *
 * @example Probe only where a GPU device exists
 * ```ts
 * import { gpuDeviceFiles, probeGpuAdapter } from "./gpu_adapter.ts";
 * const devices = gpuDeviceFiles();
 * const adapter = devices === null || devices.length > 0 ? await probeGpuAdapter() : null;
 * console.log(adapter?.description ?? "no adapter");
 * ```
 */
export async function probeGpuAdapter(): Promise<GpuAdapterSummary | null> {
  const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
  if (gpu === undefined) return null;
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    return null;
  }
  return adapter === null ? null : summariseGpuAdapter(adapter);
}

/**
 * Summarises a WebGPU adapter object: its info fields and whether it is a fallback.
 *
 * @param adapter A `GPUAdapter` (or any object shaped like one: `{ isFallbackAdapter?, info? }`).
 * @returns The summary; absent fields read as "" and false.
 *
 * @example Deno 2.9's llvmpipe adapter
 * ```ts
 * import { summariseGpuAdapter } from "./gpu_adapter.ts";
 * import assert from "node:assert";
 * const llvmpipe = { info: { description: "llvmpipe (LLVM 15.0.6, 256 bits)", isFallbackAdapter: true } };
 * assert.strictEqual(summariseGpuAdapter(llvmpipe).isFallback, true);
 * ```
 */
export function summariseGpuAdapter(adapter: object): GpuAdapterSummary {
  // Where the fallback flag lives moved between WebGPU drafts: read both places.
  const loose = adapter as {
    isFallbackAdapter?: unknown;
    info?: {
      isFallbackAdapter?: unknown;
      description?: unknown;
      vendor?: unknown;
      architecture?: unknown;
    };
  };
  const info = loose.info ?? {};
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  const description = text(info.description);
  const flagged = loose.isFallbackAdapter === true || info.isFallbackAdapter === true;
  return {
    description,
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    isFallback: flagged || SOFTWARE_RASTERISERS.test(description),
  };
}

/**
 * The GPU device files of this Linux machine (`/dev/dri/renderD*`, `/dev/nvidia*`, `/dev/dxg`).
 * Without any, no hardware adapter can exist, and WebGPU could only offer a software
 * rasteriser (Mesa llvmpipe).
 *
 * @returns The paths found (empty when none), or null when this cannot be told: not Linux
 *   (macOS and Windows GPUs have no such files) or `/dev` cannot be listed (Deno lists it only
 *   with --allow-all).
 *
 * @example
 * ```ts
 * import { gpuDeviceFiles } from "./gpu_adapter.ts";
 * const files = gpuDeviceFiles(); // here [] (no GPU); null on macOS or without --allow-all
 * console.log(files);
 * ```
 */
export function gpuDeviceFiles(): string[] | null {
  if (Deno.build.os !== "linux") return null;
  const found: string[] = [];
  for (const [dir, pattern] of GPU_DEVICE_DIRS) {
    // Query first: reading without the permission would prompt on a terminal.
    if (Deno.permissions.querySync({ name: "read", path: dir }).state !== "granted") return null;
    try {
      for (const entry of Deno.readDirSync(dir)) {
        if (pattern.test(entry.name)) found.push(`${dir}/${entry.name}`);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) return null;
    }
  }
  return found.sort();
}

/** What {@linkcode findGpuAdapter} found, and whether and why it asked WebGPU. */
export interface GpuSearch {
  /** The adapter's summary, or null when there is none or WebGPU was not asked. */
  adapter: GpuAdapterSummary | null;
  /** Whether `navigator.gpu.requestAdapter()` was called (in this or an earlier search). */
  probed: boolean;
  /** One line on what was looked at and why, e.g. for `initBackend()`'s reason. */
  note: string;
}

let search: Promise<GpuSearch> | undefined;

/**
 * Looks for a WebGPU adapter only where one can be, once per process.
 *
 * On Linux with no GPU device file (see {@linkcode gpuDeviceFiles}) it does not ask WebGPU at
 * all: asking would only find Mesa's llvmpipe software rasteriser, and it loads Mesa, EGL and
 * LLVM (with their threads) into the process. With them loaded, short test processes on a busy
 * 2-core machine sometimes died at exit after finishing their work: glibc's `corrupted size
 * vs. prev_size` or `double free` (exit 134) or a segfault; 7 of 260 runs of a small test
 * process with the probe, 0 of 300 without (issue 13).
 * Elsewhere (a GPU device present, macOS, Windows, or `/dev` not readable) it asks
 * `navigator.gpu` as {@linkcode probeGpuAdapter} does. The answer is cached: later calls
 * return the first result without loading anything again.
 *
 * @returns The adapter (or null) and a note saying what was looked at.
 *
 * @example
 * ```ts
 * import { findGpuAdapter } from "./gpu_adapter.ts";
 * const { adapter, note } = await findGpuAdapter();
 * console.log(adapter?.description ?? "no adapter", note); // here: no adapter, "no GPU device ..."
 * ```
 */
export function findGpuAdapter(): Promise<GpuSearch> {
  search ??= (async (): Promise<GpuSearch> => {
    const files = gpuDeviceFiles();
    if (files !== null && files.length === 0) {
      return {
        adapter: null,
        probed: false,
        note: "no GPU device (/dev/dri/renderD*, /dev/nvidia*, /dev/dxg), so WebGPU not asked",
      };
    }
    const adapter = await probeGpuAdapter();
    const where = files === null
      ? Deno.build.os === "linux"
        ? "/dev not listable (Deno lists /dev only with --allow-all)"
        : `on ${Deno.build.os}`
      : `GPU device ${files.join(", ")}`;
    return {
      adapter,
      probed: true,
      note: `${where}: WebGPU ${adapter === null ? "offers no adapter" : "asked"}`,
    };
  })();
  return search;
}
