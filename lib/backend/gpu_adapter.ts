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

const SOFTWARE_RASTERISERS = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render/i;

/**
 * Asks `navigator.gpu` for its preferred high-performance adapter and summarises it.
 *
 * @returns The adapter's summary, or null when WebGPU is absent or offers no adapter (or
 *   the request throws).
 *
 * @example Probe
 * ```ts
 * import { probeGpuAdapter } from "./gpu_adapter.ts";
 * const adapter = await probeGpuAdapter(); // here { description: "llvmpipe ...", isFallback: true, ... }
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
