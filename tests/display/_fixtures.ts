/** Seeded data shared by the plot and snapshot tests. */
import { Rng } from "../../lib/random.ts";
import type { StepRecord } from "../../lib/train/history.ts";

/** Figure 1 data: two Gaussians, D* between them, 9 arrows. */
export function figure1Data(): {
  x: number[];
  pData: number[];
  pG: number[];
  d: number[];
  z: number[];
  gz: number[];
} {
  const x = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
  const n = (m: number, s: number) =>
    x.map((v) => Math.exp(-((v - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI)));
  const pData = n(0.5, 0.4);
  const pG = n(-0.5, 0.6);
  const d = pData.map((p, i) => p / (p + pG[i]));
  const z = Array.from({ length: 9 }, (_, i) => i / 8);
  const gz = z.map((v) => -1.2 + 1.4 * v);
  return { x, pData, pG, d, z, gz };
}

/** A seeded history of `n` steps. */
export function seededHistory(n: number, seed = 3): StepRecord[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    dLoss: 1.38 - 0.004 * i + 0.02 * rng.normal(),
    gLoss: 0.7 + 0.003 * i + 0.02 * rng.normal(),
    dReal: 0.5 + 0.002 * i,
    dFake: 0.5 - 0.002 * i,
    dGradNorm: 1,
    gGradNorm: 1,
    lr: 0.1,
    ms: 10,
  }));
}
