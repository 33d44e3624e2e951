/** The MNIST reproduction's collapse guard wiring: the CLI flag, the summary line, bad options. */
import assert from "node:assert";
import { parseReproArgs, REPRO_USAGE } from "../../experiments/repro_cli.ts";
import { guardSummary, runMnist } from "../../experiments/mnist.ts";
import type { Mnist } from "../../lib/data/mnist.ts";

Deno.test("the collapse guard is on by default and --no-guard turns it off", () => {
  assert.strictEqual(parseReproArgs([]).mnistGuard, true);
  assert.strictEqual(parseReproArgs(["--no-guard"]).mnistGuard, false);
  assert.match(REPRO_USAGE, /--no-guard +MNIST without the collapse guard \(beyond the paper/);
});

Deno.test("guardSummary says how often the guard fired and what it did", () => {
  assert.strictEqual(guardSummary(true, []), "collapse guard (beyond the paper): fired 0 times");
  assert.strictEqual(guardSummary(false, []), "collapse guard (beyond the paper): off");
  assert.strictEqual(
    guardSummary(true, [{
      restart: 1,
      detectedAt: 2500,
      rolledBackTo: 2000,
      healthy: true,
      seed: 12,
      reason: "spread",
    }]),
    "collapse guard (beyond the paper): fired 1 time: collapse at step 2500 -> rolled back to step 2000, reseeded with 12",
  );
});

Deno.test("runMnist refuses bad guard settings, naming them", async () => {
  // A stand-in data set: the guard's settings are checked before anything trains.
  const x = new Float32Array(1000 * 784);
  const split = { x, n: 1000, dim: 784, labels: new Uint8Array(1000) };
  const mnist = { train: split, validation: split, test: split } as unknown as Mnist;
  const parzen = { centres: 10, test: 10, validation: 10 };
  await assert.rejects(
    runMnist({ quick: true, mnist, parzen, backend: "cpu", guard: { warmup: -1 } }),
    {
      name: "RangeError",
      message: /guard\.warmup must be a non-negative integer: guard\.warmup=-1/,
    },
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    runMnist({ quick: true, mnist, parzen, backend: "cpu", guard: { restarts: 1 } as any }),
    { name: "TypeError", message: /option "guard\.restarts" is unknown/ },
  );
});
