/**
 * Throws a TypeError naming the first key of `options` not in `allowed`, so a
 * misspelt option fails loudly instead of being ignored.
 */
export function checkOptions(
  what: string,
  options: object | undefined,
  allowed: readonly string[],
): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot draw ${what} as options must be an object: options=${options}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `Cannot draw ${what} as option "${key}" is unknown (known: ${allowed.join(", ")}): ${key}=${
          String((options as Record<string, unknown>)[key])
        }`,
      );
    }
  }
}
