/**
 * Seeded randomness: a small, fast xoshiro128** generator with explicit,
 * saveable state, and independent named streams (noise, data order, init).
 *
 * Everything random in this package draws from an {@linkcode Rng} passed in
 * explicitly, so the same seed gives the same numbers on every backend: the
 * draws happen in JavaScript, not in a backend's kernels.
 *
 * @module
 */

/** The saved state of an {@linkcode Rng}: four 32-bit words (xoshiro128**). */
export type RngState = readonly [number, number, number, number];

/** Throws unless `seed` is a finite integer (the argument is named in the error). */
export function checkSeed(seed: unknown, name = "seed"): number {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new TypeError(
      `Cannot seed a generator as ${name} must be a finite integer: ${name}=${String(seed)}`,
    );
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`Cannot seed a generator as ${name} must be an integer: ${name}=${seed}`);
  }
  return seed;
}

// splitmix32: spreads one 32-bit value into well-mixed words for seeding.
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string to 32 bits, used to name streams. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/**
 * A xoshiro128** pseudo-random generator (Blackman & Vigna 2018): period
 * 2^128 - 1, 32-bit outputs, state of four uint32 words that can be saved
 * with {@linkcode Rng.prototype.state} and restored with
 * {@linkcode Rng.fromState}.
 *
 * @example Same seed, same numbers
 * ```ts
 * import { Rng } from "./random.ts";
 * import assert from "node:assert";
 * const a = new Rng(42), b = new Rng(42);
 * assert.strictEqual(a.next(), b.next());
 * ```
 */
export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * Seeds the generator from an integer (any finite integer; values beyond
   * 32 bits are folded in through their high word).
   *
   * @param seed A finite integer.
   * @throws {TypeError} If `seed` is not a finite number.
   * @throws {RangeError} If `seed` is not an integer.
   */
  constructor(seed: number) {
    checkSeed(seed);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    let x = lo ^ Math.imul(hi, 0x27d4eb2d);
    this.#s0 = x = splitmix32(x);
    this.#s1 = x = splitmix32(x ^ hi);
    this.#s2 = x = splitmix32(x);
    this.#s3 = splitmix32(x);
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s3 = 1;
  }

  /**
   * Restores a generator from a state saved by {@linkcode Rng.prototype.state}.
   *
   * @param state Four uint32 words, not all zero.
   * @returns A generator that continues exactly where the saved one was.
   * @throws {RangeError} If the state is not four uint32 words or is all zero.
   */
  static fromState(state: RngState | readonly number[]): Rng {
    if (
      !Array.isArray(state) || state.length !== 4 ||
      !state.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32)
    ) {
      throw new RangeError(
        `Cannot restore a generator as state must be four uint32 words: state=${
          JSON.stringify(state)
        }`,
      );
    }
    if (state.every((w) => w === 0)) {
      throw new RangeError(
        "Cannot restore a generator as state must not be all zero: state=[0,0,0,0]",
      );
    }
    const rng = new Rng(0);
    [rng.#s0, rng.#s1, rng.#s2, rng.#s3] = state;
    return rng;
  }

  /** The current state, to save and later pass to {@linkcode Rng.fromState}. */
  state(): RngState {
    return [this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0];
  }

  /** A copy that continues independently from the same state. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /**
   * Fills `out` with the next `out.length` 32-bit unsigned integers: the same values as as many
   * {@linkcode Rng.prototype.nextUint32} calls, several times faster (the state stays in
   * registers).
   *
   * @param out The array to fill.
   * @returns `out`.
   */
  fillUint32(out: Uint32Array): Uint32Array {
    let s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(s1, 5);
      out[i] = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      const n2 = s2 ^ s0;
      const n3 = s3 ^ s1;
      s1 ^= n2;
      s0 ^= n3;
      s2 = n2 ^ t;
      s3 = (n3 << 11) | (n3 >>> 21);
    }
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#s3 = s3;
    return out;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.#s1 = s1 ^ n2;
    this.#s0 = s0 ^ n3;
    this.#s2 = n2 ^ t;
    this.#s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** A float64 uniform on [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A float64 uniform on the open interval (0, 1), safe for logarithms. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`Cannot draw an integer as n must be an integer in [1, 2^32]: n=${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Fills `out` with standard normal draws (Box-Muller on pairs of uniforms;
   * no cached spare, so the state alone determines the future).
   */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(this.nextOpen()));
      const theta = 2 * Math.PI * this.next();
      out[i] = r * Math.cos(theta);
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta);
    }
    return out;
  }

  /** One standard normal draw (uses two uniforms, discards the spare). */
  normal(): number {
    const r = Math.sqrt(-2 * Math.log(this.nextOpen()));
    return r * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1 as an Int32Array. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * A new generator for the stream named `name`, seeded from this one's next
   * output mixed with the name's hash: streams with different names are
   * statistically independent, and deriving them advances this generator.
   */
  fork(name: string): Rng {
    const h = hashString(name);
    const rng = new Rng(0);
    rng.#s0 = splitmix32(this.nextUint32() ^ h);
    rng.#s1 = splitmix32(this.nextUint32() ^ rng.#s0);
    rng.#s2 = splitmix32(this.nextUint32() ^ rng.#s1);
    rng.#s3 = splitmix32(this.nextUint32() ^ rng.#s2) | 1;
    return rng;
  }
}

/** Independent generators for the three sources of randomness in training. */
export interface RngStreams {
  /** Draws the generator's noise z ~ P_z. */
  noise: Rng;
  /** Orders the training data (shuffling, minibatch sampling). */
  data: Rng;
  /** Initialises weights (and dropout masks). */
  init: Rng;
}

/**
 * Derives the independent `noise`, `data` and `init` streams from one seed.
 *
 * @param seed A finite integer.
 * @returns Fresh generators; the same seed always gives the same streams.
 * @throws {TypeError | RangeError} If `seed` is not a finite integer.
 *
 * @example
 * ```ts
 * import { rngStreams } from "./random.ts";
 * import assert from "node:assert";
 * const s = rngStreams(1);
 * assert.notStrictEqual(s.noise.next(), s.data.next());
 * ```
 */
export function rngStreams(seed: number): RngStreams {
  const root = new Rng(seed);
  return { noise: root.fork("noise"), data: root.fork("data"), init: root.fork("init") };
}
