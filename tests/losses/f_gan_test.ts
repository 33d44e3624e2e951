/**
 * f-GAN (Nowozin et al. 2016): at the optimal critic T* = f'(p/q) the D
 * objective E_P[T] - E_Q[f*(T)] equals D_f(P||Q) = sum q f(p/q), computed
 * here independently in float64; elsewhere it is a lower bound (Fenchel-Young).
 * P and Q have probabilities in eighths, so a batch of 8 samples (each point
 * repeated 8p or 8q times) makes the loss's means exact expectations.
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { F_GAN_DIVERGENCES, fGanLoss, minimaxLoss } from "../../lib/losses/mod.ts";
import type { FGanDivergence } from "../../lib/losses/mod.ts";
import { assertClose, useBackend } from "../_helpers.ts";
import { FAKE, REAL } from "./_reference.ts";

const P = [1 / 8, 3 / 8, 4 / 8];
const Q = [4 / 8, 2 / 8, 2 / 8];

/** Generators f (Nowozin et al. 2016, Table 1) and the raw critic value v* with g_f(v*) = f'(u). */
const DIVERGENCES: Record<
  FGanDivergence,
  { f: (u: number) => number; vStar: (u: number) => number }
> = {
  // f'(u) = 1 + log u; g = v.
  "kl": { f: (u) => u * Math.log(u), vStar: (u) => 1 + Math.log(u) },
  // f'(u) = -1/u; g = -exp(-v)  =>  v = log u.
  "reverse-kl": { f: (u) => -Math.log(u), vStar: (u) => Math.log(u) },
  // f'(u) = 2 (u - 1); g = v.
  "pearson": { f: (u) => (u - 1) ** 2, vStar: (u) => 2 * (u - 1) },
  // f'(u) = 1 - 1/u^2; g = 1 - exp(-v)  =>  v = 2 log u.
  "neyman": { f: (u) => (1 - u) ** 2 / u, vStar: (u) => 2 * Math.log(u) },
  // f'(u) = 1 - 1/sqrt(u); g = 1 - exp(-v)  =>  v = log(u)/2.
  "hellinger": { f: (u) => (Math.sqrt(u) - 1) ** 2, vStar: (u) => Math.log(u) / 2 },
  // f'(u) = log(2u/(u + 1)); g = log(2 sigmoid(v))  =>  v = log u.
  "js": {
    f: (u) => u * Math.log(u) - (u + 1) * Math.log((u + 1) / 2),
    vStar: (u) => Math.log(u),
  },
  // f'(u) = log(u/(u + 1)); g = log sigmoid(v)  =>  v = log u.
  "gan": { f: (u) => u * Math.log(u) - (u + 1) * Math.log(u + 1), vStar: (u) => Math.log(u) },
  // f'(u) = sign(u - 1)/2 (u != 1 at every point here); g = tanh(v)/2, tanh(+-20) = +-1 in float32.
  "tv": { f: (u) => Math.abs(u - 1) / 2, vStar: (u) => 20 * Math.sign(u - 1) },
};

/** Repeats value i of `perPoint` 8 p_i times: a batch whose mean is E_p. */
function batch(perPoint: number[], probs: number[]): tf.Tensor1D {
  return tf.tensor1d(perPoint.flatMap((v, i) => new Array(Math.round(8 * probs[i])).fill(v)));
}

/** The f-GAN critic objective -L_D = E_P[g_f(v)] - E_Q[f*(g_f(v))] for per-point critic values. */
function objective(divergence: FGanDivergence, v: number[]): number {
  const real = batch(v, P), fake = batch(v, Q);
  const d = fGanLoss({ divergence }).discriminator(real, fake);
  const value = -d.dataSync()[0];
  tf.dispose([real, fake, d]);
  return value;
}

const dF = (f: (u: number) => number) => P.reduce((s, p, i) => s + Q[i] * f(p / Q[i]), 0);

Deno.test("f-GAN D objective at the optimal critic T* = f'(p/q) equals D_f(P||Q) for every divergence", async () => {
  await useBackend("cpu");
  assert.deepStrictEqual(Object.keys(DIVERGENCES), [...F_GAN_DIVERGENCES]);
  const seen: Record<string, number> = {};
  for (const divergence of F_GAN_DIVERGENCES) {
    const { f, vStar } = DIVERGENCES[divergence];
    const expected = dF(f);
    const got = objective(divergence, P.map((p, i) => vStar(p / Q[i])));
    // Values are O(1); float32 rounding of v*, exp/log and an 8-term mean: 2e-6 relative.
    assertClose(got, expected, { atol: 2e-6, rtol: 2e-6, msg: divergence });
    seen[divergence] = expected;
  }
  // Sanity of the independent references: TV = (1/2) sum |p - q| = 3/8 here, and
  // "gan" = "js" - log 4 (f-GAN's JS is 2 JSD).
  assertClose(seen.tv, 0.375, { atol: 1e-15 });
  assertClose(seen.gan, seen.js - Math.log(4), { atol: 1e-12 });
});

Deno.test("f-GAN D objective never exceeds D_f(P||Q) for any critic values (variational lower bound)", async () => {
  await useBackend("cpu");
  for (const divergence of F_GAN_DIVERGENCES) {
    const bound = dF(DIVERGENCES[divergence].f);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (v) => objective(divergence, v) <= bound + 1e-5 * Math.max(1, Math.abs(bound)),
      ),
      { seed: 4, numRuns: 40 },
    );
  }
});

Deno.test("f-GAN with the GAN divergence has the minimax D loss, and the minimax / non-saturating G losses", async () => {
  await useBackend("cpu");
  const real = tf.tensor1d(REAL), fake = tf.tensor1d(FAKE);
  const pairs: Array<[tf.Scalar, tf.Scalar]> = [
    [
      fGanLoss({ divergence: "gan" }).discriminator(real, fake),
      minimaxLoss().discriminator(real, fake),
    ],
    [fGanLoss({ divergence: "gan" }).generator(fake), minimaxLoss().generator(fake)],
    [
      fGanLoss({ divergence: "gan", generatorForm: "non-saturating" }).generator(fake),
      tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar,
    ],
  ];
  for (const [a, b] of pairs) assertClose(a.dataSync()[0], b.dataSync()[0], { rtol: 1e-6 });
  tf.dispose([real, fake, ...pairs.flat()]);
});

Deno.test("exp-type f-GAN losses overflow to Infinity past |v| ~ 88, as their true values exceed float32", async () => {
  await useBackend("cpu");
  // Documented limitation: KL's E_Q[exp(v - 1)] at v = 100 is 9.9e42 > 3.4e38.
  const real = tf.tensor1d([0]), fake = tf.tensor1d([100]);
  const d = fGanLoss({ divergence: "kl" }).discriminator(real, fake);
  assert.strictEqual(d.dataSync()[0], Infinity);
  tf.dispose([real, fake, d]);
});
