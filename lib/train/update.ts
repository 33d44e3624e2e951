import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "../losses/types.ts";
import { sumOfSquares } from "../ops/sum_of_squares.ts";
import { applyGradients } from "./apply_gradients.ts";
import { type SeededDropoutLayer, seededDropoutLayers } from "../models/seeded_dropout.ts";

/** How mean D outputs are reported: `sigmoid` of logits, or the raw critic value. */
export type OutputScale = "probability" | "raw";

/**
 * Layer classes whose output for an example depends on that example alone (no batch
 * statistics): a model built only of these may see real and generated examples in one batch.
 */
const PER_EXAMPLE_LAYERS = new Set([
  "InputLayer",
  "Dense",
  "SeededDropout",
  "Dropout",
  "Maxout",
  "Activation",
  "LeakyReLU",
  "ReLU",
  "ELU",
  "Softmax",
  "Flatten",
  "Reshape",
  "Conv1D",
  "Conv2D",
  "Conv2DTranspose",
  "MaxPooling2D",
  "AveragePooling2D",
  "GlobalAveragePooling2D",
  "ZeroPadding2D",
  "LayerNormalization",
]);

/**
 * Whether every layer of `model` maps each example independently of the rest of its batch
 * (see `PER_EXAMPLE_LAYERS`; batch normalisation, nested models and unknown layers say no).
 *
 * @param model A tfjs layers model.
 * @returns True when a batch's outputs are those of its examples run one by one.
 */
export function isPerExample(model: tf.LayersModel): boolean {
  return model.layers.every((layer) => PER_EXAMPLE_LAYERS.has(layer.getClassName()));
}

/** What one update needs (built once by the trainer; internal). */
export interface UpdateContext {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  /**
   * Run D once on real and generated examples together (D is per-example, see
   * {@linkcode isPerExample}) instead of twice.
   */
  jointCritic: boolean;
  loss: GanLoss;
  outputScale: OutputScale;
  gVars: tf.Variable[];
  dVars: tf.Variable[];
  gOptimizer: tf.Optimizer;
  dOptimizer: tf.Optimizer;
}

function summarise(outputs: tf.Tensor, scale: OutputScale): tf.Scalar {
  return tf.mean(scale === "probability" ? tf.sigmoid(outputs) : outputs);
}

/** Applies `grads` (in `vars` order) and returns their global L2 norm. */
function applyInOrder(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  grads: tf.NamedTensorMap,
): tf.Scalar {
  const named = vars.filter((v) => grads[v.name] != null).map((v) => ({
    name: v.name,
    tensor: grads[v.name],
  }));
  applyGradients(optimizer, named);
  // After the update: a fused momentum kernel may have summed each gradient's squares while
  // updating, and then sumOfSquares returns that sum (bit-identical to sum(square(g))).
  const squares = named.map((g) => sumOfSquares(g.tensor));
  return tf.sqrt(tf.addN(squares)) as tf.Scalar;
}

/** D's loss, its mean outputs and its gradients (internal to the update functions). */
interface DiscriminatorGradients {
  value: tf.Scalar;
  realMean: tf.Scalar;
  fakeMean: tf.Scalar;
  grads: tf.NamedTensorMap;
}

/** What a discriminator-only update needs: D, its variables and optimiser, the loss. */
export type DiscriminatorContext = Pick<
  UpdateContext,
  "discriminator" | "jointCritic" | "loss" | "outputScale" | "dVars" | "dOptimizer"
>;

/**
 * The gradient of `loss.discriminator(D(x), D(fake))` (+ `loss.penalty`) with respect to D's
 * variables, D in training mode. Must run inside a tidy.
 */
