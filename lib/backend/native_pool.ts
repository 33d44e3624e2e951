/**
 * Recycled float32 arrays for the "native" backend's kernel outputs. One paper-MNIST training
 * step allocates and frees about 50 MB of tensors (activations, gradients: 180 arrays of up
 * to 5.8 MB). A fresh `Float32Array` is zero-filled and lands on cold memory; one of the same
 * length that an earlier tensor of the step has released is already in cache and needs no
 * fill, which is how PyTorch's allocator behaves.
 *
 * An array is recycled only if it is certainly unreachable once its tensor's data is
 * deleted: the backend's own kernels made it ({@linkcode takeFloat32}), nothing has read it
 * out (`dataSync()`/`data()` hand out the storage itself) or viewed it through an aliasing
 * kernel (see {@linkcode neverRecycle}), and no deferred matMul product still has to read it
 * ({@linkcode pin}: such an array comes back once the product has run or is dropped).
 *
 * @module
 */

/** Arrays shorter than this are left to the garbage collector: filling them costs nothing. */
const MIN_LENGTH = 1024;
/** Most bytes kept for reuse; beyond it released arrays go to the garbage collector. */
const MAX_FREE_BYTES = 256 * 1024 * 1024;

/** Released arrays by length, most recent last (the warmest in cache is taken first). */
const free = new Map<number, Float32Array[]>();
let freeBytes = 0;
/** Buffers {@linkcode takeFloat32} made that may come back (never seen outside the backend). */
const recyclable = new WeakSet<ArrayBufferLike>();
/** Buffers waiting in the pool: a second release of one would hand it out twice. */
const inPool = new WeakSet<ArrayBufferLike>();
/** Buffers a deferred product will read: pin counts. */
const pinned = new Map<ArrayBufferLike, number>();
/** Pinned arrays whose tensors were deleted: recycled at their last unpin. */
const releasedWhilePinned = new Set<Float32Array>();
/** Called with each array as it is recycled (caches keyed by array must forget it). */
const listeners: ((values: Float32Array) => void)[] = [];

/**
 * A float32 array of `length` values for a kernel output: a released one when available
 * (its contents are stale, so the kernel must write every value), else a new zeroed one.
 *
 * @param length Number of values.
 * @returns An array the caller owns until it is {@linkcode recycle}d.
 */
export function takeFloat32(length: number): Float32Array {
  const reused = free.get(length)?.pop();
  if (reused !== undefined) {
    freeBytes -= reused.byteLength;
    inPool.delete(reused.buffer);
    return reused;
  }
  const values = new Float32Array(length);
  if (length >= MIN_LENGTH) recyclable.add(values.buffer);
  return values;
}

/**
 * Hands `values` back for reuse, if it came from {@linkcode takeFloat32}, was never read out
 * or aliased, is not pinned, and the pool has room. Call only once the last tensor holding it
 * is deleted.
 *
 * @param values The deleted data's array (anything else is ignored).
 */
export function recycle(values: unknown): void {
  if (!(values instanceof Float32Array) || !recyclable.has(values.buffer)) return;
  if (inPool.has(values.buffer)) return;
  if (pinned.has(values.buffer)) {
    // Still to be read by a deferred product: back to the pool when the last pin goes.
    releasedWhilePinned.add(values);
    return;
  }
  if (freeBytes + values.byteLength > MAX_FREE_BYTES) return;
  for (const listener of listeners) listener(values);
  let list = free.get(values.length);
  if (list === undefined) free.set(values.length, list = []);
  list.push(values);
  inPool.add(values.buffer);
  freeBytes += values.byteLength;
}

/**
 * Marks `values`' storage as seen outside the backend (read out, or viewed by another tensor):
 * it is never recycled.
 *
 * @param values Any array (non-arrays are ignored).
 */
export function neverRecycle(values: unknown): void {
  if (ArrayBuffer.isView(values)) recyclable.delete(values.buffer);
}

/**
 * Keeps `values` from being recycled until as many {@linkcode unpin} calls: a deferred
 * product holds its inputs' arrays past their tensors' disposal.
 *
 * @param values An input array.
 */
export function pin(values: Float32Array): void {
  pinned.set(values.buffer, (pinned.get(values.buffer) ?? 0) + 1);
}

/**
 * Releases one {@linkcode pin} of `values`. A pinned array whose tensor was deleted meanwhile
 * goes back to the pool at its last unpin.
 *
 * @param values An array pinned before.
 */
export function unpin(values: Float32Array): void {
  const count = pinned.get(values.buffer) ?? 0;
  if (count > 1) {
    pinned.set(values.buffer, count - 1);
    return;
  }
  pinned.delete(values.buffer);
  if (releasedWhilePinned.delete(values)) recycle(values);
}

/**
 * Registers `listener` to hear of each array as it goes back to the pool.
 *
 * @param listener Called with the array before it can be handed out again.
 */
export function onRecycle(listener: (values: Float32Array) => void): void {
  listeners.push(listener);
}

/** Arrays and bytes waiting in the pool (for tests and benchmarks). */
export function poolStats(): { arrays: number; bytes: number } {
  let arrays = 0;
  for (const list of free.values()) arrays += list.length;
  return { arrays, bytes: freeBytes };
}

/** Drops every array waiting in the pool (they go to the garbage collector). */
export function clearPool(): void {
  free.clear();
  freeBytes = 0;
}
