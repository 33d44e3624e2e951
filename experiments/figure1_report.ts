/**
 * The "paper vs this run" rows of Figure 1. Internal to figure1.ts.
 *
 * @module
 */
import type { ComparisonRow } from "./common.ts";
import type { Figure1State } from "./figure1_panel.ts";

/** Rows checking panels (b), (c) and (d) against the paper's caption. */
export function figure1Comparison(
  a: Figure1State,
  b: Figure1State,
  c: Figure1State,
  d: Figure1State,
): ComparisonRow[] {
  const f = (v: number) => v.toFixed(3);
  return [
    {
      experiment: "figure1",
      quantity: "(b) |D - D*| after D's inner loop: density-weighted mean (max)",
      paper: "0 (D -> D*)",
      thisRun: `${f(b.meanErrorToOptimal)} (${f(b.maxErrorToOptimal)})`,
      ok: b.meanErrorToOptimal < 0.08 && b.meanErrorToOptimal < a.meanErrorToOptimal / 2,
    },
    {
      experiment: "figure1",
      quantity: "(c) mean D(G(z)) under (b)'s D, before -> after G's update",
      paper: "increases (G(z) flows to where D says data)",
      thisRun: `${f(b.meanDOfG)} -> ${f(c.meanDOfG)}`,
      ok: c.meanDOfG > b.meanDOfG,
    },
    {
      experiment: "figure1",
      quantity: "(d) JS(p_g, p_data) and max |D - 1/2| at the end",
      paper: "0 and 0 (p_g = p_data, D = 1/2)",
      thisRun: `${f(d.js)} and ${f(d.maxErrorToHalf)}`,
      ok: d.js < 0.15 && d.maxErrorToHalf < 0.15,
    },
  ];
}
