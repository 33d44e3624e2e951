/**
 * Input checks shared by the GAN losses, run once at their public boundary.
 * Messages follow `Cannot <action> as <what> must <rule>: <arg>=<value>`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions } from "../validate.ts";

function shapeText(t: tf.Tensor): string {
  return `[${t.shape.join(", ")}]`;
}

/**
 * Checks that `t` is a float32 tensor of shape `[m]` or `[m, 1]` with `m > 0`
 * (one logit per sample) and returns `m`.
 */
export function checkLogits(t: unknown, arg: string, action: string): number {
  if (!(t instanceof tf.Tensor)) {
    throw new TypeError(`Cannot ${action} as ${arg} must be a tf.Tensor: ${arg}=${String(t)}`);
  }
  if (t.dtype !== "float32") {
    throw new TypeError(`Cannot ${action} as ${arg} must be float32: ${arg}.dtype=${t.dtype}`);
  }
  const ok = (t.rank === 1 || (t.rank === 2 && t.shape[1] === 1)) && t.shape[0] > 0;
  if (!ok) {
    throw new TypeError(
      `Cannot ${action} as ${arg} must have shape [m] or [m, 1] with m > 0: ` +
        `${arg}.shape=${shapeText(t)}`,
    );
  }
  return t.shape[0];
}

/** Checks both logit batches and that they hold the same number of samples. */
export function checkLogitPair(real: unknown, fake: unknown, action: string): void {
  const m = checkLogits(real, "realLogits", action);
  const n = checkLogits(fake, "fakeLogits", action);
  if (m !== n) {
    throw new TypeError(
      `Cannot ${action} as realLogits and fakeLogits must hold the same number of samples: ` +
        `realLogits.shape=${shapeText(real as tf.Tensor)}, ` +
        `fakeLogits.shape=${shapeText(fake as tf.Tensor)}`,
    );
  }
}

/** Checks that an option is a finite number (optionally `> 0` or `>= 0`). */
export function checkNumberOption(
  value: unknown,
  arg: string,
  action: string,
  sign: "any" | "positive" | "non-negative" = "any",
): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as ${arg} must be a number: ${arg}=${String(value)}`);
  }
  const ok = Number.isFinite(value) &&
    (sign === "any" || (sign === "positive" ? value > 0 : value >= 0));
  if (!ok) {
    const rule = sign === "any" ? "a finite number" : `a ${sign} finite number`;
    throw new RangeError(`Cannot ${action} as ${arg} must be ${rule}: ${arg}=${value}`);
  }
  return value;
}

/**
 * Checks a loss factory's options: an object whose keys are all in `known`
 * (the shared {@linkcode checkOptions}), then returns it (`{}` for undefined).
 */
export function checkLossOptions<T extends object>(
  options: T | undefined,
  known: readonly string[],
  name: string,
): T {
  return checkOptions(options, known, `build GAN loss "${name}"`);
}
