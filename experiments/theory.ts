/**
 * Notebook 1 in one call: the Jensen-Shannon checks table, Theorem 1's C(G), the lemma's g,
 * JS^alpha's triangle inequality, the chi^2 asymptotics and Proposition 1 by training.
 *
 * @module
 */
import type { Table } from "../lib/display/table.ts";
import type { ComparisonRow } from "./common.ts";
import { commonOptions } from "./common.ts";
import {
  type Proposition1Options,
  type Proposition1Result,
  runProposition1,
} from "./proposition1.ts";
import { checksTable, jensenShannonChecks, type TheoryCheck } from "./theory_checks.ts";
import {
  chiSquareCurve,
  lemmaCurve,
  powerTriangleCurve,
  type Theorem1Curves,
  theorem1Curves,
  type TheoryCurve,
} from "./theory_curves.ts";

/** Options of {@linkcode runTheory}: those of Proposition 1's training. */
export type TheoryOptions = Proposition1Options;

/** The result of {@linkcode runTheory}. */
export interface TheoryResult {
  /** Every Jensen-Shannon property, computed. */
  checks: TheoryCheck[];
  /** The checks as a table. */
  table: Table;
  /** Whether every check passed. */
  allPassed: boolean;
  /** Theorem 1 along P_g = N(theta, 1) and N(0, sigma^2). */
  theorem1: Theorem1Curves;
  /** The lemma's g(x). */
  lemma: TheoryCurve;
  /** Worst triangle ratio of JS^alpha vs alpha. */
  powerTriangle: TheoryCurve;
  /** JS / (Delta/2) and JS / (chi^2/4) as P -> Q. */
  chiSquare: TheoryCurve;
  /** D trained against fixed densities vs D*. */
  proposition1: Proposition1Result;
  /** Rows for the "paper vs this run" table. */
  comparison: ComparisonRow[];
}

/**
 * Runs everything notebook 1 shows (Goodfellow et al. 2014, section 4, and the note's
 * Jensen-Shannon properties): see {@linkcode jensenShannonChecks}, {@linkcode theorem1Curves},
 * {@linkcode lemmaCurve}, {@linkcode powerTriangleCurve}, {@linkcode chiSquareCurve} and
 * {@linkcode runProposition1}. Only Proposition 1 trains (seconds in quick mode).
 *
 * @param options Quick mode, seed, backend, Proposition 1's sizes.
 * @returns The checks, curves, figures and comparison rows.
 * @throws {RangeError} For a bad seed or size.
 */
export async function runTheory(options: TheoryOptions = {}): Promise<TheoryResult> {
  const { quick, seed } = commonOptions(options, "run the theory checks", ["steps", "batchSize"]);
  const checks = jensenShannonChecks({ seed, trials: quick ? 500 : 5000 });
  const theorem1 = theorem1Curves();
  const proposition1 = await runProposition1(options);
  const passed = checks.filter((c) => c.passed).length;
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  const comparison: ComparisonRow[] = [
    {
      experiment: "theory",
      quantity: "Jensen-Shannon properties of the note (checks passed)",
      paper: `${checks.length} hold`,
      thisRun: `${passed} of ${checks.length}`,
      ok: passed === checks.length,
    },
    {
      experiment: "theory",
      quantity: "Theorem 1: min C(G) over P_g = N(theta, 1), P_data = N(0, 1)",
      paper: "-log 4 = -1.386 at theta = 0",
      thisRun: `${fmt(theorem1.minimum.c)} at theta = ${fmt(theorem1.minimum.theta)}`,
      ok: Math.abs(theorem1.minimum.c + 2 * Math.LN2) < 1e-9 && theorem1.minimum.theta === 0,
    },
    {
      experiment: "theory",
      quantity: "Proposition 1: max |D - D*| (trained D, high-density region)",
      paper: "0 (D -> D*)",
      thisRun: fmt(proposition1.maxAbsError),
      ok: proposition1.maxAbsError < 0.15,
    },
  ];
  return {
    checks,
    table: checksTable(checks),
    allPassed: passed === checks.length,
    theorem1,
    lemma: lemmaCurve(),
    powerTriangle: powerTriangleCurve(),
    chiSquare: chiSquareCurve(),
    proposition1,
    comparison,
  };
}
