/**
 * The full Parzen window protocol of Goodfellow et al. 2014 (Table 1) at MNIST size, timed
 * against a numpy reference measured in the same run:
 * 10k kernel centres (here the first 10k real training images, as a reference point for
 * generated samples), sigma from logspace(-1, 0, 10) chosen on the first 1000 validation
 * images (training 50000..51000), the 10k test images scored in batches of 100.
 *
 * Run: deno run -A bench/parzen_bench.ts [--backend=wasm|cpu] [--centres=10000] [--no-numpy]
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { loadMnist, makeDataset, MNIST_FILES, mnistDataUrl } from "../lib/data/mod.ts";
import { parzenLogLikelihood } from "../lib/eval/mod.ts";

const flag = (name: string, fallback: string) =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const backend = flag("backend", "wasm");
const nCentres = Number(flag("centres", "10000"));

if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
  throw new Error(`could not switch to backend ${backend}`);
}
await tf.ready();

let t0 = performance.now();
const { train, validation, test } = await loadMnist();
const loadSeconds = (performance.now() - t0) / 1000;
const centres = makeDataset(train.x.subarray(0, nCentres * 784), 784);

t0 = performance.now();
let lastPhase = "";
const result = await parzenLogLikelihood(centres, test, {
  validation,
  onProgress: ({ phase, done, total }) => {
    if (phase !== lastPhase || done === total) {
      console.error(
        `  ${phase} ${done}/${total} at ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      lastPhase = phase;
    }
  },
});
const seconds = (performance.now() - t0) / 1000;

console.log(
  `Parzen log-likelihood, MNIST, ${nCentres} training images as centres, tfjs ${backend}:`,
);
console.log(
  `  sigma=${result.sigma.toFixed(4)}  mean=${result.mean.toFixed(2)}  se=${
    result.stdErr.toFixed(2)
  }  N=${result.n}`,
);
console.log(`  validation means: ${result.validationScores.map((s) => s.toFixed(1)).join(" ")}`);
console.log(`  time ${seconds.toFixed(2)} s (MNIST load ${loadSeconds.toFixed(2)} s)`);
console.log(`  tensors left: ${tf.memory().numTensors}`);

if (!Deno.args.includes("--no-numpy")) {
  // numpy with its own OpenBLAS: unset the two variables that pin it to a slow path here.
  const env = Deno.env.toObject();
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const dir = new URL(".", mnistDataUrl(MNIST_FILES.trainImages)).pathname;
  const out = await new Deno.Command("python3", {
    args: [new URL("./parzen_ref.py", import.meta.url).pathname, dir, String(nCentres)],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`parzen_ref.py failed with code ${out.code}`);
  const ref = JSON.parse(new TextDecoder().decode(out.stdout));
  console.log(`numpy ${ref.numpy} (float32, same algorithm):`);
  console.log(
    `  sigma=${ref.sigma.toFixed(4)}  mean=${ref.mean.toFixed(2)}  se=${ref.stdErr.toFixed(2)}`,
  );
  console.log(
    `  float64 mean at that sigma: ${ref.mean64.toFixed(4)} (tfjs - float64: ${
      (result.mean - ref.mean64).toExponential(2)
    })`,
  );
  console.log(`  time ${ref.seconds.toFixed(2)} s (MNIST load ${ref.loadSeconds.toFixed(2)} s)`);
  console.log(`tfjs ${backend} / numpy time: ${(seconds / ref.seconds).toFixed(2)}x`);
}
