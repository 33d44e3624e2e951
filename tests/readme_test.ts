/**
 * The README's "Start here" works outside the repository: in an empty temporary folder, its
 * `deno add` command, its `main.ts` and its `deno run` command (all three taken from
 * README.md) run against a local stand-in for JSR serving this package as published
 * (tests/_jsr_registry.ts), and print what the README says. The backend's `reason` names no
 * file that the published package does not ship.
 */
import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalJsr } from "./_jsr_registry.ts";
import { executeNotebook, jupyterStatus, mimeText } from "./notebooks/harness.ts";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const BANNER = /Hi, looks like you are running TensorFlow\.js/;

/** The "Start here" section's commands and example, as the README shows them. */
function startHere(text: string) {
  const section = text.slice(text.indexOf("## Start here"), text.indexOf("### Permissions"));
  const blocks = [...section.matchAll(/```(\w+)([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1],
    info: m[2].trim(),
    code: m[3],
  }));
  const add = blocks.find((b) => b.lang === "sh" && b.code.startsWith("deno add "));
  const main = blocks.find((b) => b.lang === "ts" && b.info === "");
  const notebook = blocks.find((b) => b.lang === "ts" && b.code.includes("jsr:@adversarial/nets"));
  const run = blocks.find((b) => b.lang === "sh" && b.code.startsWith("deno run "));
  assert.ok(add && main && run && notebook, "README's Start here has its four code blocks");
  const claimed = section.match(/here:\s+D\s+loss\s+([\d.]+),\s+G\s+loss\s+([\d.]+)/);
  assert.ok(claimed, "README says what the example prints");
  return {
    add: add.code.trim().split(/\s+/).slice(1),
    main: main.code,
    notebookCell: notebook.code,
    run: run.code.trim().split(/\s+/).slice(1),
    dLoss: claimed[1],
    gLoss: claimed[2],
  };
}

Deno.test({
  name: "README's Start here runs from an empty folder outside the repository",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const readme = startHere(await Deno.readTextFile(README));
    const jsr = await startLocalJsr();
    const dir = await Deno.makeTempDir({ prefix: "an-readme-" });
    const deno = async (args: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args,
        cwd: dir,
        env: { JSR_URL: jsr.url, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
    };
    try {
      assert.ok(!dir.startsWith(fileURLToPath(new URL("../", import.meta.url))));
      assert.ok(jsr.files.includes("/mod.ts") && !jsr.files.some((f) => f.startsWith("/tests/")));
      const added = await deno(readme.add);
      assert.strictEqual(added.code, 0, added.stderr.slice(-3000));
      const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
      assert.match(config.imports["@adversarial/nets"], /^jsr:@adversarial\/nets@/);

      await Deno.writeTextFile(join(dir, "main.ts"), readme.main);
      const ran = await deno(readme.run);
      assert.strictEqual(ran.code, 0, ran.stderr.slice(-3000));
      assert.match(ran.stdout, /^backend: (native|wasm|webgpu|cpu)\n/);
      assert.match(ran.stdout, /│\s+200\s+│/, "the table reaches step 200");
      assert.ok(ran.stdout.includes(`"${readme.dLoss}"`), `D loss ${readme.dLoss}:\n${ran.stdout}`);
      assert.ok(ran.stdout.includes(`"${readme.gLoss}"`), `G loss ${readme.gLoss}`);
      assert.doesNotMatch(ran.stderr, BANNER);

      // The reason, with no permissions (every fallback explains itself) and with all.
      await Deno.writeTextFile(
        join(dir, "reason.ts"),
        'import { initBackend } from "@adversarial/nets";\n' +
          "console.log((await initBackend()).reason);\n",
      );
      for (const flags of [["--no-prompt"], ["-A"]]) {
        const r = await deno(["run", ...flags, "reason.ts"]);
        assert.strictEqual(r.code, 0, r.stderr.slice(-3000));
        const paths = r.stdout.match(/[\w.-]+(?:\/[\w.-]+)+\.(?:ts|md|json|py)\b/g) ?? [];
        for (const path of paths) {
          assert.ok(jsr.files.includes(`/${path}`), `the reason names ${path}: ${r.stdout}`);
        }
        assert.doesNotMatch(r.stdout, /\b(bench|tests|docs|experiments|notebooks)\//);
        if (flags[0] === "--no-prompt") assert.match(r.stdout, /native failed: .*--allow-ffi/);
      }
    } finally {
      await jsr.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const jupyter = await jupyterStatus();

Deno.test({
  name: "README's notebook first cell imports the package in Jupyter, outside the repository",
  ignore: !jupyter.available,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const readme = startHere(await Deno.readTextFile(README));
    const jsr = await startLocalJsr();
    const dir = await Deno.makeTempDir({ prefix: "an-readme-nb-" });
    try {
      const code = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [] });
      const path = join(dir, "first.ipynb");
      await Deno.writeTextFile(
        path,
        JSON.stringify({
          cells: [
            code(readme.notebookCell),
            code(
              'const { adam, gaussian1d, mlpDiscriminator, mlpGenerator, nonSaturatingLoss, uniformPrior } = await import("jsr:@adversarial/nets@0.1.0");\n' +
                "const trainer = createTrainer({ generator: mlpGenerator({ latentDim: 1, outputShape: [1], hidden: [8], seed: 1 }), " +
                "discriminator: mlpDiscriminator({ inputShape: [1], hidden: [8], seed: 2 }), loss: nonSaturatingLoss(), " +
                "prior: uniformPrior(1), sampleReal: gaussian1d({ mean: 4, std: 0.5 }), batchSize: 16, " +
                "dOptimizer: adam({ lr: 1e-3 }), gOptimizer: adam({ lr: 1e-3 }), seed: 0 });\n" +
                "const history = await trainer.train(10);\ntrainer.dispose();\n" +
                "await show(historyFigure(history));",
            ),
          ],
          metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
          nbformat: 4,
          nbformat_minor: 4,
        }),
      );
      const nb = await executeNotebook(path, { env: { JSR_URL: jsr.url }, quietMs: 200 });
      const outputs = nb.cells[1].outputs ?? [];
      assert.strictEqual(outputs.length, 1, JSON.stringify(nb.cells.map((c) => c.outputs)));
      assert.match(mimeText(outputs[0], "image/svg+xml") ?? "", /^<svg/);
    } finally {
      await jsr.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
