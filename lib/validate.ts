/**
 * Checks of options objects shared by every public function that takes one: unknown keys
 * are refused (with the nearest valid key), numbers are range-checked. Messages follow
 * `Cannot <action> as <what> must <rule>: <name>=<value>`.
 *
 * @module
 */

/**
 * Common other names of an option, normalised (lower case, no `_`/`-`), mapped to this
 * library's name. Used only to suggest a key when the library's name is a valid one.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  learningrate: "lr",
  learnrate: "lr",
  rate: "lr",
  stddev: "std",
  stdev: "std",
  sdev: "std",
  sd: "std",
  sigma: "std",
  standarddeviation: "std",
  batch: "batchSize",
};

const normalise = (key: string) => key.toLowerCase().replace(/[_\- ]/g, "");

/** Edit distance (insertions, deletions, substitutions) between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The valid key closest to a misspelt one: same key up to case, `_` and `-`; then a common
 * synonym (`learning_rate` -> `lr`, `stddev` -> `std`); then a valid key containing it or
 * contained in it (`bias` -> `outputBias`); then the smallest edit distance.
 *
 * @param key The unknown key.
 * @param known The valid keys.
 * @returns The nearest valid key, or undefined when `known` is empty.
 *
 * @example
 * ```ts
 * import { nearestKey } from "./validate.ts";
 * import assert from "node:assert";
 * assert.strictEqual(nearestKey("hiden", ["hidden", "seed"]), "hidden");
 * assert.strictEqual(nearestKey("learning_rate", ["lr", "beta1"]), "lr");
 * ```
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = normalise(key);
  const exact = known.find((k) => normalise(k) === wanted);
  if (exact !== undefined) return exact;
  const synonym = SYNONYMS[wanted];
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  // A part of a valid key (bias -> outputBias) or a valid key with extra letters (dropouts).
  const part = wanted.length >= 3
    ? known.find((k) => {
      const valid = normalise(k);
      return valid.includes(wanted) || (valid.length >= 3 && wanted.includes(valid));
    })
    : undefined;
  if (part !== undefined) return part;
  let best: string | undefined, bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `known`, so a
 * misspelt option fails loudly instead of being ignored.
 *
 * @param options The options object as passed (undefined means "no options").
 * @param known The valid keys.
 * @param action What was being done, for the message: `Cannot <action> as ...`.
 * @param prefix Put before the key in the message, for a nested object, e.g. `"dropout."`.
 * @returns `options`, or `{}` when it is undefined.
 * @throws {TypeError} When `options` is not an object (null, a number, an array), or has a
 *   key not in `known`; the message names the key, the nearest valid one and all of them.
 *
 * @example A misspelt key
 * ```ts
 * import { checkOptions } from "./validate.ts";
 * import assert from "node:assert";
 * assert.throws(
 *   () => checkOptions({ hiden: [8] }, ["hidden", "seed"], "build an MLP"),
 *   /option "hiden" is unknown \(did you mean "hidden"\?/,
 * );
 * ```
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  known: readonly string[],
  action: string,
  prefix = "",
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const name = prefix ? prefix.slice(0, -1) : "options";
    const shown = Array.isArray(options) ? "[array]" : String(options);
    throw new TypeError(`Cannot ${action} as ${name} must be an object: ${name}=${shown}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const nearest = nearestKey(key, known);
    const hint = nearest === undefined
      ? "it takes no options"
      : `did you mean "${nearest}"? known: ${known.join(", ")}`;
    throw new TypeError(
      `Cannot ${action} as option "${prefix}${key}" is unknown (${hint}): ${prefix}${key}=${
        show((options as Record<string, unknown>)[key])
      }`,
    );
  }
  return options;
}

function show(value: unknown): string {
  if (Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return "[array]";
    }
  }
  return String(value);
}

/** Bounds for {@linkcode checkNumber}: each end inclusive unless said otherwise. */
export interface NumberRange {
  /** Smallest allowed value (default -Infinity). */
  min?: number;
  /** Largest allowed value (default Infinity). */
  max?: number;
  /** Whether `min` itself is excluded (default false). */
  minExclusive?: boolean;
  /** Whether `max` itself is excluded (default false). */
  maxExclusive?: boolean;
  /** Whether the value must be an integer (default false). */
  integer?: boolean;
}

/**
 * Checks that `value` is a finite number (an integer if asked) within `range`.
 *
 * @param value The value to check.
 * @param name Its name in the message, e.g. `momentum` or `hidden[1]`.
 * @param action What was being done: `Cannot <action> as ...`.
 * @param range Bounds and integrality.
 * @returns `value`, typed as a number.
 * @throws {TypeError} When `value` is not a number.
 * @throws {RangeError} When it is not finite, not an integer when asked, or out of range.
 *
 * @example Momentum in [0, 1)
 * ```ts
 * import { checkNumber } from "./validate.ts";
 * import assert from "node:assert";
 * const range = { min: 0, max: 1, maxExclusive: true };
 * assert.strictEqual(checkNumber(0.5, "momentum", "build an optimizer", range), 0.5);
 * assert.throws(() => checkNumber(2, "momentum", "build an optimizer", range), /in \[0, 1\): momentum=2/);
 * ```
 */
export function checkNumber(
  value: unknown,
  name: string,
  action: string,
  range: NumberRange = {},
): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as ${name} must be a number: ${name}=${show(value)}`);
  }
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = range;
  const low = minExclusive ? value > min : value >= min;
  const high = maxExclusive ? value < max : value <= max;
  const integral = !range.integer || Number.isInteger(value);
  if (Number.isFinite(value) && low && high && integral) return value;
  throw new RangeError(`Cannot ${action} as ${name} must be ${describe(range)}: ${name}=${value}`);
}

function describe(range: NumberRange): string {
  const kind = range.integer ? "an integer" : "a finite number";
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${range.minExclusive ? "(" : "["}${min}, ${max}${
      range.maxExclusive ? ")" : "]"
    }`;
  }
  if (min !== undefined) return `${kind} ${range.minExclusive ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${kind} ${range.maxExclusive ? "<" : "<="} ${max}`;
  return kind;
}

/**
 * Checks that `value` is a positive integer (a size, a count, a dimension).
 *
 * @param value The value to check.
 * @param name Its name in the message.
 * @param action What was being done: `Cannot <action> as ...`.
 * @returns `value`, typed as a number.
 * @throws {RangeError} When `value` is not an integer >= 1.
 *
 * @example
 * ```ts
 * import { checkPositiveInt } from "./validate.ts";
 * import assert from "node:assert";
 * assert.throws(() => checkPositiveInt(0, "side", "build a grid"), /side=0/);
 * ```
 */
export function checkPositiveInt(value: unknown, name: string, action: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a positive integer: ${name}=${show(value)}`,
    );
  }
  return value;
}
