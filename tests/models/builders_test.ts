import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  checkArchitectureFits,
  dcganDiscriminator,
  dcganGenerator,
  describeArchitecture,
  mlpDiscriminator,
  mlpGenerator,
  paperMnistDiscriminator,
  paperMnistGenerator,
  seededDropoutLayers,
} from "../../lib/models/mod.ts";
import { availableBackends, useBackend } from "../_helpers.ts";

const dense = (m: tf.LayersModel) =>
  m.layers.filter((l) => l.getClassName() === "Dense").map((l) => l.getWeights()[0].shape);

Deno.test("paperMnistGenerator() is 100-1200-1200-784 with 2,503,984 parameters, init within +-0.05", async () => {
  await useBackend("cpu");
  const g = paperMnistGenerator({ seed: 0 });
  const expected = (100 * 1200 + 1200) + (1200 * 1200 + 1200) + (1200 * 784 + 784);
  assert.strictEqual(g.countParams(), expected);
  assert.deepStrictEqual(dense(g), [[100, 1200], [1200, 1200], [1200, 784]]);
  assert.deepStrictEqual(g.outputs[0].shape, [null, 784]);
  const acts = g.layers.filter((l) => l.getClassName() === "Activation").map((l) =>
    l.getConfig().activation
  );
  assert.deepStrictEqual(acts, ["relu", "relu", "sigmoid"]);
  const kernel = Array.from(await g.getWeights()[0].data());
  const maxAbs = kernel.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  // 120,000 uniform draws on [-0.05, 0.05]: the largest is within 1e-5 of 0.05 with overwhelming odds.
  assert.ok(maxAbs <= 0.05 && maxAbs > 0.04999, `max |w| = ${maxAbs}`);
  assert.ok((await g.getWeights()[1].data()).every((v) => v === 0), "biases start at 0");
});

Deno.test("paperMnistDiscriminator() is maxout 240x5 -> 240x5 -> 1 logit with 1,231,441 parameters and dropout 0.2/0.5", async () => {
  await useBackend("cpu");
  const d = paperMnistDiscriminator({ seed: 0 });
  const expected = (784 * 1200 + 1200) + (240 * 1200 + 1200) + (240 + 1);
  assert.strictEqual(d.countParams(), expected);
  assert.deepStrictEqual(dense(d), [[784, 1200], [240, 1200], [240, 1]]);
  assert.deepStrictEqual(
    d.layers.filter((l) => l.getClassName() === "Maxout").map((l) => l.outputShape),
    [[null, 240], [null, 240]],
  );
  assert.deepStrictEqual(
    seededDropoutLayers(d).map((l) => l.rate),
    [
      0.2,
      0.5,
      0.5,
    ],
  );
  assert.deepStrictEqual(d.outputs[0].shape, [null, 1]);
  const kernel = await d.getWeights()[0].data();
  assert.ok(kernel.every((v) => Math.abs(v) <= 0.005));
});

Deno.test("the same seed gives bit-identical weights on cpu and wasm; another seed differs", async () => {
  const read = async (m: tf.LayersModel) => {
    const out: number[] = [];
    for (const w of m.getWeights()) out.push(...await w.data());
    return out;
  };
  const build = (seed: number) => [
    mlpGenerator({ latentDim: 3, outputShape: [2, 2], hidden: [5], seed }),
    mlpDiscriminator({ inputShape: [4], hidden: [{ units: 3, pieces: 2 }], seed }),
    dcganGenerator({ latentDim: 4, imageShape: [28, 28, 1], baseFilters: 2, seed }),
  ];
  const byBackend: number[][][] = [];
  for (const backend of (await availableBackends()).filter((b) => b !== "webgpu")) {
    await useBackend(backend);
    byBackend.push(await Promise.all(build(7).map(read)));
  }
  await useBackend("cpu");
  assert.ok(byBackend.length >= 2, "cpu and wasm available");
  assert.deepStrictEqual(byBackend[1], byBackend[0]);
  const other = await Promise.all(build(8).map(read));
  other.forEach((w, i) => assert.notDeepStrictEqual(w, byBackend[0][i]));
});

