import { checkFinite, checkPositiveInteger, describe } from "./validate.ts";

/** Options of {@linkcode bilinearGame}. */
export interface BilinearGameOptions {
  /** Number of updates. Default 100. */
  steps?: number;
  /** Step size eta of both players. Default 0.1. */
  stepSize?: number;
  /**
   * `"simultaneous"` (both players step from the same point: the outward spiral) or
   * `"alternating"` (y steps after seeing x's new value: a closed orbit). Default
   * `"simultaneous"`.
   */
  mode?: "simultaneous" | "alternating";
}

/** The path of {@linkcode bilinearGame}. */
export interface BilinearGamePath {
  /** x after 0, 1, ..., steps updates. */
  x: number[];
  /** y after 0, 1, ..., steps updates. */
  y: number[];
  /** Distance sqrt(x^2 + y^2) from the equilibrium (0, 0) at each point. */
  radius: number[];
}

/**
 * Gradient play on the smallest saddle-point game, min_x max_y V(x, y) = x y, whose only
 * equilibrium is (0, 0): x descends, y ascends. Simultaneous steps
 * (x, y) <- (x - eta y, y + eta x) multiply the distance to the equilibrium by
 * sqrt(1 + eta^2) each step: an outward spiral, never converging, which is why a GAN's
 * criterion is an equilibrium that plain gradient steps can circle (the note's section 2.2,
 * "convergence is hard to judge"). Alternating steps stay on a bounded closed orbit.
 *
 * @param x0 Starting x, finite.
 * @param y0 Starting y, finite.
 * @param options Steps, step size and update order.
 * @returns The path and its distances to the equilibrium.
 * @throws {TypeError} If `x0` or `y0` is not a finite number.
 * @throws {RangeError} If `steps` is not a positive integer, `stepSize` is not a positive finite
 *   number, or `mode` is unknown.
 *
 * @example Simultaneous play moves away from the equilibrium by sqrt(1 + eta^2) per step
 * ```ts
 * import { bilinearGame } from "./bilinear_game.ts";
 * import assert from "node:assert";
 * const { radius } = bilinearGame(1, 0, { steps: 10, stepSize: 0.5 });
 * assert.ok(Math.abs(radius[10] - Math.pow(1.25, 5)) < 1e-12);
 * ```
 */
export function bilinearGame(
  x0: number,
  y0: number,
  options: BilinearGameOptions = {},
): BilinearGamePath {
  const action = "play the bilinear game";
  checkFinite(x0, "x0", action);
  checkFinite(y0, "y0", action);
  const { steps = 100, stepSize = 0.1, mode = "simultaneous" } = options;
  checkPositiveInteger(steps, "steps", action);
  if (typeof stepSize !== "number" || !(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new RangeError(
      `Cannot ${action} as stepSize must be a positive finite number: stepSize=${
        describe(stepSize)
      }`,
    );
  }
  if (mode !== "simultaneous" && mode !== "alternating") {
    throw new RangeError(
      `Cannot ${action} as mode must be "simultaneous" or "alternating": mode=${describe(mode)}`,
    );
  }
  const path: BilinearGamePath = { x: [x0], y: [y0], radius: [Math.hypot(x0, y0)] };
  let x = x0, y = y0;
  for (let t = 0; t < steps; t++) {
    const nx = x - stepSize * y; // dV/dx = y
    y = y + stepSize * (mode === "simultaneous" ? x : nx); // dV/dy = x
    x = nx;
    path.x.push(x);
    path.y.push(y);
    path.radius.push(Math.hypot(x, y));
  }
  return path;
}
