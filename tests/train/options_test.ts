import assert from "node:assert";
import { adam, createTrainer, rmsprop, sgdMomentum } from "../../lib/train/mod.ts";
import { paperMnistTrainer } from "../../experiments/mnist.ts";
import type { Mnist } from "../../lib/data/mnist.ts";
import { tinyTrainer } from "./_fixtures.ts";

Deno.test("optimiser factories refuse a misspelt option, naming it and the nearest valid key", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => adam({ learning_rate: 1 } as never), /"learning_rate" is unknown \(did you mean "lr"\?/],
    [
      () => rmsprop({ learningRate: 1 } as never),
      /"learningRate" is unknown \(did you mean "lr"\?/,
    ],
    [
      () => sgdMomentum({ momentum: 0.9 } as never),
      /"momentum" is unknown \(did you mean "momentumStart"\?/,
    ],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e: Error) => e instanceof TypeError && message.test(e.message));
  }
  // In range: momentum in [0, 1), rampEvery an integer >= 1.
  assert.throws(
    () => sgdMomentum({ momentumEnd: 1 }),
    /momentumEnd must be in \[0, 1\): momentumEnd=1/,
  );
  assert.throws(
    () => sgdMomentum({ rampEvery: 0 }),
    /rampEvery must be an integer >= 1: rampEvery=0/,
  );
});

Deno.test("createTrainer() refuses a misspelt option (batchsize) instead of training at the default", () => {
  assert.throws(
    () => tinyTrainer({ batchsize: 16 } as never),
    (e: Error) =>
      e instanceof TypeError &&
      /"batchsize" is unknown \(did you mean "batchSize"\?/.test(e.message),
  );
  assert.throws(() => createTrainer(undefined as never), /options must be an object/);
});

Deno.test("paperMnistTrainer(null) and a misspelt option fail with a clear message", () => {
  assert.throws(
    () => paperMnistTrainer(null as unknown as Mnist),
    (e: Error) =>
      e instanceof TypeError && /mnist must be loaded MNIST \(loadMnist\(\)\)/.test(e.message),
  );
  const fake = { train: { x: new Float32Array(784), n: 1, dim: 784 } } as unknown as Mnist;
  assert.throws(
    () => paperMnistTrainer(fake, { sed: 1 } as never),
    /"sed" is unknown \(did you mean "seed"\?/,
  );
});

Deno.test("paperMnistTrainer: the authors' optimiser by default; optimizer, learningRate and generatorAverage (beyond the paper) when given", async () => {
  const x = new Float32Array(784 * 2).fill(0.5);
  const fake = { train: { x, n: 2, dim: 784 } } as unknown as Mnist;
  const authors = paperMnistTrainer(fake, { seed: 1 });
  assert.strictEqual(authors.config.gOptimizer.kind, "sgd-momentum");
  assert.strictEqual(authors.averagedGenerator, null);
  const beyond = paperMnistTrainer(fake, {
    seed: 1,
    optimizer: adam({ lr: 2e-4, beta1: 0.5 }),
    generatorAverage: { decay: 0.999 },
  });
  for (const key of ["gOptimizer", "dOptimizer"] as const) {
    assert.deepStrictEqual(
      { kind: beyond.config[key].kind, lr: (beyond.config[key] as { lr: number }).lr },
      { kind: "adam", lr: 2e-4 },
    );
  }
  assert.deepStrictEqual(beyond.config.generatorAverage, { decay: 0.999, start: 0 });
  const annealed = paperMnistTrainer(fake, {
    seed: 1,
    batchSize: 2,
    learningRate: (t) => 0.05 / (t + 1),
  });
  const [first, second] = await annealed.train(2);
  assert.deepStrictEqual([first.lr, second.lr], [0.05, 0.025]);
  assert.deepStrictEqual(
    beyond.averagedGenerator!.getWeights().map((w) => w.shape),
    beyond.generator.getWeights().map((w) => w.shape),
  );
  for (const t of [authors, beyond, annealed]) {
    t.dispose();
    t.generator.dispose();
    t.discriminator.dispose();
  }
});
