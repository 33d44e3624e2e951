import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  formatPlan,
  MNIST_DEFAULT_SEED,
  parseReproArgs,
  type PlanStep,
  REPRO_PARTS,
  REPRO_USAGE,
  reproPlan,
  ReproUsageError,
} from "../../experiments/repro_cli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function repro(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "repro.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("parseReproArgs() fills defaults and reads every option in both spellings", () => {
  const d = parseReproArgs([]);
  assert.deepStrictEqual(d.parts, [...REPRO_PARTS]);
  assert.deepStrictEqual([d.quick, d.backend, d.seed, d.mnistSeed, d.out, d.steps], [
    false,
    "auto",
    0,
    MNIST_DEFAULT_SEED,
    "out",
    null,
  ]);
  const o = parseReproArgs([
    "--quick",
    "--parts=beyond,mnist",
    "--backend",
    "wasm",
    "--seed=-4",
    "--mnist-seed",
    "9",
    "--out",
    "x/y",
    "--epochs",
    "3",
    "--beyond-steps=7",
    "--stop-after",
    "2",
    "--threads",
    "2",
  ]);
  // parts come back in the canonical order
  assert.deepStrictEqual(o.parts, ["mnist", "beyond"]);
  assert.deepStrictEqual(
    [o.quick, o.backend, o.seed, o.mnistSeed, o.out, o.epochs, o.beyondSteps, o.stopAfter],
    [true, "wasm", -4, 9, "x/y", 3, 7, 2],
  );
  assert.strictEqual(o.threads, 2);
  assert.strictEqual(parseReproArgs(["--plan"]).plan, true);
});

Deno.test("parseReproArgs() rejects bad options with a clear message and the usage", () => {
  const cases: [string[], RegExp][] = [
    [["--bogus"], /option is unknown: --bogus/],
    [
      ["--parts", "mnist,cifar"],
      /--parts must list some of theory,figure1,saturation,mnist,beyond: --parts=mnist,cifar/,
    ],
    [
      ["--backend", "tpu"],
      /--backend must be one of auto, webgpu, native, wasm, cpu: --backend=tpu/,
    ],
    [["--seed", "1.5"], /--seed must be an integer/],
    [["--steps", "0"], /--steps must be an integer >= 1: --steps=0/],
    [["--steps"], /--steps needs a value/],
    [["--steps", "10", "--epochs", "2"], /--steps and --epochs are exclusive/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseReproArgs(args), (e: Error) => {
      assert.ok(e instanceof ReproUsageError, String(e));
      assert.match(e.message, message);
      assert.ok(e.message.endsWith(REPRO_USAGE), "the usage follows the error");
      return true;
    });
  }
});

Deno.test("reproPlan() estimates the full job at over half an hour and the quick one at minutes", () => {
  const full = reproPlan(parseReproArgs([]), "native");
  assert.deepStrictEqual(full.map((p) => p.part), [...REPRO_PARTS]);
  const total = (plan: PlanStep[]) => plan.reduce((t, p) => t + p.seconds, 0);
  assert.ok(total(full) > 1800 && total(full) < 3 * 3600, String(total(full)));
  const quick = reproPlan(parseReproArgs(["--quick"]), "native");
  assert.ok(total(quick) < 600, String(total(quick)));
  // --epochs and --steps set the MNIST budget; a slower backend takes longer
  assert.match(
    reproPlan(parseReproArgs(["--parts=mnist", "--epochs=3"]), "wasm")[0].what,
    /1500 steps \(3 epochs\)/,
  );
  assert.ok(total(reproPlan(parseReproArgs([]), "cpu")) > total(full));
  const text = formatPlan(full, parseReproArgs([]), "native");
  assert.match(text, /^plan \(full job, native backend, output in out\/\):/);
  assert.match(text, /mnist +~\d+m\d\ds +paper MNIST GAN, 50000 steps \(100 epochs\)/);
  assert.match(text, /deno task repro --quick/);
});

