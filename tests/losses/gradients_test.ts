import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  F_GAN_DIVERGENCES,
  GAN_LOSS_NAMES,
  ganLoss,
  minimaxLoss,
  nonSaturatingLoss,
} from "../../lib/losses/mod.ts";
import type { GanLoss } from "../../lib/losses/mod.ts";
import { assertClose, useBackend } from "../_helpers.ts";
import { sigmoid } from "./_reference.ts";

/** d loss.generator / d logit for one generated sample at logit `l` (m = 1). */
function generatorSlope(loss: GanLoss, l: number): number {
  return tf.tidy(() => {
    const dl = tf.grad((x: tf.Tensor) => loss.generator(x))(tf.tensor1d([l]));
    return dl.dataSync()[0];
  });
}

Deno.test("minimax generator gradient vanishes as D(G(z)) -> 0; the non-saturating one stays ~ -1", async () => {
  await useBackend("cpu");
  // Goodfellow et al. 2014, section 3: log(1 - D(G(z))) saturates early in training.
  // d/dl log(1 - sigmoid(l)) = -sigmoid(l); d/dl -log sigmoid(l) = -sigmoid(-l) = -(1 - sigmoid(l)).
  for (const l of [-10, -20]) {
    const saturating = generatorSlope(minimaxLoss(), l);
    const nonSaturating = generatorSlope(nonSaturatingLoss(), l);
    // |slope| = sigmoid(l): 4.54e-5 at -10 and 2.06e-9 at -20 (relative float32 precision).
    assertClose(saturating, -sigmoid(l), { rtol: 1e-5, msg: `minimax at ${l}` });
    assert.ok(Math.abs(saturating) < 5e-5, `minimax slope ${saturating} at ${l}`);
    // within sigmoid(l) <= 4.6e-5 of -1.
    assertClose(nonSaturating, -1, { atol: 5e-5, msg: `non-saturating at ${l}` });
    assert.ok(Math.abs(nonSaturating / saturating) > 2e4, "ratio of slopes");
  }
  // At D(G(z)) = 1/2 both slopes are -1/2: the two games agree there.
  assertClose(generatorSlope(minimaxLoss(), 0), -0.5, { atol: 1e-7 });
  assertClose(generatorSlope(nonSaturatingLoss(), 0), -0.5, { atol: 1e-7 });
});

// kl, reverse-kl, neyman and hellinger contain exp(+-v): their true values pass float32's
// max (3.4e38) once |v| > ~88 (e.g. KL: exp(100 - 1) = 9.9e42), so they are checked at +-80.
const EXPONENTIAL = new Set(["f-gan:kl", "f-gan:reverse-kl", "f-gan:neyman", "f-gan:hellinger"]);

Deno.test("every loss and its gradients stay finite for logits +-100 (+-80 for exp-type f-GANs)", async () => {
  await useBackend("cpu");
  const losses = GAN_LOSS_NAMES.filter((n) => n !== "f-gan").map((n) => ganLoss(n));
  for (const divergence of F_GAN_DIVERGENCES) {
    for (const generatorForm of ["saturating", "non-saturating"]) {
      losses.push(ganLoss("f-gan", { divergence, generatorForm }));
    }
  }
  for (const loss of losses) {
    const big = EXPONENTIAL.has(loss.name) ? 80 : 100;
    const real = tf.tensor2d([big, -big, 0, big, -big], [5, 1]);
    const fake = tf.tensor2d([-big, big, 0, big, -big], [5, 1]);
    const [dReal, dFake] = tf.grads((r: tf.Tensor, f: tf.Tensor) => loss.discriminator(r, f))([
      real,
      fake,
    ]);
    const gFake = tf.grad((f: tf.Tensor) => loss.generator(f))(fake);
    const d = loss.discriminator(real, fake);
    const g = loss.generator(fake);
    for (const [what, t] of Object.entries({ d, g, dReal, dFake, gFake })) {
      const values = Array.from(t.dataSync());
      assert.ok(values.every(Number.isFinite), `${loss.name} ${what} at +-${big}: ${values}`);
    }
    tf.dispose([real, fake, dReal, dFake, gFake, d, g]);
  }
});

Deno.test("minimax and non-saturating losses at logits +-100 equal their asymptotes exactly", async () => {
  await useBackend("cpu");
  // softplus(100) = 100, softplus(-100) = e^-100 ~ 0: a log(sigmoid(x)) form would give -Infinity.
  const real = tf.tensor1d([-100, 100]);
  const fake = tf.tensor1d([100, -100]);
  const d = minimaxLoss().discriminator(real, fake); // mean [100, 0] + mean [100, 0]
  const gMinimax = minimaxLoss().generator(fake); // -mean [100, 0]
  const gNs = nonSaturatingLoss().generator(fake); // mean [0, 100]
  assertClose(d.dataSync()[0], 100, { rtol: 1e-7 });
  assertClose(gMinimax.dataSync()[0], -50, { rtol: 1e-7 });
  assertClose(gNs.dataSync()[0], 50, { rtol: 1e-7 });
  tf.dispose([real, fake, d, gMinimax, gNs]);
});
