/**
 * Choosing, starting and describing the tfjs backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "../quiet_tfjs.ts";
import { findGpuAdapter, type GpuAdapterSummary, probeGpuAdapter } from "./gpu_adapter.ts";
import { checkOptions } from "../validate.ts";
import { NATIVE_BACKEND, registerNativeBackend } from "./native_backend.ts";
import { hasFastTransposedMatMul, installFastTransposedMatMul } from "./fast_transposed_matmul.ts";
import { startWasmBackend } from "./wasm_threads.ts";

/** Backends {@linkcode initBackend} can start. */
export type BackendName = "native" | "wasm" | "webgpu" | "cpu";

/** Valid values of {@linkcode InitBackendOptions.backend}. */
export const BACKEND_CHOICES: readonly (BackendName | "auto")[] = [
  "auto",
  "webgpu",
  "native",
  "wasm",
  "cpu",
];

/**
 * Default CPU threads for wasm and native. One, because on the small shared machines this
 * project runs on, 2-thread OpenBLAS and XNNPACK were as often slower as faster (threads that
 * spin-wait for a busy core); pass `threads` to use more on a quiet machine. It is not chosen
 * automatically from the machine's load: OpenBLAS on two threads sums some products in another
 * order (a seeded paper-MNIST run's gradient norms differed in the 8th digit after 20 steps), so
 * a seeded run repeats its numbers bit for bit only at the same thread count.
 */
export const DEFAULT_THREADS = 1;

/** Options of {@linkcode initBackend}. */
export interface InitBackendOptions {
  /**
   * "auto" (default): webgpu on a real GPU, else native, else wasm, else cpu. A name forces
   * that backend, or fails saying why.
   */
  backend?: BackendName | "auto";
  /** CPU threads for wasm (XNNPACK, 1-8) or native (OpenBLAS). Default {@linkcode DEFAULT_THREADS}. */
  threads?: number;
  /** CBLAS library paths for native, tried in order (default: Debian's libopenblas.so.0 first). */
  blasPaths?: readonly string[];
  /** On wasm, replace flagged (transposed) matMuls by explicit transposes. Default true. */
  fastTransposedMatMul?: boolean;
}

/** What runs, on what, and why. */
export interface BackendInfo {
  /** The active tfjs backend (`tf.getBackend()`). */
  backend: BackendName;
  /**
   * The WebGPU adapter found (whether used or not), or null when there is none or when it was
   * not looked for (an explicit choice other than webgpu, or, on "auto", a Linux machine
   * without GPU device files: see `findGpuAdapter`).
   */
  adapter: GpuAdapterSummary | null;
  /** CPU threads the backend computes with (1 for cpu; 1 for webgpu, whose work is on the GPU). */
  threads: number;
  /** The BLAS library behind native ({@linkcode BackendInfo.backend} "native"), else null. */
  blas: { path: string; config: string } | null;
  /** Whether wasm's transposed-matMul patch is active (false on other backends). */
  fastTransposedMatMul: boolean;
  /** Why this backend, including why each preferred one was passed over. */
  reason: string;
}