function discriminatorGradients(
  c: DiscriminatorContext,
  real: tf.Tensor,
  fake: tf.Tensor,
  epsilon: tf.Tensor | null,
): DiscriminatorGradients {
  const critic = (x: tf.Tensor) => c.discriminator.apply(x, { training: true }) as tf.Tensor;
  let stats: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    let realOut: tf.Tensor, fakeOut: tf.Tensor;
    if (c.jointCritic) {
      // One pass over [real; generated]: the same outputs (D is per-example, and each
      // seeded dropout layer draws its masks row by row, real rows first, as two passes
      // would), half the kernel launches, and each weight matrix packed once per product.
      const n = real.shape[0];
      const both = critic(tf.concat([real, fake], 0));
      realOut = tf.slice(both, 0, n);
      fakeOut = tf.slice(both, n, fake.shape[0]);
    } else {
      realOut = critic(real);
      fakeOut = critic(fake);
    }
    // Kept past the gradient's inner tidy (kept tensors outlive every tidy: the caller
    // disposes them once stacked).
    stats = [
      tf.keep(summarise(realOut, c.outputScale)),
      tf.keep(summarise(fakeOut, c.outputScale)),
    ];
    const loss = c.loss.discriminator(realOut, fakeOut);
    if (!c.loss.penalty || !epsilon) return loss;
    return tf.add(loss, c.loss.penalty(critic, real, fake, epsilon)) as tf.Scalar;
  }, c.dVars);
  return { value, realMean: stats[0], fakeMean: stats[1], grads };
}

/** Applies D's gradients, then clips D's weights when the loss asks for it; returns |grad|. */
function applyDiscriminator(c: DiscriminatorContext, grads: tf.NamedTensorMap): tf.Scalar {
  const norm = applyInOrder(c.dOptimizer, c.dVars, grads);
  const clip = c.loss.weightClip;
  if (clip !== undefined) {
    for (const v of c.dVars) v.assign(tf.clipByValue(v, -clip, clip));
  }
  return norm;
}

/**
 * One discriminator step of Algorithm 1 (Goodfellow et al. 2014): descend
 * `loss.discriminator(D(x), D(G(z)))` (+ `loss.penalty`) on D's variables,
 * then clip D's weights if `loss.weightClip` is set. Both networks run in
 * training mode (dropout, batch statistics).
 *
 * @returns `[dLoss, mean D(x), mean D(G(z)), |grad|]` float32, owned by the caller.
 */
export function discriminatorUpdate(
  c: UpdateContext,
  real: tf.Tensor,
  z: tf.Tensor,
  epsilon: tf.Tensor | null,
): tf.Tensor1D {
  return tf.tidy(() => {
    const fake = c.generator.apply(z, { training: true }) as tf.Tensor;
    return discriminatorUpdateOn(c, real, fake, epsilon);
  });
}

/**
 * A discriminator update on given generated examples (G not involved, e.g. a frozen G's
 * samples or draws of a fixed p_g): descend `loss.discriminator(D(x), D(fake))`
 * (+ `loss.penalty` when `epsilon` is given), then clip D's weights if `loss.weightClip` is
 * set, exactly as one D step of the trainer does.
 *
 * @param c D, its variables and optimiser, the loss and how outputs are reported.
 * @param real Real examples `[m, ...shape]`.
 * @param fake Generated examples `[m, ...shape]`.
 * @param epsilon The gradient penalty's interpolation weights `[m]` (null without a penalty).
 * @returns `[dLoss, mean D(x), mean D(fake), |grad|]` float32, owned by the caller.
 */
export function discriminatorUpdateOn(
  c: DiscriminatorContext,
  real: tf.Tensor,
  fake: tf.Tensor,
  epsilon: tf.Tensor | null,
): tf.Tensor1D {
  return tf.tidy(() => {
    const d = discriminatorGradients(c, real, fake, epsilon);
    const norm = applyDiscriminator(c, d.grads);
    const out = tf.stack([d.value, d.realMean, d.fakeMean, norm]) as tf.Tensor1D;
    tf.dispose([d.realMean, d.fakeMean]);
    return out;
  });
}

/** What a generator-only update needs. */
export type GeneratorContext = Pick<
  UpdateContext,
  "generator" | "discriminator" | "loss" | "gVars" | "gOptimizer"
