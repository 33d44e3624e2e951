import { checkFinite, checkPositiveInteger, describe } from "./validate.ts";

/** Options of {@linkcode gridDensity1d}. */
export interface Grid1dOptions {
  /** Left end of the interval. */
  min: number;
  /** Right end of the interval. */
  max: number;
  /** Number of equal cells, a positive integer. */
  n: number;
}

/** A density discretised on a 1-D grid. */
export interface GridDensity1d {
  /** Cell midpoints x_i = min + (i + 1/2) dx, length n. */
  points: Float64Array;
  /** Normalised masses m_i = pdf(x_i) / sum_j pdf(x_j), length n, summing to 1. */
  masses: Float64Array;
  /** Cell width dx = (max - min) / n. */
  dx: number;
  /** The midpoint-rule integral sum_i pdf(x_i) dx before normalising (about 1 if the grid holds the mass). */
  total: number;
}

/** Options of {@linkcode gridDensity2d}. */
export interface Grid2dOptions {
  /** Left end of x. */
  xMin: number;
  /** Right end of x. */
  xMax: number;
  /** Bottom end of y. */
  yMin: number;
  /** Top end of y. */
  yMax: number;
  /** Cells per axis: one number for both, or `[nx, ny]`. */
  n: number | readonly [number, number];
}

/** A density discretised on a 2-D grid; cell (ix, iy) is at index `iy * nx + ix`. */
export interface GridDensity2d {
  /** x midpoints, length nx. */
  xs: Float64Array;
  /** y midpoints, length ny. */
  ys: Float64Array;
  /** Normalised masses, length nx * ny, row-major with rows along y. */
  masses: Float64Array;
  /** Cell area dx * dy. */
  cellArea: number;
  /** The midpoint-rule integral before normalising. */
  total: number;
}

/**
 * Discretises a 1-D density on n equal cells of [min, max] by the midpoint rule
 * and normalises it to a probability vector, so that densities (e.g. p_data and
 * p_g of Figure 1 in Goodfellow et al. 2014) can be compared with
 * {@linkcode jensenShannon}, {@linkcode optimalDiscriminator} and friends.
 *
 * @param pdf A density (need not be normalised); must return finite values >= 0.
 * @param options The interval and the number of cells.
 * @returns Points, normalised masses, cell width and the pre-normalisation integral.
 * @throws {TypeError} If `pdf` is not a function or a bound is not finite.
 * @throws {RangeError} If `min >= max`, `n` is not a positive integer, `pdf` returns a negative or
 *   non-finite value, or its integral on the grid is 0.
 *
 * @example A standard normal on [-8, 8]
 * ```ts
 * import { gridDensity1d } from "./grid.ts";
 * import assert from "node:assert";
 * const g = gridDensity1d((x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI), { min: -8, max: 8, n: 1000 });
 * assert.ok(Math.abs(g.total - 1) < 1e-9);
 * ```
 */
export function gridDensity1d(pdf: (x: number) => number, options: Grid1dOptions): GridDensity1d {
  const action = "discretise a density";
  checkFunction(pdf, action);
  const { min, max } = options;
  checkInterval(min, max, "min", "max", action);
  const n = checkPositiveInteger(options.n, "n", action);
  const dx = (max - min) / n;
  const points = new Float64Array(n);
  const masses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    points[i] = min + (i + 0.5) * dx;
    masses[i] = checkValue(pdf(points[i]), `pdf(${points[i]})`, action);
  }
  const total = normalize(masses, action) * dx;
  return { points, masses, dx, total };
}

/**
 * Discretises a 2-D density pdf(x, y) on an nx x ny grid of midpoints of the box
 * and normalises it; index `iy * nx + ix`, matching {@linkcode histogram2d}.
 *
 * @param pdf A density of (x, y), finite and >= 0.
 * @param options The box and the cells per axis.
 * @returns Midpoints per axis, normalised masses, cell area and the pre-normalisation integral.
 * @throws {TypeError} If `pdf` is not a function or a bound is not finite.
 * @throws {RangeError} If a range is empty, a cell count is not a positive integer, `pdf`
 *   returns a negative or non-finite value, or its integral is 0.
 *
 * @example
 * ```ts
 * import { gridDensity2d } from "./grid.ts";
 * import assert from "node:assert";
 * const g = gridDensity2d(() => 1, { xMin: 0, xMax: 2, yMin: 0, yMax: 1, n: [4, 2] });
 * assert.strictEqual(g.masses.length, 8);
 * assert.ok(Math.abs(g.total - 2) < 1e-12);
 * ```
 */
export function gridDensity2d(
  pdf: (x: number, y: number) => number,
  options: Grid2dOptions,
): GridDensity2d {
  const action = "discretise a 2-D density";
  checkFunction(pdf, action);
  const { xMin, xMax, yMin, yMax } = options;
  checkInterval(xMin, xMax, "xMin", "xMax", action);
  checkInterval(yMin, yMax, "yMin", "yMax", action);
  const [nx, ny] = typeof options.n === "number" ? [options.n, options.n] : (options.n ?? []);
  checkPositiveInteger(nx, "nx", action);
  checkPositiveInteger(ny, "ny", action);
  const dx = (xMax - xMin) / nx;
  const dy = (yMax - yMin) / ny;
  const xs = new Float64Array(nx).map((_, i) => xMin + (i + 0.5) * dx);
  const ys = new Float64Array(ny).map((_, j) => yMin + (j + 0.5) * dy);
  const masses = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      masses[j * nx + i] = checkValue(pdf(xs[i], ys[j]), `pdf(${xs[i]}, ${ys[j]})`, action);
    }
  }
  const total = normalize(masses, action) * dx * dy;
  return { xs, ys, masses, cellArea: dx * dy, total };
}

function checkFunction(pdf: unknown, action: string): void {
  if (typeof pdf !== "function") {
    throw new TypeError(`Cannot ${action} as pdf must be a function: pdf=${describe(pdf)}`);
  }
}

function checkInterval(lo: unknown, hi: unknown, loName: string, hiName: string, action: string) {
  checkFinite(lo, loName, action);
  checkFinite(hi, hiName, action);
  if (!((lo as number) < (hi as number))) {
    throw new RangeError(
      `Cannot ${action} as ${loName} must be below ${hiName}: ${loName}=${lo}, ${hiName}=${hi}`,
    );
  }
}

function checkValue(v: unknown, label: string, action: string): number {
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
    throw new RangeError(
      `Cannot ${action} as pdf must return finite values >= 0: ${label}=${describe(v)}`,
    );
  }
  return v;
}

function normalize(masses: Float64Array, action: string): number {
  let sum = 0;
  for (let i = 0; i < masses.length; i++) sum += masses[i];
  if (!(sum > 0)) {
    throw new RangeError(`Cannot ${action} as pdf must have positive mass on the grid: sum=${sum}`);
  }
  for (let i = 0; i < masses.length; i++) masses[i] /= sum;
  return sum;
}