/**
 * Starts the fastest reliable tfjs backend here, or the one asked for, and says why.
 *
 * Automatic order: webgpu when WebGPU offers a real (non-fallback) adapter; otherwise
 * "native" (the cpu backend with matMul by OpenBLAS sgemm through FFI and faster
 * elementwise loops; a synthetic paper-MNIST step took 227 ms against 677 ms on wasm with the
 * transpose patch, 2960 ms on tfjs's default wasm and 6752 ms on cpu, one run on a shared
 * 2-core EPYC); otherwise wasm (XNNPACK SIMD, with {@linkcode installFastTransposedMatMul});
 * otherwise cpu. A backend that fails to start is skipped and the failure goes into `reason`.
 *
 * WebGPU is asked for an adapter only where a GPU can be (`findGpuAdapter`): on Linux without
 * `/dev/dri/renderD*`, `/dev/nvidia*` or `/dev/dxg` it is not asked, since it could only offer
 * Mesa's llvmpipe, and loading Mesa and LLVM into the process made short processes die at exit
 * now and then (glibc `corrupted size vs. prev_size`, exit 134, or a segfault: 7 of 260 test
 * processes with it, 0 of 300 without). The answer is cached for the process. An explicit
 * `backend: "webgpu"` always asks.
 *
 * @param options Backend, threads, BLAS paths, wasm patch.
 * @returns The backend now active, the adapter, threads, BLAS library and the reason.
 * @throws {RangeError} When `backend` is not one of {@linkcode BACKEND_CHOICES} or `threads`
 *   is not an integer in [1, 8].
 * @throws {TypeError} When `options` has an unknown key (the message names the nearest valid one).
 * @throws {Error} When an explicitly chosen backend cannot start (why is in the message), e.g.
 *   webgpu without an adapter, native without a loadable BLAS library or FFI permission.
 *
 * @example Choose automatically
 * ```ts
 * import { initBackend } from "./init_backend.ts";
 * const info = await initBackend();
 * console.log(info.backend, info.reason); // here: "native", "no GPU device (...), so WebGPU not asked; ..."
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  options = checkOptions(
    options,
    ["backend", "threads", "blasPaths", "fastTransposedMatMul"],
    "initialise a backend",
  );
  const choice = options.backend ?? "auto";
  if (!BACKEND_CHOICES.includes(choice)) {
    throw new RangeError(
      `Cannot initialise a backend as backend must be one of ${BACKEND_CHOICES.join(", ")}: ` +
        `backend=${String(choice)}`,
    );
  }
  const threads = options.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new RangeError(
      `Cannot initialise a backend as threads must be an integer in [1, 8]: threads=${threads}`,
    );
  }
  // Only auto and webgpu need the adapter. Probing loads the GPU driver stack (on Mesa, LLVM
  // and its threads) for the life of the process: auto does it only where a GPU can be.
  const found = choice === "auto" ? await findGpuAdapter() : null;
  const adapter = choice === "webgpu" ? await probeGpuAdapter() : found?.adapter ?? null;
  const start = (name: BackendName) => startBackend(name, adapter, options, threads);
  if (choice !== "auto") {
    const info = await start(choice);
    return { ...info, reason: `asked for ${choice}${info.reason ? `; ${info.reason}` : ""}` };
  }
  // found is non-null on auto. What was looked at comes first in the reason.
  const passedOver: string[] = adapter !== null && !adapter.isFallback ? [found!.note] : [];
  const order: BackendName[] = ["webgpu", "native", "wasm", "cpu"];
  for (const name of order) {
    if (name === "webgpu" && (adapter === null || adapter.isFallback)) {
      passedOver.push(
        adapter === null
          ? found!.note
          : `${found!.note}: only a fallback GPU adapter (${adapter.description}), too slow ` +
            "to train on",
      );
      continue;
    }
    try {
      const info = await start(name);
      const why = [...passedOver, WHY[name]].join("; ");
      return { ...info, reason: info.reason ? `${why}; ${info.reason}` : why };
    } catch (error) {
      passedOver.push(`${name} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  throw new Error(`Cannot start any tfjs backend: ${passedOver.join("; ")}`);
}

const WHY: Record<BackendName, string> = {
  webgpu: "so webgpu on the GPU",
  native: "so native (cpu backend + OpenBLAS sgemm via FFI): the fastest CPU path measured, " +
    "~3x faster per training step than wasm",
  wasm: "so wasm (XNNPACK), the fastest tfjs-only CPU path",
  cpu: "so cpu, the plain JavaScript backend",
};

async function startBackend(
  name: BackendName,
  adapter: GpuAdapterSummary | null,
  options: InitBackendOptions,
  threads: number,
): Promise<BackendInfo> {
  const base = { adapter, blas: null, fastTransposedMatMul: false, reason: "" };
  switch (name) {
    case "native": {
      const blas = registerNativeBackend({ blasPaths: options.blasPaths, threads });
      await switchTo(NATIVE_BACKEND);
      return {
        ...base,
        backend: name,
        threads: blas.threads,
        blas: { path: blas.path, config: blas.config },
      };
    }
    case "wasm": {
      // Without it tfjs's loader fails anyway, after printing an emscripten abort to stderr.
      if (Deno.permissions.querySync({ name: "read" }).state !== "granted") {
        throw new Error(
          "Cannot start wasm as reading its .wasm file (in the npm cache) needs --allow-read",
        );
      }
      await import("@tensorflow/tfjs-backend-wasm");
      if (options.fastTransposedMatMul ?? true) installFastTransposedMatMul("wasm");
      const running = await startWasmBackend(threads, { exact: options.threads !== undefined });
      return {
        ...base,
        backend: name,
        threads: running,
        fastTransposedMatMul: hasFastTransposedMatMul("wasm"),
        reason: running === threads ? "" : `wasm already ran with ${running} thread(s)`,
      };
    }
    case "webgpu": {
      if (adapter === null) {
        throw new Error("Cannot use webgpu as navigator.gpu offers no adapter here");
      }
      await import("@tensorflow/tfjs-backend-webgpu");
      await switchTo("webgpu");
      const note = adapter.isFallback
        ? `on a fallback adapter (${adapter.description}): correct but slow`
        : `on ${adapter.description}`;
      return { ...base, backend: name, threads: 1, reason: note };
    }
    case "cpu":
      await switchTo("cpu");
      return { ...base, backend: name, threads: 1 };
  }
}

/** `tf.setBackend` that fails loudly (it returns false and keeps the old backend otherwise). */
async function switchTo(name: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Error(`Cannot start the ${name} backend: ${(error as Error).message ?? error}`);
  }
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`Cannot start the ${name} backend as tf.setBackend("${name}") returned false`);
  }
  await tf.ready();
}
