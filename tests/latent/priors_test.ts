import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { gaussianPrior, spherePrior, uniformPrior } from "../../lib/latent/mod.ts";
import { Rng } from "../../lib/random.ts";
import { availableBackends, useBackend } from "../_helpers.ts";

function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  for (let i = 0; i < x.length; i++) s2 += (x[i] - mean) ** 2;
  return { mean, variance: s2 / x.length };
}

Deno.test("priors give bit-identical draws for the same seed on cpu, wasm and webgpu", async () => {
  const backends = await availableBackends();
  assert.ok(backends.includes("cpu") && backends.includes("wasm"), `backends: ${backends}`);
  for (const prior of [uniformPrior(7), gaussianPrior(7), spherePrior(7)]) {
    let reference: Float32Array | undefined;
    for (const backend of backends) {
      await useBackend(backend);
      const z = prior.sample(300, new Rng(31));
      assert.deepStrictEqual(z.shape, [300, 7]);
      assert.strictEqual(z.dtype, "float32");
      const values = await z.data() as Float32Array;
      z.dispose();
      if (!reference) reference = values;
      else {assert.deepStrictEqual(
          values,
          reference,
          `${prior.kind} on ${backend} differs from cpu`,
        );}
    }
  }
  await useBackend("cpu");
});

Deno.test("uniformPrior() defaults to U(-sqrt 3, sqrt 3): mean 0, variance 1 within 5 s.e.", async () => {
  await useBackend("cpu");
  const n = 20_000, dim = 10, N = n * dim;
  const z = uniformPrior(dim).sample(n, new Rng(1));
  const x = z.dataSync();
  z.dispose();
  const { mean, variance } = moments(x);
  // U(a,b) with variance 1: Var(x^2) = E x^4 - 1 = 9/5 - 1 = 0.8.
  assert.ok(Math.abs(mean) < 5 * Math.sqrt(1 / N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(0.8 / N), `variance ${variance}`);
  const bound = Math.sqrt(3);
  assert.ok(x.every((v) => v >= -bound && v <= bound));
});

Deno.test("uniformPrior() honours [low, high]", async () => {
  await useBackend("cpu");
  const z = uniformPrior(3, { low: 2, high: 5 }).sample(5000, new Rng(2));
  const x = z.dataSync();
  z.dispose();
  assert.ok(x.every((v) => v >= 2 && v <= 5));
  const { mean, variance } = moments(x);
  assert.ok(Math.abs(mean - 3.5) < 5 * Math.sqrt(0.75 / x.length), `mean ${mean}`);
  assert.ok(Math.abs(variance - 0.75) < 0.05, `variance ${variance}`);
});

Deno.test("gaussianPrior() has the requested mean and standard deviation", async () => {
  await useBackend("cpu");
  const z = gaussianPrior(4, { mean: 1, stddev: 2 }).sample(10_000, new Rng(3));
  const x = z.dataSync();
  z.dispose();
  const { mean, variance } = moments(x);
  const N = x.length;
  assert.ok(Math.abs(mean - 1) < 5 * Math.sqrt(4 / N), `mean ${mean}`);
  // Var of the sample variance of N(0, s^2) is 2 s^4 / N.
  assert.ok(Math.abs(variance - 4) < 5 * Math.sqrt(2 * 16 / N), `variance ${variance}`);
});

Deno.test("spherePrior() puts every row on the sphere, with mean direction near 0", async () => {
  await useBackend("cpu");
  const dim = 5, n = 4000;
  const z = spherePrior(dim, { radius: 2 }).sample(n, new Rng(4));
  const x = z.dataSync();
  z.dispose();
  const meanVec = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      s += x[i * dim + j] ** 2;
      meanVec[j] += x[i * dim + j] / n;
    }
    assert.ok(Math.abs(Math.sqrt(s) - 2) < 1e-5);
  }
  // Each coordinate has variance r^2/dim = 0.8; its mean has s.e. sqrt(0.8 / n).
  for (const m of meanVec) assert.ok(Math.abs(m) < 5 * Math.sqrt(0.8 / n), `mean ${m}`);
});