Deno.test("dcganGenerator()/dcganDiscriminator() map 28x28x1 and 32x32x3 images with BN in G, leaky ReLU in D", async () => {
  await useBackend("cpu");
  for (const imageShape of [[28, 28, 1], [32, 32, 3]] as [number, number, number][]) {
    const g = dcganGenerator({ latentDim: 10, imageShape, baseFilters: 4, seed: 1 });
    const d = dcganDiscriminator({ imageShape, baseFilters: 4, seed: 2 });
    const classes = (m: tf.LayersModel) => m.layers.map((l) => l.getClassName());
    assert.ok(classes(g).includes("BatchNormalization") && classes(g).includes("Conv2DTranspose"));
    assert.ok(classes(d).includes("LeakyReLU") && classes(d).includes("Conv2D"));
    const x = g.apply(tf.zeros([3, 10]), { training: true }) as tf.Tensor;
    assert.deepStrictEqual(x.shape, [3, ...imageShape]);
    const logits = d.apply(x) as tf.Tensor;
    assert.deepStrictEqual(logits.shape, [3, 1]);
  }
  // 28 = 7 * 2^2 (two upsamplings), 32 = 4 * 2^3 (three).
  const conv = (m: tf.LayersModel) =>
    m.layers.filter((l) => l.getClassName() === "Conv2DTranspose").length;
  assert.strictEqual(
    conv(dcganGenerator({ latentDim: 2, imageShape: [28, 28, 1], seed: 0, baseFilters: 2 })),
    2,
  );
  assert.strictEqual(
    conv(dcganGenerator({ latentDim: 2, imageShape: [32, 32, 3], seed: 0, baseFilters: 2 })),
    3,
  );
});

Deno.test("mlpGenerator() takes any latent size and output shape and sets an output bias", async () => {
  await useBackend("cpu");
  const g = mlpGenerator({
    latentDim: 5,
    outputShape: [2, 3],
    hidden: [4],
    outputActivation: "sigmoid",
    outputBias: [0, 1, 2, 3, 4, 5],
    seed: 0,
  });
  assert.deepStrictEqual(g.outputs[0].shape, [null, 2, 3]);
  assert.deepStrictEqual(Array.from(await g.getWeights()[3].data()), [0, 1, 2, 3, 4, 5]);
});

Deno.test("builders reject bad sizes, shapes, rates, activations and seeds, naming the argument", () => {
  assert.throws(
    () => mlpGenerator({ latentDim: 0, outputShape: [1], seed: 0 }),
    /latentDim must be a positive integer: latentDim=0/,
  );
  assert.throws(
    () => mlpGenerator({ latentDim: 2, outputShape: [1, -1], seed: 0 }),
    /outputShape must be .*: outputShape=\[1,-1\]/,
  );
  assert.throws(
    () => mlpGenerator({ latentDim: 2, outputShape: [3], outputBias: [1], seed: 0 }),
    /outputBias.length=1/,
  );
  assert.throws(
    () => mlpGenerator({ latentDim: 2, outputShape: [1], activation: "swish" as "relu", seed: 0 }),
    /activation must be one of .*: activation=swish/,
  );
  assert.throws(
    () => mlpDiscriminator({ inputShape: [2], dropout: { input: 1.5 }, seed: 0 }),
    /dropout.input must be in \[0, 1\): dropout.input=1.5/,
  );
  assert.throws(
    () => mlpDiscriminator({ inputShape: [2], hidden: [{ units: 3, pieces: 0 }], seed: 0 }),
    /hidden\[0\].pieces/,
  );
  assert.throws(
    () => mlpDiscriminator({ inputShape: [2], init: { kind: "uniform", scale: NaN }, seed: 0 }),
    /init must be/,
  );
  assert.throws(() => mlpDiscriminator({ inputShape: [2], seed: NaN }), TypeError);
  assert.throws(
    () => dcganGenerator({ latentDim: 2, imageShape: [7, 7, 1], seed: 0 }),
    /even and at least 8: imageShape=\[7,7,1\]/,
  );
  assert.throws(
    () =>
      dcganDiscriminator({ imageShape: [28, 28] as unknown as [number, number, number], seed: 0 }),
    /\[height, width, channels\]/,
  );
});

