/**
 * Keeps tfjs's "Hi, looks like you are running TensorFlow.js in Node.js" banner away from users
 * of this package. tfjs 4.22 sees Deno as Node (`process.versions.node` exists), and its cpu
 * backend (`MathBackendCPU.write` in tfjs-backend-cpu) prints that advice on its first tensor
 * when the `IS_NODE` flag is set, urging tfjs-node, which does not run in Deno. The flags that
 * would hide it change other behaviour for the whole process (`IS_NODE` picks the platform tfjs
 * reads files and fetches with; `PROD` mutes every tfjs warning and skips checks). So, when the
 * package is imported, the cpu backend's registration is replaced (`tf.removeBackend`, then
 * `tf.registerBackend` with the same priority) by one whose instances start with
 * `firstUse = false`, the field that guards the banner. The engine creates cpu instances
 * lazily, and more than once, so marking one instance would not do.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

const QUIET = Symbol.for("adversarial-nets.quietCpuBackend");

type Factory = (() => tf.KernelBackend | Promise<tf.KernelBackend>) & { [QUIET]?: true };
interface EngineRegistry {
  registry: Record<string, tf.KernelBackend & { firstUse?: boolean }>;
  registryFactory: Record<string, { priority: number }>;
}

/**
 * Makes tfjs's cpu backend start without its tfjs-node banner (idempotent). When a cpu
 * instance already exists (tensors were made before this package was imported) it is marked
 * instead and its registration left alone.
 *
 * @returns Whether the cpu backend is now quiet.
 */
export function silenceNodeBanner(): boolean {
  const factory = tf.findBackendFactory("cpu") as Factory | null;
  if (factory === null) return false;
  if (factory[QUIET]) return true;
  const engine = tf.engine() as unknown as EngineRegistry;
  const existing = engine.registry?.cpu;
  if (existing !== undefined) {
    existing.firstUse = false;
    return true;
  }
  const priority = engine.registryFactory?.cpu?.priority ?? 1;
  const quiet: Factory = () => {
    const backend = factory() as tf.KernelBackend & { firstUse?: boolean };
    backend.firstUse = false;
    return backend;
  };
  quiet[QUIET] = true;
  tf.removeBackend("cpu");
  tf.registerBackend("cpu", quiet, priority);
  return true;
}

silenceNodeBanner();
