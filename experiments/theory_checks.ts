/**
 * The Jensen-Shannon properties of the note, each computed on numbers: a table of rows
 * (property, formula, computed value, what was checked, passed).
 *
 * @module
 */
import { Rng } from "../lib/random.ts";
import { type Table, table } from "../lib/display/table.ts";
import {
  entropy,
  fDivergence,
  ganGenerator,
  ganValue,
  jensenDifference,
  jensenShannon,
  jensenShannonDivergence,
  jensenShannonGenerator,
  klDivergence,
  lemmaG,
  minimizeKlSum,
  optimalDiscriminator,
  virtualTrainingCriterion,
} from "../lib/theory/mod.ts";
import { commonOptions } from "./common.ts";
import { searchPowerTriangle } from "./theory_curves.ts";
import { type AddRow, pushBounds } from "./theory_bounds.ts";
import { checkOptions } from "../lib/validate.ts";

/** One computed check of {@linkcode jensenShannonChecks}. */
export interface TheoryCheck {
  /** The property, in words. */
  property: string;
  /** Its formula. */
  formula: string;
  /** The computed value(s), as text. */
  value: string;
  /** What was compared, and the tolerance. */
  check: string;
  /** Whether the check passed. */
  passed: boolean;
}

/** Options of {@linkcode jensenShannonChecks}. */
export interface JensenShannonChecksOptions {
  /** Seed of the random distributions. Default 0. */
  seed?: number;
  /** Random pairs/triples tried for the inequalities. Default 2000. */
  trials?: number;
  /** Support size of the random distributions. Default 5. */
  support?: number;
}

const LN2 = Math.LN2;
const fmt = (v: number, digits = 6): string => String(Number(v.toPrecision(digits)));

