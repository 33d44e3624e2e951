import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import assert from "node:assert";
import { assertAllClose, useBackend } from "../_helpers.ts";
import { hasFastTransposedMatMul } from "../../lib/backend/mod.ts";
import {
  installFastTransposedMatMul,
  removeFastTransposedMatMul,
} from "../../lib/backend/fast_transposed_matmul.ts";
import { Rng } from "../../lib/random.ts";

// Products of 10-20 N(0,1) terms summed in another order: float32 rounding ~1e-6 of sums ~5.
const TOL = { atol: 1e-5, rtol: 1e-5 };

function randomValues(rng: Rng, size: number): Float32Array {
  const values = new Float32Array(size);
  rng.fillNormal(values);
  return values;
}

/** Gradients of a chain of a plain matMul and a fused dense (bias + relu) layer. */
async function chainGradients(
  backend: "cpu" | "wasm",
  values: Float32Array[],
): Promise<Float32Array[]> {
  await useBackend(backend);
  const shapes = [[8, 10], [10, 12], [12], [12, 16], [16, 3]];
  const xs = values.map((v, i) => tf.tensor(v, shapes[i]));
  const loss = (x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) => {
    const h = tf.fused.matMul({
      a: x as tf.Tensor2D,
      b: w1 as tf.Tensor2D,
      bias: b1,
      activation: "relu",
    });
    // A flagged product in the forward pass too, so its gradient has both flag kinds.
    const h2 = tf.matMul(tf.transpose(w2), h, false, true); // [16, 8]
    return tf.sum(tf.square(tf.matMul(h2, tf.ones([8, 1]), false, false)).mul(tf.sum(w3)));
  };
  const grads = tf.grads(loss)(xs);
  const out = await Promise.all(grads.map(async (g) => new Float32Array(await g.data())));
  tf.dispose([...xs, ...grads]);
  return out;
}

function chainInputs(seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return [8 * 10, 10 * 12, 12, 12 * 16, 16 * 3].map((n) => randomValues(rng, n));
}

Deno.test("installFastTransposedMatMul() keeps matMul chain gradients equal to the default, on wasm and cpu", async () => {
  const inputs = chainInputs(21);
  const reference = await chainGradients("cpu", inputs);
  const wasmDefault = await chainGradients("wasm", inputs);
  assert.ok(installFastTransposedMatMul("wasm"));
  assert.ok(installFastTransposedMatMul("cpu"));
  try {
    const wasmPatched = await chainGradients("wasm", inputs);
    const cpuPatched = await chainGradients("cpu", inputs);
    for (let i = 0; i < reference.length; i++) {
      assertAllClose(wasmPatched[i], wasmDefault[i], { ...TOL, msg: `wasm grad ${i}` });
      assertAllClose(wasmPatched[i], reference[i], { ...TOL, msg: `wasm vs cpu grad ${i}` });
      assertAllClose(cpuPatched[i], reference[i], { ...TOL, msg: `cpu grad ${i}` });
    }
  } finally {
    removeFastTransposedMatMul("wasm");
    removeFastTransposedMatMul("cpu");
  }
});

Deno.test("patched wasm matMul equals cpu for every transpose combination and batch", async () => {
  const rng = new Rng(22);
  installFastTransposedMatMul("wasm");
  try {
    for (
      const [batch, transposeA, transposeB] of [
        [[], false, true],
        [[], true, false],
        [[], true, true],
        [[3], true, true],
        [[2, 2], false, true],
      ] as [number[], boolean, boolean][]
    ) {
      const [m, k, n] = [5, 7, 4];
      const aShape = [...batch, ...(transposeA ? [k, m] : [m, k])];
      const bShape = [...batch, ...(transposeB ? [n, k] : [k, n])];
      const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
      const a = randomValues(rng, size(aShape));
      const b = randomValues(rng, size(bShape));
      const results: Float32Array[] = [];
      for (const backend of ["cpu", "wasm"] as const) {
        await useBackend(backend);
        const c = tf.tidy(() =>
          tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB)
        );
        assert.deepStrictEqual(c.shape, [...batch, m, n]);
        results.push(new Float32Array(await c.data()));
        c.dispose();
      }
      assertAllClose(results[1], results[0], {
        ...TOL,
        msg: `${batch} ${transposeA} ${transposeB}`,
      });
    }
  } finally {
    removeFastTransposedMatMul("wasm");
  }
});

Deno.test("patched wasm matMul disposes its transposed copies", async () => {
  await useBackend("wasm");
  installFastTransposedMatMul("wasm");
  try {
    const a = tf.ones([6, 4]);
    const run = () =>
      tf.tidy(() => tf.fused.matMul({ a, b: a, transposeA: true, bias: tf.ones([4]) }));
    run().dispose();
    const dataIds = tf.engine().backend.numDataIds();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run().dispose();
    assert.strictEqual(tf.engine().backend.numDataIds(), dataIds);
    assert.strictEqual(tf.memory().numTensors, tensors);
    a.dispose();
  } finally {
    removeFastTransposedMatMul("wasm");
  }
});

Deno.test("installFastTransposedMatMul() is idempotent and removable", () => {
  assert.strictEqual(hasFastTransposedMatMul("wasm"), false);
  assert.strictEqual(installFastTransposedMatMul("wasm"), true);
  assert.strictEqual(installFastTransposedMatMul("wasm"), false);
  assert.strictEqual(hasFastTransposedMatMul("wasm"), true);
  assert.strictEqual(removeFastTransposedMatMul("wasm"), true);
  assert.strictEqual(removeFastTransposedMatMul("wasm"), false);
  assert.strictEqual(hasFastTransposedMatMul("wasm"), false);
});

Deno.test("installFastTransposedMatMul() on a backend without kernels names it", () => {
  assert.throws(
    () => installFastTransposedMatMul("no-such-backend"),
    /backendName=no-such-backend/,
  );
});