Deno.test("prior.fill() continues the same stream as sample()", async () => {
  await useBackend("cpu");
  const prior = uniformPrior(3);
  const a = new Rng(11), b = new Rng(11);
  const t = prior.sample(4, a);
  const buf = prior.fill(new Float32Array(12), 4, b);
  assert.deepStrictEqual(t.dataSync(), buf);
  t.dispose();
  assert.strictEqual(a.nextUint32(), b.nextUint32());
});

Deno.test("priors reject bad n, dim and bounds with the argument named", () => {
  const tensorsBefore = tf.memory().numTensors;
  assert.throws(
    () => uniformPrior(0),
    (e: Error) => e instanceof RangeError && /dim=0/.test(e.message),
  );
  assert.throws(() => gaussianPrior(2.5), /dim=2.5/);
  assert.throws(() => spherePrior(-1), /dim=-1/);
  assert.throws(() => uniformPrior(2, { low: 1, high: 1 }), /low=1, high=1/);
  assert.throws(() => uniformPrior(2, { low: 3, high: 1 }), RangeError);
  assert.throws(() => uniformPrior(2, { low: NaN }), RangeError);
  assert.throws(() => gaussianPrior(2, { stddev: 0 }), /stddev=0/);
  assert.throws(() => spherePrior(2, { radius: -1 }), /radius=-1/);
  assert.throws(() => uniformPrior(2).sample(0, new Rng(0)), /n=0/);
  assert.throws(() => uniformPrior(2).sample(1.5, new Rng(0)), /n=1.5/);
  assert.throws(() => uniformPrior(2).fill(new Float32Array(3), 2, new Rng(0)), /out.length=3/);
  assert.strictEqual(tf.memory().numTensors, tensorsBefore);
});

Deno.test("prior.toJSON() records the options that rebuild it", () => {
  assert.deepStrictEqual(uniformPrior(3, { low: 0, high: 1 }).toJSON(), {
    kind: "uniform",
    dim: 3,
    low: 0,
    high: 1,
  });
  assert.deepStrictEqual(gaussianPrior(2).toJSON(), {
    kind: "gaussian",
    dim: 2,
    mean: 0,
    std: 1,
  });
});

Deno.test("priors refuse misspelt option keys, naming the key and the nearest valid one", () => {
  assert.throws(
    // @ts-expect-error: not an option of uniformPrior
    () => uniformPrior(2, { bogus: 1 }),
    (e: Error) => e instanceof TypeError && /option "bogus" is unknown/.test(e.message),
  );
  assert.throws(
    // @ts-expect-error: misspelt
    () => gaussianPrior(2, { sdev: 2 }),
    /option "sdev" is unknown \(did you mean "std"\?/,
  );
  assert.throws(
    // @ts-expect-error: misspelt
    () => spherePrior(2, { raduis: 2 }),
    /option "raduis" is unknown \(did you mean "radius"\?/,
  );
});

Deno.test("gaussianPrior() takes std like the data mixtures, and still the former stddev", () => {
  assert.throws(
    () => gaussianPrior(2, { std: -1 }),
    (e: Error) =>
      e instanceof RangeError && /std must be a finite number > 0: std=-1/.test(e.message),
  );
  assert.throws(() => gaussianPrior(2, { std: 1, stddev: 1 }), /std and its former name stddev/);
  const a = gaussianPrior(3, { mean: 1, std: 2 }).sample(5, new Rng(7));
  const b = gaussianPrior(3, { mean: 1, stddev: 2 }).sample(5, new Rng(7));
  assert.deepStrictEqual(a.dataSync(), b.dataSync());
  assert.deepStrictEqual(gaussianPrior(3, { stddev: 2 }).toJSON(), {
    kind: "gaussian",
    dim: 3,
    mean: 0,
    std: 2,
  });
  tf.dispose([a, b]);
});
