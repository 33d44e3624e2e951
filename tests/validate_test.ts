import assert from "node:assert";
import { checkNumber, checkOptions, checkPositiveInt, nearestKey } from "../lib/validate.ts";

Deno.test("nearestKey() finds case/underscore variants, synonyms, then the closest spelling", () => {
  assert.strictEqual(nearestKey("batchsize", ["batchSize", "k", "seed"]), "batchSize");
  assert.strictEqual(nearestKey("learning_rate", ["lr", "beta1", "beta2", "epsilon"]), "lr");
  assert.strictEqual(nearestKey("learningRate", ["lr", "decay", "momentum"]), "lr");
  assert.strictEqual(nearestKey("stddev", ["mean", "std"]), "std");
  assert.strictEqual(nearestKey("hiden", ["inputShape", "hidden", "seed"]), "hidden");
  assert.strictEqual(
    nearestKey("outputActivaton", ["activation", "outputActivation"]),
    "outputActivation",
  );
  assert.strictEqual(nearestKey("size", ["side", "spacing", "std"]), "side");
  assert.strictEqual(nearestKey("foo", []), undefined);
});

Deno.test("checkOptions() names the unknown key, the nearest valid one and all of them", () => {
  assert.throws(
    () => checkOptions({ lr: 1, learning_rate: 1 }, ["lr", "beta1"], "build optimizer adam"),
    (e: Error) => {
      assert.ok(e instanceof TypeError);
      assert.strictEqual(
        e.message,
        'Cannot build optimizer adam as option "learning_rate" is unknown ' +
          '(did you mean "lr"? known: lr, beta1): learning_rate=1',
      );
      return true;
    },
  );
  assert.throws(() => checkOptions({ foo: 1 }, [], 'build GAN loss "hinge"'), /takes no options/);
  assert.throws(
    () => checkOptions({ inputt: 0.2 }, ["input", "hidden"], "build an MLP", "dropout."),
    /option "dropout.inputt" is unknown \(did you mean "input"\?/,
  );
});

Deno.test("checkOptions() accepts undefined and known keys, refuses null, arrays and numbers", () => {
  assert.deepStrictEqual(checkOptions(undefined, ["a"], "x"), {});
  const options = { a: 1 };
  assert.strictEqual(checkOptions(options, ["a", "b"], "x"), options);
  for (const bad of [null, [1], 3, "a"]) {
    assert.throws(
      () => checkOptions(bad as never, ["a"], "do x"),
      /Cannot do x as options must be an object/,
    );
  }
});

Deno.test("checkNumber() and checkPositiveInt() say the rule and the value", () => {
  const unit = { min: 0, max: 1, maxExclusive: true };
  assert.strictEqual(checkNumber(0, "momentum", "x", unit), 0);
  assert.throws(
    () => checkNumber(1, "momentum", "x", unit),
    /momentum must be a finite number in \[0, 1\): momentum=1/,
  );
  assert.throws(
    () => checkNumber(NaN, "std", "x", { min: 0, minExclusive: true }),
    /std must be a finite number > 0: std=NaN/,
  );
  assert.throws(() => checkNumber("1", "std", "x"), TypeError);
  assert.throws(
    () => checkNumber(1.5, "n", "x", { integer: true, min: 1 }),
    /an integer >= 1: n=1.5/,
  );
  assert.strictEqual(checkPositiveInt(3, "side", "x"), 3);
  assert.throws(
    () => checkPositiveInt(0, "side", "build a grid"),
    /Cannot build a grid as side must be a positive integer: side=0/,
  );
});
