import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import { parzenLogLikelihood } from "../../lib/eval/mod.ts";
import { logspace } from "../../lib/eval/logspace.ts";
import { loadMnist, makeDataset } from "../../lib/data/mod.ts";
import { Rng } from "../../lib/random.ts";
import { assertAllClose, assertClose, useBackend } from "../_helpers.ts";

function uniformRows(n: number, d: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n * d }, () => rng.next());
}

/** An independent float64 plain-loop Parzen log-likelihood, row by row. */
function referenceLogLikelihoods(mu: Float32Array, x: Float32Array, d: number, sigma: number) {
  const n = mu.length / d, m = x.length / d;
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[j * d + k] - mu[i * d + k]) ** 2;
      a[i] = -s / (2 * sigma * sigma);
    }
    const max = Math.max(...a);
    const lme = max + Math.log(a.reduce((t, v) => t + Math.exp(v - max), 0) / n);
    out[j] = lme - d * Math.log(sigma * Math.sqrt(2 * Math.PI));
  }
  return out;
}

const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`parzenLogLikelihood() agrees with a float64 plain loop to 1e-4, on ${backend}`, async () => {
    await useBackend(backend);
    const rng = new Rng(11), d = 8;
    const mu = uniformRows(60, d, rng),
      val = uniformRows(45, d, rng),
      test = uniformRows(37, d, rng);
    const before = tf.memory().numTensors;
    const r = await parzenLogLikelihood(makeDataset(mu, d), makeDataset(test, d), {
      validation: makeDataset(val, d),
      validationCount: 40,
      batchSize: 16, // not a divisor of 40 or 37: exercises the last, short batch
    });
    assert.strictEqual(tf.memory().numTensors, before, "no tensors leak");
    const sigmas = logspace(-1, 0, 10);
    const refScores = sigmas.map((s) =>
      mean(referenceLogLikelihoods(mu, val.subarray(0, 40 * d), d, s))
    );
    assertAllClose(r.validationScores, refScores, { atol: 1e-4 });
    assert.strictEqual(r.sigma, sigmas[refScores.indexOf(Math.max(...refScores))]);
    assert.strictEqual(r.validationCount, 40);
    const ref = referenceLogLikelihoods(mu, test, d, r.sigma);
    assertAllClose(r.logLikelihoods, ref, { atol: 1e-4 });
    const refMean = mean(ref);
    const refSe = Math.sqrt(ref.reduce((s, v) => s + (v - refMean) ** 2, 0) / ref.length) /
      Math.sqrt(ref.length);
    assertClose(r.mean, refMean, { atol: 1e-4 });
    assertClose(r.stdErr, refSe, { atol: 1e-4 });
    assert.strictEqual(r.n, 37);
  });
}

Deno.test("parzenLogLikelihood() with a fixed sigma and tensors equals the loop, at small sigma too", async () => {
  await useBackend("cpu");
  const rng = new Rng(5), d = 20;
  const mu = uniformRows(30, d, rng), x = uniformRows(10, d, rng);
  for (const sigma of [0.05, 0.3, 2]) {
    const muT = tf.tensor2d(mu, [30, d]), xT = tf.tensor2d(x, [10, d]);
    const r = await parzenLogLikelihood(muT, xT, { sigma });
    tf.dispose([muT, xT]);
    assert.deepStrictEqual([r.sigma, r.sigmas, r.validationScores, r.validationCount], [
      sigma,
      [],
      [],
      0,
    ]);
    // float32 distances carry ~1e-7 relative error; at sigma = 0.05 the values are ~ -1e3 nats.
    assertAllClose(r.logLikelihoods, referenceLogLikelihoods(mu, x, d, sigma), {
      rtol: 1e-5,
      atol: 1e-4,
    });
  }
});

