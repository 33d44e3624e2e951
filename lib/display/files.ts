import { dirname, join } from "node:path";
import { Figure, type SvgNode } from "./figure.ts";
import { SampleGrid } from "./grid.ts";

/**
 * Writes a file atomically: the bytes go to a temporary file in the same
 * directory, which is then renamed over `path`, so readers never see a
 * half-written file. The temporary file is removed on failure.
 *
 * @param path Destination path.
 * @param data Text (UTF-8) or bytes.
 * @returns A promise resolved once the file is in place.
 * @throws {Deno.errors.NotFound} When the directory does not exist (the message names `path`
 *   and the missing directory, not the temporary file); other I/O errors likewise name `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const dir = dirname(path);
  const tmp = join(dir, `.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    // The error names the hidden temporary file: say which file was being written instead.
    if (err instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot write ${path} as its directory does not exist: ${dir}`,
        { cause: err },
      );
    }
    if (err instanceof Error) {
      const Kind = err.constructor as new (message: string, options?: ErrorOptions) => Error;
      throw new Kind(`Cannot write ${path}: ${err.message.replaceAll(tmp, path)}`, { cause: err });
    }
    throw err;
  }
}

/**
 * Saves a figure as an SVG file (atomically), with `xmlns` on the root.
 *
 * @param path Destination, e.g. `out/figure1.svg`.
 * @param figure A {@linkcode Figure}, an `<svg>` element, or SVG text.
 * @returns A promise resolved once written.
 * @throws {TypeError} When `figure` is not SVG.
 * @throws {Deno.errors.NotFound} When the folder of `path` does not exist (the message names `path`).
 */
export async function saveSvg(path: string, figure: Figure | SvgNode | string): Promise<void> {
  let text: string;
  if (figure instanceof Figure) text = figure.toSvgString();
  else if (typeof figure === "string") text = figure;
  else if (figure && typeof (figure as SvgNode).outerHTML === "string") {
    text = new Figure(figure as SvgNode).toSvgString();
  } else {
    throw new TypeError(
      `Cannot save an SVG as figure is not a Figure, element or string: figure=${figure}`,
    );
  }
  if (!text.trimStart().startsWith("<svg")) {
    throw new TypeError(
      `Cannot save an SVG as the figure's root is not <svg>: start=${text.slice(0, 20)}`,
    );
  }
  await writeFileAtomic(path, text);
}

/**
 * Saves PNG bytes (or a {@linkcode SampleGrid}) to a file, atomically.
 *
 * @param path Destination, e.g. `out/samples.png`.
 * @param png PNG bytes or a sample grid.
 * @returns A promise resolved once written.
 * @throws {TypeError} When the bytes do not start with the PNG signature.
 * @throws {Deno.errors.NotFound} When the folder of `path` does not exist (the message names `path`).
 */
export async function savePng(path: string, png: Uint8Array | SampleGrid): Promise<void> {
  const bytes = png instanceof SampleGrid ? png.png : png;
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!(bytes instanceof Uint8Array) || !signature.every((b, i) => bytes[i] === b)) {
    throw new TypeError(
      `Cannot save a PNG as png does not hold PNG bytes: png=${String(png).slice(0, 40)}`,
    );
  }
  await writeFileAtomic(path, bytes);
}
