import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import fc from "fast-check";
import { NATIVE_BACKEND, registerNativeBackend } from "../../lib/backend/mod.ts";
import { MAX_LAST_AXIS_GRAD, SGD_MOMENTUM, SUM_OF_SQUARES } from "../../lib/ops/kernels.ts";
import { pendingProductCount } from "../../lib/backend/native_matmul.ts";
import { fusedMomentumStep } from "./_momentum.ts";
import { Rng } from "../../lib/random.ts";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
registerNativeBackend();

/** Float32 values with the awkward ones: NaN of both signs, infinities, zeros, subnormals, ties. */
function awkwardValues(rng: Rng, size: number): Float32Array {
  const values = new Float32Array(size);
  rng.fillNormal(values);
  const bits = new Int32Array(values.buffer);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1];
  for (let i = 0; i < size; i++) {
    const u = rng.next();
    if (u < 0.03) bits[i] = 0xffc00000 | 0; // a negative NaN, as x86 arithmetic makes them
    else if (u < 0.15) values[i] = specials[rng.int(specials.length)];
    else if (u < 0.3 && i > 0) values[i] = values[i - 1]; // ties
  }
  return values;
}

/** `f` on `backend` from the same values; returns each output's shape and values. */
async function on(
  backend: string,
  inputs: { values: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; data: number[] }[]> {
  assert.ok(await tf.setBackend(backend));
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const out = tf.tidy(() => f(...xs));
  const list = Array.isArray(out) ? out : [out];
  const result = await Promise.all(
    list.map(async (t) => ({ shape: t.shape, data: Array.from(await t.data()) })),
  );
  tf.dispose([...xs, ...list]);
  return result;
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 });
const size = (s: number[]) => s.reduce((p, q) => p * q, 1);

Deno.test("native max over innermost axes equals cpu's exactly, NaN, -0 and ties included", async () => {
  const rng = new Rng(51);
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.boolean(), async (shape, keepDims) => {
      const values = awkwardValues(rng, size(shape));
      for (const axis of [-1, shape.length > 1 ? [shape.length - 2, shape.length - 1] : 0]) {
        const f = (x: tf.Tensor) => tf.max(x, axis, keepDims);
        const expected = await on("cpu", [{ values, shape }], f);
        const actual = await on(NATIVE_BACKEND, [{ values, shape }], f);
        assert.deepStrictEqual(actual, expected, `${shape} axis=${axis}`);
      }
    }),
    { seed: 52, numRuns: 80 },
  );
});

Deno.test("native relu, step and maximum equal cpu's exactly on awkward values", async () => {
  const rng = new Rng(53);
  const values = awkwardValues(rng, 600);
  const others = awkwardValues(rng, 600);
  const ops: [string, (...x: tf.Tensor[]) => tf.Tensor][] = [
    ["relu", (x) => tf.relu(x)],
    ["step", (x) => tf.step(x)],
    ["step 0.3", (x) => tf.step(x, 0.3)],
    ["maximum", (x, y) => tf.maximum(x, y)],
    ["maximum broadcast", (x, y) => tf.maximum(x, tf.slice(y, [0, 0], [1, 20]))],
    ["equal", (x, y) => tf.equal(x, y)],
  ];
  const inputs = [{ values, shape: [30, 20] }, { values: others, shape: [30, 20] }];
  for (const [name, op] of ops) {
    assert.deepStrictEqual(await on(NATIVE_BACKEND, inputs, op), await on("cpu", inputs, op), name);
  }
});

Deno.test("fused sum of squares equals cpu's sum(square(x)) exactly", async () => {
  const rng = new Rng(54);
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.boolean(), async (shape, awkward) => {
      const values = awkward ? awkwardValues(rng, size(shape)) : new Float32Array(size(shape));
      if (!awkward) rng.fillNormal(values);
      const inputs = [{ values, shape }];
      const expected = await on("cpu", inputs, (x) => tf.sum(tf.square(x)));
      const actual = await on(
        NATIVE_BACKEND,
        inputs,
        (x) => tf.engine().runKernel(SUM_OF_SQUARES, { x }) as tf.Tensor,
      );
      assert.deepStrictEqual(actual, expected);
    }),
    { seed: 55, numRuns: 60 },
  );
});

