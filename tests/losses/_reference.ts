/**
 * Float64 references for the loss tests, written from the papers' formulas
 * (not from the library's simplified softplus forms), plus the TF-GAN inputs.
 */

/** TF-GAN's fixed test logits (losses_impl_test.py). */
export const REAL = [-5, 1.4, 12.5, 2.7];
/** TF-GAN's fixed generated logits. */
export const FAKE = [10, 4.4, -5.5, 3.6];

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** log(1 + e^x) in float64, stable for any x. */
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/**
 * Tolerance at float32 precision: a few ulps (2^-23 ~ 1.2e-7) of the
 * largest magnitude involved, for a handful of float32 ops and a mean of 4.
 */
export function f32Tol(...magnitudes: number[]): { atol: number; rtol: number } {
  return { atol: 1e-6 * Math.max(1, ...magnitudes.map(Math.abs)), rtol: 1e-6 };
}
