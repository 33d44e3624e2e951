/**
 * Noise priors P_z for the generator (Goodfellow et al. 2014): uniform
 * (default U(-sqrt 3, sqrt 3)^dim, unit variance), Gaussian and spherical. Each
 * is drawn in JavaScript from an explicit {@linkcode Rng}, so the same seed
 * gives bit-identical `[n, dim]` float32 tensors on cpu, wasm and webgpu.
 *
 * @example
 * ```ts
 * import { uniformPrior } from "./mod.ts";
 * import { Rng } from "../random.ts";
 * const z = uniformPrior(100).sample(16, new Rng(7)); // [16, 100]
 * z.dispose();
 * ```
 *
 * @module
 */
// Keeps tfjs's "running TensorFlow.js in Node.js" banner away from users of this entry.
import "../quiet_tfjs.ts";
export type { NoisePrior } from "./prior.ts";
export { uniformPrior, type UniformPriorOptions } from "./uniform.ts";
export { gaussianPrior, type GaussianPriorOptions } from "./gaussian.ts";
export { spherePrior, type SpherePriorOptions } from "./sphere.ts";
