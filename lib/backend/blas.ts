/**
 * A CBLAS `sgemm` (and the level-1 routines of the momentum update) reached through Deno's FFI
 * (`Deno.dlopen`), for the "native" backend.
 *
 * @module
 */

/** Row-major layout and transpose flags of the CBLAS interface (cblas.h enum values). */
const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

/**
 * Library names tried in order when no path is given: Debian's `libopenblas0-pthread` (or
 * `-openmp`/`-serial`) installs `libopenblas.so.0`; macOS ships CBLAS in Accelerate.
 */
export const DEFAULT_BLAS_PATHS: readonly string[] = [
  "libopenblas.so.0",
  "libopenblas.so",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/System/Library/Frameworks/Accelerate.framework/Accelerate",
  "libopenblas.dll",
];

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32", // order
      "i32", // transA
      "i32", // transB
      "i32", // M
      "i32", // N
      "i32", // K
      "f32", // alpha
      "buffer", // A
      "i32", // lda
      "buffer", // B
      "i32", // ldb
      "f32", // beta
      "buffer", // C
      "i32", // ldc
    ],
    result: "void",
  },
  // y <- alpha x + y and x <- alpha x (OpenBLAS's cblas_saxpby is a plain C loop, 4-7x slower
  // than these two vectorised ones together).
  cblas_saxpy: {
    parameters: ["i32", "f32", "buffer", "i32", "buffer", "i32"],
    result: "void",
    optional: true,
  },
  cblas_sscal: { parameters: ["i32", "f32", "buffer", "i32"], result: "void", optional: true },
  // The same saxpy on raw addresses, for many short runs inside two arrays (a subarray per
  // run would cost more than its add).
  saxpy_at: {
    name: "cblas_saxpy",
    parameters: ["i32", "f32", "usize", "i32", "usize", "i32"],
    result: "void",
    optional: true,
  },
  // sum x_i y_i accumulated in double.
  cblas_dsdot: {
    parameters: ["i32", "buffer", "i32", "buffer", "i32"],
    result: "f64",
    optional: true,
  },
  // OpenBLAS extras; other CBLAS libraries (Accelerate) lack them, hence optional.
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
} as const;

/** An opened CBLAS library. */
export interface Blas {
  /** The path or name that was opened. */
  readonly path: string;
  /** OpenBLAS's build description (e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Zen"), or "". */
  readonly config: string;
  /**
   * Row-major single-precision C = op(A) op(B) + beta C, op = transpose when the flag is set.
   * `a` holds op(A) as [m, k] (stored [k, m] when `transA`), `b` holds op(B) as [k, n]
   * (stored [n, k] when `transB`), `c` receives [m, n]: overwritten when `beta` is 0 (the
   * default), else added to (a bias broadcast into `c` beforehand costs no extra pass).
   * Throws a `RangeError` naming sgemm and the sizes when a size is not an integer >= 0, an
   * array holds fewer values than its matrix, or `c` overlaps `a` or `b`.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    beta?: number,
  ): void;
  /**
   * `y <- alpha x + y` over `y.length` values (`cblas_saxpy`, vectorised and threaded as the
   * library is; a JS loop where the library lacks it). The library may fuse the multiply and
   * the add (one rounding instead of two): results agree with the loop to 1 ulp. Throws a
   * `RangeError` naming axpy and both lengths when `x` is shorter than `y`.
   */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /**
   * A function adding runs of `x` into `y`: `add(xAt, yAt, n)` does `y[yAt + i] += x[xAt + i]`
   * for `i < n` (`cblas_saxpy` with alpha 1 on the arrays' addresses, taken once; a JS loop
   * where the library lacks it). The product by 1 is exact, so each sum is rounded once, as
   * in the loop. The returned function throws a `RangeError` naming the run when it does not
   * lie inside both arrays; `x` and `y` must not share memory.
   */
  addRuns(x: Float32Array, y: Float32Array): (xAt: number, yAt: number, n: number) => void;
  /** `x <- alpha x` (`cblas_sscal`, or a JS loop), each product rounded to float32. */
  scal(alpha: number, x: Float32Array): void;
  /** `sum x_i^2` of float32 values accumulated in float64 (`cblas_dsdot`, or a JS loop). */
  sumOfSquares(x: Float32Array): number;
  /** Threads the library uses (1 for libraries without a thread setting). */
  getThreads(): number;
  /** Sets the library's thread count where it has one (OpenBLAS); otherwise does nothing. */
  setThreads(threads: number): void;
}

/**
 * Opens the first CBLAS library that loads, from `paths` (default
 * {@linkcode DEFAULT_BLAS_PATHS}). Needs `--allow-ffi`. The library stays open for the life of
 * the process (the "native" backend calls into it on every matMul); opening a path again
 * returns the same object.
 *
 * @param paths Library paths or names for the dynamic loader, tried in order.
 * @returns The opened library.
 * @throws {Error} When none opens; the message lists each path tried and why it failed
 *   (missing file, missing `cblas_sgemm`), or names the first path when FFI is not permitted.
 *
 * @example Multiply 2x2 matrices
 * ```ts
 * import { openBlas } from "./blas.ts";
 * import assert from "node:assert";
 * const blas = openBlas();
 * const c = new Float32Array(4);
 * const a = new Float32Array([1, 2, 3, 4]);
 * blas.sgemm(false, true, 2, 2, 2, a, new Float32Array([1, 1, 0, 1]), c); // A B^T
 * assert.deepStrictEqual(Array.from(c), [3, 2, 7, 4]);
 * ```
 */
