import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  F_GAN_DIVERGENCES,
  fGanLoss,
  GAN_LOSS_NAMES,
  ganLoss,
  gradientPenalty,
  leastSquaresLoss,
  minimaxLoss,
  nonSaturatingLoss,
  wassersteinLoss,
  wganGpLoss,
} from "../../lib/losses/mod.ts";
import { useBackend } from "../_helpers.ts";
import { assertGanLossContract } from "./_contract.ts";
import { FAKE, REAL } from "./_reference.ts";

/** Every registry loss, each f-GAN divergence in both generator forms. */
function allLosses() {
  const out = GAN_LOSS_NAMES.filter((n) => n !== "f-gan").map((n) => ganLoss(n));
  for (const divergence of F_GAN_DIVERGENCES) {
    out.push(ganLoss("f-gan", { divergence }));
    out.push(ganLoss(`f-gan:${divergence}`, { generatorForm: "non-saturating" }));
  }
  return out;
}

Deno.test("ganLoss() knows the seven names of issue 4, in a stable order", () => {
  assert.deepStrictEqual(GAN_LOSS_NAMES, [
    "minimax",
    "non-saturating",
    "wasserstein",
    "wgan-gp",
    "least-squares",
    "hinge",
    "f-gan",
  ]);
});

Deno.test("every registry loss returns a finite float32 scalar for [m,1] and [m] logits without leaking", async () => {
  await useBackend("cpu");
  const losses = allLosses();
  assert.strictEqual(losses.length, 6 + 2 * 8);
  for (const loss of losses) assertGanLossContract(loss, REAL, FAKE);
});

Deno.test("ganLoss(json.name, json) rebuilds every loss from its toJSON(), options included", () => {
  const built = [
    ganLoss("minimax", { discriminatorScale: 0.5 }),
    ganLoss("non-saturating"),
    ganLoss("wasserstein", { weightClip: 0.05 }),
    ganLoss("wgan-gp", { lambda: 5 }),
    ganLoss("least-squares", { a: 0, b: 1, c: 1 }),
    ganLoss("hinge"),
    ganLoss("f-gan", { divergence: "pearson", generatorForm: "non-saturating" }),
  ];
  for (const loss of built) {
    const json = loss.toJSON();
    assert.strictEqual(json.name, loss.name);
    const again = ganLoss(json.name as string, json);
    assert.deepStrictEqual(again.toJSON(), json);
    assert.strictEqual(again.weightClip, loss.weightClip);
    assert.strictEqual(typeof again.penalty, typeof loss.penalty);
  }
  assert.deepStrictEqual(ganLoss("minimax").toJSON(), { name: "minimax", discriminatorScale: 1 });
  assert.deepStrictEqual(ganLoss("least-squares").toJSON(), {
    name: "least-squares",
    a: -1,
    b: 1,
    c: 0,
  });
  assert.strictEqual(ganLoss("wasserstein").weightClip, 0.01);
  assert.strictEqual(ganLoss("wgan-gp").weightClip, undefined);
  assert.strictEqual(ganLoss("hinge").penalty, undefined);
  // "f-gan" with a divergence option and "f-gan:<d>" build the same loss.
  assert.deepStrictEqual(
    ganLoss("f-gan", { name: "f-gan:js", divergence: "js" }).toJSON(),
    ganLoss("f-gan:js").toJSON(),
  );
});

Deno.test("wganGpLoss().penalty equals gradientPenalty() with the loss's lambda", async () => {
  await useBackend("cpu");
  const w = tf.tensor2d([[0.5], [-1], [2]]);
  const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
  const real = tf.tensor2d([[1, 2, 3], [0, 1, 0]]);
  const fake = tf.tensor2d([[0, 0, 1], [2, 2, 2]]);
  const eps = tf.tensor1d([0.25, 0.75]);
  const a = ganLoss("wgan-gp", { lambda: 3 }).penalty!(critic, real, fake, eps);
  const b = gradientPenalty(critic, real, fake, eps, { lambda: 3 });
  assert.strictEqual(a.dataSync()[0], b.dataSync()[0]);
  assert.ok(a.dataSync()[0] > 0);
  tf.dispose([w, real, fake, eps, a, b]);
});

Deno.test("ganLoss() rejects unknown names with a RangeError listing the known ones", () => {
  assert.throws(() => ganLoss("wgan"), (e: Error) => {
    assert.ok(e instanceof RangeError);
    for (const n of GAN_LOSS_NAMES) assert.ok(e.message.includes(n), e.message);
    assert.ok(e.message.includes("name=wgan"), e.message);
    return true;
  });
  assert.throws(() => ganLoss("f-gan:chi2"), /divergence must be one of kl, reverse-kl.*chi2/);
  assert.throws(() => ganLoss("f-gan"), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => ganLoss(undefined as any), RangeError);
});

