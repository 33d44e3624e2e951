import assert from "node:assert";
import { jensenShannon, lemmaG, lemmaL } from "../../lib/theory/mod.ts";
import { assertClose } from "../_helpers.ts";

Deno.test("lemmaL() sums to JS and is homogeneous, zero only at p = q", () => {
  const p = [0.1, 0.6, 0.3, 0], q = [0.4, 0.2, 0, 0.4];
  const sum = p.reduce((s, v, i) => s + lemmaL(v, q[i]), 0);
  assertClose(sum, jensenShannon(p, q), { atol: 1e-15 });
  assertClose(lemmaL(3, 5), 3 * Math.log(6 / 8) + 5 * Math.log(10 / 8), { rtol: 1e-14 });
  assertClose(lemmaL(0.6, 1), lemmaL(6, 10) / 10, { rtol: 1e-14 });
  assert.strictEqual(lemmaL(0.7, 0.7), 0);
  assert.strictEqual(lemmaL(2, 0), 2 * Math.LN2);
});

Deno.test("lemmaG() is increasing on (0, 1) and on (1, inf)", () => {
  const check = (xs: number[]) => {
    for (let i = 1; i < xs.length; i++) {
      assert.ok(lemmaG(xs[i]) > lemmaG(xs[i - 1]), `g(${xs[i - 1]}) >= g(${xs[i]})`);
    }
  };
  // 2000 points on each piece, denser near the ends.
  check(Array.from({ length: 2000 }, (_, i) => ((i + 1) / 2001) ** 2));
  check(Array.from({ length: 2000 }, (_, i) => 1 - ((i + 1) / 2001) ** 2).reverse());
  check(Array.from({ length: 2000 }, (_, i) => 1 + Math.pow(10, -6 + (i * 12) / 1999)));
});

Deno.test("lemmaG() has limits sqrt(log 2) at 0+, 0 at inf, +1 at 1- and -1 at 1+", () => {
  assertClose(lemmaG(0), Math.sqrt(Math.LN2), { atol: 1e-15 });
  assertClose(lemmaG(1e-12), Math.sqrt(Math.LN2), { atol: 1e-10 });
  // Near x = 1: g = -/+ (1 - O(|x - 1|)), the L-series keeps it accurate.
  for (const h of [1e-4, 1e-8, 1e-12]) {
    assertClose(lemmaG(1 - h), 1, { atol: 2 * h + 1e-12, msg: `1-${h}` });
    assertClose(lemmaG(1 + h), -1, { atol: 2 * h + 1e-12, msg: `1+${h}` });
  }
  // g(x) ~ -log x / sqrt(x log 2) -> 0 slowly.
  assert.ok(Math.abs(lemmaG(1e12)) < 1e-4);
  assert.ok(Math.abs(lemmaG(1e300)) < 1e-140);
  assert.ok(lemmaG(1e300) < 0);
});
