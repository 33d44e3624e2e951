/**
 * The op-chain step's optimiser update (lib/train/apply_gradients.ts): tfjs's Adam and RMSProp
 * updated in place on the native backend equal their own `applyGradients` op chain bit for
 * bit (weights, slots, iterations), values read out stay as read, and the other cases run
 * `applyGradients` itself.
 */
import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { applyGradients } from "../../lib/train/apply_gradients.ts";
import {
  adam,
  createOptimizer,
  type OptimizerSpec,
  rmsprop,
  sgdMomentum,
} from "../../lib/train/mod.ts";
import { Rng } from "../../lib/random.ts";

registerNativeBackend();

const SHAPES = [[7, 5], [5], [3, 3, 2, 4], [1]];

function normal(rng: Rng, n: number, std: number): Float32Array {
  const values = new Float32Array(n);
  rng.fillNormal(values);
  for (let i = 0; i < n; i++) values[i] *= std;
  return values;
}

/** Seeded gradients, with exact zeros among them (sqrt(0), 0 / 0 in RMSProp's centred form). */
function gradients(rng: Rng): Float32Array[] {
  return SHAPES.map((s) => {
    const g = normal(rng, tf.util.sizeFromShape(s), 1);
    for (let i = 0; i < g.length; i += 4) g[i] = 0;
    return g;
  });
}

/**
 * Three updates of fresh variables by `spec`'s optimiser, through `update`; returns the bits
 * of the weights and of the optimiser's slots, and its iteration count.
 */
async function threeUpdates(
  spec: OptimizerSpec,
  update: (o: tf.Optimizer, named: { name: string; tensor: tf.Tensor }[]) => void,
  tag: string,
) {
  const rng = new Rng(7);
  const vars = SHAPES.map((s, i) =>
    tf.variable(tf.tensor(normal(rng, tf.util.sizeFromShape(s), 0.3), s), true, `${tag}/w${i}`)
  );
  const optimizer = createOptimizer(spec);
  for (let step = 0; step < 3; step++) {
    const grads = gradients(rng).map((g, i) => tf.tensor(g, SHAPES[i]));
    update(optimizer, vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    tf.dispose(grads);
  }
  const slots = (await optimizer.getWeights()).map((w) => w.tensor);
  const bits = [...vars, ...slots].map((t) =>
    Array.from(new Uint32Array(t.dataSync().slice().buffer))
  );
  const iterations = optimizer.iterations;
  optimizer.dispose();
  tf.dispose(vars);
  return { bits, iterations };
}

const ADAPTIVE: [string, OptimizerSpec][] = [
  ["Adam, DCGAN's settings", adam()],
  ["Adam", adam({ lr: 0.05, beta1: 0.9, beta2: 0.99, epsilon: 1e-3 })],
  ["RMSProp", rmsprop({ lr: 0.01 })],
  ["RMSProp with momentum", rmsprop({ lr: 0.01, momentum: 0.5 })],
  ["RMSProp centred", rmsprop({ lr: 0.01, centered: true })],
];

Deno.test("Adam and RMSProp in place equal their op chains bit for bit (weights, slots)", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  for (const [what, spec] of ADAPTIVE) {
    const inPlace = await threeUpdates(spec, (o, named) => {
      assert.strictEqual(applyGradients(o, named), true, `${what} ran in place`);
    }, "a");
    const chain = await threeUpdates(spec, (o, named) => o.applyGradients(named), "b");
    assert.strictEqual(inPlace.iterations, 3);
    assert.deepStrictEqual(inPlace, chain, what);
  }
});

Deno.test("values read from a variable stay as read under later in-place updates", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const w = tf.variable(tf.tensor([1, 2, 3]), true, "read/w");
  const optimizer = createOptimizer(adam({ lr: 0.1 }));
  const step = () => {
    const g = tf.tensor([1, -1, 0.5]);
    applyGradients(optimizer, [{ name: w.name, tensor: g }]);
    g.dispose();
  };
  step();
  const read = w.dataSync();
  const copy = Array.from(read);
  step();
  assert.deepStrictEqual(Array.from(read), copy);
  assert.notDeepStrictEqual(Array.from(w.dataSync()), copy);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) step();
  assert.strictEqual(tf.memory().numTensors, before);
  optimizer.dispose();
  w.dispose();
});

Deno.test("momentum SGD and other backends run applyGradients itself", async () => {
  for (
    const [backend, spec, inPlace] of [
      [NATIVE_BACKEND, sgdMomentum({ lr: 0.1 }), false],
      ["cpu", adam(), false],
      [NATIVE_BACKEND, adam(), true],
    ] as const
  ) {
    assert.ok(await tf.setBackend(backend));
    const w = tf.variable(tf.tensor([1, 2]), true, `other/${backend}/${spec.kind}`);
    const optimizer = createOptimizer(spec);
    const g = tf.tensor([0.5, -0.5]);
    assert.strictEqual(applyGradients(optimizer, [{ name: w.name, tensor: g }]), inPlace);
    assert.strictEqual(optimizer.iterations, 1);
    assert.notDeepStrictEqual(Array.from(w.dataSync()), [1, 2]);
    tf.dispose([g, w]);
    optimizer.dispose();
  }
});
