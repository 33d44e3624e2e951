/**
 * Tensor forms of f-GAN's output activation and conjugate (Nowozin et al. 2016),
 * composed in closed form so that they stay stable: e.g. for the GAN generator
 * f*(g_f(v)) = -log(1 - sigmoid(v)) = softplus(v).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";
import type { FGenerator } from "./f_generators.ts";
import { describe } from "./validate.ts";

/** The two tensor maps f-GAN needs for one generator. */
export interface FGanTensorForms {
  /** g_f(v), elementwise; returns a new tensor owned by the caller. */
  activation(v: Tensor): Tensor;
  /** f*(g_f(v)), elementwise, in a stable closed form; returns a new tensor owned by the caller. */
  conjugateOfActivation(v: Tensor): Tensor;
}

type Forms = [(v: Tensor) => Tensor, (v: Tensor) => Tensor];
const sp = (v: Tensor) => tf.softplus(v);
const FORMS: Record<string, Forms> = {
  kl: [(v) => tf.clone(v), (v) => tf.exp(tf.sub(v, 1))],
  "reverse-kl": [(v) => tf.neg(tf.exp(v)), (v) => tf.sub(tf.neg(v), 1)],
  "total-variation": [(v) => tf.mul(tf.tanh(v), 0.5), (v) => tf.mul(tf.tanh(v), 0.5)],
  l1: [(v) => tf.tanh(v), (v) => tf.tanh(v)],
  pearson: [
    (v) => tf.clone(v),
    (v) =>
      tf.where(tf.greaterEqual(v, -2), tf.add(tf.div(tf.square(v), 4), v), tf.fill(v.shape, -1)),
  ],
  neyman: [(v) => tf.sub(1, tf.exp(v)), (v) => tf.sub(2, tf.mul(2, tf.exp(tf.div(v, 2))))],
  "squared-hellinger": [(v) => tf.sub(1, tf.exp(v)), (v) => tf.sub(tf.exp(tf.neg(v)), 1)],
  "jensen-shannon": [(v) => tf.sub(Math.LN2, sp(tf.neg(v))), (v) => tf.sub(sp(v), Math.LN2)],
  gan: [(v) => tf.neg(sp(tf.neg(v))), (v) => sp(v)],
};

function alphaForms(a: number): Forms {
  const k = a / (a - 1);
  if (a > 1) {
    return [
      (v) => tf.clone(v),
      (v) => tf.div(tf.sub(tf.pow(tf.relu(tf.add(1, tf.mul(a - 1, v))), k), 1), a),
    ];
  }
  const edge = 1 / (1 - a);
  // 1 + (a-1) g_f(v) = (1-a) softplus(-v) > 0, raised to k in log space.
  return [
    (v) => tf.sub(edge, sp(tf.neg(v))),
    (v) => tf.div(tf.sub(tf.exp(tf.mul(k, tf.add(Math.log(1 - a), tf.log(sp(tf.neg(v)))))), 1), a),
  ];
}

/**
 * The tensor activation g_f and the composed conjugate f*(g_f(v)) of a generator.
 * Values are as finite as the mathematics allows in float32: bounded-activation
 * generators (GAN, JS, total variation, L1) stay finite for v = +-100; KL's
 * f*(g_f(v)) = exp(v - 1) overflows float32 beyond v ~ 89, like the exact value.
 *
 * @param generator One of the exported generators, or one made by `alphaGenerator`.
 * @returns The two elementwise maps; each returns a tensor owned by the caller.
 * @throws {RangeError} If the generator is not one of the known ones.
 *
 * @example GAN: f*(g_f(v)) = softplus(v)
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { fGanTensorForms } from "./f_gan_tensor.ts";
 * import { ganGenerator } from "./f_generators.ts";
 * import assert from "node:assert";
 * const t = fGanTensorForms(ganGenerator).conjugateOfActivation(tf.tensor1d([0]));
 * assert.ok(Math.abs((await t.data())[0] - Math.log(2)) < 1e-6);
 * t.dispose();
 * ```
 */
export function fGanTensorForms(generator: FGenerator): FGanTensorForms {
  const forms = generator?.alpha !== undefined
    ? alphaForms(generator.alpha)
    : FORMS[generator?.name as string];
  if (!forms) {
    throw new RangeError(
      `Cannot build f-GAN tensor forms as generator must be a known f-divergence generator: ` +
        `generator.name=${describe(generator?.name)}`,
    );
  }
  const [act, conj] = forms;
  return {
    activation: (v) => tf.tidy(() => act(v)),
    conjugateOfActivation: (v) => tf.tidy(() => conj(v)),
  };
}

/**
 * f-GAN's variational objective (Nowozin et al. 2016, eq. 6) on a batch:
 * F = mean_x g_f(V(x)) - mean_z f*(g_f(V(G(z)))), a lower bound on D_f(P_data||P_g)
 * in expectation. The critic maximises F; the generator minimises it (or uses
 * the non-saturating variant, -mean g_f(V(G(z)))).
 *
 * @param realV The critic's raw outputs V on data, any shape.
 * @param fakeV The critic's raw outputs V on generated samples, any shape.
 * @param generator The f-divergence generator.
 * @returns A scalar tensor owned by the caller.
 * @throws {RangeError} If the generator is unknown (see {@linkcode fGanTensorForms}).
 */
export function fGanObjective(realV: Tensor, fakeV: Tensor, generator: FGenerator): Scalar {
  const forms = fGanTensorForms(generator);
  return tf.tidy(() =>
    tf.sub(tf.mean(forms.activation(realV)), tf.mean(forms.conjugateOfActivation(fakeV)))
  );
}
