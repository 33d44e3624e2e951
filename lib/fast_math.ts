/**
 * Fast float math shared by the native backend's kernels and the compiled training step.
 *
 * @module
 */
import { unrolledLoop } from "./unrolled.ts";

/** `64 / ln 2` and `ln 2 / 64` split into a high part with 24 zero low bits and the rest. */
const EXP_SCALE = 64 / Math.LN2;
const [LN2_64_HI, LN2_64_LO] = (() => {
  const hi = new Float64Array([Math.LN2 / 64]);
  new Uint32Array(hi.buffer)[0] &= 0xff000000; // little-endian: the low mantissa word
  return [hi[0], Math.LN2 / 64 - hi[0]];
})();
/** `2^(j/64)`, j = 0..63, and `2^(m - 1100)`: the table method's scale factors. */
const EXP_TABLE = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
const POW2 = Float64Array.from({ length: 2200 }, (_, i) => Math.pow(2, i - 1100));
/** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
const ROUNDER = 6755399441055744;

/**
 * The cpu kernel's `1 / (1 + Math.exp(-x))`, stored to float32, with exp by Tang's table
 * method (2^(k/64) from a table times a degree-6 polynomial on |r| <= ln2/128) instead of
 * `Math.exp`, which costs about 15 ns a call here. The double result is within about 2 ulp of
 * `Math.exp`'s, so the float32 results are identical except when the exact value lies within
 * ~1e-16 of a rounding boundary between two float32s (none in the tests' 4M seeded values);
 * outside [-709, 40] and for NaN, `Math.exp` itself is used.
 */
export function sigmoidTable(x: Float32Array, out: Float32Array): void {
  const table = EXP_TABLE, pow2 = POW2;
  for (let i = 0; i < x.length; i++) {
    const y = -x[i];
    if (y > -40 && y < 709) {
      const kd = (y * EXP_SCALE + ROUNDER) - ROUNDER;
      const r = (y - kd * LN2_64_HI) - kd * LN2_64_LO;
      const k = kd | 0;
      const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
      const t = table[k & 63];
      out[i] = 1 / (1 + (t + t * p) * pow2[(k >> 6) + 1100]);
    } else {
      out[i] = 1 / (1 + Math.exp(y));
    }
  }
}

/**
 * tfjs's max gradient over groups of `k` adjacent values (maxout's pieces):
 * `out[r * k + i] = dy[r] * (x[r * k + i] === y[r] ? 1 : 0)`, each product rounded as the cpu
 * Multiply kernel does (Float32Arrays only: monomorphic accesses).
 */
export function maxGradRows(
  dy: Float32Array,
  x: Float32Array,
  y: Float32Array,
  k: number,
  out: Float32Array,
): void {
  const unrolled = unrolledMaxGrad(k);
  if (unrolled !== null) return unrolled(dy, x, y, out);
  for (let r = 0, base = 0; r < y.length; r++, base += k) {
    const g = dy[r], m = y[r];
    // Number(bool) has no branch; g * 0 keeps the sign (and NaN) as the cpu product does.
    for (let i = base; i < base + k; i++) out[i] = g * Number(x[i] === m);
  }
}

type MaxGradLoop = (dy: Float32Array, x: Float32Array, y: Float32Array, out: Float32Array) => void;
const maxGradLoops = new Map<number, MaxGradLoop>();

/**
 * {@linkcode maxGradRows}' loop unrolled for `k` in [2, 16] (maxout's pieces): 2-3x faster in
 * V8 than an inner loop of k iterations. Null for other k.
 */
function unrolledMaxGrad(k: number): MaxGradLoop | null {
  return unrolledLoop(maxGradLoops, k, ["dy", "x", "y", "out"], (k) => {
    const pieces = Array.from(
      { length: k },
      (_, p) => `out[i + ${p}] = g * Number(x[i + ${p}] === m);`,
    ).join("\n");
    return `for (let r = 0, i = 0; r < y.length; r++, i += ${k}) {
      const g = dy[r], m = y[r];
      ${pieces}
    }`;
  });
}
