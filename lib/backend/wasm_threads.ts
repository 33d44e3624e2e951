/**
 * Starts tfjs's wasm backend with a chosen number of threads, multithreaded ones included,
 * in Deno.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import os from "node:os";
import { dirname, join } from "node:path";
import { checkOptions } from "../validate.ts";

/** The tfjs-backend-wasm version whose emscripten glue the thread shim was written against. */
const SHIMMED_VERSION = "4.22.0";
/** How tfjs's Blob texts begin: the main script (module factory) and the pthread worker. */
const MAIN_SCRIPT_PREFIX = "var WasmBackendModuleThreadedSimd = ";
const WORKER_SCRIPT_PREFIX = '"use strict";var Module={};';

/**
 * Initialises tfjs's "wasm" backend with `threads` threads and makes it the active backend.
 *
 * tfjs-backend-wasm sees Deno as Node and then never loads its multithreaded build. Forcing
 * it (flag `WASM_HAS_MULTITHREAD_SUPPORT`) fails because emscripten hands Node's
 * `worker_threads.Worker` a `blob:` URL for the worker script and posts the main script to
 * each worker as a Blob. For `threads > 1` this function, only while the backend starts:
 * intercepts those two Blobs (recognised by their first characters) and writes them to
 * `.cjs` files in the temp directory (content-hashed names, reused across processes), with
 * preludes that define what the main script expects from the Node bundle (`require$$0`...)
 * and what a Deno worker lacks (writable `location`, `URL.createObjectURL` returning the
 * main script's file); and reports `2 * threads` cores from `os.cpus()`, because tfjs caps its
 * thread pool at half the logical cores. The patched globals are restored afterwards.
 *
 * The wasm module starts once per process: the thread count cannot change afterwards. If
 * the backend is already initialised this only switches to it and reports its thread count
 * (or, with `exact`, refuses a different count before switching).
 * Threads change speed, not results (a multithreaded matMul splits the output, not the sums).
 *
 * @param threads Threads for XNNPACK (1 = the single-threaded SIMD build, no workers).
 * @param options `exact` (default true): throw when the backend already runs with another
 *   thread count; false accepts the running count.
 * @returns The thread count the backend reports.
 * @throws {RangeError} When `threads` is not an integer in [1, 8] (emscripten's pool is 8).
 * @throws {TypeError} When `options` has an unknown key (the message names the nearest valid one).
 * @throws {Error} When `exact` and the backend already runs with another thread count.
 * @throws {Error} When tfjs refuses the backend (`tf.setBackend` returned false), or the
 *   installed tfjs-backend-wasm is not the version the shim knows (for `threads > 1`).
 *
 * @example Start wasm (pass 2 for two threads)
 * ```ts
 * import { startWasmBackend } from "./wasm_threads.ts";
 * import assert from "node:assert";
 * assert.strictEqual(await startWasmBackend(1), 1);
 * ```
 */
export async function startWasmBackend(
  threads: number,
  options: { exact?: boolean } = {},
): Promise<number> {
  checkOptions(options, ["exact"], "start the wasm backend");
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new RangeError(
      `Cannot start the wasm backend as threads must be an integer in [1, 8]: threads=${threads}`,
    );
  }
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const running = runningThreads(wasm.getThreadsCount);
  if (running !== null && running !== threads && (options.exact ?? true)) {
    throw new Error(
      `Cannot run the wasm backend with threads=${threads} as it already started with ` +
        `${running} in this process (its wasm module starts once per process)`,
    );
  }
  if (running === null) {
    if (threads > 1 && wasm.version_wasm !== SHIMMED_VERSION) {
      throw new Error(
        `Cannot start multithreaded wasm as the thread shim knows tfjs-backend-wasm ` +
          `${SHIMMED_VERSION} only: version=${wasm.version_wasm}`,
      );
    }
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", threads > 1);
    wasm.setThreadsCount(threads);
  }
  const restore = running === null && threads > 1 ? installShim(threads) : () => {};
  try {
    if (!(await tf.setBackend("wasm"))) {
      throw new Error(`Cannot start the wasm backend as tf.setBackend("wasm") returned false`);
    }
    await tf.ready();
  } finally {
    restore();
  }
  if (running === null && threads > 1) unrefWorkers();
  return wasm.getThreadsCount();
}

