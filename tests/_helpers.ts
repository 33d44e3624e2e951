/** Shared test helpers: closeness assertions and backend selection. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import assert from "node:assert";
import { findGpuAdapter } from "../lib/backend/gpu_adapter.ts";

/** Asserts |actual - expected| <= atol + rtol * |expected| (NaN never passes). */
export function assertClose(
  actual: number,
  expected: number,
  { atol = 1e-9, rtol = 0, msg = "" }: { atol?: number; rtol?: number; msg?: string } = {},
): void {
  const ok = Math.abs(actual - expected) <= atol + rtol * Math.abs(expected) ||
    (actual === expected);
  assert.ok(
    ok,
    `${msg ? msg + ": " : ""}expected ${expected}, got ${actual} (atol=${atol}, rtol=${rtol})`,
  );
}

/** Element-wise {@linkcode assertClose} of arrays of equal length. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  options: { atol?: number; rtol?: number; msg?: string } = {},
): void {
  assert.strictEqual(actual.length, expected.length, `${options.msg ?? ""} length`);
  for (let i = 0; i < actual.length; i++) {
    assertClose(actual[i], expected[i], { ...options, msg: `${options.msg ?? ""}[${i}]` });
  }
}

/** Reads a tensor asynchronously (works on webgpu) and compares it with `expected`. */
export async function assertTensorClose(
  actual: tf.Tensor,
  expected: ArrayLike<number>,
  options: { atol?: number; rtol?: number; msg?: string } = {},
): Promise<void> {
  assertAllClose(await actual.data() as Float32Array, expected, options);
}

/**
 * Whether tests should run on webgpu: only where `findGpuAdapter()` asks WebGPU (a GPU device
 * exists, or not Linux), or when `AN_TEST_WEBGPU=1` forces it. Loading Mesa's llvmpipe into a
 * test process without a GPU made it abort at exit about once in eight runs (issue 13).
 */
export async function webgpuWanted(): Promise<boolean> {
  return Deno.env.get("AN_TEST_WEBGPU") === "1" || (await findGpuAdapter()).probed;
}

/** Switches tfjs to `name` and fails loudly if it did not switch. */
export async function useBackend(name: "cpu" | "wasm" | "webgpu"): Promise<void> {
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  const ok = await tf.setBackend(name);
  assert.ok(ok && tf.getBackend() === name, `could not switch to backend ${name}`);
  await tf.ready();
}

/**
 * The backends that initialise on this machine (cpu always; wasm; webgpu if an adapter exists
 * and {@linkcode webgpuWanted}).
 */
export async function availableBackends(): Promise<Array<"cpu" | "wasm" | "webgpu">> {
  const out: Array<"cpu" | "wasm" | "webgpu"> = [];
  const names = await webgpuWanted()
    ? ["cpu", "wasm", "webgpu"] as const
    : ["cpu", "wasm"] as const;
  if (names.length === 3) await import("@tensorflow/tfjs-backend-webgpu");
  for (const name of names) {
    try {
      if (await tf.setBackend(name)) out.push(name);
    } catch { /* not available here */ }
  }
  await tf.setBackend("cpu");
  return out;
}
