/**
 * The curves of notebook 1: Theorem 1's C(G) along families of P_g, the lemma's g(x), the
 * failure of the triangle inequality for JS^alpha past alpha = 1/2, and JS's chi^2
 * asymptotics.
 *
 * @module
 */
import type { Figure } from "../lib/display/figure.ts";
import {
  fDivergence,
  ganValue,
  gridDensity1d,
  jensenShannon,
  lemmaG,
  optimalDiscriminator,
  pearsonGenerator,
  triangularDiscrimination,
  virtualTrainingCriterion,
} from "../lib/theory/mod.ts";
import { linePlot } from "./line_plot.ts";
import { normalPdf } from "./toy_1d.ts";

const LOG4 = 2 * Math.LN2;

/** A triple of 2-point distributions (p, 1-p), (q, 1-q), (r, 1-r) and its triangle ratio. */
export interface PowerTriangleWitness {
  /** First coordinate of P. */
  p: number;
  /** First coordinate of Q (the middle point). */
  q: number;
  /** First coordinate of R. */
  r: number;
  /** JS^a(P,R) / (JS^a(P,Q) + JS^a(Q,R)): above 1 means the triangle inequality fails. */
  ratio: number;
}

const two = (p: number) => [p, 1 - p];

/**
 * Searches 2-point distributions on a grid (step 0.02) for the largest triangle ratio
 * JS^a(P,R) / (JS^a(P,Q) + JS^a(Q,R)) of the note's JS raised to the power a.
 *
 * @param alpha The power a > 0.
 * @returns The worst triple found; ratio > 1 is a counterexample to JS^a being a metric.
 *
 * @example JS^0.55 breaks the triangle inequality
 * ```ts
 * import assert from "node:assert";
 * import { searchPowerTriangle } from "./theory_curves.ts";
 * const w = searchPowerTriangle(0.55);
 * assert.ok(w.ratio > 1 && w.p < w.q && w.q < w.r);
 * ```
 */
export function searchPowerTriangle(alpha: number): PowerTriangleWitness {
  const grid = Array.from({ length: 49 }, (_, i) => Math.round((0.02 + 0.02 * i) * 100) / 100);
  const js = new Map<string, number>();
  const d = (a: number, b: number) => {
    const key = `${a},${b}`;
    let v = js.get(key);
    if (v === undefined) js.set(key, v = Math.pow(jensenShannon(two(a), two(b)), alpha));
    return v;
  };
  let best: PowerTriangleWitness = { p: 0, q: 0, r: 0, ratio: -Infinity };
  for (let i = 0; i < grid.length; i++) {
    for (let j = i + 1; j < grid.length; j++) {
      for (let k = j + 1; k < grid.length; k++) {
        const [p, q, r] = [grid[i], grid[j], grid[k]];
        const ratio = d(p, r) / (d(p, q) + d(q, r));
        if (ratio > best.ratio) best = { p, q, r, ratio };
      }
    }
  }
  return best;
}

/** A curve's data and its figure. */
export interface TheoryCurve {
  /** x values. */
  x: number[];
  /** y values, one array per series, keyed by series name. */
  y: Record<string, number[]>;
  /** The figure. */
  figure: Figure;
}

/**
 * The worst triangle ratio of JS^alpha (see {@linkcode searchPowerTriangle}) for alpha in
 * [0.3, 0.8]: at most 1 up to alpha = 1/2 (a metric), above 1 after.
 *
 * @returns x = alpha, y.ratio = worst ratio.
 */
export function powerTriangleCurve(): TheoryCurve {
  const x = Array.from({ length: 11 }, (_, i) => 0.3 + 0.05 * i);
  const ratio = x.map((a) => searchPowerTriangle(a).ratio);
  const figure = linePlot([{ name: "worst ratio", x, y: ratio, stroke: "#d62728" }], {
    title: "Triangle inequality of JS^alpha on 2-point distributions",
    xLabel: "alpha",
    yLabel: "max JS^a(P,R) / (JS^a(P,Q) + JS^a(Q,R))",
    rules: [{ y: 1, label: "metric iff <= 1" }],
  });
  return { x, y: { ratio }, figure };
}

/**
 * The lemma's g(x) = log(2/(x+1)) / sqrt(L(x, 1)) for x from 1e-4 to 1e4 (log-spaced; both
 * branches, a gap around x = 1):
 * increasing from sqrt(log 2) to 1 on (0, 1), from -1 towards 0 on (1, inf).
 *
 * @returns x and y.g (NaN at the gap around x = 1 so the plot breaks there).
 */
export function lemmaCurve(): TheoryCurve {
  const x = Array.from({ length: 241 }, (_, i) => Math.pow(10, -4 + i / 30));
  const g = x.map((v) => (Math.abs(Math.log10(v)) < 0.02 ? NaN : lemmaG(v)));
  const figure = linePlot([{ name: "g(x)", x, y: g, stroke: "#1f77b4" }], {
    title: "The lemma's g(x), increasing on (0, 1) and on (1, inf)",
    xLabel: "x (log scale)",
    yLabel: "g(x)",
    xType: "log",
    yDomain: [-1.05, 1.05],
    rules: [{ y: Math.sqrt(Math.LN2), label: "sqrt(log 2)" }, { y: 0 }, { y: 1 }, { y: -1 }],
  });
  return { x, y: { g }, figure };
}

