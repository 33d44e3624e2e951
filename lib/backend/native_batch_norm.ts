/**
 * `FusedBatchNorm` (`tf.batchNorm`, which batch normalisation layers run in training and
 * inference) for the "native" backend. The cpu kernel advances four wrapping indices and takes
 * a square root per element; here the per-channel terms are laid out once and each row of
 * channels is one loop. Every value is the cpu kernel's float64 expression
 * `offset + (x - mean) * scale / Math.sqrt(variance + epsilon)` with the same operands in the
 * same order (the square root is the same float64 value whether taken once or per element), so
 * the result is bit-identical. Also the fused gradient of batch normalisation in training
 * (`AdversarialBatchNormGrad`, see lib/ops/batch_norm_training.ts).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { cpuKernel, type CpuLikeBackend, float32Values } from "./native_matmul.ts";
import { takeFloat32 } from "./native_pool.ts";

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * `values` (length 1 or `period`) repeated to `period` float64 values: what the cpu kernel's
 * wrapping index reads at each position of a row.
 */
function perPosition(values: ArrayLike<number>, period: number): Float64Array {
  const out = new Float64Array(period);
  for (let j = 0; j < period; j++) out[j] = values[j % values.length];
  return out;
}

/**
 * `out[r * P + j] = offset[j] + (x[r * P + j] - mean[j]) * scale[j] / root[j]` for every row
 * `r`, with `P` the terms' length.
 */
function normalizeRows(
  x: Float32Array,
  mean: Float64Array,
  scale: Float64Array,
  offset: Float64Array,
  root: Float64Array,
  out: Float32Array,
): void {
  const period = mean.length;
  for (let row = 0; row < x.length; row += period) {
    for (let j = 0; j < period; j++) {
      out[row + j] = offset[j] + (x[row + j] - mean[j]) * scale[j] / root[j];
    }
  }
}

/**
 * The native `FusedBatchNorm` kernel (inputs `x`, `mean`, `variance`, optional `offset` and
 * `scale`; attribute `varianceEpsilon`, 0.001 when absent as on cpu) for float32 operands whose
 * per-channel terms each hold 1 value or a common number of values that divides `x`'s size (a
 * `[..., C]` activation with `[C]` moments); other cases run the cpu kernel.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeBatchNorm(): tf.KernelFunc {
  const fallback = cpuKernel("FusedBatchNorm");
  return (args: KernelArgs) => {
    const backend = args.backend as unknown as CpuLikeBackend;
    const inputs = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const epsilon = (args.attrs as { varianceEpsilon?: number }).varianceEpsilon ?? 0.001;
    const x = float32Values(backend, inputs.x!);
    const read = (info: tf.TensorInfo | undefined, absent: number) =>
      info === undefined ? Float32Array.of(absent) : float32Values(backend, info);
    const mean = read(inputs.mean, NaN), variance = read(inputs.variance, NaN);
    const scale = read(inputs.scale, 1), offset = read(inputs.offset, 0);
    if (x === null || mean === null || variance === null || scale === null || offset === null) {
      return fallback(args);
    }
    const period = Math.max(mean.length, variance.length, scale.length, offset.length);
    const fits = (t: Float32Array) => t.length === 1 || t.length === period;
    if (
      x.length === 0 || x.length % period !== 0 ||
      ![mean, variance, scale, offset].every(fits)
    ) return fallback(args);
    const root = perPosition(variance, period).map((v) => Math.sqrt(v + epsilon));
    const out = takeFloat32(x.length);
    normalizeRows(
      x,
      perPosition(mean, period),
      perPosition(scale, period),
      perPosition(offset, period),
      root,
      out,
    );
    return backend.makeTensorInfo(inputs.x!.shape, "float32", out);
  };
}

/**
 * The gradient of batch normalisation in training (lib/ops/batch_norm_training.ts, kernel
 * `AdversarialBatchNormGrad`): inputs `dy`, `x` `[..., C]`, `mean`, `variance`, `gamma` `[C]`;
 * attribute `epsilon`; outputs `[dx, dGamma, dBeta]`. Two passes over the activation instead
 * of tfjs's chain of about twenty: per-channel sums of `dy` and `dy * xhat` in float64, then
 * `dx = gamma r / M * (M dy - dBeta - xhat dGamma)` with `r = 1 / sqrt(var + epsilon)` and
 * `xhat = (x - mean) r`, each value computed in float64 and rounded once.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeBatchNormGrad(): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as unknown as CpuLikeBackend;
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const epsilon = (args.attrs as { epsilon: number }).epsilon;
    const named = ["dy", "x", "mean", "variance", "gamma"].map((name) => {
      const values = inputs[name] ? float32Values(backend, inputs[name]) : null;
      if (values === null) {
        throw new TypeError(
          `Cannot run the batch norm gradient as ${name} must be a float32 tensor: dtype=${
            inputs[name]?.dtype
          }`,
        );
      }
      return values;
    });
    const [dy, x, mean, variance, gamma] = named;
    const channels = mean.length;
    if (
      channels === 0 || x.length % channels !== 0 || dy.length !== x.length ||
      variance.length !== channels || gamma.length !== channels
    ) {
      throw new RangeError(
        `Cannot run the batch norm gradient as dy and x must hold [..., C] values and mean, ` +
          `variance, gamma C each: dy=${dy.length}, x=${x.length}, mean=${mean.length}, ` +
          `variance=${variance.length}, gamma=${gamma.length}`,
      );
    }
    const count = x.length / channels;
    const root = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + epsilon));
    const sumDy = new Float64Array(channels), sumDyXHat = new Float64Array(channels);
    channelSums(dy, x, mean, root, sumDy, sumDyXHat);
    const dx = takeFloat32(x.length);
    inputGradient(dy, x, mean, root, gamma, sumDy, sumDyXHat, count, dx);
    return [
      backend.makeTensorInfo(inputs.x.shape, "float32", dx),
      backend.makeTensorInfo([channels], "float32", Float32Array.from(sumDyXHat)),
      backend.makeTensorInfo([channels], "float32", Float32Array.from(sumDy)),
    ];
  }) as unknown as tf.KernelFunc;
}

/** Per channel: `sumDy += dy`, `sumDyXHat += dy * (x - mean) * root`. */
function channelSums(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  root: Float64Array,
  sumDy: Float64Array,
  sumDyXHat: Float64Array,
): void {
  const c = mean.length;
  for (let row = 0; row < x.length; row += c) {
    for (let j = 0; j < c; j++) {
      const g = dy[row + j];
      sumDy[j] += g;
      sumDyXHat[j] += g * (x[row + j] - mean[j]) * root[j];
    }
  }
}

