/**
 * Checkpoints of a training run: its full state as plain data ({@linkcode TrainerSnapshot}),
 * saved atomically to a directory with a checksummed manifest, loaded back verified, and the
 * newest of the trainer's periodic checkpoints found. The trainer's `save`, `restore` and
 * `train(n, { checkpoint })` use these.
 *
 * Layout of a checkpoint directory (format `adversarial-nets/checkpoint` v1): `trainer.json`
 * (config, architectures, PRNG states, tensor index), `history.json`, `tensors.bin`
 * (little-endian float32/int32) and `manifest.json` (sizes and SHA-256 of the others, written
 * last). Periodic checkpoints are `step-NNNNNNNN` directories.
 *
 * @module
 */
export {
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type SaveCheckpointOptions,
} from "./directory.ts";
export type { TensorData, TrainerSnapshot } from "./snapshot.ts";