/** A random probability vector, Dirichlet(1, ..., 1) (normalised exponentials). */
function randomDistribution(rng: Rng, n: number): number[] {
  const e = Array.from({ length: n }, () => -Math.log(1 - rng.next()));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const mix = (p: readonly number[], q: readonly number[]) => p.map((v, i) => (v + q[i]) / 2);

/**
 * Computes every Jensen-Shannon property of the note on seeded random distributions (nats;
 * JS = KL(P||M) + KL(Q||M) <= 2 log 2, M = (P + Q)/2; JSD = JS / 2 as in Goodfellow et al.
 * 2014): the two conventions, symmetry, the Jensen difference, the bounds, the metric sqrt(JS)
 * and JS^alpha (and its failure at alpha = 0.55), the lemma's g, the variational form,
 * Topsoe's and the L1 and KL bounds, the chi^2 asymptotics, the f-divergence form, and the
 * paper's Proposition 1 and Theorem 1 on discrete distributions. Inequalities are checked on
 * `trials` random pairs or triples and report the worst slack.
 *
 * @param options Seed, trials, support size.
 * @returns One {@linkcode TheoryCheck} per property.
 * @throws {RangeError} If `seed` is not a finite integer or `trials`/`support` is not a
 *   positive integer (support >= 2).
 *
 * @example Every property holds
 * ```ts
 * import assert from "node:assert";
 * import { jensenShannonChecks } from "./theory_checks.ts";
 * const rows = jensenShannonChecks({ seed: 1, trials: 50 });
 * assert.ok(rows.length >= 15 && rows.every((r) => r.passed));
 * ```
 */
export function jensenShannonChecks(options: JensenShannonChecksOptions = {}): TheoryCheck[] {
  const action = "check the Jensen-Shannon properties";
  options = checkOptions(options, ["seed", "trials", "support"], action);
  const { seed } = commonOptions({ seed: options.seed }, action);
  const trials = options.trials ?? 2000;
  const n = options.support ?? 5;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`Cannot ${action} as trials must be a positive integer: trials=${trials}`);
  }
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot ${action} as support must be an integer >= 2: support=${n}`);
  }
  const rng = new Rng(seed);
  const draw = () => randomDistribution(rng, n);
  const [p, q, r] = [draw(), draw(), draw()];
  const js = jensenShannon(p, q);
  const m = mix(p, q);
  const rows: TheoryCheck[] = [];
  const add: AddRow = (property, formula, value, check, ok) =>
    rows.push({ property, formula, value, check, passed: ok });

  const jsd = jensenShannonDivergence(p, q);
  add(
    "two conventions",
    "JS = KL(P||M) + KL(Q||M) = 2 JSD",
    `JS=${fmt(js)}, JSD=${fmt(jsd)}`,
    "|JS - 2 JSD| < 1e-12",
    Math.abs(js - 2 * jsd) < 1e-12 &&
      Math.abs(js - (klDivergence(p, m) + klDivergence(q, m))) < 1e-12,
  );
  add(
    "symmetry, identity",
    "JS(P,Q) = JS(Q,P); JS(P,P) = 0",
    `JS(Q,P)=${fmt(jensenShannon(q, p))}, JS(P,P)=${jensenShannon(p, p)}`,
    "exact to 1e-15",
    Math.abs(jensenShannon(q, p) - js) < 1e-15 && jensenShannon(p, p) === 0,
  );
  const jdiff = 2 * entropy(m) - entropy(p) - entropy(q);
  add(
    "Jensen difference",
    "JS = 2 H(M) - H(P) - H(Q) = 2 J_{1/2,1/2}(P,Q)",
    `2H(M)-H(P)-H(Q)=${fmt(jdiff)}, 2J=${fmt(2 * jensenDifference([p, q]))}`,
    "both equal JS to 1e-12",
    Math.abs(jdiff - js) < 1e-12 && Math.abs(2 * jensenDifference([p, q]) - js) < 1e-12,
  );
  const disjoint = jensenShannon([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7]);
  let minJs = Infinity, maxJs = -Infinity;
  const pairs = Array.from({ length: trials }, () => [draw(), draw()] as const);
  for (const [a, b] of pairs) {
    const v = jensenShannon(a, b);
    minJs = Math.min(minJs, v);
    maxJs = Math.max(maxJs, v);
  }
  add(
    "bounds",
    "0 <= JS <= 2 log 2, = 2 log 2 iff disjoint supports",
    `range over ${trials} pairs [${fmt(minJs, 4)}, ${fmt(maxJs, 4)}]; disjoint ${fmt(disjoint)}`,
    `disjoint = 2 log 2 = ${fmt(2 * LN2)} to 1e-12`,
    minJs >= 0 && maxJs <= 2 * LN2 && Math.abs(disjoint - 2 * LN2) < 1e-12,
  );
  // Triangle inequality for JS^a: worst of d(P,R) - d(P,Q) - d(Q,R) over random triples.
  const worstTriangle = (alpha: number) => {
    let worst = -Infinity;
    const tri = new Rng(seed + 1);
    for (let t = 0; t < trials; t++) {
      const [a, b, c] = [
        randomDistribution(tri, n),
        randomDistribution(tri, n),
        randomDistribution(tri, n),
      ];
      const d = (x: number[], y: number[]) => Math.pow(jensenShannon(x, y), alpha);
      worst = Math.max(worst, d(a, c) - d(a, b) - d(b, c));
    }
    return worst;
  };
  const w05 = worstTriangle(0.5);
  add(
    "sqrt(JS) is a metric",
    "sqrt JS(P,R) <= sqrt JS(P,Q) + sqrt JS(Q,R)",
    `worst slack over ${trials} triples: ${fmt(w05, 4)}`,
    "slack <= 0",
    w05 <= 0,
  );
  const w03 = worstTriangle(0.3);
  add(
    "JS^alpha is a metric for alpha <= 1/2",
    "JS^a(P,R) <= JS^a(P,Q) + JS^a(Q,R), a = 0.3",
    `worst slack over ${trials} triples: ${fmt(w03, 4)}`,
    "slack <= 0",
    w03 <= 0,
  );
  const fail = searchPowerTriangle(0.55);
  const hold = searchPowerTriangle(0.5);
  add(
    "JS^alpha is not a metric for alpha = 0.55",
    "exists P,Q,R: JS^a(P,R) > JS^a(P,Q) + JS^a(Q,R)",
    `2-point P,Q,R = (${fail.p}, ${fail.q}, ${fail.r}): ratio ${fmt(fail.ratio, 5)}; ` +
      `max ratio at a = 0.5: ${fmt(hold.ratio, 5)}`,
    "ratio > 1 at 0.55, <= 1 at 0.5 (grid search)",
    fail.ratio > 1 && hold.ratio <= 1 + 1e-12,
  );
  const gs = [1e-9, 0.25, 0.5, 0.9, 1 - 1e-6, 1 + 1e-6, 1.5, 3, 10, 1e9].map(lemmaG);
  const increasing = gs.slice(0, 5).every((v, i, a) => i === 0 || v > a[i - 1]) &&
    gs.slice(5).every((v, i, a) => i === 0 || v > a[i - 1]);
  add(
    "lemma: g is increasing",
    "g(x) = log(2/(x+1)) / sqrt(L(x,1)); g(0+) = sqrt(log 2), g(1-/+) = +/-1, g(inf) = 0",
    `g(1e-9)=${fmt(gs[0], 5)}, g(1-1e-6)=${fmt(gs[4], 5)}, g(1+1e-6)=${fmt(gs[5], 5)}, ` +
      `g(1e9)=${fmt(gs[9], 3)}`,
    "increasing on both branches; limits to 1e-3",
    increasing && Math.abs(gs[0] - Math.sqrt(LN2)) < 1e-3 && Math.abs(gs[4] - 1) < 1e-3 &&
      Math.abs(gs[5] + 1) < 1e-3 && Math.abs(gs[9]) < 1e-3,
  );
  const variational = minimizeKlSum(p, q);
  const gap = klDivergence(p, r) + klDivergence(q, r) - (js + 2 * klDivergence(m, r));
  add(
    "variational form",
    "JS = min_R KL(P||R) + KL(Q||R), at R = M; KL(P||R)+KL(Q||R) = JS + 2 KL(M||R)",
    `min=${fmt(variational.value)}, max|R - M|=${
      fmt(Math.max(...variational.r.map((v, i) => Math.abs(v - m[i]))), 3)
    }, identity gap ${fmt(gap, 3)}`,
    "min = JS to 1e-9, R = M to 1e-6, gap < 1e-12",
    Math.abs(variational.value - js) < 1e-9 &&
      variational.r.every((v, i) => Math.abs(v - m[i]) < 1e-6) && Math.abs(gap) < 1e-12,
  );
  pushBounds(add, pairs);
  const fjs = fDivergence(p, q, jensenShannonGenerator);
  const fgan = fDivergence(p, q, ganGenerator);
  add(
    "f-divergence form",
    "JS = D_f(P||Q), f(u) = u log(2u/(u+1)) + log(2/(u+1)); GAN's f gives JS - 2 log 2",
    `D_f=${fmt(fjs)}, D_gan=${fmt(fgan)}`,
    "to 1e-12",
    Math.abs(fjs - js) < 1e-12 && Math.abs(fgan - (js - 2 * LN2)) < 1e-12,
  );
  const dStar = optimalDiscriminator(p, q);
  const vStar = ganValue(dStar, p, q);
  let bestOther = -Infinity;
  for (let t = 0; t < trials; t++) {
    const d = Array.from(
      dStar,
      (v) => Math.min(1 - 1e-9, Math.max(1e-9, v + 0.2 * (rng.next() - 0.5))),
    );
    bestOther = Math.max(bestOther, ganValue(d, p, q));
  }
  add(
    "Proposition 1 (discrete)",
    "D* = p_data / (p_data + p_g) maximises V(D, G)",
    `V(D*)=${fmt(vStar)}, best of ${trials} perturbed D: ${fmt(bestOther)}`,
    "V(D*) >= V(D) for every perturbed D",
    vStar >= bestOther,
  );
  const cg = virtualTrainingCriterion(p, q);
  add(
    "Theorem 1 (discrete)",
    "C(G) = V(D*, G) = -log 4 + JS(P_data, P_g), min -log 4 at P_g = P_data",
    `C(G)=${fmt(cg)}, -log 4 + JS=${fmt(-2 * LN2 + js)}, C at P_g = P_data: ${
      fmt(virtualTrainingCriterion(p, p))
    }`,
    "to 1e-12",
    Math.abs(cg - vStar) < 1e-12 && Math.abs(cg - (-2 * LN2 + js)) < 1e-12 &&
      Math.abs(virtualTrainingCriterion(p, p) + 2 * LN2) < 1e-12,
  );
  return rows;
}

/**
 * The checks as a displayable table (columns property, formula, value, check, passed).
 *
 * @param checks From {@linkcode jensenShannonChecks}.
 * @returns A {@linkcode Table} (text/html and text/plain).
 */
export function checksTable(checks: readonly TheoryCheck[]): Table {
  const passed = checks.filter((c) => c.passed).length;
  return table(
    checks.map((c) => ({ ...c, passed: c.passed ? "yes" : "NO" })),
    {
      columns: ["property", "formula", "value", "check", "passed"],
      caption: `Jensen-Shannon properties of the note: ${passed} of ${checks.length} checks passed`,
    },
  );
}
