/**
 * Each loss on TF-GAN's fixed logits, real [-5, 1.4, 12.5, 2.7] and generated
 * [10, 4.4, -5.5, 3.6], against float64 values computed here from the papers'
 * formulas (log of a sigmoid taken literally, not through softplus).
 */
import * as tf from "@tensorflow/tfjs";
import {
  ganLoss,
  hingeLoss,
  leastSquaresLoss,
  minimaxLoss,
  nonSaturatingLoss,
  wassersteinLoss,
  wganGpLoss,
} from "../../lib/losses/mod.ts";
import type { GanLoss } from "../../lib/losses/mod.ts";
import { assertClose, useBackend } from "../_helpers.ts";
import { f32Tol, FAKE, mean, REAL, sigmoid } from "./_reference.ts";

function evaluate(loss: GanLoss): { d: number; g: number } {
  const real = tf.tensor2d(REAL, [4, 1]);
  const fake = tf.tensor2d(FAKE, [4, 1]);
  const d = loss.discriminator(real, fake);
  const g = loss.generator(fake);
  const out = { d: d.dataSync()[0], g: g.dataSync()[0] };
  tf.dispose([real, fake, d, g]);
  return out;
}

function check(loss: GanLoss, expected: { d: number; g: number }): void {
  const got = evaluate(loss);
  assertClose(got.d, expected.d, { ...f32Tol(expected.d), msg: `${loss.name} D` });
  assertClose(got.g, expected.g, { ...f32Tol(expected.g), msg: `${loss.name} G` });
}

const logD = (l: number) => Math.log(sigmoid(l));
const log1mD = (l: number) => Math.log(1 - sigmoid(l));

Deno.test("minimaxLoss() equals -[mean log D(x) + mean log(1 - D(G(z)))] and mean log(1 - D(G(z)))", async () => {
  await useBackend("cpu");
  const d = -(mean(REAL.map(logD)) + mean(FAKE.map(log1mD)));
  check(minimaxLoss(), { d, g: mean(FAKE.map(log1mD)) });
  check(minimaxLoss({ discriminatorScale: 0.5 }), { d: d / 2, g: mean(FAKE.map(log1mD)) });
});

Deno.test("nonSaturatingLoss() equals TF-GAN's published modified generator loss 1.38582", async () => {
  await useBackend("cpu");
  const d = -(mean(REAL.map(logD)) + mean(FAKE.map(log1mD)));
  const g = -mean(FAKE.map(logD));
  assertClose(g, 1.38582, { atol: 5e-6, msg: "float64 reference vs TF-GAN's fixture" });
  check(nonSaturatingLoss(), { d, g });
});

Deno.test("wassersteinLoss() and wganGpLoss() give mean D(G(z)) - mean D(x) = 0.225 and -mean D(G(z)) = -3.125", async () => {
  await useBackend("cpu");
  // mean FAKE = (10 + 4.4 - 5.5 + 3.6)/4 = 3.125; mean REAL = (-5 + 1.4 + 12.5 + 2.7)/4 = 2.9.
  check(wassersteinLoss(), { d: 0.225, g: -3.125 });
  check(wganGpLoss(), { d: 0.225, g: -3.125 });
});

Deno.test("leastSquaresLoss() matches hand arithmetic for a=-1,b=1,c=0 and TF-GAN's 41.73375/17.69625 for a=0,b=c=1", async () => {
  await useBackend("cpu");
  // a=-1, b=1, c=0:
  // (r-1)^2 = [36, 0.16, 132.25, 2.89] (sum 171.3); (f+1)^2 = [121, 29.16, 20.25, 21.16] (191.57)
  // D = 1/2 mean (r-1)^2 + 1/2 mean (f+1)^2 = 1/2 (171.3/4) + 1/2 (191.57/4) = 21.4125 + 23.94625
  // G = 1/2 mean f^2 = 1/2 ([100, 19.36, 30.25, 12.96] -> 162.57/4) = 20.32125
  check(leastSquaresLoss(), { d: 45.35875, g: 20.32125 });
  // a=0, b=c=1 (TF-GAN's default labels; its test fixture values):
  // D = 21.4125 + 1/2 mean f^2 = 21.4125 + 20.32125; G = 1/2 mean (f-1)^2 = 1/2 (141.57/4).
  check(leastSquaresLoss({ a: 0, b: 1, c: 1 }), { d: 41.73375, g: 17.69625 });
});

Deno.test("hingeLoss() equals mean relu(1 - D(x)) + mean relu(1 + D(G(z))) = 6.75 and -mean D(G(z))", async () => {
  await useBackend("cpu");
  // relu(1 - r) = [6, 0, 0, 0] -> 1.5; relu(1 + f) = [11, 5.4, 0, 4.6] -> 5.25.
  check(hingeLoss(), { d: 6.75, g: -3.125 });
});

Deno.test("f-GAN losses equal E_Q[f*(g_f(V))] - E_P[g_f(V)] from Nowozin et al.'s Table 2, literally in float64", async () => {
  await useBackend("cpu");
  // [g_f(v), f*(t)] exactly as in the paper's Table 2 (activation increasing in v).
  const table: Record<string, [(v: number) => number, (t: number) => number]> = {
    "kl": [(v) => v, (t) => Math.exp(t - 1)],
    "reverse-kl": [(v) => -Math.exp(-v), (t) => -1 - Math.log(-t)],
    "pearson": [(v) => v, (t) => t * t / 4 + t],
    "neyman": [(v) => 1 - Math.exp(-v), (t) => 2 - 2 * Math.sqrt(1 - t)],
    "hellinger": [(v) => 1 - Math.exp(-v), (t) => t / (1 - t)],
    "js": [(v) => Math.log(2) - Math.log(1 + Math.exp(-v)), (t) => -Math.log(2 - Math.exp(t))],
    "gan": [(v) => -Math.log(1 + Math.exp(-v)), (t) => -Math.log(1 - Math.exp(t))],
    "tv": [(v) => 0.5 * Math.tanh(v), (t) => t],
  };
  for (const [divergence, [g, fStar]] of Object.entries(table)) {
    const ePT = mean(REAL.map(g));
    const eQfStar = mean(FAKE.map((v) => fStar(g(v))));
    const d = eQfStar - ePT;
    check(ganLoss("f-gan", { divergence }), { d, g: -eQfStar });
    check(ganLoss(`f-gan:${divergence}`, { generatorForm: "non-saturating" }), {
      d,
      g: -mean(FAKE.map(g)),
    });
  }
});
