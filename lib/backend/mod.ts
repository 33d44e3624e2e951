/**
 * Backend selection and CPU speed. {@linkcode initBackend} starts the fastest reliable tfjs
 * backend on this machine and says why: webgpu on a real GPU; else "native" (the cpu backend
 * with matMul done by OpenBLAS `sgemm` through Deno's FFI and monomorphic loops for its hot
 * elementwise ops; needs `--allow-ffi` and Debian's `libopenblas0-pthread`); else wasm (XNNPACK, multithreaded in Deno through a small shim,
 * with transposed matMuls made fast); else cpu.
 *
 * @example Start the default backend
 * ```ts
 * import { initBackend } from "./mod.ts";
 * import assert from "node:assert";
 * const info = await initBackend({ backend: "cpu" });
 * assert.strictEqual(info.backend, "cpu");
 * ```
 *
 * @module
 */
export {
  BACKEND_CHOICES,
  type BackendInfo,
  type BackendName,
  DEFAULT_THREADS,
  initBackend,
  type InitBackendOptions,
} from "./init_backend.ts";
export {
  findGpuAdapter,
  type GpuAdapterSummary,
  gpuDeviceFiles,
  type GpuSearch,
  probeGpuAdapter,
  summariseGpuAdapter,
} from "./gpu_adapter.ts";
export {
  NATIVE_BACKEND,
  type NativeBackendInfo,
  type NativeBackendOptions,
  registerNativeBackend,
} from "./native_backend.ts";
export { hasFastTransposedMatMul } from "./fast_transposed_matmul.ts";
export { startWasmBackend } from "./wasm_threads.ts";
