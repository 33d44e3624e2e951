/**
 * Plain-number forms of the functions the losses use, for their per-example terms
 * (`perExample` of `GanLoss`).
 *
 * @module
 */

/** `log(1 + exp(x))` without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** `1 / (1 + exp(-x))`, the derivative of {@linkcode softplus}. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
