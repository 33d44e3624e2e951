/** Shared argument checks for the plot factories. */
import type { Points2d } from "../../data/mixture_2d.ts";

/** Checks a finite numeric array; returns it as number[]. */
export function finiteArray(
  what: string,
  name: string,
  values: unknown,
  length?: number,
): number[] {
  if (
    values === null || typeof values !== "object" ||
    typeof (values as ArrayLike<number>).length !== "number"
  ) {
    throw new TypeError(
      `Cannot draw ${what} as ${name} must be an array of numbers: ${name}=${values}`,
    );
  }
  const arr = Array.from(values as ArrayLike<number>);
  if (length !== undefined && arr.length !== length) {
    throw new RangeError(
      `Cannot draw ${what} as ${name} must have length ${length}: ${name}.length=${arr.length}`,
    );
  }
  const bad = arr.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot draw ${what} as ${name} holds a non-finite value at ${bad}: value=${arr[bad]}`,
    );
  }
  return arr;
}

/** Checks and converts {@linkcode Points2d} to pairs. */
export function toPairs(what: string, name: string, points: Points2d): Array<[number, number]> {
  if (points === null || typeof points !== "object" || typeof points.length !== "number") {
    throw new TypeError(`Cannot draw ${what} as ${name} must be points: ${name}=${points}`);
  }
  if (points.length > 0 && typeof points[0] === "object" && points[0] !== null) {
    const pairs = Array.from(
      points as ArrayLike<ArrayLike<number>>,
      (p) =>
        p !== null && typeof p === "object" && typeof p.length === "number" ? Array.from(p) : p,
    );
    pairs.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) {
        throw new TypeError(
          `Cannot draw ${what} as ${name}[${i}] must be an [x, y] pair: value=${JSON.stringify(p)}`,
        );
      }
    });
    const flat = finiteArray(what, name, (pairs as number[][]).flat());
    return pairs.map((_, i) => [flat[2 * i], flat[2 * i + 1]]);
  }
  const flat = finiteArray(what, name, points);
  if (flat.length % 2 !== 0) {
    throw new RangeError(
      `Cannot draw ${what} as a flat ${name} needs an even length: length=${flat.length}`,
    );
  }
  return Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
}
