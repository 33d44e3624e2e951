import { type GaussianMixture2d, gaussianMixture2d, type Point2d } from "./mixture_2d.ts";
import { checkOptions } from "../validate.ts";

/** Options of {@linkcode ringMixture}. */
export interface RingMixtureOptions {
  /** Number of modes (default 8). */
  modes?: number;
  /** Circle radius (default 1). */
  radius?: number;
  /** Per-axis std of each mode (default 0.01). */
  std?: number;
}

/**
 * Gaussians evenly spaced on a circle, mode k at radius * (cos 2 pi k / K, sin 2 pi k / K).
 * Defaults: 8 modes, radius 1, std 0.01 (PacGAN, Lin et al. 2018).
 *
 * @param options `modes`, `radius`, `std`.
 * @returns A {@linkcode GaussianMixture2d} with uniform weights.
 * @throws {RangeError} If `modes` is not a positive integer, `radius` is not positive, or `std <= 0`.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { ringMixture } from "./ring_grid.ts";
 * import assert from "node:assert";
 * assert.strictEqual(ringMixture().centres.length, 8);
 * ```
 */
export function ringMixture(options: RingMixtureOptions = {}): GaussianMixture2d {
  const what = "build a ring mixture";
  const { modes = 8, radius = 1, std = 0.01 } = checkOptions(
    options,
    ["modes", "radius", "std"],
    what,
  );
  if (!Number.isInteger(modes) || modes <= 0) {
    throw new RangeError(
      `Cannot build a ring mixture as modes must be a positive integer: modes=${modes}`,
    );
  }
  if (!(radius > 0) || !Number.isFinite(radius)) {
    throw new RangeError(
      `Cannot build a ring mixture as radius must be positive and finite: radius=${radius}`,
    );
  }
  const centres = Array.from({ length: modes }, (_, k) => {
    const a = (2 * Math.PI * k) / modes;
    return [radius * Math.cos(a), radius * Math.sin(a)] as const;
  });
  return gaussianMixture2d(centres, { std });
}

/** Options of {@linkcode gridMixture}. */
export interface GridMixtureOptions {
  /** Modes per side (default 5). */
  side?: number;
  /** Distance between neighbouring modes (default 2). */
  spacing?: number;
  /** Per-axis std of each mode (default 0.05). */
  std?: number;
}

/**
 * Gaussians on a square grid centred at the origin; the default is the 25 modes at
 * {-4, -2, 0, 2, 4}^2 with std 0.05 (PacGAN, Lin et al. 2018).
 *
 * @param options `side`, `spacing`, `std`.
 * @returns A {@linkcode GaussianMixture2d} with uniform weights, modes in row-major order (y outer).
 * @throws {RangeError} If `side` is not a positive integer, `spacing` is not positive, or `std <= 0`.
 * @throws {TypeError} If `options` has an unknown key (the message names the nearest valid one).
 *
 * @example
 * ```ts
 * import { gridMixture } from "./ring_grid.ts";
 * import assert from "node:assert";
 * assert.deepStrictEqual(gridMixture().centres[0], [-4, -4]);
 * ```
 */
export function gridMixture(options: GridMixtureOptions = {}): GaussianMixture2d {
  const what = "build a grid mixture";
  const { side = 5, spacing = 2, std = 0.05 } = checkOptions(
    options,
    ["side", "spacing", "std"],
    what,
  );
  if (!Number.isInteger(side) || side <= 0) {
    throw new RangeError(
      `Cannot build a grid mixture as side must be a positive integer: side=${side}`,
    );
  }
  if (!(spacing > 0) || !Number.isFinite(spacing)) {
    throw new RangeError(
      `Cannot build a grid mixture as spacing must be positive and finite: spacing=${spacing}`,
    );
  }
  const offset = ((side - 1) * spacing) / 2;
  const centres: Point2d[] = [];
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) centres.push([i * spacing - offset, j * spacing - offset]);
  }
  return gaussianMixture2d(centres, { std });
}
