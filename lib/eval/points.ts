import type { Points2d } from "../data/mixture_2d.ts";

/** Flattens and checks 2-D points: non-empty, pairs, finite. `name`/`action` build errors. */
export function flattenPoints(points: Points2d, name: string, action: string): Float64Array {
  if (points == null || typeof (points as ArrayLike<unknown>).length !== "number") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be an array of points: ${name}=${String(points)}`,
    );
  }
  const n = points.length;
  if (n === 0) {
    throw new RangeError(`Cannot ${action} as ${name} must not be empty: ${name}.length=0`);
  }
  let flat: Float64Array;
  if (typeof points[0] === "number") {
    if (n % 2 !== 0) {
      throw new RangeError(
        `Cannot ${action} as interleaved ${name} must have even length: ${name}.length=${n}`,
      );
    }
    flat = Float64Array.from(points as ArrayLike<number>);
  } else {
    flat = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const p = (points as ArrayLike<ArrayLike<number>>)[i];
      if (!p || p.length !== 2) {
        throw new RangeError(
          `Cannot ${action} as ${name} must hold 2-D points: ${name}[${i}]=${JSON.stringify(p)}`,
        );
      }
      flat[2 * i] = p[0];
      flat[2 * i + 1] = p[1];
    }
  }
  const bad = flat.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be finite: value ${flat[bad]} at flat index ${bad}`,
    );
  }
  return flat;
}