/**
 * JS / (Delta / 2) and JS / (chi^2(P||Q) / 4) along P_t = Q + t h -> Q (Q = (0.2, 0.3, 0.5),
 * h = (0.15, 0.05, -0.2)), for t from 1 down to 1e-3: both ratios tend to 1.
 *
 * @returns x = t, y.delta and y.chi2 the two ratios.
 */
export function chiSquareCurve(): TheoryCurve {
  const q = [0.2, 0.3, 0.5], h = [0.15, 0.05, -0.2];
  const x = Array.from({ length: 31 }, (_, i) => Math.pow(10, -3 + i * 0.1));
  const delta: number[] = [], chi2: number[] = [];
  for (const t of x) {
    const p = q.map((v, i) => v + t * h[i]);
    const js = jensenShannon(p, q);
    delta.push(js / (triangularDiscrimination(p, q) / 2));
    chi2.push(js / (fDivergence(p, q, pearsonGenerator) / 4));
  }
  const figure = linePlot([
    { name: "JS / (Delta/2)", x, y: delta, stroke: "#1f77b4" },
    { name: "JS / (chi^2/4)", x, y: chi2, stroke: "#ff7f0e", dash: "6,4" },
  ], {
    title: "chi^2 asymptotics: JS ~ Delta/2 ~ chi^2/4 as P -> Q",
    xLabel: "t (P_t = Q + t h)",
    yLabel: "ratio",
    xType: "log",
    rules: [{ y: 1 }],
  });
  return { x, y: { delta, chi2 }, figure };
}

/** Theorem 1 along two families of P_g: data and the minimum found. */
export interface Theorem1Curves {
  /** theta: P_g = N(theta, 1) against P_data = N(0, 1). */
  shift: { theta: number[]; c: number[]; vAtDStar: number[] };
  /** sigma: P_g = N(0, sigma^2) against P_data = N(0, 1). */
  scale: { sigma: number[]; c: number[] };
  /** The smallest C(G) on the shift family, and where. */
  minimum: { theta: number; c: number };
  /** max |V(D*, G) - C(G)| over the shift family (V from the paper's sum, C from -log 4 + JS). */
  identityError: number;
  /** C(G) along the shift family with the -log 4 line. */
  figure: Figure;
}

/**
 * Theorem 1 (Goodfellow et al. 2014): C(G) = max_D V(D, G) = -log 4 + JS(P_data, P_g) >=
 * -log 4, with equality only at P_g = P_data, computed on a grid of [-10, 10] (2001 cells) for
 * P_data = N(0, 1) and P_g = N(theta, 1) (theta in [-3, 3]) or N(0, sigma^2).
 *
 * @returns The curves, the minimum and the identity check.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { theorem1Curves } from "./theory_curves.ts";
 * const t = theorem1Curves();
 * assert.strictEqual(t.minimum.theta, 0);
 * assert.ok(Math.abs(t.minimum.c + Math.log(4)) < 1e-12);
 * ```
 */
export function theorem1Curves(): Theorem1Curves {
  const grid = { min: -10, max: 10, n: 2001 };
  const data = gridDensity1d((x) => normalPdf(x, 0, 1), grid).masses;
  const theta = Array.from({ length: 61 }, (_, i) => (i - 30) / 10);
  const c: number[] = [], vAtDStar: number[] = [];
  for (const t of theta) {
    const g = gridDensity1d((x) => normalPdf(x, t, 1), grid).masses;
    c.push(virtualTrainingCriterion(data, g));
    vAtDStar.push(ganValue(optimalDiscriminator(data, g), data, g));
  }
  const sigma = Array.from({ length: 45 }, (_, i) => 0.25 + 0.0625 * i);
  const cScale = sigma.map((s) =>
    virtualTrainingCriterion(data, gridDensity1d((x) => normalPdf(x, 0, s), grid).masses)
  );
  const iMin = c.indexOf(Math.min(...c));
  const identityError = Math.max(...c.map((v, i) => Math.abs(v - vAtDStar[i])));
  const figure = linePlot([
    { name: "C(G), P_g = N(theta, 1)", x: theta, y: c, stroke: "#2ca02c", labelAt: 45 },
  ], {
    title: "Theorem 1: C(G) = -log 4 + JS(P_data, P_g), minimal at P_g = P_data",
    xLabel: "theta (P_data = N(0, 1))",
    yLabel: "C(G) (nats)",
    rules: [{ y: -LOG4, label: "-log 4" }],
  });
  return {
    shift: { theta, c, vAtDStar },
    scale: { sigma, c: cScale },
    minimum: { theta: theta[iMin], c: c[iMin] },
    identityError,
    figure,
  };
}
