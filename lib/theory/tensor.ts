/**
 * Batched, numerically stable tensor forms of the theory functions for use in
 * training and evaluation: inputs are logits (unnormalised log-probabilities
 * over the last axis, or discriminator logits), everything is computed in log
 * space with `logSoftmax` / `softplus`, and results stay finite for logits of
 * +-100 in float32.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";

function checkTensor(x: unknown, name: string, action: string): Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`Cannot ${action} as ${name} must be a tf.Tensor: ${name}=${typeof x}`);
  }
  if (x.rank < 1 || x.shape[x.rank - 1] === 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must have a non-empty last axis: ${name}.shape=[${x.shape}]`,
    );
  }
  return x;
}

function checkSameShape(a: Tensor, b: Tensor, names: [string, string], action: string) {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(
      `Cannot ${action} as ${names[0]} and ${names[1]} must have the same shape: ` +
        `${names[0]}.shape=[${a.shape}], ${names[1]}.shape=[${b.shape}]`,
    );
  }
}

/**
 * Entropy H(softmax(logits)) over the last axis, in nats:
 * -sum softmax(l) * logSoftmax(l).
 *
 * @param logits A float32 tensor `[..., n]`.
 * @returns A tensor `[...]` (the last axis reduced), owned by the caller.
 * @throws {TypeError} If `logits` is not a tensor.
 * @throws {RangeError} If it is a scalar or its last axis is empty.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";
 * import { entropyFromLogits } from "./tensor.ts";
 * import assert from "node:assert";
 * const h = entropyFromLogits(tf.zeros([2, 4]));
 * assert.ok(Math.abs((await h.data())[0] - Math.log(4)) < 1e-6);
 * h.dispose();
 * ```
 */
export function entropyFromLogits(logits: Tensor): Tensor {
  checkTensor(logits, "logits", "compute the entropy");
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1));
  });
}

/**
 * KL(softmax(pLogits) || softmax(qLogits)) over the last axis, in nats:
 * sum p (log p - log q), computed from log-softmaxes (never Infinity: softmax
 * probabilities are positive; tiny ones underflow to 0 and contribute 0).
 *
 * @param pLogits A float32 tensor `[..., n]`.
 * @param qLogits A float32 tensor of the same shape.
 * @returns A tensor `[...]`, >= 0, owned by the caller.
 * @throws {TypeError} If an argument is not a tensor.
 * @throws {RangeError} If shapes differ or the last axis is empty.
 */
export function klFromLogits(pLogits: Tensor, qLogits: Tensor): Tensor {
  const action = "compute the KL divergence";
  checkTensor(pLogits, "pLogits", action);
  checkTensor(qLogits, "qLogits", action);
  checkSameShape(pLogits, qLogits, ["pLogits", "qLogits"], action);
  return tf.tidy(() => {
    const logP = tf.logSoftmax(pLogits);
    const logQ = tf.logSoftmax(qLogits);
    return tf.relu(tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1));
  });
}

/**
 * Cross-entropy H(P, Q) = -sum p log q over the last axis, P = softmax(pLogits),
 * Q = softmax(qLogits).
 *
 * @param pLogits A float32 tensor `[..., n]`.
 * @param qLogits A float32 tensor of the same shape.
 * @returns A tensor `[...]`, owned by the caller.
 * @throws {TypeError} If an argument is not a tensor.
 * @throws {RangeError} If shapes differ or the last axis is empty.
 */
export function crossEntropyFromLogits(pLogits: Tensor, qLogits: Tensor): Tensor {
  const action = "compute the cross-entropy";
  checkTensor(pLogits, "pLogits", action);
  checkTensor(qLogits, "qLogits", action);
  checkSameShape(pLogits, qLogits, ["pLogits", "qLogits"], action);
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.softmax(pLogits), tf.logSoftmax(qLogits)), -1)));
}

/**
 * The note's JS(P,Q) = KL(P||M) + KL(Q||M) over the last axis (<= 2 log 2), from
 * logits; log M = logaddexp(log p, log q) - log 2, all in log space.
 *
 * @param pLogits A float32 tensor `[..., n]`.
 * @param qLogits A float32 tensor of the same shape.
 * @returns A tensor `[...]` in [0, 2 log 2], owned by the caller.
 * @throws {TypeError} If an argument is not a tensor.
 * @throws {RangeError} If shapes differ or the last axis is empty.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";
 * import { jensenShannonFromLogits } from "./tensor.ts";
 * import assert from "node:assert";
 * const js = jensenShannonFromLogits(tf.tensor1d([100, -100]), tf.tensor1d([-100, 100]));
 * assert.ok(Math.abs((await js.data())[0] - 2 * Math.log(2)) < 1e-6);
 * js.dispose();
 * ```
 */
