/**
 * The GAN game on a finite space X = {x_1, ..., x_n}, where D is a vector of probabilities
 * and G's distribution p_g either is any point of the simplex (the non-parametric game of
 * Goodfellow et al. 2014, section 4.2, the note's section 1.4) or comes from a parametric family.
 *
 * @module
 */
import { jsOf } from "./jensen_shannon.ts";
import { checkDistribution, checkPositiveInteger, describe } from "./validate.ts";

/** Options of {@linkcode nonparametricGame} and {@linkcode parametricGame}. */
export interface FiniteGameOptions {
  /** Rounds (each: D's update, then G's steps). Default 30. */
  rounds?: number;
  /**
   * D's update in each round: `"optimal"` sets D = D* = p_data / (p_data + p_g) (condition 2
   * of the convergence theorem), a number k takes k gradient-ascent steps on V from the previous
   * D (on its logits; k = 0 never updates D, which starts at 1/2). Default `"optimal"`.
   */
  dSteps?: "optimal" | number;
  /** Step size of D's gradient ascent on its logits. Default 1. */
  dStepSize?: number;
  /** G steps per round against the same D. Default 1. */
  gSteps?: number;
  /** G's step size eta. Default 1. */
  stepSize?: number;
}

/** A run of the finite game, round by round. */
export interface FiniteGameTrace {
  /** p_g before the first round and after each round (`rounds + 1` vectors). */
  pG: Float64Array[];
  /** JS(p_data, p_g) (the note's JS) for each entry of `pG`. */
  js: number[];
  /** D after its update in each round (`rounds` vectors). */
  d: Float64Array[];
  /** V(D, G) with that D and the p_g it faced, per round; <= C(G) = -2 log 2 + JS. */
  value: number[];
  /** For {@linkcode parametricGame}: the parameters, like `pG`. Empty otherwise. */
  theta: number[][];
}

/**
 * Plays the non-parametric game: each round D is updated (to D*, or by k gradient steps), then
 * p_g takes exponentiated-gradient (entropic mirror descent) steps on V(D, G) over the simplex,
 * p_g <- p_g (1 - D)^(-eta) / Z, since dV/dp_g(x) = log(1 - D(x)). With D = D* this is a
 * step on C(G) = -2 log 2 + JS(p_data, p_g) (dC/dp_g = log(1 - D*) by the envelope theorem),
 * and with eta = 1 it is p_g <- (p_data + p_g) / 2: p_g - p_data halves each round, so
 * p_g -> p_data (Goodfellow et al. 2014, Proposition 2; the note's section 1.4). A point
 * where p_g = 0 stays at 0 (mirror descent cannot create mass), except with D = D* and
 * eta = 1, where the step's closed form (p_data + p_g) / 2 gives it mass. Against a stale D
 * that is 1 where p_g has mass, all of p_g's mass moves there (the gradient is infinite).
 *
 * @param pData The data distribution P_data on n points.
 * @param options Rounds, D's and G's updates; `init` is p_g's start (default uniform).
 * @returns The trace of p_g, JS, D and V per round.
 * @throws {TypeError} If a distribution is not an array of numbers.
 * @throws {RangeError} If a distribution is bad or of another length, or an option is out of range.
 *
 * @example With D = D* and eta = 1, JS falls below 1e-6 within 20 rounds
 * ```ts
 * import { nonparametricGame } from "./finite_game.ts";
 * import assert from "node:assert";
 * const trace = nonparametricGame([0.5, 0.3, 0.2, 0], { init: [0, 0.1, 0.2, 0.7], rounds: 20 });
 * assert.ok(trace.js[20] < 1e-6);
 * ```
 */