>;

/** G's loss and gradients: `loss.generator(D(G(z)))` on G's variables (inside a tidy). */
function generatorGradients(c: GeneratorContext, z: tf.Tensor) {
  return tf.variableGrads(() => {
    const fake = c.generator.apply(z, { training: true }) as tf.Tensor;
    return c.loss.generator(c.discriminator.apply(fake, { training: true }) as tf.Tensor);
  }, c.gVars);
}

/**
 * The generator step of Algorithm 1: descend `loss.generator(D(G(z)))` on G's
 * variables only; D runs in training mode (with its dropout, as in the
 * paper's code) but is not updated.
 *
 * @returns `[gLoss, |grad|]` float32, owned by the caller.
 */
export function generatorUpdate(c: GeneratorContext, z: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const { value, grads } = generatorGradients(c, z);
    const norm = applyInOrder(c.gOptimizer, c.gVars, grads);
    return tf.stack([value, norm]) as tf.Tensor1D;
  });
}

/** Values per example that a seeded dropout layer masks (its input's size per row). */
function rowSize(layer: SeededDropoutLayer): number {
  const input = layer.input;
  const shape = (Array.isArray(input) ? input[0] : input).shape;
  return shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
}

/**
 * The step of the 2014 paper's code (Goodfellow et al.'s `AdversaryCost2` with pylearn2's SGD),
 * which produced its results: ONE minibatch, ONE forward pass `S = G(z)`,
 * `y1 = D(x)`, `y0 = D(S)`; D's gradient of `loss.discriminator(y1, y0)` (+ penalty) and G's
 * gradient of `loss.generator(y0)` on the SAME `y0` (same noise, same dropout masks), both
 * computed from the current weights and applied together. Algorithm 1 as printed instead
 * updates D first and then draws fresh noise and masks through the updated D for G
 * ({@linkcode discriminatorUpdate}, {@linkcode generatorUpdate}).
 *
 * G's gradient flows through D's input while D's flows into D's weights, so the two are taken
 * in two backward passes; the second forward pass replays the first one's dropout masks
 * (seeded dropout layers are rewound, D's skipping the real rows), so its values are those of
 * the single pass.
 *
 * @returns `[dLoss, mean D(x), mean D(G(z)), |grad D|, gLoss, |grad G|]` float32, owned by
 *   the caller.
 */
export function simultaneousUpdate(
  c: UpdateContext,
  real: tf.Tensor,
  z: tf.Tensor,
  epsilon: tf.Tensor | null,
): tf.Tensor1D {
  return tf.tidy(() => {
    const gLayers = seededDropoutLayers(c.generator);
    const dLayers = seededDropoutLayers(c.discriminator);
    const gStart = gLayers.map((l) => l.rngState());
    const dStart = dLayers.map((l) => l.rngState());
    const fake = c.generator.apply(z, { training: true }) as tf.Tensor;
    const d = discriminatorGradients(c, real, fake, epsilon);
    const gEnd = gLayers.map((l) => l.rngState());
    const dEnd = dLayers.map((l) => l.rngState());
    // Rewind: G draws its masks again; D skips the real rows' masks to reach the generated ones.
    gLayers.forEach((l, i) => l.setRngState(gStart[i]));
    const realRows = real.shape[0];
    dLayers.forEach((l, i) => {
      l.setRngState(dStart[i]);
      l.skipMasks(realRows * rowSize(l));
    });
    const g = generatorGradients(c, z);
    gLayers.forEach((l, i) => l.setRngState(gEnd[i]));
    dLayers.forEach((l, i) => l.setRngState(dEnd[i]));
    const dNorm = applyDiscriminator(c, d.grads);
    const gNorm = applyInOrder(c.gOptimizer, c.gVars, g.grads);
    const out = tf.stack([d.value, d.realMean, d.fakeMean, dNorm, g.value, gNorm]) as tf.Tensor1D;
    tf.dispose([d.realMean, d.fakeMean]);
    return out;
  });
}
