/**
 * adversarial-nets: build, train, measure and teach Generative Adversarial
 * Networks (Goodfellow et al. 2014, "Generative Adversarial Nets") in Deno and
 * Deno Jupyter notebooks, on TensorFlow.js (WebGPU, wasm or cpu).
 *
 * @example Draw the paper's noise: 16 vectors from U(-sqrt 3, sqrt 3)^100
 * ```ts
 * import { Rng, uniformPrior } from "./mod.ts";
 * import assert from "node:assert";
 * const z = uniformPrior(100).sample(16, new Rng(42));
 * assert.deepStrictEqual(z.shape, [16, 100]);
 * z.dispose();
 * ```
 *
 * @module
 */
export * from "./lib/random.ts";
export * from "./lib/backend/mod.ts";
export * from "./lib/latent/mod.ts";
export * from "./lib/theory/mod.ts";
export * from "./lib/losses/mod.ts";
export * from "./lib/models/mod.ts";
export * from "./lib/train/mod.ts";
export * from "./lib/data/mod.ts";
export * from "./lib/eval/mod.ts";
export * from "./lib/display/mod.ts";
export * from "./lib/tensor_types.ts";
export * from "./lib/experiments/mod.ts";
