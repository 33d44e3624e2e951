/**
 * The environment PyTorch runs under in the benchmarks: its thread counts, and glibc's malloc
 * told to keep freed memory (PyTorch's fastest setting here, see bench/run.ts).
 *
 * @module
 */

/**
 * glibc malloc settings that keep freed memory in the process: blocks up to 32 MiB (glibc's
 * largest mmap threshold) come from the heap, and the heap is not trimmed below 1 GiB.
 */
export const KEEP_MEMORY_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(1024 * 1024 * 1024),
};

/**
 * The environment of a PyTorch run.
 *
 * @param threads Intra-op threads (0: PyTorch's defaults, no thread variables).
 * @param blasThreads OpenBLAS threads.
 * @param keepMemory Whether glibc keeps freed memory ({@linkcode KEEP_MEMORY_ENV}).
 * @returns The variables to set.
 */
export function torchEnv(
  threads: number,
  blasThreads: number,
  keepMemory: boolean,
): Record<string, string> {
  const malloc: Record<string, string> = keepMemory ? { ...KEEP_MEMORY_ENV } : {};
  if (threads === 0) return malloc;
  return {
    ...malloc,
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(blasThreads),
    MKL_NUM_THREADS: String(blasThreads),
    OMP_WAIT_POLICY: "PASSIVE",
  };
}