Deno.test("repro.ts exits 2 with the usage on a bad option, 0 with --help", async () => {
  const bad = await repro(["--parts", "nope"]);
  assert.strictEqual(bad.code, 2);
  assert.match(bad.stderr, /--parts must list/);
  assert.match(bad.stderr, /Usage: deno task repro/);
  const help = await repro(["--help"]);
  assert.strictEqual(help.code, 0);
  assert.match(help.stdout, /--stop-after N/);
  const plan = await repro(["--plan", "--parts", "mnist,beyond"]);
  assert.strictEqual(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /^plan \(full job/);
  assert.match(plan.stdout, /total about/);
});

Deno.test({
  name:
    "repro.ts --quick writes the report, figures and results, prints paper vs this run, and resumes an interrupted MNIST run to the same result",
  sanitizeResources: false,
  async fn() {
    const outA = await Deno.makeTempDir({ prefix: "an-repro-a-" });
    const outB = await Deno.makeTempDir({ prefix: "an-repro-b-" });
    try {
      const full = await repro(["--quick", "--out", outA]);
      assert.strictEqual(full.code, 0, full.stderr.slice(-3000));
      assert.match(full.stdout, /Paper vs this run/);
      assert.match(full.stdout, /Table 1: GAN Parzen LL \(nats\), reduced protocol\s+225 ± 2/);
      assert.match(full.stdout, /ring: modes captured, GAN \(best loss here\)\s+6\.3 \/ 8/);
      assert.match(full.stderr, /ETA|step\/s/, "progress on stderr");
      assert.match(full.stderr, /plan \(quick, \w+ backend/, "the plan comes first");
      await assert.rejects(
        Deno.stat(join(outA, "checkpoints")),
        Deno.errors.NotFound,
        "a finished quick run leaves no checkpoints",
      );
      const html = await Deno.readTextFile(join(outA, "report.html"));
      assert.match(html, /^<!DOCTYPE html>/);
      assert.match(html, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(html, /data:image\/png;base64,/);
      assert.match(html, /Paper vs this run/);
      assert.match(html, /Theis et al/);
      assert.doesNotMatch(html, /(src|href)="https?:/, "self-contained");
      const png = await Deno.readFile(join(outA, "mnist-figure2.png"));
      assert.deepStrictEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
      for (const f of ["mnist-history.svg", "beyond-ring-gan.svg", "beyond-grid-wgan-gp.svg"]) {
        assert.match(await Deno.readTextFile(join(outA, f)), /^<svg/, f);
      }
      const results = JSON.parse(await Deno.readTextFile(join(outA, "results.json")));
      assert.strictEqual(results.meta.mode, "quick");
      assert.strictEqual(results.parts.mnist.settings.steps, 6);
      assert.strictEqual(results.parts.beyond.runs.length, 16);
      assert.ok(results.comparison.length >= 4);

      const stopped = await repro([
        "--quick",
        "--parts",
        "mnist",
        "--stop-after",
        "3",
        "--out",
        outB,
      ]);
      assert.strictEqual(stopped.code, 3, stopped.stderr.slice(-2000));
      assert.match(stopped.stderr, /stopped after 3 steps at step 3/);
      await assert.rejects(Deno.stat(join(outB, "results.json")));
      const resumed = await repro(["--quick", "--parts", "mnist", "--out", outB]);
      assert.strictEqual(resumed.code, 0, resumed.stderr.slice(-2000));
      assert.match(resumed.stderr, /resumed from the checkpoint at step 3/);
      await assert.rejects(Deno.stat(join(outB, "checkpoints")), Deno.errors.NotFound);
      const again = JSON.parse(await Deno.readTextFile(join(outB, "results.json")));
      assert.strictEqual(again.parts.mnist.resumedFrom, 3);
      assert.strictEqual(again.parts.mnist.stepsThisRun, 3);
      assert.deepStrictEqual(again.parts.mnist.parzen, results.parts.mnist.parzen);
      assert.deepStrictEqual(
        again.parts.mnist.neighbourIndices,
        results.parts.mnist.neighbourIndices,
      );
    } finally {
      await Deno.remove(outA, { recursive: true });
      await Deno.remove(outB, { recursive: true });
    }
  },
});
