import assert from "node:assert";
import fc from "fast-check";
import {
  ganValue,
  jensenShannon,
  optimalDiscriminator,
  virtualTrainingCriterion,
} from "../../lib/theory/mod.ts";
import { assertAllClose, assertClose } from "../_helpers.ts";
import { distributionPair } from "./_arbitraries.ts";

const LOG4 = Math.log(4);

Deno.test("optimalDiscriminator() is p_data / (p_data + p_g), 1/2 off both supports", () => {
  assertAllClose(optimalDiscriminator([0.5, 0.5, 0, 0], [0, 0.25, 0.75, 0]), [1, 2 / 3, 0, 0.5], {
    atol: 1e-15,
  });
  // p_g = p_data gives D* = 1/2 everywhere and C(G) = -log 4 (Theorem 1's global minimum).
  assertAllClose(optimalDiscriminator([0.2, 0.8], [0.2, 0.8]), [0.5, 0.5], { atol: 0 });
  assertClose(virtualTrainingCriterion([0.2, 0.8], [0.2, 0.8]), -LOG4, { atol: 1e-15 });
  assertClose(virtualTrainingCriterion([1, 0], [0, 1]), 0, { atol: 1e-15 });
});

Deno.test("ganValue(D*, G) equals -2 log 2 + JS = C(G), on random pairs", () => {
  fc.assert(
    fc.property(distributionPair(), ([pData, pG]) => {
      const v = ganValue(optimalDiscriminator(pData, pG), pData, pG);
      const c = virtualTrainingCriterion(pData, pG);
      return Math.abs(v - (-2 * Math.LN2 + jensenShannon(pData, pG))) <= 1e-12 &&
        Math.abs(v - c) <= 1e-12;
    }),
    { seed: 1406, numRuns: 1000 },
  );
});

Deno.test("ganValue(D, G) <= ganValue(D*, G) for any discriminator D", () => {
  let strictlyBelow = 0;
  fc.assert(
    fc.property(
      distributionPair(),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
      ([pData, pG], dRaw) => {
        const d = dRaw.slice(0, pData.length);
        const best = ganValue(optimalDiscriminator(pData, pG), pData, pG);
        const v = ganValue(d, pData, pG);
        if (v < best - 1e-9) strictlyBelow++;
        return v <= best + 1e-12;
      },
    ),
    { seed: 1407, numRuns: 1000 },
  );
  assert.ok(strictlyBelow > 900, `only ${strictlyBelow} random D were suboptimal`);
});

Deno.test("ganValue() is -log 4 at D = 1/2 and -Infinity when D is certain and wrong", () => {
  assertClose(ganValue([0.5, 0.5, 0.5], [0.2, 0.3, 0.5], [0.6, 0.4, 0]), -LOG4, { atol: 1e-15 });
  assert.strictEqual(ganValue([0, 0.5], [0.5, 0.5], [0.5, 0.5]), -Infinity);
  assert.strictEqual(ganValue([1, 0.5], [0.5, 0.5], [0.5, 0.5]), -Infinity);
  // Zero mass contributes nothing, whatever D says there (0 log 0 = 0).
  assertClose(ganValue([1, 0], [1, 0], [0, 1]), 0, { atol: 0 });
});
