import { symmetricEigen } from "./symmetric_eigen.ts";

const ACTION = "compute a Frechet distance";

/** Mean and covariance of a set of feature vectors, float64 (from {@linkcode featureStatistics}). */
export interface FeatureStatistics {
  /** The mean vector, length `dim`. */
  mean: Float64Array;
  /** The covariance, row-major `[dim, dim]`, divisor n - 1 (numpy's `np.cov`). */
  cov: Float64Array;
  /** The number of vectors. */
  n: number;
  /** Their dimension. */
  dim: number;
}

function checkArray(value: unknown, name: string, action: string): ArrayLike<number> {
  const ok = value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value);
  if (!ok) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a Float64Array, Float32Array or number[]: ${name}=${
        Object.prototype.toString.call(value)
      }`,
    );
  }
  const a = value as ArrayLike<number>;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number" || !Number.isFinite(a[i])) {
      throw new RangeError(`Cannot ${action} as ${name} must be finite: ${name}[${i}]=${a[i]}`);
    }
  }
  return a;
}

function checkCovariance(c: ArrayLike<number>, d: number, name: string): void {
  if (c.length !== d * d) {
    throw new RangeError(
      `Cannot ${ACTION} as ${name} must be [d, d] with d = mean length ${d}: ${name}.length=${c.length}`,
    );
  }
  let scale = 0;
  for (let i = 0; i < c.length; i++) scale = Math.max(scale, Math.abs(c[i]));
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(c[i * d + j] - c[j * d + i]) > 1e-6 * scale) {
        throw new RangeError(
          `Cannot ${ACTION} as ${name} must be symmetric: ${name}[${i},${j}]=${
            c[i * d + j]
          }, ${name}[${j},${i}]=${c[j * d + i]}`,
        );
      }
    }
  }
}

/** The symmetric square root of a PSD matrix (negative rounding eigenvalues clamped at 0). */
function sqrtPsd(c: ArrayLike<number>, d: number, name: string): Float64Array {
  const { values, vectors } = symmetricEigen(c, d);
  const scale = values.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  const min = values.reduce((s, v) => Math.min(s, v), Infinity);
  if (min < -1e-6 * scale) {
    throw new RangeError(
      `Cannot ${ACTION} as ${name} must be positive semi-definite: smallest eigenvalue ${min}`,
    );
  }
  const root = values.map((v) => Math.sqrt(Math.max(v, 0)));
  const s = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += vectors[i * d + k] * root[k] * vectors[j * d + k];
      s[i * d + j] = s[j * d + i] = sum;
    }
  }
  return s;
}

function matMul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  }
  return out;
}

/**
 * The Frechet (2-Wasserstein) distance between two Gaussians N(mu1, C1) and N(mu2, C2),
 *
 *   d^2 = ||mu1 - mu2||^2 + tr(C1) + tr(C2) - 2 tr((C1^{1/2} C2 C1^{1/2})^{1/2}),
 *
 * (Dowson & Landau 1982), the quantity behind the Frechet Inception Distance of Heusel et al.
 * 2017 ("GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium"),
 * where mu and C are the mean and covariance of a network's features of real and generated
 * images. Returns d^2 (as FID does, no square root). Computed exactly in float64: C1^{1/2} and
 * the trace of the square root come from symmetric eigen-decompositions (cyclic Jacobi), so
 * singular covariances need no regulariser; tiny negative rounding eigenvalues are clamped at 0,
 * and so is the result.
 *
 * @param mu1 The first mean, length d.
 * @param cov1 The first covariance, row-major `[d, d]`, symmetric positive semi-definite.
 * @param mu2 The second mean, length d.
 * @param cov2 The second covariance, row-major `[d, d]`.
 * @returns The squared Frechet distance d^2 >= 0.
 * @throws {TypeError} If an argument is not a Float64Array, Float32Array or number[].
 * @throws {RangeError} If it is empty, sizes disagree, a value is not finite, or a covariance
 *   is not symmetric (to 1e-6 of its largest entry) or has an eigenvalue below -1e-6 of its
 *   largest.
 *
 * @example In 1-D: (mu1 - mu2)^2 + (s1 - s2)^2
 * ```ts
 * import { frechetDistance } from "./frechet.ts";
 * import assert from "node:assert";
 * const d = frechetDistance([1], [4], [3], [9]); // N(1, 2^2) vs N(3, 3^2)
 * assert.ok(Math.abs(d - (4 + 1)) < 1e-12);
 * ```
 */
export function frechetDistance(
  mu1: ArrayLike<number>,
  cov1: ArrayLike<number>,
  mu2: ArrayLike<number>,
  cov2: ArrayLike<number>,
): number {
  const m1 = checkArray(mu1, "mu1", ACTION), m2 = checkArray(mu2, "mu2", ACTION);
  const c1 = checkArray(cov1, "cov1", ACTION), c2 = checkArray(cov2, "cov2", ACTION);
  const d = m1.length;
  if (d === 0) throw new RangeError(`Cannot ${ACTION} as mu1 must not be empty: mu1.length=0`);
  if (m2.length !== d) {
    throw new RangeError(
      `Cannot ${ACTION} as mu1 and mu2 must have the same length: mu1.length=${d}, mu2.length=${m2.length}`,
    );
  }
  checkCovariance(c1, d, "cov1");
  checkCovariance(c2, d, "cov2");
  const s1 = sqrtPsd(c1, d, "cov1");
  sqrtPsd(c2, d, "cov2"); // checks that cov2 is PSD
  const product = symmetricEigen(matMul(matMul(s1, c2, d), s1, d), d).values;
  let dist = 0, trace = 0;
  for (let i = 0; i < d; i++) {
    dist += (m1[i] - m2[i]) ** 2;
    trace += c1[i * d + i] + c2[i * d + i] - 2 * Math.sqrt(Math.max(product[i], 0));
  }
  return Math.max(dist + trace, 0);
}

/**
 * The mean and covariance of `n` feature vectors (float64, two passes: the mean, then centred
 * products), the statistics that {@linkcode frechetDistance} compares. The covariance uses the
 * divisor n - 1, as `np.cov` in the reference FID code (Heusel et al. 2017).
 *
 * @param features Row-major `[n, dim]` values.
 * @param n The number of vectors, at least 2.
 * @param dim Their dimension, a positive integer.
 * @returns `{ mean, cov, n, dim }`.
 * @throws {TypeError} If `features` is not a Float32Array, Float64Array or number[].
 * @throws {RangeError} If `n < 2`, `dim < 1`, `features.length !== n * dim`, or a value is not
 *   finite.
 *
 * @example Two points
 * ```ts
 * import { featureStatistics } from "./frechet.ts";
 * import assert from "node:assert";
 * const s = featureStatistics([0, 0, 2, 4], 2, 2);
 * assert.deepStrictEqual(Array.from(s.mean), [1, 2]);
 * assert.deepStrictEqual(Array.from(s.cov), [2, 4, 4, 8]);
 * ```
 */
export function featureStatistics(
  features: ArrayLike<number>,
  n: number,
  dim: number,
): FeatureStatistics {
  const action = "compute feature statistics";
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot ${action} as n must be an integer >= 2: n=${n}`);
  }
  if (!Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`Cannot ${action} as dim must be a positive integer: dim=${dim}`);
  }
  const x = checkArray(features, "features", action);
  if (x.length !== n * dim) {
    throw new RangeError(
      `Cannot ${action} as features must hold n * dim values: features.length=${x.length}, n=${n}, dim=${dim}`,
    );
  }
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) mean[j] += x[r * dim + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov = new Float64Array(dim * dim);
  const c = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) c[j] = x[r * dim + j] - mean[j];
    for (let i = 0; i < dim; i++) {
      const ci = c[i];
      if (ci === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j] += ci * c[j];
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) cov[i * dim + j] = cov[j * dim + i] = cov[i * dim + j] / (n - 1);
  }
  return { mean, cov, n, dim };
}
