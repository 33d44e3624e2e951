/** Atomic, checksummed directory writes for checkpoints (internal). */
import { basename, dirname, join } from "node:path";
import { sha256Hex } from "../../sha256.ts";

/** One file's size and SHA-256, as listed in `manifest.json`. */
export interface FileDigest {
  /** Size in bytes. */
  bytes: number;
  /** Lower-case hex SHA-256 of the contents. */
  sha256: string;
}

/** Writes and flushes a file to disk (so a rename after it never exposes a short file). */
async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    let done = 0;
    while (done < bytes.length) done += await file.write(bytes.subarray(done));
    await file.syncData();
  } finally {
    file.close();
  }
}

function suffix(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(6)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Writes `files` into a hidden temporary directory beside `dir`, then the
 * manifest (sizes and SHA-256 of every file) last, then renames the temporary
 * directory to `dir` (moving any previous `dir` aside first and removing it
 * after). A writer killed at any point leaves either the previous `dir` or
 * the new one, never a partial one under that name.
 */
export async function writeDirectoryAtomically(
  dir: string,
  files: Array<[string, Uint8Array]>,
  manifest: Record<string, unknown>,
  onFileWritten?: (name: string) => void | Promise<void>,
): Promise<void> {
  const parent = dirname(dir), base = basename(dir);
  await Deno.mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${base}.tmp-${suffix()}`);
  await Deno.mkdir(tmp);
  try {
    const digests: Record<string, FileDigest> = {};
    for (const [name, bytes] of files) {
      await writeSynced(join(tmp, name), bytes);
      digests[name] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
      await onFileWritten?.(name);
    }
    const text = JSON.stringify({ ...manifest, files: digests }, null, 2);
    await writeSynced(join(tmp, "manifest.json"), new TextEncoder().encode(text));
    await onFileWritten?.("manifest.json");
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
  let old: string | null = null;
  if (await exists(dir)) {
    old = join(parent, `.${base}.old-${suffix()}`);
    await Deno.rename(dir, old);
  }
  await Deno.rename(tmp, dir);
  if (old) await Deno.remove(old, { recursive: true });
}

/**
 * Reads `manifest.json` in `dir` and every file it lists, verifying sizes and
 * checksums.
 *
 * @throws {Error} Naming the missing manifest or the file that does not match.
 */
export async function readVerifiedDirectory(
  dir: string,
): Promise<{ manifest: Record<string, unknown>; files: Map<string, Uint8Array> }> {
  let manifest: Record<string, unknown> & { files?: Record<string, FileDigest> };
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "it has no manifest.json (an incomplete or foreign checkpoint)"
      : `its manifest.json cannot be read (${(e as Error).message})`;
    throw new Error(`Cannot load checkpoint as ${why}: dir=${dir}`);
  }
  if (typeof manifest.files !== "object" || manifest.files === null) {
    throw new Error(`Cannot load checkpoint as manifest.json lists no files: dir=${dir}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, expected] of Object.entries(manifest.files)) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(join(dir, name));
    } catch {
      throw new Error(`Cannot load checkpoint as ${name} is missing: dir=${dir}`);
    }
    if (bytes.length !== expected.bytes || await sha256Hex(bytes) !== expected.sha256) {
      throw new Error(
        `Cannot load checkpoint as ${name} does not match its checksum (${bytes.length} bytes, manifest says ${expected.bytes}): dir=${dir}`,
      );
    }
    files.set(name, bytes);
  }
  return { manifest, files };
}
