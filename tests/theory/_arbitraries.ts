/** fast-check arbitraries and seeded generators of probability vectors for the theory tests. */
import fc from "fast-check";
import type { Rng } from "../../lib/random.ts";

/** A probability vector of length n; about 1 entry in 5 is exactly 0 (never all). */
export function distribution(n: number): fc.Arbitrary<Float64Array> {
  return fc.array(
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 4, arbitrary: fc.double({ min: 1e-6, max: 1, noNaN: true }) },
    ),
    { minLength: n, maxLength: n },
  ).map((v) => normalise(v));
}

/** A pair of probability vectors of one random length in [1, maxLength]. */
export function distributionPair(maxLength = 12): fc.Arbitrary<[Float64Array, Float64Array]> {
  return fc.integer({ min: 1, max: maxLength }).chain((n) =>
    fc.tuple(distribution(n), distribution(n))
  );
}

/** A triple of probability vectors of one random length in [1, maxLength]. */
export function distributionTriple(
  maxLength = 8,
): fc.Arbitrary<[Float64Array, Float64Array, Float64Array]> {
  return fc.integer({ min: 1, max: maxLength }).chain((n) =>
    fc.tuple(distribution(n), distribution(n), distribution(n))
  );
}

/** Normalises non-negative weights; an all-zero vector becomes a point mass on entry 0. */
export function normalise(v: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const out = new Float64Array(v.length);
  if (s === 0) out[0] = 1;
  else for (let i = 0; i < v.length; i++) out[i] = v[i] / s;
  return out;
}

/** A seeded random distribution: Dirichlet(concentration) via -log U (concentration 1) or powers. */
export function randomDistribution(rng: Rng, n: number, sharpness = 1): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.pow(-Math.log(1 - rng.next()), sharpness);
  return normalise(v);
}
