/**
 * A compiled training step for MLP generators and discriminators on the native backend: the
 * same updates as lib/train/update.ts (Algorithm 1's D and G updates, and the authors'
 * simultaneous step), computed on float32 buffers by {@linkcode MlpRunner} with BLAS, the
 * optimisers applied in place. Only the loss's gradient with respect to D's outputs (`[m, 1]`
 * values) goes through tfjs, so any {@linkcode GanLoss} without a penalty works.
 *
 * The simultaneous step runs G and D forward ONCE (the op chain replays both passes): D's
 * gradient and G's gradient come from the same activations and masks, as in the authors' code.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { UpdateContext } from "../update.ts";
import type { PerExampleTerms } from "../../losses/types.ts";
import { isPiecewiseLinear, type MlpPlan, planMlp, planVariables } from "./plan.ts";
import {
  type Gemm,
  inputGradientWeightGrads,
  MlpRunner,
  type PassBuffers,
  type WeightValues,
} from "./mlp_pass.ts";
import { activeInPlaceHook, type InPlaceHook, storageOf } from "./storage.ts";
import { type InPlaceUpdate, inPlaceUpdate } from "./inplace_optimizers.ts";

const f32 = Math.fround;

/** One model of the step: its runner, variables in the trainer's order, gradient buffers. */
class CompiledModel {
  readonly runner: MlpRunner;
  readonly vars: tf.Variable[];
  /** Per variable (trainer order) its gradient. */
  readonly grads: Float32Array[];
  /** Per dense op (plan order) its kernel and bias gradient (views of `grads`). */
  readonly denseGrads: { kernel: Float32Array; bias: Float32Array | null }[];
  readonly weights: WeightValues;

  constructor(plan: MlpPlan, vars: tf.Variable[], gemm: Gemm, hook: InPlaceHook) {
    this.runner = new MlpRunner(plan, gemm);
    this.vars = vars;
    this.grads = vars.map((v) => new Float32Array(v.size));
    this.denseGrads = plan.ops.flatMap((op) =>
      op.kind !== "dense" ? [] : [{
        kernel: this.grads[vars.indexOf(op.kernel)],
        bias: op.bias ? this.grads[vars.indexOf(op.bias)] : null,
      }]
    );
    this.weights = (op) => ({
      kernel: storageOf(hook, op.kernel),
      bias: op.bias ? storageOf(hook, op.bias) : null,
    });
  }

  forward(input: Float32Array, rows: number): PassBuffers {
    const b = this.runner.buffers(rows);
    b.input.set(input);
    this.runner.forward(b, this.weights);
    return b;
  }

  /** The global L2 norm of the gradients as the op chain computes it (float32 sums). */
  gradNorm(gemm: Gemm): number {
    let total = 0;
    for (const g of this.grads) total = f32(total + f32(gemm.sumOfSquares(g)));
    return f32(Math.sqrt(total));
  }
}

/** The loss's value and its gradient with respect to D's outputs, through tfjs. */
interface OutputGradients {
  value: number;
  grads: Float32Array[];
}

function lossGradients(
  f: (...outputs: tf.Tensor[]) => tf.Scalar,
  outputs: Float32Array[],
): OutputGradients {
  return tf.tidy(() => {
    // Copies: the tensors' arrays go back to the backend's pool when disposed.
    const inputs = outputs.map((o) => tf.tensor2d(o.slice(), [o.length, 1]));
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    return {
      value: value.dataSync()[0],
      grads: grads.map((g) => Float32Array.from(g.dataSync() as Float32Array)),
    };
  });
}

/** D's loss and gradient from the loss's per-example terms (no tfjs). */
function discriminatorTerms(
  terms: PerExampleTerms,
  real: Float32Array,
  fake: Float32Array,
  dOut: Float32Array,
): number {
  const m = real.length;
  let sr = 0, sf = 0;
  for (let i = 0; i < m; i++) {
    const r = real[i], f = fake[i];
    sr += terms.real(r);
    sf += terms.fake(f);
    dOut[i] = terms.realDerivative(r) / m;
    dOut[m + i] = terms.fakeDerivative(f) / m;
  }
  return f32(sr / m + sf / m);
}