/** `dx = gamma root / M * (M dy - sumDy - xhat sumDyXHat)` per value. */
function inputGradient(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  root: Float64Array,
  gamma: Float32Array,
  sumDy: Float64Array,
  sumDyXHat: Float64Array,
  count: number,
  dx: Float32Array,
): void {
  const c = mean.length;
  const scale = Float64Array.from(gamma, (g, j) => g * root[j] / count);
  for (let row = 0; row < x.length; row += c) {
    for (let j = 0; j < c; j++) {
      const xHat = (x[row + j] - mean[j]) * root[j];
      dx[row + j] = scale[j] * (count * dy[row + j] - sumDy[j] - xHat * sumDyXHat[j]);
    }
  }
}

/**
 * Batch normalisation's moments per channel (`AdversarialChannelMoments`, see
 * lib/ops/batch_norm_training.ts): input `x` `[..., C]`; outputs `[mean, variance]`, each
 * `[C]`. The values of `tf.moments(x, leadingAxes)` on the cpu kernels, bit for bit: the mean
 * sums each value divided by the count, rounded to float32, in float64 in order (as `Mean`);
 * the variance does the same with `fround(fround(x - mean)^2)` (as `Sub`, then `Square`). Two
 * passes and no activation-sized arrays, instead of four passes and two arrays.
 *
 * @returns The kernel function for `tf.registerKernel`.
 */
export function nativeChannelMoments(): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as unknown as CpuLikeBackend;
    const info = (args.inputs as Record<string, tf.TensorInfo>).x;
    const x = float32Values(backend, info);
    const channels = info.shape[info.shape.length - 1];
    if (x === null || info.shape.length < 2 || !(channels > 0) || x.length === 0) {
      throw new RangeError(
        `Cannot compute channel moments as x must be float32 [..., C] with values: ` +
          `dtype=${info.dtype}, shape=[${info.shape}]`,
      );
    }
    const mean = new Float32Array(channels), variance = new Float32Array(channels);
    momentsOfRows(x, x.length / channels, mean, variance);
    return [
      backend.makeTensorInfo([channels], "float32", mean),
      backend.makeTensorInfo([channels], "float32", variance),
    ];
  }) as unknown as tf.KernelFunc;
}

/** The two passes of {@linkcode nativeChannelMoments} over `count` rows of `mean.length`. */
function momentsOfRows(
  x: Float32Array,
  count: number,
  mean: Float32Array,
  variance: Float32Array,
): void {
  const c = mean.length, f32 = Math.fround;
  const acc = new Float64Array(c);
  for (let row = 0; row < x.length; row += c) {
    for (let j = 0; j < c; j++) acc[j] += f32(x[row + j] / count);
  }
  mean.set(acc);
  acc.fill(0);
  for (let row = 0; row < x.length; row += c) {
    for (let j = 0; j < c; j++) {
      const d = f32(x[row + j] - mean[j]);
      acc[j] += f32(f32(d * d) / count);
    }
  }
  variance.set(acc);
}
