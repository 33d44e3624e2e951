import assert from "node:assert";
import { bilinearGame } from "../../lib/theory/mod.ts";
import { assertClose } from "../_helpers.ts";

Deno.test("bilinearGame(): simultaneous steps spiral out by sqrt(1 + eta^2) per step", () => {
  for (const eta of [0.01, 0.1, 0.5]) {
    const { x, y, radius } = bilinearGame(0.6, -0.8, { steps: 200, stepSize: eta });
    assert.strictEqual(x.length, 201);
    for (let t = 0; t <= 200; t++) {
      assertClose(radius[t], Math.pow(1 + eta * eta, t / 2), { rtol: 1e-12 });
      assertClose(radius[t], Math.hypot(x[t], y[t]), { rtol: 1e-15 });
    }
  }
});

Deno.test("bilinearGame(): simultaneous play circles the equilibrium (angle keeps turning)", () => {
  const { x, y } = bilinearGame(1, 0, { steps: 100, stepSize: 0.1 });
  // each step turns by atan(eta): after 100 steps, ~ 100 * 0.0997 rad = 1.59 turns
  let turned = 0;
  for (let t = 1; t <= 100; t++) {
    let d = Math.atan2(y[t], x[t]) - Math.atan2(y[t - 1], x[t - 1]);
    if (d < -Math.PI) d += 2 * Math.PI;
    turned += d;
  }
  assertClose(turned, 100 * Math.atan(0.1), { rtol: 1e-12 });
});

Deno.test("bilinearGame(): alternating steps stay on a bounded orbit", () => {
  const { radius } = bilinearGame(1, 0, { steps: 5000, stepSize: 0.1, mode: "alternating" });
  // the invariant x^2 + y^2 - eta x y keeps the orbit in a fixed ellipse
  assert.ok(Math.max(...radius) < 1.06 && Math.min(...radius) > 0.94);
});

Deno.test("bilinearGame() rejects bad input naming the argument and value", () => {
  assert.throws(() => bilinearGame(NaN, 0), /x0 must be a finite number: x0=NaN/);
  assert.throws(() => bilinearGame(0, 0, { steps: 1.5 }), /steps=1.5/);
  assert.throws(() => bilinearGame(0, 0, { stepSize: -1 }), /stepSize=-1/);
  assert.throws(() => bilinearGame(0, 0, { mode: "both" as never }), /mode="both"/);
});
