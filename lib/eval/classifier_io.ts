import { checkClassifier, type MnistClassifier } from "./mnist_classifier.ts";
import { sha256Hex } from "../sha256.ts";

const MAGIC = "ANMC";
const FORMAT = "adversarial-nets/mnist-classifier";

/**
 * Encodes a classifier as bytes: "ANMC", a uint32 (little-endian) header length, a JSON header
 * `{format, version: 1, sizes, dtype: "float16"}`, then each layer's kernel and bias as
 * little-endian float16. Weights are rounded to float16 (trainMnistClassifier's weights
 * already are, so for them this is exact).
 *
 * @param classifier The classifier.
 * @returns The encoded bytes.
 * @throws {TypeError} If `classifier` is malformed.
 */
export function encodeClassifier(classifier: MnistClassifier): Uint8Array {
  const c = checkClassifier(classifier, "encode a classifier");
  const header = new TextEncoder().encode(
    JSON.stringify({ format: FORMAT, version: 1, sizes: c.sizes, dtype: "float16" }),
  );
  const count = c.kernels.reduce((s, k, l) => s + k.length + c.biases[l].length, 0);
  const start = 8 + header.length + (header.length % 2);
  const out = new Uint8Array(start + 2 * count);
  out.set(new TextEncoder().encode(MAGIC));
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  const view = new DataView(out.buffer);
  let o = start;
  c.kernels.forEach((k, l) => {
    for (const a of [k, c.biases[l]]) {
      for (let i = 0; i < a.length; i++, o += 2) view.setFloat16(o, a[i], true);
    }
  });
  return out;
}

/**
 * Decodes {@linkcode encodeClassifier}'s bytes.
 *
 * @param bytes The encoded classifier.
 * @returns The classifier (float32 weights holding the float16 values).
 * @throws {RangeError} If the bytes are not an encoded classifier (magic, header, length).
 */
export function decodeClassifier(bytes: Uint8Array): MnistClassifier {
  const fail = (why: string): never => {
    throw new RangeError(`Cannot decode a classifier as ${why}`);
  };
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Cannot decode a classifier as bytes must be a Uint8Array`);
  }
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    fail(`the bytes do not start with "${MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(4, true);
  let header: { format?: string; version?: number; sizes?: number[]; dtype?: string } = {};
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + h)));
  } catch {
    fail("its header is not JSON");
  }
  const sizes = header.sizes;
  if (
    header.format !== FORMAT || header.version !== 1 || header.dtype !== "float16" ||
    !Array.isArray(sizes) || sizes.length < 3 ||
    !sizes.every((s) => Number.isInteger(s) && s > 0)
  ) {
    fail(`its header is not a version-1 float16 classifier: ${JSON.stringify(header)}`);
  }
  const layers = sizes!.slice(1).map((out, l) => [sizes![l] * out, out]);
  const count = layers.reduce((s, [k, b]) => s + k + b, 0);
  let o = 8 + h + (h % 2);
  if (bytes.length !== o + 2 * count) {
    fail(`its length ${bytes.length} is not ${o + 2 * count} (sizes [${sizes}])`);
  }
  const read = (len: number) => {
    const a = new Float32Array(len);
    for (let i = 0; i < len; i++, o += 2) a[i] = view.getFloat16(o, true);
    return a;
  };
  const kernels: Float32Array[] = [], biases: Float32Array[] = [];
  for (const [k, b] of layers) {
    kernels.push(read(k));
    biases.push(read(b));
  }
  return { sizes: sizes!, kernels, biases };
}

/**
 * Saves a classifier to a file ({@linkcode encodeClassifier}'s format), creating its directory,
 * e.g. a cache under `out/classifier/`. Needs write permission.
 *
 * @param classifier The classifier.
 * @param path The file path.
 * @returns The SHA-256 of the written bytes (hex).
 * @throws {TypeError} If `classifier` is malformed.
 */
export async function saveClassifier(classifier: MnistClassifier, path: string): Promise<string> {
  const bytes = encodeClassifier(classifier);
  const dir = path.replace(/[\\/][^\\/]*$/, "");
  if (dir !== path && dir !== "") await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(path, bytes);
  return await sha256Hex(bytes);
}

/**
 * Loads a classifier saved by {@linkcode saveClassifier}. Needs read permission.
 *
 * @param path The file path.
 * @param options `sha256`: when given, the file's SHA-256 (hex) must equal it.
 * @returns The classifier.
 * @throws {Deno.errors.NotFound} If the file is missing.
 * @throws {RangeError} If the checksum differs or the bytes are not an encoded classifier.
 */
export async function loadClassifier(
  path: string,
  options: { sha256?: string } = {},
): Promise<MnistClassifier> {
  const bytes = await Deno.readFile(path);
  if (options.sha256 !== undefined) {
    const got = await sha256Hex(bytes);
    if (got !== options.sha256.toLowerCase()) {
      throw new RangeError(
        `Cannot load a classifier as ${path} has SHA-256 ${got}, expected ${options.sha256}`,
      );
    }
  }
  return decodeClassifier(bytes);
}