export function nonparametricGame(
  pData: ArrayLike<number>,
  options: FiniteGameOptions & { init?: ArrayLike<number> } = {},
): FiniteGameTrace {
  const action = "play the non-parametric game";
  const data = checkDistribution(pData, "pData", action);
  const n = data.length;
  let pG = options.init === undefined
    ? new Float64Array(n).fill(1 / n)
    : checkDistribution(options.init, "init", action);
  if (pG.length !== n) {
    throw new RangeError(
      `Cannot ${action} as init must have the length of pData: init.length=${pG.length}, ` +
        `pData.length=${n}`,
    );
  }
  const o = checkOptions(options, action);
  const trace: FiniteGameTrace = { pG: [pG], js: [jsOf(data, pG)], d: [], value: [], theta: [] };
  const logits = new Float64Array(n);
  for (let round = 0; round < o.rounds; round++) {
    const d = updateD(data, pG, logits, o);
    trace.d.push(d);
    trace.value.push(value(d, data, pG));
    for (let s = 0; s < o.gSteps; s++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (pG[i] === 0) {
          next[i] = s === 0 && o.dSteps === "optimal" && o.stepSize === 1 ? data[i] : 0;
        } else if (s === 0 && o.dSteps === "optimal") {
          next[i] = pG[i] * Math.pow((data[i] + pG[i]) / pG[i], o.stepSize); // (1 - D*)^(-eta)
        } else next[i] = pG[i] * Math.pow(1 - d[i], -o.stepSize); // Infinity where D = 1
      }
      pG = normalise(next);
    }
    trace.pG.push(pG);
    trace.js.push(jsOf(data, pG));
  }
  return trace;
}

/**
 * Plays the game with a parametric generator p_g = family(theta): each round D is updated as in
 * {@linkcode nonparametricGame}, then theta takes gradient-descent steps on V(D, G_theta),
 * dV/dtheta = sum_x log(1 - D(x)) dp_g(x)/dtheta, with dp_g/dtheta by central differences.
 * When p_data is not in the family, JS stays above the family's best: the residual error the
 * note's section 1.4 mentions for a parametric G.
 *
 * @param pData The data distribution on n points.
 * @param family Maps parameters to a probability vector of length n.
 * @param theta0 The initial parameters (finite numbers).
 * @param options Rounds, D's and G's updates (`stepSize` is theta's learning rate).
 * @returns The trace, with `theta` filled.
 * @throws {TypeError} If `family` is not a function or an array is not numbers.
 * @throws {RangeError} If a distribution (or a value of `family`) is bad, or an option is out of
 *   range.
 *
 * @example A Bernoulli family reaches p_data = (0.3, 0.7)
 * ```ts
 * import { parametricGame } from "./finite_game.ts";
 * import assert from "node:assert";
 * const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
 * const family = (th: number[]) => [sigmoid(th[0]), 1 - sigmoid(th[0])];
 * const trace = parametricGame([0.3, 0.7], family, [2], { rounds: 200, stepSize: 2 });
 * assert.ok(trace.js[200] < 1e-8);
 * ```
 */
export function parametricGame(
  pData: ArrayLike<number>,
  family: (theta: number[]) => ArrayLike<number>,
  theta0: ArrayLike<number>,
  options: FiniteGameOptions = {},
): FiniteGameTrace {
  const action = "play the parametric game";
  const data = checkDistribution(pData, "pData", action);
  if (typeof family !== "function") {
    throw new TypeError(
      `Cannot ${action} as family must be a function: family=${describe(family)}`,
    );
  }
  let theta = Array.from(theta0 ?? [], Number);
  if (theta.length === 0 || !theta.every(Number.isFinite)) {
    throw new RangeError(
      `Cannot ${action} as theta0 must be a non-empty array of finite numbers: theta0=${
        describe(theta0)
      }`,
    );
  }
  const o = checkOptions(options, action);
  const at = (t: number[]): Float64Array => {
    const p = checkDistribution(family(t), "family(theta)", action);
    if (p.length !== data.length) {
      throw new RangeError(
        `Cannot ${action} as family(theta) must have the length of pData: ` +
          `family(theta).length=${p.length}, pData.length=${data.length}`,
      );
    }
    return p;
  };
  let pG = at(theta);
  const trace: FiniteGameTrace = {
    pG: [pG],
    js: [jsOf(data, pG)],
    d: [],
    value: [],
    theta: [theta],
  };
  const logits = new Float64Array(data.length);
  const h = 1e-6;
  for (let round = 0; round < o.rounds; round++) {
    const d = updateD(data, pG, logits, o);
    trace.d.push(d);
    trace.value.push(value(d, data, pG));
    for (let s = 0; s < o.gSteps; s++) {
      const grad = theta.map((_, k) => {
        const up = theta.slice(), down = theta.slice();
        up[k] += h;
        down[k] -= h;
        const a = at(up), b = at(down);
        let g = 0;
        for (let i = 0; i < data.length; i++) {
          const dp = (a[i] - b[i]) / (2 * h);
          if (dp !== 0) g += Math.log1p(-d[i]) * dp;
        }
        return g;
      });
      theta = theta.map((t, k) => t - o.stepSize * grad[k]);
      pG = at(theta);
    }
    trace.pG.push(pG);
    trace.js.push(jsOf(data, pG));
    trace.theta.push(theta);
  }
  return trace;
}

