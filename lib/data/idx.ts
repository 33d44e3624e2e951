/** The IDX element types (LeCun's MNIST format): the third byte of the magic number. */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The typed array holding an IDX file's values, by {@linkcode IdxDtype}. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded IDX file: element type, dimensions and row-major values. */
export interface IdxArray {
  /** The element type named by the magic number. */
  dtype: IdxDtype;
  /** The dimensions, outermost first (e.g. `[60000, 28, 28]`). */
  shape: number[];
  /** The values in row-major order, length `shape.reduce(*)`, in host byte order. */
  data: IdxData;
}

// Type code (third magic byte) -> dtype and element size in bytes.
const DTYPES: Record<number, [IdxDtype, number]> = {
  0x08: ["uint8", 1],
  0x09: ["int8", 1],
  0x0b: ["int16", 2],
  0x0c: ["int32", 4],
  0x0d: ["float32", 4],
  0x0e: ["float64", 8],
};

const hex = (b: number) => "0x" + b.toString(16).padStart(2, "0");

/**
 * Decodes the bytes of an (uncompressed) IDX file. The header is the magic number
 * `0x00 0x00 <type> <ndims>`, then `ndims` big-endian uint32 dimensions, then the values,
 * big-endian (type 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double).
 *
 * @param bytes The file's bytes.
 * @param name Names the file in error messages.
 * @returns The decoded array; uint8 data is a copy, so `bytes` may be reused.
 * @throws {RangeError} If the magic number or type code is wrong, or the file is truncated
 *   or longer than its header says.
 *
 * @example A 2 x 3 ubyte array
 * ```ts
 * import { parseIdx } from "./idx.ts";
 * import assert from "node:assert";
 * const bytes = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
 * const idx = parseIdx(bytes);
 * assert.deepStrictEqual(idx.shape, [2, 3]);
 * assert.strictEqual(idx.data[5], 6);
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = "<bytes>"): IdxArray {
  const fail = (why: string) => new RangeError(`Cannot read IDX file ${name} as ${why}`);
  if (bytes.length < 4) {
    throw fail(`it is truncated before its 4-byte magic number: length=${bytes.length}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), hex).join(" ");
    throw fail(`its magic number must start with 0x00 0x00: magic=${magic}`);
  }
  const type = DTYPES[bytes[2]];
  if (!type) throw fail(`its type code is not one of 08 09 0b 0c 0d 0e: type=${hex(bytes[2])}`);
  const [dtype, size] = type;
  const ndims = bytes[3];
  if (ndims === 0) throw fail(`it has no dimensions: ndims=0`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw fail(
      `it is truncated in its header: length=${bytes.length}, header needs ${headerLength}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerLength + count * size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "truncated" : "longer than its header says";
    throw fail(
      `it is ${what}: length=${bytes.length}, expected ${expected} for shape [${shape}] of ${dtype}`,
    );
  }
  return { dtype, shape, data: decode(view, headerLength, count, dtype) };
}

// Copies the big-endian payload into a host-order typed array.
function decode(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxData {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, count * elementSize(dtype));
  switch (dtype) {
    case "uint8":
      return bytes.slice();
    case "int8":
      return new Int8Array(bytes.slice().buffer);
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function elementSize(dtype: IdxDtype): number {
  return { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 }[dtype];
}

/**
 * Scales uint8 pixels to float32 in [0, 1] (x / 255), the MNIST convention of the paper's code.
 *
 * @param idx A decoded IDX array of dtype `uint8`.
 * @returns A new Float32Array of the same length.
 * @throws {TypeError} If `idx.dtype` is not `uint8`.
 *
 * @example
 * ```ts
 * import { idxToUnitFloat } from "./idx.ts";
 * import assert from "node:assert";
 * const x = idxToUnitFloat({ dtype: "uint8", shape: [2], data: new Uint8Array([0, 255]) });
 * assert.deepStrictEqual(Array.from(x), [0, 1]);
 * ```
 */
export function idxToUnitFloat(idx: IdxArray): Float32Array {
  if (idx.dtype !== "uint8") {
    throw new TypeError(`Cannot scale pixels to [0, 1] as dtype must be uint8: dtype=${idx.dtype}`);
  }
  const out = new Float32Array(idx.data.length);
  const src = idx.data;
  for (let i = 0; i < src.length; i++) out[i] = src[i] / 255;
  return out;
}