Deno.test("ganLoss() rejects bad options: non-finite or negative lambda/clip, unknown keys, contradictions", () => {
  const rangeErrors: Array<[string, Record<string, unknown>, RegExp]> = [
    ["wgan-gp", { lambda: NaN }, /lambda must be a non-negative finite number: lambda=NaN/],
    ["wgan-gp", { lambda: Infinity }, /lambda=Infinity/],
    ["wgan-gp", { lambda: -1 }, /lambda=-1/],
    ["wasserstein", { weightClip: -0.01 }, /weightClip must be a positive finite number/],
    ["wasserstein", { weightClip: Infinity }, /weightClip=Infinity/],
    ["wasserstein", { weightClip: 0 }, /weightClip=0/],
    ["minimax", { discriminatorScale: 0 }, /discriminatorScale=0/],
    ["least-squares", { a: NaN }, /a must be a finite number: a=NaN/],
    ["f-gan", { divergence: "chi2" }, /divergence=chi2/],
    ["f-gan", { divergence: "kl", generatorForm: "both" }, /generatorForm=both/],
    ["f-gan:kl", { divergence: "js" }, /must match the name/],
    ["hinge", { name: "minimax" }, /options.name must match/],
  ];
  for (const [name, options, pattern] of rangeErrors) {
    assert.throws(() => ganLoss(name, options), (e: Error) => {
      assert.ok(e instanceof RangeError, `${name} ${JSON.stringify(options)}: ${e}`);
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.throws(
    () => ganLoss("wgan-gp", { lamda: 10 }),
    /option "lamda" is unknown \(did you mean "lambda"\?/,
  );
  assert.throws(() => ganLoss("wgan-gp", { lambda: "10" }), TypeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => ganLoss("hinge", 5 as any), TypeError);
});

Deno.test("losses reject logits of the wrong shape, empty, mismatched in m, or not float32", async () => {
  await useBackend("cpu");
  const loss = ganLoss("non-saturating");
  const ok = tf.zeros([4, 1]);
  const bad: Array<[tf.Tensor, RegExp]> = [
    [
      tf.zeros([4, 2]),
      /realLogits must have shape \[m\] or \[m, 1\] with m > 0: realLogits.shape=\[4, 2\]/,
    ],
    [tf.zeros([0]), /realLogits.shape=\[0\]/],
    [tf.zeros([0, 1]), /realLogits.shape=\[0, 1\]/],
    [tf.scalar(1), /realLogits.shape=\[\]/],
    [tf.zeros([2, 1, 1]), /realLogits.shape=\[2, 1, 1\]/],
    [
      tf.zeros([3, 1]),
      /same number of samples: realLogits.shape=\[3, 1\], fakeLogits.shape=\[4, 1\]/,
    ],
    [tf.zeros([4], "int32"), /realLogits must be float32: realLogits.dtype=int32/],
  ];
  for (const [t, pattern] of bad) {
    assert.throws(() => loss.discriminator(t, ok), (e: Error) => {
      assert.ok(e instanceof TypeError, String(e));
      assert.match(e.message, /^Cannot compute the non-saturating discriminator loss as /);
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.throws(() => loss.generator(tf.zeros([4, 3])), /fakeLogits.shape=\[4, 3\]/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => loss.generator([1, 2] as any), /fakeLogits must be a tf.Tensor/);
  tf.dispose([ok, ...bad.map(([t]) => t)]);
});

Deno.test("every loss factory refuses a misspelt option, naming it and the nearest valid one", () => {
  const cases: Array<[() => unknown, string, string]> = [
    [() => leastSquaresLoss({ foo: 1 } as never), "foo", "a"],
    [
      () => minimaxLoss({ discriminatorscale: 0.5 } as never),
      "discriminatorscale",
      "discriminatorScale",
    ],
    [() => nonSaturatingLoss({ scale: 0.5 } as never), "scale", "discriminatorScale"],
    [() => wassersteinLoss({ clip: 0.1 } as never), "clip", "weightClip"],
    [() => wganGpLoss({ lamda: 5 } as never), "lamda", "lambda"],
    [
      () => fGanLoss({ divergence: "kl", generatorFrom: "saturating" } as never),
      "generatorFrom",
      "generatorForm",
    ],
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
  assert.throws(() => fGanLoss(undefined as never), /options must give a divergence/);
});
