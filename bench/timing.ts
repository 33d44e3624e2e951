/** Timing helpers shared by the benchmarks. */

/** The median of `xs` (upper middle for even lengths). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
}

/**
 * Median milliseconds of `run` after one warm-up call, repeated at least `min` times and until
 * ~`budgetMs` have passed (at most `max` times).
 */
export function medianMs(
  run: () => void,
  { budgetMs = 600, min = 3, max = 50 }: { budgetMs?: number; min?: number; max?: number } = {},
): number {
  run();
  const times: number[] = [];
  const begin = performance.now();
  while (times.length < min || (performance.now() - begin < budgetMs && times.length < max)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}
