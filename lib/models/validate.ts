/** Argument checks shared by the model builders (internal). */

/** Throws a `RangeError` unless `value` is a positive integer. */
export function checkPositiveInt(value: unknown, name: string, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot ${what} as ${name} must be a positive integer: ${name}=${String(value)}`,
    );
  }
  return value;
}

/** Throws unless `shape` is a non-empty array of positive integers. */
export function checkShape(shape: unknown, name: string, what: string): number[] {
  if (
    !Array.isArray(shape) || shape.length === 0 ||
    !shape.every((d) => typeof d === "number" && Number.isInteger(d) && d > 0)
  ) {
    throw new RangeError(
      `Cannot ${what} as ${name} must be a non-empty array of positive integers: ${name}=${
        JSON.stringify(shape)
      }`,
    );
  }
  return shape as number[];
}

/** Throws a `RangeError` unless `value` is a number in [0, 1). */
export function checkRate(value: unknown, name: string, what: string): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new RangeError(`Cannot ${what} as ${name} must be in [0, 1): ${name}=${String(value)}`);
  }
  return value;
}

/** The product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