/** G's loss and gradient `[m]` from the loss's per-example terms (no tfjs). */
function generatorTerms(terms: PerExampleTerms, fake: Float32Array): OutputGradients {
  const m = fake.length, grad = new Float32Array(m);
  let s = 0;
  for (let i = 0; i < m; i++) {
    s += terms.generator(fake[i]);
    grad[i] = terms.generatorDerivative(fake[i]) / m;
  }
  return { value: f32(s / m), grads: [grad] };
}

/** `mean(sigmoid(x))` or `mean(x)` of D's outputs, as the history reports them. */
function summarise(x: Float32Array, probability: boolean): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += probability ? 1 / (1 + Math.exp(-x[i])) : x[i];
  return f32(s / x.length);
}

/**
 * The updates of one trainer, compiled. Build with {@linkcode compileSteps}.
 */
export class CompiledSteps {
  readonly #ctx: UpdateContext;
  readonly #gemm: Gemm;
  readonly #hook: InPlaceHook;
  readonly #g: CompiledModel;
  readonly #d: CompiledModel;
  readonly #gUpdate: InPlaceUpdate;
  readonly #dUpdate: InPlaceUpdate;
  #dOut = new Float32Array(0);
  /** The gradient penalty's weight gradients, per dense layer of D (separate buffers). */
  #penaltyGrads: { kernel: Float32Array; bias: Float32Array | null }[] | null = null;
  /** The penalty pass's upstream ones `[m]` and input-gradient adjoint `[m, width]`, reused. */
  #ones = new Float32Array(0);
  #adjoint = new Float32Array(0);

  constructor(
    ctx: UpdateContext,
    plans: { g: MlpPlan; d: MlpPlan },
    gemm: Gemm,
    hook: InPlaceHook,
    updates: { g: InPlaceUpdate; d: InPlaceUpdate },
  ) {
    this.#ctx = ctx;
    this.#gemm = gemm;
    this.#hook = hook;
    this.#g = new CompiledModel(plans.g, ctx.gVars, gemm, hook);
    this.#d = new CompiledModel(plans.d, ctx.dVars, gemm, hook);
    this.#gUpdate = updates.g;
    this.#dUpdate = updates.d;
  }