Deno.test("fused max gradient equals tfjs's Max gradient on cpu exactly", async () => {
  const rng = new Rng(56);
  await fc.assert(
    fc.asyncProperty(shapeArb, fc.integer({ min: 1, max: 5 }), async (outer, k) => {
      const shape = [...outer, k];
      const values = awkwardValues(rng, size(shape));
      const dyValues = awkwardValues(rng, size(outer));
      const inputs = [{ values, shape }, { values: dyValues, shape: outer }];
      const expected = await on("cpu", inputs, (x, dy) => {
        const [g] = tf.grads((t: tf.Tensor) => tf.max(t, -1))([x], dy);
        return g;
      });
      const actual = await on(
        NATIVE_BACKEND,
        inputs,
        (x, dy) =>
          tf.engine().runKernel(MAX_LAST_AXIS_GRAD, { dy, x, y: tf.max(x, -1) }) as tf.Tensor,
      );
      assert.deepStrictEqual(actual, expected, `${shape}`);
    }),
    { seed: 57, numRuns: 60 },
  );
});

/** Momentum updates of one variable; returns [value, velocity] after the last. */
async function momentumRun(
  backend: string,
  x0: Float32Array,
  grads: Float32Array[],
  fused: boolean,
): Promise<{ values: number[][]; sameStorage: boolean }> {
  assert.ok(await tf.setBackend(backend));
  const x = tf.variable(tf.tensor(x0.slice(), [x0.length]));
  const v = tf.variable(tf.zeros([x0.length]));
  let firstId: object | null = null;
  for (const [i, gValues] of grads.entries()) {
    const lr = 0.1 / 1.000004 ** i, mu = 0.5 + 0.01 * i;
    tf.tidy(() => {
      const g = tf.tensor(gValues);
      if (fused) {
        const [nx, nv] = tf.engine().runKernel(SGD_MOMENTUM, { x, v, g }, {
          lr,
          mu,
        }) as tf.Tensor[];
        v.assign(nv);
        x.assign(nx);
      } else {
        const newV = tf.sub(tf.mul(tf.scalar(mu), v), tf.mul(tf.scalar(lr), g));
        v.assign(newV);
        x.assign(tf.add(x, newV));
      }
    });
    if (i === 0) firstId = x.dataId; // no reads in between: later updates may run in place
  }
  const sameStorage = x.dataId === firstId;
  const values = [Array.from(await x.data()), Array.from(await v.data())];
  tf.dispose([x, v]);
  return { values, sameStorage };
}

/**
 * Float32 values equal up to a few roundings of the terms that made them: |a - e| <= 2^-20
 * (16 float32 ulps) times `scale[i]`, the sum of those terms' magnitudes (a rounding error of
 * one term survives cancellation between the others). Non-finite values must match exactly.
 */
