/**
 * In-place access to variables' storage on a backend that offers it (the native backend's
 * `adversarialInPlace` hook, found by duck typing so that lib/train does not import
 * lib/backend). A compiled step writes weights and optimiser slots where the tfjs variables
 * keep them, so checkpoints, sampling and evaluation see every update without copies.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Gemm } from "./mlp_pass.ts";

/** What a backend offers a compiled step. */
export interface InPlaceHook {
  /** The storage of `dataId` if it may be written in place (ours, unseen, one reference). */
  writable(dataId: tf.DataId): Float32Array | null;
  /**
   * The float32 values of `dataId` to read at once and not keep (a gradient): a pending
   * product is computed first. Unlike `dataSync()`, the storage stays recyclable and
   * writable. Null for other storage.
   */
  read(dataId: tf.DataId): Float32Array | null;
  /** Marks a fresh array, about to become a variable's storage, as writable. */
  adopt(values: Float32Array): void;
  /** The BLAS library, or null. */
  blas(): Gemm | null;
}

/**
 * The active backend's in-place hook with its BLAS library, or a sentence saying why there
 * is none.
 *
 * @returns The hook and BLAS, or the reason.
 */
export function activeInPlaceHook(): { hook: InPlaceHook; gemm: Gemm } | string {
  const backend = tf.backend() as unknown as { adversarialInPlace?: InPlaceHook };
  const hook = backend.adversarialInPlace;
  if (hook === undefined) {
    return `the ${tf.getBackend()} backend has no in-place storage (the native backend has)`;
  }
  const gemm = hook.blas();
  if (gemm === null) return "the native backend has no BLAS library loaded";
  return { hook, gemm };
}

/**
 * The storage of `v` to read and write in place. When it may not be written (read out,
 * shared with another tensor), `v` first gets a private copy of its values (one allocation;
 * later calls find it writable until someone reads `v` again).
 *
 * @param hook The backend's hook.
 * @param v A float32 variable.
 * @returns Its values, written in place by the caller.
 */
export function storageOf(hook: InPlaceHook, v: tf.Variable): Float32Array {
  const values = hook.writable(v.dataId);
  if (values !== null) return values;
  const copy = Float32Array.from(v.dataSync() as Float32Array);
  hook.adopt(copy);
  const t = tf.tensor(copy, v.shape, "float32");
  v.assign(t);
  t.dispose();
  const again = hook.writable(v.dataId);
  if (again !== copy) {
    throw new Error(`Cannot update variable ${v.name} in place: the backend copied its storage`);
  }
  return copy;
}