  get #probability(): boolean {
    return this.#ctx.outputScale === "probability";
  }

  /** D's loss, its output gradient `[2m]` (real rows first) and the mean outputs. */
  #discriminatorLoss(out: Float32Array, m: number) {
    const real = out.subarray(0, m), fake = out.subarray(m, 2 * m);
    const loss = this.#ctx.loss;
    if (this.#dOut.length !== 2 * m) this.#dOut = new Float32Array(2 * m);
    let value: number;
    if (loss.perExample) {
      value = discriminatorTerms(loss.perExample, real, fake, this.#dOut);
    } else {
      const d = lossGradients((r, f) => loss.discriminator(r, f), [real, fake]);
      this.#dOut.set(d.grads[0], 0);
      this.#dOut.set(d.grads[1], m);
      value = d.value;
    }
    return {
      value,
      dOut: this.#dOut,
      realMean: summarise(real, this.#probability),
      fakeMean: summarise(fake, this.#probability),
    };
  }

  /** G(z), then D over [real; G(z)] (masks drawn for all 2m rows at once), then D's loss. */
  #jointPass(real: Float32Array, z: Float32Array, m: number) {
    const g = this.#g.forward(z, m);
    const d = this.#d.runner.buffers(2 * m);
    d.input.set(real, 0);
    d.input.set(this.#g.runner.output(g), real.length);
    const out = this.#d.runner.forward(d, this.#d.weights);
    return { g, d, out, loss: this.#discriminatorLoss(out, m) };
  }

  /** G's loss and its gradient with respect to D's outputs on generated rows. */
  #generatorLoss(fake: Float32Array): OutputGradients {
    const loss = this.#ctx.loss;
    return loss.perExample
      ? generatorTerms(loss.perExample, fake)
      : lossGradients((f) => loss.generator(f), [fake]);
  }

  /**
   * WGAN-GP's gradient penalty `lambda mean_i (|grad_x D(x^_i)| - 1)^2` on
   * `x^_i = eps_i x_i + (1 - eps_i) G(z)_i` (as lib/losses/gradient_penalty.ts, its norm
   * `sqrt(sum g^2 + 1e-12)`), D in training mode: adds its weight gradient to D's gradients
   * and returns its value.
   */
  #penalty(joint: Float32Array, epsilon: Float32Array, m: number, lambda: number): number {
    const runner = this.#d.runner, width = runner.plan.inWidth;
    const b = runner.buffers(m);
    const x = b.input;
    for (let i = 0; i < m; i++) {
      const e = epsilon[i], oneMinus = f32(1 - e);
      for (let j = i * width; j < (i + 1) * width; j++) {
        x[j] = f32(e * joint[j]) + f32(oneMinus * joint[m * width + j]);
      }
    }
    runner.forward(b, this.#d.weights);
    if (this.#ones.length !== m) this.#ones = new Float32Array(m).fill(1);
    if (this.#adjoint.length !== m * width) this.#adjoint = new Float32Array(m * width);
    const ones = this.#ones, u = this.#adjoint;
    const g = runner.backward(b, this.#d.weights, ones, 0, m, null, true)!;
    const tiny = f32(1e-12);
    let sum = 0;
    for (let i = 0; i < m; i++) {
      let squares = 0;
      for (let j = i * width; j < (i + 1) * width; j++) squares += f32(g[j] * g[j]);
      const norm = f32(Math.sqrt(f32(f32(squares) + tiny)));
      const gap = f32(norm - 1);
      sum += f32(gap * gap);
      // d/dg of lambda mean (norm - 1)^2 = (2 lambda / m) (norm - 1) g / norm.
      const scale = (2 * lambda / m) * gap / norm;
      for (let j = i * width; j < (i + 1) * width; j++) u[j] = scale * g[j];
    }
    this.#penaltyGrads ??= this.#d.denseGrads.map((g) => ({
      kernel: new Float32Array(g.kernel.length),
      bias: g.bias ? new Float32Array(g.bias.length) : null,
    }));
    inputGradientWeightGrads(runner, b, this.#d.weights, ones, u, this.#penaltyGrads);
    this.#d.denseGrads.forEach((g, i) => {
      const p = this.#penaltyGrads![i].kernel;
      for (let j = 0; j < p.length; j++) g.kernel[j] += p[j];
    });
    return f32(f32(sum / m) * f32(lambda));
  }

  /** The D loss plus the penalty (added to D's gradients) when the loss has one. */
  #withPenalty(value: number, joint: Float32Array, epsilon: Float32Array | null, m: number) {
    const lambda = this.#ctx.loss.gradientPenaltyWeight;
    if (lambda === undefined || epsilon === null) return value;
    return f32(value + this.#penalty(joint, epsilon, m, lambda));
  }

  /** Applies D's gradients, then clips D's weights when the loss asks; returns |grad|. */
  #applyDiscriminator(): number {
    const norm = this.#d.gradNorm(this.#gemm);
    this.#dUpdate.apply(this.#d.vars, this.#d.grads);
    const clip = this.#ctx.loss.weightClip;
    if (clip !== undefined) {
      const hi = f32(clip), lo = f32(-clip);
      for (const v of this.#d.vars) {
        const x = storageOf(this.#hook, v);
        for (let i = 0; i < x.length; i++) {
          const xi = x[i];
          x[i] = xi < lo ? lo : xi > hi ? hi : xi;
        }
      }
    }
    return norm;
  }

  /**
   * One discriminator update (Algorithm 1): G(z) in training mode, D over [real; generated],
   * descend D's loss.
   *
   * @param real `[m, ...]` real rows, flattened.
   * @param z `[m, latent]` noise rows.
   * @param m Batch size.
   * @param epsilon `[m]` interpolation weights of the gradient penalty (null without one).
   * @returns `[dLoss, mean D(x), mean D(G(z)), |grad|]`.
   */
  discriminatorUpdate(
    real: Float32Array,
    z: Float32Array,
    m: number,
    epsilon: Float32Array | null = null,
  ): number[] {
    const { d, loss } = this.#jointPass(real, z, m);
    this.#d.runner.backward(d, this.#d.weights, loss.dOut, 0, 2 * m, this.#d.denseGrads, false);
    const value = this.#withPenalty(loss.value, d.input, epsilon, m);
    const norm = this.#applyDiscriminator();
    return [value, loss.realMean, loss.fakeMean, norm];
  }

  /**
   * One generator update (Algorithm 1): descend G's loss on D(G(z)), D in training mode.
   *
   * @param z `[m, latent]` noise rows.
   * @param m Batch size.
   * @returns `[gLoss, |grad|]`.
   */
  generatorUpdate(z: Float32Array, m: number): number[] {
    const g = this.#g.forward(z, m);
    const d = this.#d.forward(this.#g.runner.output(g), m);
    const out = this.#d.runner.output(d);
    const h = this.#generatorLoss(out);
    const dx = this.#d.runner.backward(d, this.#d.weights, h.grads[0], 0, m, null, true)!;
    this.#g.runner.backward(g, this.#g.weights, dx, 0, m, this.#g.denseGrads, false);
    const norm = this.#g.gradNorm(this.#gemm);
    this.#gUpdate.apply(this.#g.vars, this.#g.grads);
    return [h.value, norm];
  }

  /**
   * The authors' step: one pass G(z), D over [real; G(z)]; D's gradient of its loss and G's
   * gradient of its loss on the same outputs, both from the weights before the step, applied
   * together (D first, then its clip, then G).
   *
   * @param real `[m, ...]` real rows, flattened.
   * @param z `[m, latent]` noise rows.
   * @param m Batch size.
   * @param epsilon `[m]` interpolation weights of the gradient penalty (null without one).
   * @returns `[dLoss, mean D(x), mean D(G(z)), |grad D|, gLoss, |grad G|]`.
   */
  simultaneousUpdate(
    real: Float32Array,
    z: Float32Array,
    m: number,
    epsilon: Float32Array | null = null,
  ): number[] {
    const { g, d, out, loss } = this.#jointPass(real, z, m);
    const h = this.#generatorLoss(out.subarray(m, 2 * m));
    // G's path first: D's weight gradients below reuse the pass's gradient buffers.
    const dx = this.#d.runner.backward(d, this.#d.weights, h.grads[0], m, m, null, true)!;
    this.#g.runner.backward(g, this.#g.weights, dx, 0, m, this.#g.denseGrads, false);
    this.#d.runner.backward(d, this.#d.weights, loss.dOut, 0, 2 * m, this.#d.denseGrads, false);
    const dValue = this.#withPenalty(loss.value, d.input, epsilon, m);
    const dNorm = this.#applyDiscriminator();
    const gNorm = this.#g.gradNorm(this.#gemm);
    this.#gUpdate.apply(this.#g.vars, this.#g.grads);
    return [dValue, loss.realMean, loss.fakeMean, dNorm, h.value, gNorm];
  }
}

/**
 * Compiles a trainer's updates when the backend, models, loss and optimisers allow it.
 *
 * @param ctx The trainer's update context.
 * @returns The compiled steps, or a sentence saying why the op chain is used.
 */
export function compileSteps(ctx: UpdateContext): CompiledSteps | string {
  const active = activeInPlaceHook();
  if (typeof active === "string") return active;
  const g = planMlp(ctx.generator);
  if (typeof g === "string") return `the generator: ${g}`;
  const d = planMlp(ctx.discriminator);
  if (typeof d === "string") return `the discriminator: ${d}`;
  if (ctx.loss.penalty) {
    if (ctx.loss.gradientPenaltyWeight === undefined) {
      return `the loss ${ctx.loss.name} has a penalty other than WGAN-GP's gradient penalty`;
    }
    if (!isPiecewiseLinear(d)) {
      return `the loss ${ctx.loss.name} has a gradient penalty and D has smooth activations`;
    }
  }
  if (d.outWidth !== 1) return `the discriminator gives ${d.outWidth} values per example`;
  if (g.outWidth !== d.inWidth) return `G's rows (${g.outWidth}) are not D's (${d.inWidth})`;
  for (
    const [plan, vars, who] of [[g, ctx.gVars, "generator"], [
      d,
      ctx.dVars,
      "discriminator",
    ]] as const
  ) {
    const planned = planVariables(plan);
    if (planned.length !== vars.length || planned.some((v) => !vars.includes(v))) {
      return `the ${who}'s trainable variables are not exactly its dense layers'`;
    }
    if (vars.some((v) => v.dtype !== "float32")) return `the ${who} has non-float32 variables`;
  }
  const gUpdate = inPlaceUpdate(ctx.gOptimizer, active.hook, active.gemm);
  if (typeof gUpdate === "string") return `G's ${gUpdate}`;
  const dUpdate = inPlaceUpdate(ctx.dOptimizer, active.hook, active.gemm);
  if (typeof dUpdate === "string") return `D's ${dUpdate}`;
  return new CompiledSteps(ctx, { g, d }, active.gemm, active.hook, { g: gUpdate, d: dUpdate });
}
