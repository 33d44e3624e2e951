/**
 * Loops unrolled over a short, fixed inner length (maxout's pieces), generated once per length:
 * V8 runs an inner loop of a few, data-dependent iterations at about half the speed of
 * straight-line code.
 *
 * @module
 */

/** Lengths unrolled; others keep their plain loop. */
const MIN_LENGTH = 2, MAX_LENGTH = 16;

/**
 * The loop `body(length)` as a function of `params`, built once per length and kept in `cache`;
 * null when `length` is not an integer in [2, 16].
 *
 * @param cache Functions built so far, by length.
 * @param length The inner length to unroll.
 * @param params The generated function's parameter names.
 * @param body The function body for a length (JavaScript source).
 * @returns The function, or null.
 */
export function unrolledLoop<F>(
  cache: Map<number, F>,
  length: number,
  params: readonly string[],
  body: (length: number) => string,
): F | null {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) return null;
  let loop = cache.get(length);
  if (loop === undefined) {
    loop = new Function(...params, body(length)) as F;
    cache.set(length, loop);
  }
  return loop;
}