function assertCloseToScale(actual: number[], expected: number[], scale: number[], msg: string) {
  assert.strictEqual(actual.length, expected.length, msg);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    if (!Number.isFinite(e) || !Number.isFinite(scale[i])) {
      if (Number.isFinite(e)) continue; // an infinite term's rounding is not bounded: skip
      assert.ok(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${msg} [${i}]`);
    } else {
      const tol = 2 ** -20 * scale[i];
      assert.ok(Math.abs(a - e) <= tol, `${msg} [${i}]: ${a} vs ${e} (tolerance ${tol})`);
    }
  }
}

Deno.test("fused momentum update equals the cpu op chain, allocating and in place (BLAS)", async () => {
  const rng = new Rng(58);
  const n = 300;
  const x0 = awkwardValues(rng, n);
  const grads = [0, 1, 2, 3].map(() => awkwardValues(rng, n));
  const expected = await momentumRun("cpu", x0, grads, false);
  const fused = await momentumRun(NATIVE_BACKEND, x0, grads, true);
  // In place the update is BLAS sscal + saxpy, whose saxpy may fuse v + (-lr g) into one
  // rounding where the op chain rounds twice; values agree to a few roundings of the terms.
  const gSum = Array.from({ length: n }, (_, i) => grads.reduce((s, g) => s + Math.abs(g[i]), 0));
  const xScale = gSum.map((s, i) => s + Math.abs(x0[i]) + Math.abs(expected.values[0][i]));
  assertCloseToScale(fused.values[0], expected.values[0], xScale, "value");
  assertCloseToScale(fused.values[1], expected.values[1], gSum, "velocity");
  assert.ok(fused.sameStorage, "updates after the first ran in place");
  assert.ok(!expected.sameStorage);
  const unfused = await momentumRun(NATIVE_BACKEND, x0, grads, false);
  assert.deepStrictEqual(unfused.values, expected.values);
});

/** One fused momentum update of `x` and `v` in their variables, with g = 1, lr = 1, mu = 0.5. */
function unitMomentumUpdate(x: tf.Variable, v: tf.Variable): void {
  tf.tidy(() => fusedMomentumStep(x, v, tf.onesLike(x), 1, 0.5));
}

Deno.test("in-place momentum updates never change values already read, sliced or cloned", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.variable(tf.ones([4, 3]));
  const v = tf.variable(tf.zeros([4, 3]));
  const update = () => unitMomentumUpdate(x, v);
  update(); // allocates: x = 0, v = -1
  update(); // in place: v = -1.5, x = -1.5
  const read = x.dataSync(); // the storage itself on cpu-like backends
  const slice = tf.slice(x, [0, 0], [1, 3]); // a view on cpu-like backends
  const clone = tf.clone(v);
  const readAgain = await x.data();
  update(); // must not write into what was handed out
  update();
  assert.deepStrictEqual(Array.from(read), new Array(12).fill(-1.5));
  assert.deepStrictEqual(Array.from(readAgain), new Array(12).fill(-1.5));
  assert.deepStrictEqual(Array.from(await slice.data()), [-1.5, -1.5, -1.5]);
  assert.deepStrictEqual(Array.from(await clone.data()), new Array(12).fill(-1.5));
  // v: -1.5 -> -1.75 -> -1.875; x: -1.5 -> -3.25 -> -5.125.
  assert.deepStrictEqual(Array.from(await x.data()), new Array(12).fill(-5.125));
  tf.dispose([x, v, slice, clone]);
});

Deno.test("a deferred matMul product reads its inputs as they were, even after an in-place update", async () => {
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.variable(tf.ones([2, 3]));
  const v = tf.variable(tf.zeros([2, 3]));
  const update = () => unitMomentumUpdate(x, v);
  update(); // allocates: x = 0, v = -1; the next update runs in place
  const ones = tf.ones([3, 1]);
  const product = tf.matMul(x, ones); // deferred: x's storage is an input
  assert.ok(pendingProductCount() > 0);
  update(); // in place: x = -1.5; the product must be computed before
  assert.strictEqual(pendingProductCount(), 0);
  assert.deepStrictEqual(Array.from(await product.data()), [0, 0]);
  assert.deepStrictEqual(Array.from(await x.data()), new Array(6).fill(-1.5));
  tf.dispose([x, v, ones, product]);
});

Deno.test("a BLAS in-place momentum update keeps the gradient's sum of squares (float64 dot)", async () => {
  const rng = new Rng(60);
  const n = 5000;
  const g = new Float32Array(n);
  rng.fillNormal(g);
  assert.ok(await tf.setBackend("cpu"));
  const expected = tf.tidy(() => tf.sum(tf.square(tf.tensor(g))).dataSync()[0]);
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.variable(tf.ones([n])), v = tf.variable(tf.zeros([n]));
  unitMomentumUpdate(x, v); // allocates; the next update is in place
  const grad = tf.tensor(g);
  const kept = tf.tidy(() => {
    const outs = tf.engine().runKernel(SGD_MOMENTUM, { x, v, g: grad }, { lr: 0.1, mu: 0.5 });
    tf.dispose(outs as tf.Tensor[]);
    return tf.engine().runKernel(SUM_OF_SQUARES, { x: grad }) as tf.Tensor;
  });
  // cpu rounds each square to float32 before its float64 sum; dsdot does not: float32 rounding.
  const actual = (await kept.data())[0];
  assert.ok(Math.abs(actual - expected) <= 2 ** -22 * expected, `${actual} vs ${expected}`);
  tf.dispose([x, v, grad, kept]);
});

Deno.test("the sum of squares the momentum update keeps equals cpu's sum(square(g)) exactly", async () => {
  const rng = new Rng(59);
  const n = 500;
  const g = awkwardValues(rng, n).map((value) => (Number.isFinite(value) ? value : 0.5));
  assert.ok(await tf.setBackend("cpu"));
  const expected = tf.tidy(() => tf.sum(tf.square(tf.tensor(g))).dataSync()[0]);
  assert.ok(await tf.setBackend(NATIVE_BACKEND));
  const x = tf.variable(tf.ones([n])), v = tf.variable(tf.zeros([n]));
  const grad = tf.tensor(g);
  const fromUpdate = tf.tidy(() => {
    const outs = tf.engine().runKernel(SGD_MOMENTUM, { x, v, g: grad }, { lr: 0.1, mu: 0.5 });
    tf.dispose(outs as tf.Tensor[]);
    return tf.engine().runKernel(SUM_OF_SQUARES, { x: grad }) as tf.Tensor;
  });
  const fresh = tf.tidy(() =>
    tf.engine().runKernel(SUM_OF_SQUARES, { x: tf.tensor(g) }) as tf.Tensor
  );
  assert.strictEqual((await fromUpdate.data())[0], expected);
  assert.strictEqual((await fresh.data())[0], expected);
  tf.dispose([x, v, grad, fromUpdate, fresh]);
});
