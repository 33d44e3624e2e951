/**
 * The line-plot factory now lives in lib/display (`linePlot` of `@adversarial/nets/display`);
 * re-exported here for the experiments and notebooks that import it from experiments/.
 *
 * @module
 */
export { linePlot, type LinePlotOptions, type LineSeries } from "../lib/display/plots/line.ts";
