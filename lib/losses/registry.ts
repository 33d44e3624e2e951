import type { GanLoss } from "./types.ts";
import { minimaxLoss, nonSaturatingLoss } from "./minimax.ts";
import { F_GAN_DIVERGENCES, type FGanDivergence, fGanLoss } from "./f_gan.ts";
import { wassersteinLoss } from "./wasserstein.ts";
import { wganGpLoss } from "./gradient_penalty.ts";
import { leastSquaresLoss } from "./least_squares.ts";
import { hingeLoss } from "./hinge.ts";
import { checkOptions } from "../validate.ts";

interface RegistryEntry {
  keys: readonly string[];
  build(options: Record<string, unknown>): GanLoss;
}

// Options are checked by each factory; the casts only hand them over.
// deno-lint-ignore no-explicit-any
type AnyOptions = any;

const REGISTRY: Readonly<Record<string, RegistryEntry>> = {
  "minimax": { keys: ["discriminatorScale"], build: (o: AnyOptions) => minimaxLoss(o) },
  "non-saturating": {
    keys: ["discriminatorScale"],
    build: (o: AnyOptions) => nonSaturatingLoss(o),
  },
  "wasserstein": { keys: ["weightClip"], build: (o: AnyOptions) => wassersteinLoss(o) },
  "wgan-gp": { keys: ["lambda"], build: (o: AnyOptions) => wganGpLoss(o) },
  "least-squares": { keys: ["a", "b", "c"], build: (o: AnyOptions) => leastSquaresLoss(o) },
  "hinge": { keys: [], build: () => hingeLoss() },
  "f-gan": { keys: ["divergence", "generatorForm"], build: (o: AnyOptions) => fGanLoss(o) },
};

/**
 * The names {@linkcode ganLoss} knows, in a stable order. `"f-gan"` also
 * comes as `"f-gan:<divergence>"`, e.g. `"f-gan:kl"`.
 */
export const GAN_LOSS_NAMES: readonly string[] = Object.freeze(Object.keys(REGISTRY));

function unknownName(name: unknown): RangeError {
  const fNames = F_GAN_DIVERGENCES.map((d) => `f-gan:${d}`).join(", ");
  return new RangeError(
    `Cannot build a GAN loss as name must be one of ${GAN_LOSS_NAMES.join(", ")} ` +
      `(or ${fNames}): name=${String(name)}`,
  );
}

/**
 * Builds a GAN loss by name, so configs and checkpoints can name their
 * objective: `ganLoss(json.name, json)` rebuilds a loss from its `toJSON()`.
 *
 * Names: `"minimax"`, `"non-saturating"` ({@linkcode minimaxLoss} options),
 * `"wasserstein"` (`weightClip`), `"wgan-gp"` (`lambda`), `"least-squares"`
 * (`a`, `b`, `c`), `"hinge"`, `"f-gan"` (`divergence`, `generatorForm`; also
 * spelled `"f-gan:kl"` etc., which sets `divergence`).
 *
 * @param name One of {@linkcode GAN_LOSS_NAMES}, or `"f-gan:<divergence>"`.
 * @param options The loss's options (see each factory); a `name` key equal to
 *   `name` or to the built loss's name is ignored, so `toJSON()` output can be
 *   passed back.
 * @returns A fresh {@linkcode GanLoss}.
 * @throws {RangeError} If `name` is unknown (the message lists the known names),
 *   an option is out of range, or `options` contradicts `name`.
 * @throws {TypeError} If `options` has an unknown key or a value of the wrong type.
 *
 * @example Rebuild a loss from its JSON
 * ```ts
 * import assert from "node:assert";
 * import { ganLoss } from "./registry.ts";
 * const json = ganLoss("f-gan:kl").toJSON();
 * assert.deepStrictEqual(json, { name: "f-gan:kl", divergence: "kl", generatorForm: "saturating" });
 * assert.deepStrictEqual(ganLoss(json.name as string, json).toJSON(), json);
 * ```
 */
export function ganLoss(name: string, options: Record<string, unknown> = {}): GanLoss {
  if (typeof name !== "string") throw unknownName(name);
  let base = name;
  let implied: Record<string, unknown> = {};
  if (name.startsWith("f-gan:")) {
    base = "f-gan";
    implied = { divergence: name.slice("f-gan:".length) as FGanDivergence };
  }
  const entry = Object.hasOwn(REGISTRY, base) ? REGISTRY[base] : undefined;
  if (!entry) throw unknownName(name);
  const record: Record<string, unknown> = checkOptions(
    options,
    [...entry.keys, "name"],
    `build GAN loss "${name}"`,
  );
  if (implied.divergence !== undefined && record.divergence !== undefined) {
    if (record.divergence !== implied.divergence) {
      throw new RangeError(
        `Cannot build GAN loss "${name}" as options.divergence must match the name: ` +
          `divergence=${String(record.divergence)}`,
      );
    }
  }
  const rest: Record<string, unknown> = { ...record, ...implied };
  delete rest.name;
  const loss = entry.build(rest);
  if (record.name !== undefined && record.name !== name && record.name !== loss.name) {
    throw new RangeError(
      `Cannot build GAN loss "${name}" as options.name must match it: options.name=${
        String(record.name)
      }`,
    );
  }
  return loss;
}
