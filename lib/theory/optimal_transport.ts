import { checkNumbers, describe } from "./validate.ts";
import { checkNonNegativeWeights } from "./wasserstein_1d.ts";

/** The result of {@linkcode optimalTransport}. */
export interface TransportPlan {
  /** The minimal cost sum_ij plan_ij cost_ij. */
  cost: number;
  /** An optimal coupling: `plan[i][j]` >= 0, rows sum to p_i, columns to q_j. */
  plan: Float64Array[];
}

/**
 * An exact optimal transport plan between two discrete distributions (the Kantorovich problem,
 * a linear program): minimise sum_ij pi_ij c_ij over couplings pi >= 0 with row sums p and
 * column sums q. Solved by successive shortest paths on the residual network (Bellman-Ford,
 * so negative residual costs are fine), each path saturating a supply, a demand or a reversed
 * flow. Meant for small problems (tens of points): about n m (n + m) operations per path.
 * With cost c_ij = d(x_i, y_j) for a metric d, the minimum is the Wasserstein-1 distance,
 * the distance WGAN estimates (Arjovsky et al. 2017).
 *
 * @param p Masses of the n sources (non-negative, positive sum; normalised to sum 1).
 * @param q Masses of the m targets (non-negative, positive sum; normalised to sum 1).
 * @param cost The n x m cost matrix, finite numbers: `cost[i][j]` moves a unit from i to j.
 * @returns The minimal cost and an optimal plan.
 * @throws {TypeError} If an argument is not an array of numbers (or of rows of numbers).
 * @throws {RangeError} If a mass is negative or non-finite, a mass vector sums to 0, the cost
 *   matrix is not n x m, or a cost is not finite.
 *
 * @example Two points to two points: cross over or go straight
 * ```ts
 * import { optimalTransport } from "./optimal_transport.ts";
 * import assert from "node:assert";
 * const { cost, plan } = optimalTransport([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]]);
 * assert.strictEqual(cost, 0);
 * assert.deepStrictEqual(plan.map((row) => [...row]), [[0.5, 0], [0, 0.5]]);
 * ```
 */
export function optimalTransport(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  cost: ArrayLike<ArrayLike<number>>,
): TransportPlan {
  const action = "compute an optimal transport plan";
  const supply = checkNonNegativeWeights(p, "p", action);
  const demand = checkNonNegativeWeights(q, "q", action);
  const c = checkCost(cost, supply.length, demand.length, action);
  return solve(supply, demand, c);
}

/** Checks an n x m matrix of finite numbers and returns its rows as float64 copies. */
function checkCost(cost: unknown, n: number, m: number, action: string): Float64Array[] {
  if (
    cost === null || typeof cost !== "object" ||
    typeof (cost as { length?: unknown }).length !== "number"
  ) {
    throw new TypeError(
      `Cannot ${action} as cost must be an array of rows: cost=${describe(cost)}`,
    );
  }
  const rows = cost as ArrayLike<unknown>;
  if (rows.length !== n) {
    throw new RangeError(
      `Cannot ${action} as cost must have one row per entry of p: cost.length=${rows.length}, ` +
        `p.length=${n}`,
    );
  }
  return Array.from({ length: n }, (_, i) => {
    const row = checkNumbers(rows[i], `cost[${i}]`, action);
    if (row.length !== m) {
      throw new RangeError(
        `Cannot ${action} as cost[${i}] must have one entry per entry of q: ` +
          `cost[${i}].length=${row.length}, q.length=${m}`,
      );
    }
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(row[j])) {
        throw new RangeError(
          `Cannot ${action} as costs must be finite: cost[${i}][${j}]=${row[j]}`,
        );
      }
    }
    return Float64Array.from(row);
  });
}

/** Masses below this are treated as exhausted (inputs are normalised to sum 1). */
const MASS_EPS = 1e-14;

function solve(supply: Float64Array, demand: Float64Array, c: Float64Array[]): TransportPlan {
  const n = supply.length, m = demand.length;
  const a = Float64Array.from(supply), b = Float64Array.from(demand);
  const plan = Array.from({ length: n }, () => new Float64Array(m));
  let scale = 0;
  for (const row of c) for (const v of row) scale = Math.max(scale, Math.abs(v));
  const improve = 1e-13 * (1 + scale); // strict improvement, so rounding cannot loop
  const distS = new Float64Array(n), distT = new Float64Array(m);
  // predecessor of a target j is a source; of a source i: -1 (from the super-source) or a target
  const predT = new Int32Array(m), predS = new Int32Array(n);
  let remaining = 1;
  for (let iteration = 0; remaining > MASS_EPS; iteration++) {
    if (iteration > 100 * (n + m) * (n + m)) {
      throw new Error(`optimal transport did not finish after ${iteration} augmentations`);
    }
    // Bellman-Ford from the super-source: sources with supply left start at distance 0.
    for (let i = 0; i < n; i++) {
      distS[i] = a[i] > MASS_EPS ? 0 : Infinity;
      predS[i] = -1;
    }
    distT.fill(Infinity);
    for (let round = 0, changed = true; changed && round <= n + m; round++) {
      changed = false;
      for (let i = 0; i < n; i++) {
        if (distS[i] === Infinity) continue;
        const row = c[i];
        for (let j = 0; j < m; j++) {
          const d = distS[i] + row[j];
          if (d < distT[j] - improve) {
            distT[j] = d;
            predT[j] = i;
            changed = true;
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const flows = plan[i];
        for (let j = 0; j < m; j++) {
          if (flows[j] <= MASS_EPS || distT[j] === Infinity) continue;
          const d = distT[j] - c[i][j];
          if (d < distS[i] - improve) {
            distS[i] = d;
            predS[i] = j;
            changed = true;
          }
        }
      }
    }
    let end = -1;
    for (let j = 0; j < m; j++) {
      if (b[j] > MASS_EPS && distT[j] < Infinity && (end < 0 || distT[j] < distT[end])) end = j;
    }
    if (end < 0) break; // only rounding dust is left
    // Bottleneck along the path target <- source <- target <- ... <- source (from super-source).
    let amount = b[end];
    for (let j = end;;) {
      const i = predT[j];
      if (predS[i] < 0) {
        amount = Math.min(amount, a[i]);
        break;
      }
      j = predS[i];
      amount = Math.min(amount, plan[i][j]);
    }
    b[end] -= amount;
    for (let j = end;;) {
      const i = predT[j];
      plan[i][j] += amount;
      if (predS[i] < 0) {
        a[i] -= amount;
        break;
      }
      j = predS[i];
      plan[i][j] -= amount;
    }
    remaining -= amount;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (plan[i][j] < MASS_EPS) plan[i][j] = 0;
      total += plan[i][j] * c[i][j];
    }
  }
  return { cost: total, plan };
}
