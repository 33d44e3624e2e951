import { checkPositiveInt } from "./rows.ts";

/**
 * `num` numbers evenly spaced in log10 between 10^start and 10^stop (numpy's `logspace`).
 *
 * @param start log10 of the first value.
 * @param stop log10 of the last value.
 * @param num How many values, a positive integer.
 * @returns The values, ascending when `start < stop`.
 *
 * @example The paper's sigma grid
 * ```ts
 * import { logspace } from "./logspace.ts";
 * import assert from "node:assert";
 * const s = logspace(-1, 0, 10);
 * assert.strictEqual(s.length, 10);
 * assert.ok(Math.abs(s[0] - 0.1) < 1e-15 && s[9] === 1);
 * ```
 */
export function logspace(start: number, stop: number, num: number): number[] {
  checkPositiveInt(num, "num", "build a logspace");
  if (num === 1) return [10 ** start];
  return Array.from({ length: num }, (_, i) => 10 ** (start + ((stop - start) * i) / (num - 1)));
}
