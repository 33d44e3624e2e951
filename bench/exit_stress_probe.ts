/**
 * Added to the reproducer by `bench/exit_stress.ts --probe-runs=N`: asks WebGPU for an adapter
 * as `initBackend()` did before issue 13 (on a machine without a GPU this loads Mesa's
 * llvmpipe, EGL and LLVM into the test process), so the same code can be run with and without
 * the probe.
 *
 * @module
 */
import { probeGpuAdapter } from "../lib/backend/gpu_adapter.ts";

Deno.test("probeGpuAdapter() loads the GPU driver stack", async () => {
  const adapter = await probeGpuAdapter();
  console.log(adapter?.description ?? "no adapter");
});