export function jensenShannonFromLogits(pLogits: Tensor, qLogits: Tensor): Tensor {
  const action = "compute the Jensen-Shannon divergence";
  checkTensor(pLogits, "pLogits", action);
  checkTensor(qLogits, "qLogits", action);
  checkSameShape(pLogits, qLogits, ["pLogits", "qLogits"], action);
  return tf.tidy(() => {
    const logP = tf.logSoftmax(pLogits);
    const logQ = tf.logSoftmax(qLogits);
    // logaddexp(a, b) = max + log1p(exp(-|a - b|)), stable for any gap.
    const logM = tf.sub(
      tf.add(tf.maximum(logP, logQ), tf.log1p(tf.exp(tf.neg(tf.abs(tf.sub(logP, logQ)))))),
      Math.LN2,
    );
    const terms = tf.add(
      tf.mul(tf.exp(logP), tf.sub(logP, logM)),
      tf.mul(tf.exp(logQ), tf.sub(logQ, logM)),
    );
    return tf.relu(tf.sum(terms, -1));
  });
}

/**
 * Goodfellow's/scipy's JSD = JS / 2 over the last axis (<= log 2), from logits.
 *
 * @param pLogits A float32 tensor `[..., n]`.
 * @param qLogits A float32 tensor of the same shape.
 * @returns A tensor `[...]` in [0, log 2], owned by the caller.
 * @throws {TypeError} If an argument is not a tensor.
 * @throws {RangeError} If shapes differ or the last axis is empty.
 */
export function jensenShannonDivergenceFromLogits(
  pLogits: Tensor,
  qLogits: Tensor,
): Tensor {
  return tf.tidy(() => tf.div(jensenShannonFromLogits(pLogits, qLogits), 2));
}

/**
 * log D = log sigmoid(l) = -softplus(-l), elementwise, stable for large |l|
 * (D = sigmoid(l) is the discriminator's probability of "real").
 *
 * @param logits Discriminator logits, any shape.
 * @returns A tensor of the same shape, <= 0, owned by the caller.
 * @throws {TypeError} If `logits` is not a tensor.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor } from "../tensor_types.ts";
 * import { logDFromLogits } from "./tensor.ts";
 * import assert from "node:assert";
 * const t = logDFromLogits(tf.tensor1d([-100, 0]));
 * const v = await t.data();
 * assert.ok(Math.abs(v[0] + 100) < 1e-4 && Math.abs(v[1] + Math.log(2)) < 1e-6);
 * t.dispose();
 * ```
 */
export function logDFromLogits(logits: Tensor): Tensor {
  if (!(logits instanceof tf.Tensor)) {
    throw new TypeError(
      `Cannot compute log D as logits must be a tf.Tensor: logits=${typeof logits}`,
    );
  }
  return tf.tidy(() => tf.neg(tf.softplus(tf.neg(logits))));
}

/**
 * log(1 - D) = log sigmoid(-l) = -softplus(l), elementwise, stable for large |l|.
 *
 * @param logits Discriminator logits, any shape.
 * @returns A tensor of the same shape, <= 0, owned by the caller.
 * @throws {TypeError} If `logits` is not a tensor.
 */
export function logOneMinusDFromLogits(logits: Tensor): Tensor {
  if (!(logits instanceof tf.Tensor)) {
    throw new TypeError(
      `Cannot compute log(1 - D) as logits must be a tf.Tensor: logits=${typeof logits}`,
    );
  }
  return tf.tidy(() => tf.neg(tf.softplus(logits)));
}

/**
 * Monte-Carlo GAN value (Goodfellow et al. 2014, eq. 1) from discriminator logits:
 * V = mean log D(x) + mean log(1 - D(G(z))), i.e. minus the discriminator's
 * cross-entropy loss summed over the two halves.
 *
 * @param realLogits D's logits on data samples, any shape.
 * @param fakeLogits D's logits on generated samples, any shape.
 * @returns A scalar tensor, <= 0, owned by the caller.
 * @throws {TypeError} If an argument is not a tensor.
 * @throws {RangeError} If an argument has no elements.
 */
export function ganValueFromLogits(realLogits: Tensor, fakeLogits: Tensor): Scalar {
  for (const [x, name] of [[realLogits, "realLogits"], [fakeLogits, "fakeLogits"]] as const) {
    if (!(x instanceof tf.Tensor)) {
      throw new TypeError(
        `Cannot compute the GAN value as ${name} must be a tf.Tensor: ${name}=${typeof x}`,
      );
    }
    if (x.size === 0) {
      throw new RangeError(
        `Cannot compute the GAN value as ${name} must not be empty: ${name}.size=0`,
      );
    }
  }
  return tf.tidy(() =>
    tf.add(tf.mean(logDFromLogits(realLogits)), tf.mean(logOneMinusDFromLogits(fakeLogits)))
  );
}
