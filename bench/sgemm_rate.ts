/**
 * The machine's sgemm speed on a training step's own matMul shapes, through the same CBLAS
 * library the "native" backend calls (OpenBLAS via Deno's FFI), and optionally numpy's.
 *
 * @module
 */
import { openBlas } from "../lib/backend/blas.ts";
import { Rng } from "../lib/random.ts";
import type { MatMulShape } from "./train_bench.ts";
import { medianMs } from "./timing.ts";

/** sgemm timing of a list of matMuls. */
export interface SgemmRate {
  /** Where the numbers come from, e.g. "OpenBLAS 0.3.21 ... (FFI), 1 thread". */
  library: string;
  /** Median milliseconds to run all the shapes once: the step's matMul-only time. */
  ms: number;
  /** Total GFLOP of the shapes (2 m n k each). */
  gflop: number;
  /** GFLOP/s = gflop / ms. */
  gflops: number;
  /** Threads the library ran with. */
  threads?: number;
}

/**
 * Times `shapes` (each with its transposes) through FFI sgemm: the median over repetitions
 * filling ~`budgetMs` of the time to run them all once.
 *
 * @param shapes The matMuls (from a profiled step).
 * @param threads BLAS threads.
 * @param budgetMs Time to spend.
 * @returns The rate.
 */
export function ffiSgemmRate(shapes: MatMulShape[], threads = 1, budgetMs = 3000): SgemmRate {
  const blas = openBlas();
  blas.setThreads(threads);
  const rng = new Rng(1);
  const buffers = shapes.map(({ m, n, k }) => {
    const a = new Float32Array(m * k), b = new Float32Array(k * n);
    rng.fillNormal(a);
    rng.fillNormal(b);
    return { a, b, c: new Float32Array(m * n) };
  });
  const once = () =>
    shapes.forEach((s, i) => {
      const { a, b, c } = buffers[i];
      blas.sgemm(s.transA, s.transB, s.m, s.n, s.k, a, b, c);
    });
  const ms = medianMs(once, { budgetMs, min: 5, max: 200 });
  const gflop = shapes.reduce((sum, s) => sum + 2 * s.m * s.n * s.k, 0) / 1e9;
  return {
    library: `${blas.config || blas.path} (FFI), ${threads} thread(s)`,
    ms,
    gflop,
    gflops: gflop / ms * 1e3,
    threads,
  };
}

const NUMPY = `
import numpy as np, time, json, sys
shapes = json.loads(sys.argv[1]); rs = np.random.default_rng(1); bufs = []
for s in shapes:
    a = rs.standard_normal((s["k"], s["m"]) if s["transA"] else (s["m"], s["k"]), dtype=np.float32)
    b = rs.standard_normal((s["n"], s["k"]) if s["transB"] else (s["k"], s["n"]), dtype=np.float32)
    bufs.append((a.T if s["transA"] else a, b.T if s["transB"] else b))
def once():
    for a, b in bufs: a @ b
once(); times = []; t = time.perf_counter()
while len(times) < 5 or (time.perf_counter() - t < 3 and len(times) < 200):
    t0 = time.perf_counter(); once(); times.append(time.perf_counter() - t0)
print(json.dumps({"ms": sorted(times)[len(times) // 2] * 1e3, "numpy": np.__version__}))
`;

/**
 * The same timing with numpy (its own OpenBLAS), when `python3` has numpy.
 *
 * @param shapes The matMuls.
 * @param threads OPENBLAS_NUM_THREADS.
 * @returns The rate, or a string saying why not.
 */
export async function numpySgemmRate(
  shapes: MatMulShape[],
  threads = 1,
): Promise<SgemmRate | string> {
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  // Tuning variables meant for another OpenBLAS slow numpy's down here.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    const out = await new Deno.Command("python3", {
      args: ["-c", NUMPY, JSON.stringify(shapes)],
      env,
      clearEnv: true,
    }).output();
    if (!out.success) {
      return new TextDecoder().decode(out.stderr).trim().split("\n").pop() ?? "failed";
    }
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    const gflop = shapes.reduce((sum, s) => sum + 2 * s.m * s.n * s.k, 0) / 1e9;
    return {
      library: `numpy ${r.numpy}, ${threads} thread(s)`,
      ms: r.ms,
      gflop,
      gflops: gflop / r.ms * 1e3,
    };
  } catch (error) {
    return `python3 with numpy not runnable: ${(error as Error).message}`;
  }
}
