/** Checkpoint directories: save, load (verified), find the newest, keep the newest few. */
import { join } from "node:path";
import { readVerifiedDirectory, writeDirectoryAtomically } from "./files.ts";
import type { TensorData, TrainerSnapshot } from "./snapshot.ts";
import type { PeriodicCheckpoints } from "../options.ts";
import { checkOptions } from "../../validate.ts";

const GROUPS = ["generator", "discriminator", "gOptimizer", "dOptimizer"] as const;
/** Groups a checkpoint holds only for some runs. */
const OPTIONAL_GROUPS = ["generatorAverage"] as const;
const FORMAT = "adversarial-nets/checkpoint";

/** Options of {@linkcode saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /**
   * Called after each file is written into the temporary directory (the
   * manifest last). Throwing from it aborts the save as a crashed writer
   * would, leaving any previous checkpoint at `dir` in place.
   */
  onFileWritten?: (name: string) => void | Promise<void>;
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
  offset: number;
  bytes: number;
}

/**
 * Saves a training run's state to directory `dir`, atomically: files
 * `trainer.json` (config, architectures, PRNG states, tensor index),
 * `history.json`, `tensors.bin` (little-endian float32/int32 values) and
 * `manifest.json` (sizes and SHA-256 of the others, written last) go to a
 * hidden temporary directory beside `dir`, which is then renamed to `dir`.
 *
 * @param source A trainer (anything with `snapshot()`) or a snapshot.
 * @param dir The checkpoint directory (replaced if it exists).
 * @param options A per-file hook (for progress or crash tests).
 * @returns `dir`.
 * @throws {TypeError} If `options` has an unknown key.
 */
export async function saveCheckpoint(
  source: TrainerSnapshot | { snapshot(): Promise<TrainerSnapshot> },
  dir: string,
  options: SaveCheckpointOptions = {},
): Promise<string> {
  checkOptions(options, ["onFileWritten"], "save a checkpoint");
  const snap = "snapshot" in source ? await source.snapshot() : source;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const index: Record<string, TensorEntry[]> = {};
  for (const group of [...GROUPS, ...OPTIONAL_GROUPS]) {
    const tensors = snap.tensors[group];
    if (tensors === undefined) continue;
    index[group] = tensors.map((t) => {
      const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
      chunks.push(bytes);
      const entry = { name: t.name, shape: t.shape, dtype: t.dtype, offset, bytes: bytes.length };
      offset += bytes.length;
      return entry;
    });
  }
  const blob = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    blob.set(c, at);
    at += c.length;
  }
  const { tensors: _t, history, ...rest } = snap;
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 1));
  await writeDirectoryAtomically(
    dir,
    [
      ["tensors.bin", blob],
      ["history.json", encode(history)],
      ["trainer.json", encode({ ...rest, tensorIndex: index })],
    ],
    { format: FORMAT, version: 1, step: snap.step },
    options.onFileWritten,
  );
  return dir;
}

/**
 * Loads and verifies a checkpoint written by {@linkcode saveCheckpoint}. A
 * directory without `manifest.json` (a save that never finished) or with a
 * file whose size or checksum differs from the manifest is refused.
 *
 * @param dir The checkpoint directory.
 * @returns The snapshot (plain data; restore it with `trainer.restore`).
 * @throws {Deno.errors.NotFound} If `dir` does not exist (the message says so and names it).
 * @throws {Error} If the manifest is missing, a file is missing or corrupt, or the format is unknown.
 */
export async function loadCheckpoint(dir: string): Promise<TrainerSnapshot> {
  await checkDirectory(dir);
  const { manifest, files } = await readVerifiedDirectory(dir);
  if (manifest.format !== FORMAT || manifest.version !== 1) {
    throw new Error(
      `Cannot load checkpoint as its format is not ${FORMAT} v1: format=${
        String(manifest.format)
      }, version=${String(manifest.version)}, dir=${dir}`,
    );
  }
  const need = (name: string) => {
    const bytes = files.get(name);
    if (!bytes) {
      throw new Error(`Cannot load checkpoint as the manifest does not list ${name}: dir=${dir}`);
    }
    return bytes;
  };
  const decode = (name: string) => JSON.parse(new TextDecoder().decode(need(name)));
  const meta = decode("trainer.json");
  const blob = need("tensors.bin");
  const tensors = {} as TrainerSnapshot["tensors"];
  for (const group of [...GROUPS, ...OPTIONAL_GROUPS]) {
    const entries = meta.tensorIndex[group] as TensorEntry[] | undefined;
    if (entries === undefined && (OPTIONAL_GROUPS as readonly string[]).includes(group)) continue;
    tensors[group] = entries!.map((e): TensorData => {
      const copy = blob.slice(e.offset, e.offset + e.bytes).buffer;
      const values = e.dtype === "int32" ? new Int32Array(copy) : new Float32Array(copy);
      return { name: e.name, shape: e.shape, dtype: e.dtype, values };
    });
  }
  delete meta.tensorIndex;
  return { ...meta, history: decode("history.json"), tensors };
}

/** Says "not found" for a missing checkpoint directory, rather than "no manifest" inside it. */
async function checkDirectory(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot load checkpoint as its directory was not found: dir=${dir}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (!info.isDirectory) {
    throw new Error(`Cannot load checkpoint as dir is not a directory: dir=${dir}`);
  }
}

/**
 * The newest complete checkpoint `root/step-NNNNNNNN` (as the trainer's
 * periodic checkpoints are named), judged by name and the presence of
 * `manifest.json`; hidden temporary directories are ignored.
 *
 * @param root The directory holding periodic checkpoints.
 * @returns Its path, or `null` if there is none (or `root` does not exist).
 */
export async function latestCheckpoint(root: string): Promise<string | null> {
  const steps = await checkpointSteps(root);
  for (const step of steps.reverse()) {
    const dir = join(root, stepDirName(step));
    try {
      await Deno.lstat(join(dir, "manifest.json"));
      return dir;
    } catch { /* incomplete: try an older one */ }
  }
  return null;
}

/** The directory name of the periodic checkpoint at `step`. */
export function stepDirName(step: number): string {
  return `step-${String(step).padStart(8, "0")}`;
}

/** Steps of the periodic checkpoints in `root`, ascending. */
export async function checkpointSteps(root: string): Promise<number[]> {
  const steps: number[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      const m = /^step-(\d+)$/.exec(entry.name);
      if (m && entry.isDirectory) steps.push(Number(m[1]));
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return steps.sort((a, b) => a - b);
}

/** Saves `root/step-N` via `trainer.save` and removes all but the newest `keep`. */
export async function saveAndPrune(
  trainer: { stepCount: number; save(dir: string): Promise<string> },
  options: PeriodicCheckpoints,
): Promise<void> {
  await trainer.save(join(options.dir, stepDirName(trainer.stepCount)));
  const steps = await checkpointSteps(options.dir);
  const keep = options.keep ?? 2;
  for (const step of steps.slice(0, Math.max(0, steps.length - keep))) {
    await Deno.remove(join(options.dir, stepDirName(step)), { recursive: true });
  }
}
