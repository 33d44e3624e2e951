/** The eigen-decomposition A = V diag(values) V^T of a real symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues, in no particular order. */
  values: Float64Array;
  /** The eigenvectors as columns, row-major `[n, n]`: `vectors[i * n + k]` is entry i of vector k. */
  vectors: Float64Array;
}

/**
 * The eigenvalues and eigenvectors of a real symmetric `[n, n]` matrix (row-major, float64) by
 * the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations", section 8.5): sweeps of
 * plane rotations, each zeroing one off-diagonal pair, until the off-diagonal mass falls below
 * float64 rounding of the matrix's Frobenius norm. Convergence is quadratic; a 64x64
 * covariance takes well under ten sweeps. Accurate to a few ulps of the norm, even for
 * (near-)singular matrices. Only the symmetric part (A + A^T) / 2 is used.
 *
 * Internal: callers check their inputs.
 *
 * @param a The matrix, row-major, length n*n; not modified.
 * @param n Its order.
 * @returns The eigenvalues and the orthonormal eigenvectors.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const m = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    v[i * n + i] = 1;
    for (let j = 0; j < n; j++) {
      m[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2;
      norm2 += m[i * n + j] ** 2;
    }
  }
  const tolerance = (Number.EPSILON ** 2) * norm2;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off += 2 * m[p * n + q] ** 2;
    }
    if (off <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(m, v, n, p, q);
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}

/** One Jacobi rotation A <- J^T A J, V <- V J that zeroes A[p][q] (Numerical Recipes' form). */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = m[p * n + q];
  if (apq === 0) return;
  const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
  // The smaller root of t^2 + 2 t theta - 1 = 0, stable for large |theta|.
  const t = Math.abs(theta) > 1e150
    ? 1 / (2 * theta)
    : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1), s = t * c;
  for (let k = 0; k < n; k++) {
    const kp = m[k * n + p], kq = m[k * n + q];
    m[k * n + p] = c * kp - s * kq;
    m[k * n + q] = s * kp + c * kq;
  }
  for (let k = 0; k < n; k++) {
    const pk = m[p * n + k], qk = m[q * n + k];
    m[p * n + k] = c * pk - s * qk;
    m[q * n + k] = s * pk + c * qk;
  }
  m[p * n + q] = m[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const kp = v[k * n + p], kq = v[k * n + q];
    v[k * n + p] = c * kp - s * kq;
    v[k * n + q] = s * kp + c * kq;
  }
}