Deno.test("parzenLogLikelihood() reports progress for both phases, ending at the totals", async () => {
  await useBackend("cpu");
  const rng = new Rng(2);
  const data = makeDataset(uniformRows(20, 3, rng), 3);
  const seen: string[] = [];
  await parzenLogLikelihood(data, data, {
    validation: data,
    validationCount: 7,
    batchSize: 5,
    sigmas: [0.5],
    onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`),
  });
  assert.deepStrictEqual(seen, [
    "validation:5/7",
    "validation:7/7",
    "test:5/20",
    "test:10/20",
    "test:15/20",
    "test:20/20",
  ]);
});

Deno.test("parzenLogLikelihood() scores MNIST test images with training images as centres", async () => {
  await useBackend("cpu");
  const { train, validation, test } = await loadMnist();
  const first = (s: typeof train, n: number) => makeDataset(s.x.subarray(0, n * 784), 784);
  const r = await parzenLogLikelihood(first(train, 500), first(test, 200), {
    validation: first(validation, 100),
  });
  assert.ok(
    Number.isFinite(r.mean) && Number.isFinite(r.stdErr) && r.stdErr > 0,
    JSON.stringify(r.mean),
  );
  assert.ok(r.sigmas.includes(r.sigma));
  // Scores are log densities in 784 dimensions: hundreds of nats either way, never NaN.
  assert.ok(r.logLikelihoods.every(Number.isFinite));
});

Deno.test("parzenLogLikelihood() rejects bad sigmas, empty sets and dimension mismatches", async () => {
  await useBackend("cpu");
  const a = tf.tensor2d([[0, 1], [1, 0]]);
  const b3 = tf.tensor2d([[0, 1, 2]]);
  const empty = tf.tensor2d([], [0, 2]);
  await assert.rejects(
    () => parzenLogLikelihood(a, a, { sigma: 0 }),
    /sigma must be a positive finite number: sigma=0/,
  );
  await assert.rejects(() => parzenLogLikelihood(a, a, { sigma: -1 }), /sigma=-1/);
  await assert.rejects(
    () => parzenLogLikelihood(a, a, { validation: a, sigmas: [0.1, 0] }),
    /sigmas\[1\] must be a positive finite number: sigmas\[1\]=0/,
  );
  await assert.rejects(
    () => parzenLogLikelihood(a, a, { validation: a, sigmas: [] }),
    /sigmas=\[\]/,
  );
  await assert.rejects(
    () => parzenLogLikelihood(empty, a, { sigma: 1 }),
    /centres must be non-empty: centres.shape=\[0,2\]/,
  );
  await assert.rejects(() => parzenLogLikelihood(a, empty, { sigma: 1 }), /test must be non-empty/);
  await assert.rejects(
    () => parzenLogLikelihood(a, b3, { sigma: 1 }),
    /centres and test must have the same dimension: centres has 2, test has 3/,
  );
  await assert.rejects(
    () => parzenLogLikelihood(a, a, { validation: b3 }),
    /centres and validation must have the same dimension/,
  );
  await assert.rejects(() => parzenLogLikelihood(a, a), TypeError);
  await assert.rejects(() => parzenLogLikelihood(a, a, { sigma: 1, batchSize: 0 }), /batchSize=0/);
  await assert.rejects(
    () => parzenLogLikelihood(tf.tensor1d([1]) as unknown as tf.Tensor2D, a, { sigma: 1 }),
    TypeError,
  );
  tf.dispose([a, b3, empty]);
});

Deno.test("parzenLogLikelihood() refuses NaN or infinite rows and misspelt options", async () => {
  const good = tf.tensor2d([[0, 0], [1, 1]]);
  const nan = tf.tensor2d([[NaN, 0], [1, 1]]);
  const before = tf.memory().numTensors;
  await assert.rejects(
    parzenLogLikelihood(nan, good, { sigma: 0.5 }),
    (e: Error) =>
      e instanceof RangeError &&
      /centres must hold finite values: centres has 1 NaN or infinite value/.test(e.message),
  );
  await assert.rejects(parzenLogLikelihood(good, nan, { sigma: 0.5 }), /test must hold finite/);
  const data = makeDataset(Float32Array.from([0, Infinity, 1, 1]), 2);
  await assert.rejects(
    parzenLogLikelihood(good, good, { validation: data }),
    /validation must hold finite values/,
  );
  await assert.rejects(
    parzenLogLikelihood(good, good, { sigmma: 0.5 } as never),
    /option "sigmma" is unknown \(did you mean "sigma"\?/,
  );
  assert.strictEqual(tf.memory().numTensors, before);
  tf.dispose([good, nan]);
});