export function openBlas(paths: readonly string[] = DEFAULT_BLAS_PATHS): Blas {
  const failures: string[] = [];
  for (const path of paths) {
    const open = opened.get(path);
    if (open !== undefined) return open;
    try {
      const blas = wrap(path, Deno.dlopen(path, SYMBOLS));
      opened.set(path, blas);
      return blas;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Without --allow-ffi every path fails the same way: say it once.
      if (error instanceof Error && /NotCapable|PermissionDenied/.test(error.name)) {
        throw new Error(`Cannot open a BLAS library as FFI is not permitted: ${path} (${message})`);
      }
      failures.push(`${path} (${message})`);
    }
  }
  throw new Error(`Cannot open a BLAS library as none of the paths loaded: ${failures.join("; ")}`);
}

/**
 * Bounds checks in front of `cblas_sgemm`, which reads and writes raw memory: sizes are
 * non-negative integers, A, B and C hold at least m*k, k*n and m*n values (a detached
 * buffer reads as length 0), and C shares no bytes with A or B. A few comparisons per call.
 */
function checkSgemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
): void {
  const sizes = `m=${m}, n=${n}, k=${k}`;
  if (![m, n, k].every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`Cannot run sgemm as m, n, k must be integers >= 0: ${sizes}`);
  }
  const short = a.length < m * k
    ? `a.length=${a.length} < m*k=${m * k}`
    : b.length < k * n
    ? `b.length=${b.length} < k*n=${k * n}`
    : c.length < m * n
    ? `c.length=${c.length} < m*n=${m * n}`
    : "";
  if (short) throw new RangeError(`Cannot run sgemm as an array is too short: ${short} (${sizes})`);
  for (const [name, x] of [["a", a], ["b", b]] as const) {
    const overlaps = x.buffer === c.buffer && x.byteOffset < c.byteOffset + c.byteLength &&
      c.byteOffset < x.byteOffset + x.byteLength;
    if (overlaps && m * n > 0) {
      throw new RangeError(`Cannot run sgemm as c overlaps ${name} in memory (${sizes})`);
    }
  }
}

/** Libraries opened so far, by path: each is opened once per process. */
const opened = new Map<string, Blas>();

function wrap(path: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): Blas {
  const {
    cblas_sgemm,
    cblas_saxpy,
    cblas_sscal,
    cblas_dsdot,
    saxpy_at,
    openblas_set_num_threads,
    openblas_get_num_threads,
    openblas_get_config,
  } = lib.symbols;
  const configPointer = openblas_get_config ? openblas_get_config() : null;
  const config = configPointer ? Deno.UnsafePointerView.getCString(configPointer).trim() : "";
  return {
    path,
    config,
    sgemm(transA, transB, m, n, k, a, b, c, beta = 0) {
      checkSgemm(m, n, k, a, b, c);
      // Leading dimensions are the row lengths as stored; BLAS requires them >= 1.
      const lda = Math.max(1, transA ? m : k);
      const ldb = Math.max(1, transB ? k : n);
      cblas_sgemm(
        CBLAS_ROW_MAJOR,
        transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
        transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
        m,
        n,
        k,
        1,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        Math.max(1, n),
      );
    },
    axpy(alpha, x, y) {
      if (x.length < y.length) {
        throw new RangeError(
          `Cannot run axpy as x is shorter than y: x.length=${x.length}, y.length=${y.length}`,
        );
      }
      if (cblas_saxpy) return cblas_saxpy(y.length, alpha, x, 1, y, 1);
      const a = Math.fround(alpha);
      for (let i = 0; i < y.length; i++) y[i] = y[i] + Math.fround(a * x[i]);
    },
    addRuns(x, y) {
      if (x.buffer === y.buffer) {
        throw new RangeError("Cannot add runs as x and y share an ArrayBuffer");
      }
      const check = (xAt: number, yAt: number, n: number) => {
        if (
          !(Number.isInteger(xAt) && Number.isInteger(yAt) && Number.isInteger(n)) || n < 0 ||
          xAt < 0 || yAt < 0 || xAt + n > x.length || yAt + n > y.length
        ) {
          throw new RangeError(
            `Cannot add a run outside the arrays: xAt=${xAt}, yAt=${yAt}, n=${n} ` +
              `(x.length=${x.length}, y.length=${y.length})`,
          );
        }
      };
      if (!saxpy_at) {
        return (xAt, yAt, n) => {
          check(xAt, yAt, n);
          for (let i = 0; i < n; i++) y[yAt + i] += x[xAt + i];
        };
      }
      // Addresses as bigints: measured the fastest way through Deno's FFI (82 ns a call with a
      // 320-value add, against 168 for two subarrays and 250-310 for pointer objects).
      const address = (a: Float32Array) =>
        BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(a)));
      const xBase = address(x), yBase = address(y);
      return (xAt, yAt, n) => {
        check(xAt, yAt, n);
        if (n > 0) saxpy_at(n, 1, xBase + BigInt(4 * xAt), 1, yBase + BigInt(4 * yAt), 1);
      };
    },
    scal(alpha, x) {
      if (cblas_sscal) return cblas_sscal(x.length, alpha, x, 1);
      const a = Math.fround(alpha);
      for (let i = 0; i < x.length; i++) x[i] = a * x[i];
    },
    sumOfSquares(x) {
      if (cblas_dsdot) return cblas_dsdot(x.length, x, 1, x, 1);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return s;
    },
    getThreads: () => (openblas_get_num_threads ? openblas_get_num_threads() : 1),
    setThreads: (threads) => openblas_set_num_threads?.(threads),
  };
}
