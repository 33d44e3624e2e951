/**
 * The inequalities between JS and other divergences (Topsoe, L1, KL) and JS's chi^2
 * asymptotics, as rows of the Jensen-Shannon checks. Internal to theory_checks.ts.
 *
 * @module
 */
import { jensenShannon, klDivergence, triangularDiscrimination } from "../lib/theory/mod.ts";

const LN2 = Math.LN2;
const fmt = (v: number, digits = 6): string => String(Number(v.toPrecision(digits)));
const l1 = (p: readonly number[], q: readonly number[]) =>
  p.reduce((s, v, i) => s + Math.abs(v - q[i]), 0);

/** Adds one row: property, formula, value, check, passed. */
export type AddRow = (
  property: string,
  formula: string,
  value: string,
  check: string,
  ok: boolean,
) => void;

/** The inequalities between JS and other divergences, on the random pairs. */
export function pushBounds(
  add: AddRow,
  pairs: ReadonlyArray<readonly [number[], number[]]>,
): void {
  // slack of each bound (>= 0 when it holds), worst over the pairs
  const worst = {
    topsoeLow: Infinity,
    topsoeHigh: Infinity,
    l1Low: Infinity,
    l1High: Infinity,
    kl: Infinity,
  };
  const ratio = { low: Infinity, high: -Infinity };
  for (const [a, b] of pairs) {
    const js = jensenShannon(a, b);
    const delta = triangularDiscrimination(a, b);
    const v = l1(a, b);
    worst.topsoeLow = Math.min(worst.topsoeLow, js - delta / 2);
    worst.topsoeHigh = Math.min(worst.topsoeHigh, LN2 * delta - js);
    worst.l1Low = Math.min(worst.l1Low, js - (v * v) / 4);
    worst.l1High = Math.min(worst.l1High, LN2 * v - js);
    worst.kl = Math.min(worst.kl, (klDivergence(a, b) + klDivergence(b, a)) / 2 - js);
    ratio.low = Math.min(ratio.low, js / delta);
    ratio.high = Math.max(ratio.high, js / delta);
  }
  const k = pairs.length;
  add(
    "Topsoe's bounds",
    "Delta/2 <= JS <= log 2 Delta, Delta = sum (p-q)^2/(p+q)",
    `JS/Delta in [${fmt(ratio.low, 4)}, ${fmt(ratio.high, 4)}] over ${k} pairs`,
    "worst slacks >= 0",
    worst.topsoeLow >= -1e-15 && worst.topsoeHigh >= -1e-15,
  );
  add(
    "L1 bounds",
    "V^2/4 <= JS <= log 2 V, V = sum |p - q|",
    `worst slacks ${fmt(worst.l1Low, 3)}, ${fmt(worst.l1High, 3)}`,
    "worst slacks >= 0",
    worst.l1Low >= -1e-15 && worst.l1High >= -1e-15,
  );
  add(
    "KL bound",
    "JS <= (KL(P||Q) + KL(Q||P)) / 2",
    `worst slack ${fmt(worst.kl, 3)}`,
    "worst slack >= 0",
    worst.kl >= -1e-15,
  );
  const q = [0.2, 0.3, 0.5], h = [0.15, 0.05, -0.2];
  const ratios = [1e-1, 1e-2, 1e-3].map((t) => {
    const pt = q.map((v, i) => v + t * h[i]);
    return jensenShannon(pt, q) / (triangularDiscrimination(pt, q) / 2);
  });
  add(
    "chi^2 asymptotics",
    "JS ~ Delta/2 ~ chi^2(P||Q)/4 as P -> Q",
    `JS/(Delta/2) at t = 0.1, 0.01, 0.001: ${ratios.map((v) => fmt(v, 7)).join(", ")}`,
    "|ratio - 1| decreases, < 1e-5 at t = 0.001",
    Math.abs(ratios[2] - 1) < 1e-5 && Math.abs(ratios[1] - 1) < Math.abs(ratios[0] - 1),
  );
}