Deno.test("describeArchitecture() ignores names and checkArchitectureFits() names the weight that differs", () => {
  const a = mlpDiscriminator({ inputShape: [4], hidden: [8, 8], seed: 0 });
  const same = mlpDiscriminator({ inputShape: [4], hidden: [8, 8], seed: 1, name: "critic" });
  const wider = mlpDiscriminator({ inputShape: [4], hidden: [8, 6], seed: 0 });
  assert.strictEqual(describeArchitecture(a).fingerprint, describeArchitecture(same).fingerprint);
  assert.notStrictEqual(
    describeArchitecture(a).fingerprint,
    describeArchitecture(wider).fingerprint,
  );
  checkArchitectureFits(same, describeArchitecture(a), "discriminator");
  assert.throws(
    () => checkArchitectureFits(wider, describeArchitecture(a), "discriminator"),
    /discriminator .* weight 2 differs: here discriminator_dense_1\/kernel \[8,6\] float32, checkpoint discriminator_dense_1\/kernel \[8,8\] float32/,
  );
  const otherInput = mlpDiscriminator({ inputShape: [5], hidden: [8, 8], seed: 0 });
  assert.throws(
    () => checkArchitectureFits(otherInput, describeArchitecture(a), "discriminator"),
    /input shape differs: here=\[5\], checkpoint=\[4\]/,
  );
});

Deno.test("builders refuse misspelt option keys, naming the key and the nearest valid one", () => {
  const cases: Array<[() => unknown, string, string]> = [
    [
      () => mlpDiscriminator({ inputShape: [2], hiden: [8], seed: 0 } as never),
      "hiden",
      "hidden",
    ],
    [
      () =>
        mlpGenerator(
          { latentDim: 2, outputShape: [2], outputActivaton: "sigmoid", seed: 0 } as never,
        ),
      "outputActivaton",
      "outputActivation",
    ],
    [
      () => mlpDiscriminator({ inputShape: [2], dropout: { inputs: 0.2 }, seed: 0 } as never),
      "dropout.inputs",
      "input",
    ],
    [
      () =>
        mlpGenerator(
          { latentDim: 2, outputShape: [2], hidden: [{ units: 4, piece: 2 }], seed: 0 } as never,
        ),
      "hidden[0].piece",
      "pieces",
    ],
    [
      () =>
        mlpGenerator(
          {
            latentDim: 2,
            outputShape: [2],
            init: { kind: "normal", stddev: 0.1 },
            seed: 0,
          } as never,
        ),
      "init.stddev",
      "std",
    ],
    [
      () => dcganGenerator({ latentDim: 2, imageShape: [8, 8, 1], filters: 2, seed: 0 } as never),
      "filters",
      "baseFilters",
    ],
    [() => dcganDiscriminator({ imageShape: [8, 8, 1], sed: 0 } as never), "sed", "seed"],
    [() => paperMnistGenerator({ seed: 0, bias: [] } as never), "bias", "outputBias"],
    [() => paperMnistDiscriminator({ seed: 0, outputBias: [] } as never), "outputBias", "seed"],
  ];
  for (const [build, key, nearest] of cases) {
    assert.throws(build, (e: Error) => {
      assert.ok(e instanceof TypeError, String(e));
      assert.ok(
        e.message.includes(`option "${key}" is unknown (did you mean "${nearest}"?`),
        e.message,
      );
      return true;
    });
  }
  // Required options missing altogether: a message naming the option, not a property read.
  assert.throws(() => mlpGenerator(undefined as never), /latentDim must be a positive integer/);
  assert.throws(() => mlpDiscriminator(null as never), /options must be an object: options=null/);
});
