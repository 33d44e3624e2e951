/** Shared argument checks for the plot factories. */

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

/** 2-D points: an array of [x, y] pairs or a flat [x0, y0, x1, y1, ...] array (as `await t.data()` of an [n, 2] tensor gives). */
export type Points2D = ArrayLike<readonly [number, number]> | ArrayLike<number>;

/** Checks and converts {@linkcode Points2D} to pairs. */
export function toPairs(what: string, name: string, points: Points2D): Array<[number, number]> {
  if (points === null || typeof points !== "object" || typeof points.length !== "number") {
    throw new TypeError(`Cannot draw ${what} as ${name} must be points: ${name}=${points}`);
  }
  if (points.length > 0 && Array.isArray(points[0])) {
    const pairs = Array.from(points as ArrayLike<readonly number[]>);
    pairs.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) {
        throw new TypeError(
          `Cannot draw ${what} as ${name}[${i}] must be an [x, y] pair: value=${JSON.stringify(p)}`,
        );
      }
    });
    const flat = finiteArray(what, name, pairs.flat());
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
