/**
 * Child process of wasm_threads_test.ts: starts wasm with the thread count in argv[0] (the
 * wasm module starts once per process), runs a small training-like computation and prints
 * `{ threads, values }` as JSON.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend/mod.ts";
import { Rng } from "../../lib/random.ts";

const info = await initBackend({ backend: "wasm", threads: Number(Deno.args[0]) });
const rng = new Rng(31);
const tensor = (shape: number[]) => {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillNormal(values);
  return tf.tensor(values, shape);
};
// Big enough that XNNPACK splits the work across threads.
const x = tensor([64, 300]);
const w1 = tensor([300, 256]);
const b1 = tensor([256]);
const w2 = tensor([256, 10]);
const loss = (a: tf.Tensor, v1: tf.Tensor, c1: tf.Tensor, v2: tf.Tensor) => {
  const h = tf.fused.matMul({
    a: a as tf.Tensor2D,
    b: v1 as tf.Tensor2D,
    bias: c1,
    activation: "relu",
  });
  return tf.mean(tf.sigmoid(tf.matMul(h, v2)));
};
const outputs = [loss(x, w1, b1, w2), ...tf.grads(loss)([x, w1, b1, w2])];
const values = await Promise.all(outputs.map(async (t) => Array.from(await t.data())));
console.log(JSON.stringify({ threads: info.threads, values }));
