import { type IdxArray, parseIdx } from "./idx.ts";

/** Where bytes come from: a file path, a `file:`/`http:`/`https:` URL (string or URL), or bytes. */
export type ByteSource = string | URL | Uint8Array | ArrayBuffer;

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes with the web `DecompressionStream("gzip")`.
 *
 * @param bytes Gzip-compressed bytes.
 * @param name Names the source in error messages.
 * @returns The decompressed bytes.
 * @throws {RangeError} If the stream is corrupt or truncated.
 */
export async function gunzip(bytes: Uint8Array, name = "<bytes>"): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new RangeError(`Cannot decompress ${name} as its gzip stream is corrupt: ${error}`, {
      cause: error,
    });
  }
}

/** A string that is a `file:`, `http:` or `https:` URL (other strings are paths). */
function asUrl(source: string | URL): URL | null {
  if (source instanceof URL) return source;
  if (!/^(file|https?):/i.test(source)) return null;
  return new URL(source);
}

/** An error meaning "nothing there", which lets a caller try the next candidate. */
export class SourceNotFoundError extends Error {
  /** The path or URL that was not found. */
  readonly source: string;
  /**
   * Creates the error for `source`.
   *
   * @param source The path or URL that was not found.
   * @param cause The underlying error.
   */
  constructor(source: string, cause?: unknown) {
    super(`Cannot read ${source} as it was not found`, { cause });
    this.name = "SourceNotFoundError";
    this.source = source;
  }
}

/**
 * Reads raw bytes from a path, a URL or memory (no decompression).
 *
 * @param source A path, `file:`/`http:`/`https:` URL, or bytes (returned as a view).
 * @returns The bytes.
 * @throws {SourceNotFoundError} If the file does not exist or the server answers 404.
 * @throws {Error} On other failures (permissions, network, other HTTP status), naming `source`.
 */
export async function readBytes(source: ByteSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new TypeError(
      `Cannot read bytes as source must be a path, URL or Uint8Array: source=${String(source)}`,
    );
  }
  const url = asUrl(source);
  const name = String(source);
  if (url && url.protocol !== "file:") {
    const response = await fetch(url);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new SourceNotFoundError(name);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`Cannot read ${name} as the server answered ${response.status}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  try {
    return await Deno.readFile(url ?? source);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new SourceNotFoundError(name, error);
    throw new Error(`Cannot read ${name}: ${error}`, { cause: error });
  }
}

/**
 * Reads and decodes an IDX file, raw or gzip-compressed (detected by its 1f 8b magic).
 *
 * @param source A path, `file:`/`http:`/`https:` URL, or the bytes themselves.
 * @param name Names the file in error messages (default: the path or URL).
 * @returns The decoded {@linkcode IdxArray}.
 * @throws {SourceNotFoundError} If the file is missing.
 * @throws {RangeError} If the gzip stream is corrupt or the IDX content is malformed.
 *
 * @example Round trip through gzip
 * ```ts
 * import { readIdx } from "./read.ts";
 * import assert from "node:assert";
 * const raw = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9]);
 * const gz = new Uint8Array(await new Response(
 *   new Blob([raw]).stream().pipeThrough(new CompressionStream("gzip")),
 * ).arrayBuffer());
 * assert.deepStrictEqual(Array.from((await readIdx(gz)).data), [7, 9]);
 * ```
 */
export async function readIdx(source: ByteSource, name?: string): Promise<IdxArray> {
  const label = name ??
    (source instanceof Uint8Array || source instanceof ArrayBuffer ? "<bytes>" : String(source));
  let bytes = await readBytes(source);
  if (isGzip(bytes)) bytes = await gunzip(bytes, label);
  return parseIdx(bytes, label);
}
