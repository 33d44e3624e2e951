import assert from "node:assert";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MOD = new URL("../../mod.ts", import.meta.url).href;
const BANNER = /Hi, looks like you are running TensorFlow\.js in Node\.js/;

/** Runs `code` in a fresh `deno eval` (the repository's config) and returns its stderr. */
async function stderrOf(code: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.strictEqual(out.code, 0, stderr);
  return stderr;
}

Deno.test("importing the package keeps tfjs's Node.js banner away, on every cpu-based backend", async () => {
  // Without the package, tfjs prints it on the first tensor (this test can see it).
  const bare = await stderrOf(`
    import * as tf from "@tensorflow/tfjs";
    tf.tensor([1, 2]).dispose();`);
  assert.match(bare, BANNER);
  const quiet = await stderrOf(`
    import * as tf from "@tensorflow/tfjs";
    import { initBackend } from "${MOD}";
    tf.tensor([1, 2]).dispose(); // the default backend, before initBackend
    await initBackend({ backend: "cpu" });
    tf.tensor([1, 2]).dispose();
    await initBackend({ backend: "native" }).catch(() => {});
    tf.tensor([1, 2]).dispose();`);
  assert.doesNotMatch(quiet, BANNER);
});

Deno.test("importing any sub-path entry of the package keeps the banner away too", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const entries = Object.entries(config.exports as Record<string, string>)
    .filter(([name]) => name !== ".");
  assert.ok(entries.length >= 9, `sub-path entries: ${entries.map(([n]) => n)}`);
  const loud: string[] = [];
  for (const [name, path] of entries) {
    const href = new URL(`../../${path}`, import.meta.url).href;
    const stderr = await stderrOf(`
      import * as tf from "@tensorflow/tfjs";
      import "${href}";
      tf.tensor([1, 2]).dispose();`);
    if (BANNER.test(stderr)) loud.push(name);
  }
  assert.deepStrictEqual(loud, []);
});
