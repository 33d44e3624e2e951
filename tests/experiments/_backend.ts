import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend/mod.ts";

/**
 * The MNIST tests train the paper's 3.7M-parameter networks: use the fast "native" backend
 * (cpu + OpenBLAS) when it starts here, else the plain cpu backend (same results up to float
 * rounding; each test compares runs made on one backend).
 */
export async function useFastCpuBackend(): Promise<string> {
  try {
    return (await initBackend({ backend: "native" })).backend;
  } catch {
    if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend did not start");
    return "cpu";
  }
}
