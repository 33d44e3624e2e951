/**
 * The contract every {@linkcode GanLoss} from the registry must meet (the
 * TF-GAN pattern of one shared shape/reduction check): scalar float32
 * outputs, finite values, the same value for `[m, 1]` and `[m]` logits, and
 * no tensors left behind after repeated calls.
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import type { GanLoss } from "../../lib/losses/mod.ts";
import { assertClose } from "../_helpers.ts";

function read(t: tf.Tensor): number {
  assert.strictEqual(t.rank, 0, "a loss must be a scalar");
  assert.strictEqual(t.dtype, "float32");
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

/** Checks `loss` on the given logits (plain arrays of equal length m). */
export function assertGanLossContract(loss: GanLoss, real: number[], fake: number[]): void {
  const m = real.length;
  const values: number[][] = [];
  for (const shape of [[m, 1], [m]]) {
    const r = tf.tensor(real, shape);
    const f = tf.tensor(fake, shape);
    const d = read(loss.discriminator(r, f));
    const g = read(loss.generator(f));
    assert.ok(Number.isFinite(d) && Number.isFinite(g), `${loss.name}: d=${d}, g=${g}`);
    values.push([d, g]);
    tf.dispose([r, f]);
  }
  assertClose(values[1][0], values[0][0], { atol: 0, msg: `${loss.name} D [m] vs [m,1]` });
  assertClose(values[1][1], values[0][1], { atol: 0, msg: `${loss.name} G [m] vs [m,1]` });

  const r = tf.tensor2d(real, [m, 1]);
  const f = tf.tensor2d(fake, [m, 1]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 25; i++) {
    tf.dispose([loss.discriminator(r, f), loss.generator(f)]);
  }
  assert.strictEqual(tf.memory().numTensors, before, `${loss.name} leaks tensors`);
  tf.dispose([r, f]);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(loss)), loss.toJSON());
}