interface CheckedOptions {
  rounds: number;
  dSteps: "optimal" | number;
  dStepSize: number;
  gSteps: number;
  stepSize: number;
}

function checkOptions(options: FiniteGameOptions, action: string): CheckedOptions {
  const { rounds = 30, dSteps = "optimal", dStepSize = 1, gSteps = 1, stepSize = 1 } = options;
  checkPositiveInteger(rounds, "rounds", action);
  checkPositiveInteger(gSteps, "gSteps", action);
  if (dSteps !== "optimal" && !(Number.isInteger(dSteps) && dSteps >= 0)) {
    throw new RangeError(
      `Cannot ${action} as dSteps must be "optimal" or an integer >= 0: dSteps=${describe(dSteps)}`,
    );
  }
  for (const [name, v] of [["dStepSize", dStepSize], ["stepSize", stepSize]] as const) {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action} as ${name} must be a positive finite number: ${name}=${describe(v)}`,
      );
    }
  }
  return { rounds, dSteps, dStepSize, gSteps, stepSize };
}

/** D's update: D* or k ascent steps on its logits (kept between rounds). Returns D. */
function updateD(
  data: Float64Array,
  pG: Float64Array,
  logits: Float64Array,
  o: CheckedOptions,
): Float64Array {
  const n = data.length;
  const d = new Float64Array(n);
  if (o.dSteps === "optimal") {
    for (let i = 0; i < n; i++) {
      const s = data[i] + pG[i];
      d[i] = s > 0 ? data[i] / s : 0.5;
      logits[i] = Math.log(d[i]) - Math.log1p(-d[i]);
    }
    return d;
  }
  for (let k = 0; k < o.dSteps; k++) {
    for (let i = 0; i < n; i++) {
      const di = 1 / (1 + Math.exp(-logits[i]));
      logits[i] += o.dStepSize * (data[i] * (1 - di) - pG[i] * di);
    }
  }
  for (let i = 0; i < n; i++) d[i] = 1 / (1 + Math.exp(-logits[i]));
  return d;
}

function value(d: Float64Array, data: Float64Array, pG: Float64Array): number {
  let v = 0;
  for (let i = 0; i < d.length; i++) {
    if (data[i] > 0) v += data[i] * Math.log(d[i]);
    if (pG[i] > 0) v += pG[i] * Math.log1p(-d[i]);
  }
  return v;
}

function normalise(v: Float64Array): Float64Array {
  if (v.includes(Infinity)) {
    // D = 1 where p_g has mass: the gradient is infinite there and all mass goes there.
    for (let i = 0; i < v.length; i++) v[i] = v[i] === Infinity ? 1 : 0;
  }
  let s = 0;
  for (const x of v) s += x;
  for (let i = 0; i < v.length; i++) v[i] /= s;
  return v;
}
