import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend/mod.ts";
import { type Figure, runFigure1 } from "../../experiments/mod.ts";

await initBackend({ backend: "wasm" });

Deno.test("runFigure1() draws panels (a)-(d) from real states with the paper's story", async () => {
  const before = tf.memory().numTensors;
  const panels: number[] = [];
  let records = 0;
  const r = await runFigure1({
    quick: true,
    seed: 0,
    backend: "wasm",
    onStep: () => {
      records++;
    },
    onPanel: (_: Figure, info) => {
      panels.push(info.step);
    },
  });
  const { a, b, c, d } = r.panels;
  assert.strictEqual(r.steps, 600);
  assert.strictEqual(records, 600);
  assert.deepStrictEqual(panels, Array.from({ length: 12 }, (_, i) => 50 * (i + 1)));
  assert.strictEqual(r.history.length, 600);
  // (a): the first state below the threshold, p_g still visibly off
  assert.ok(a.js < 0.3 && a.js > 0.1, `(a) JS=${a.js}`);
  assert.match(a.how, /step \d+/);
  // (b): D alone moves to D*: the weighted error shrinks (0.16 -> 0.046 seen) and G is unchanged
  assert.ok(
    b.meanErrorToOptimal < a.meanErrorToOptimal / 2,
    `${a.meanErrorToOptimal} -> ${b.meanErrorToOptimal}`,
  );
  assert.ok(b.meanErrorToOptimal < 0.08);
  assert.deepStrictEqual(b.gz, a.gz);
  // (c): G's update against that D moves G(z) to where D says "data" (0.41 -> 0.50 seen)
  assert.ok(c.meanDOfG > b.meanDOfG + 0.05, `(c) mean D(G(z)) ${b.meanDOfG} -> ${c.meanDOfG}`);
  assert.deepStrictEqual(c.d, b.d, "(c) leaves D as (b) left it");
  // (d): at the end p_g ~ p_data (0.099 seen) and D ~ 1/2 where the data are (0.10 seen)
  assert.ok(d.js < 0.15, `(d) JS=${d.js}`);
  assert.ok(d.maxErrorToHalf < 0.15, `(d) max |D - 1/2|=${d.maxErrorToHalf}`);
  assert.ok(r.comparison.every((row) => row.ok), JSON.stringify(r.comparison));
  // the stacked figure holds the four panels, each a Plot svg with its arrows
  const svg = r.figure.toSvgString();
  assert.strictEqual(svg.match(/<svg/g)!.length >= 5, true);
  for (const label of ["(a)", "(b)", "(c)", "(d)"]) assert.ok(svg.includes(label));
  assert.strictEqual(tf.memory().numTensors, before, "no tensors left behind");
});

Deno.test("runFigure1() repeats itself exactly with the same seed", async () => {
  const small = { seed: 3, steps: 60, innerSteps: 10, generatorSteps: 2, panelAThreshold: 2 };
  const [r1, r2] = [await runFigure1(small), await runFigure1(small)];
  assert.deepStrictEqual(r1.panels.c.gz, r2.panels.c.gz);
  assert.deepStrictEqual(r1.panels.d.d, r2.panels.d.d);
  assert.deepStrictEqual(r1.history.map((h) => h.dLoss), r2.history.map((h) => h.dLoss));
});

Deno.test("runFigure1() rejects bad options and says when (a) is never reached", async () => {
  await assert.rejects(runFigure1({ steps: 0 }), RangeError);
  // deno-lint-ignore no-explicit-any
  await assert.rejects(runFigure1({ loss: "wgan" as any }), RangeError);
  await assert.rejects(runFigure1({ steps: 10, panelAThreshold: 0 }), /never fell below/);
  const controller = new AbortController();
  await assert.rejects(
    runFigure1({
      steps: 50,
      signal: controller.signal,
      onStep: (r) => {
        if (r.step === 5) controller.abort(new Error("stop here"));
      },
    }),
    /stop here/,
  );
});