/**
 * Lets the process exit while pthread workers live. Emscripten refs a worker when it starts a
 * thread on it and unrefs it when the worker reports loaded; when the thread starts first
 * (a race seen here), the worker stays ref'd and the process never exits.
 */
function unrefWorkers(): void {
  const pthreads = (tf.backend() as unknown as {
    wasm?: { PThread?: { unusedWorkers: WorkerLike[]; runningWorkers: WorkerLike[] } };
  }).wasm?.PThread;
  for (const worker of [...pthreads?.unusedWorkers ?? [], ...pthreads?.runningWorkers ?? []]) {
    worker.unref?.();
  }
}

interface WorkerLike {
  unref?: () => void;
}

/** The wasm backend's thread count, or null while it is not initialised. */
function runningThreads(getThreadsCount: () => number): number | null {
  try {
    return getThreadsCount();
  } catch {
    return null;
  }
}

/** A Blob stand-in that names a file; postMessage clones it as a plain object. */
interface ScriptFile {
  shimPath: string;
}

function installShim(threads: number): () => void {
  const RealBlob = globalThis.Blob;
  const realCreateObjectURL = URL.createObjectURL;
  const realCpus = os.cpus;
  const directory = join(tempDirectory(), "adversarial-nets-wasm-threads");
  Deno.mkdirSync(directory, { recursive: true });
  let mainPath = "";
  function ShimBlob(parts: BlobPart[], options?: BlobPropertyBag): Blob | ScriptFile {
    const text = parts.length === 1 && typeof parts[0] === "string" ? parts[0] : "";
    if (text.startsWith(MAIN_SCRIPT_PREFIX)) {
      const prelude = "var require$$0 = require('fs'), require$$1 = require('path'), " +
        "require$$3 = require('perf_hooks'), require$$4 = require('os'), " +
        "commonjsGlobal = globalThis;\n";
      mainPath = writeOnce(directory, "main", prelude + text);
      return { shimPath: mainPath };
    }
    if (text.startsWith(WORKER_SCRIPT_PREFIX)) {
      const prelude = 'Object.defineProperty(globalThis, "location", ' +
        "{ value: {}, writable: true, configurable: true });\n" +
        `URL.createObjectURL = () => ${JSON.stringify(mainPath)};\n` +
        "URL.revokeObjectURL = () => {};\n";
      return { shimPath: writeOnce(directory, "worker", prelude + text) };
    }
    return new RealBlob(parts, options);
  }
  Object.assign(globalThis, { Blob: ShimBlob });
  URL.createObjectURL = (object: Blob | ScriptFile) =>
    "shimPath" in object ? object.shimPath : realCreateObjectURL(object);
  os.cpus = () => {
    const cpus = realCpus();
    while (cpus.length > 0 && cpus.length < 2 * threads) cpus.push(cpus[0]);
    return cpus;
  };
  return () => {
    Object.assign(globalThis, { Blob: RealBlob });
    URL.createObjectURL = realCreateObjectURL;
    os.cpus = realCpus;
  };
}

/** Writes `text` to `<directory>/<stem>-<hash>.cjs` unless present; returns the path. */
function writeOnce(directory: string, stem: string, text: string): string {
  const path = join(directory, `${stem}-${fnv1a(text)}.cjs`);
  try {
    if (Deno.statSync(path).size > 0) return path;
  } catch { /* not written yet */ }
  // Write then rename, so a concurrent process never loads a half-written file.
  const partial = `${path}.${crypto.randomUUID()}.partial`;
  Deno.writeTextFileSync(partial, text);
  Deno.renameSync(partial, path);
  return path;
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits (a cache key, not security). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The system temp directory (found without --allow-env, via a probe directory). */
function tempDirectory(): string {
  const probe = Deno.makeTempDirSync();
  Deno.removeSync(probe);
  return dirname(probe);
}
