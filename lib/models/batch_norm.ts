/**
 * Batch normalisation for the DCGAN generator: tfjs-layers' `BatchNormalization` layer (the
 * same weights, configuration, class name and inference), with its training pass through
 * {@linkcode batchNormTraining}: the same forward values and moving averages, and the
 * gradient as one closed form instead of tfjs's chain of about twenty activation-sized ops
 * (most of a DCGAN generator step's element-wise work).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { batchNormTraining } from "../ops/batch_norm_training.ts";

type BatchNormalizationArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

/** A weight of a tfjs layer. */
interface LayerWeight {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

/** The fields of tfjs-layers' `BatchNormalization` read here (set by its constructor). */
interface TfBatchNormalization extends tf.layers.Layer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerWeight;
  beta: LayerWeight;
  movingMean: LayerWeight;
  movingVariance: LayerWeight;
}

// tfjs exports the layer's factory, not its class: the class is the prototype of an instance.
const TfBatchNormalization = Object.getPrototypeOf(tf.layers.batchNormalization({}))
  .constructor as new (args: BatchNormalizationArgs) => TfBatchNormalization;

/** tfjs-layers' moving average update: `v <- v - (v - value) * (1 - momentum)`. */
function movingAverage(variable: LayerWeight, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = variable.read();
    variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - momentum)));
  });
}

class BatchNormalization extends TfBatchNormalization {
  /** The tfjs class name, so that saved models and architecture fingerprints are unchanged. */
  static get className(): string {
    return "BatchNormalization";
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const rank = input.rank;
    const lastAxis = this.axis === -1 || this.axis === rank - 1;
    if (
      kwargs.training !== true || !lastAxis || !this.center || !this.scale || rank < 2 ||
      rank > 4 || input.dtype !== "float32"
    ) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(
        input,
        this.gamma.read(),
        this.beta.read(),
        this.epsilon,
      );
      movingAverage(this.movingMean, mean, this.momentum);
      movingAverage(this.movingVariance, variance, this.momentum);
      tf.dispose([mean, variance]); // kept tensors: tidy does not free them
      return y;
    });
  }
}

/**
 * A batch normalisation layer over the last axis: `tf.layers.batchNormalization(args)` with
 * the faster gradient of {@linkcode batchNormTraining} in training (other axes, and layers
 * without `center` or `scale`, train as tfjs's layer does).
 *
 * @param args tfjs's `batchNormalization` arguments.
 * @returns The layer.
 */
export function batchNormalization(args: BatchNormalizationArgs): tf.layers.Layer {
  return new BatchNormalization(args);
}
