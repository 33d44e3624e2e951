/**
 * The test command (`deno task test`): the package checks (fmt, lint, type
 * check, doc lint, publish dry-run), then every test and JSDoc example, ending
 * with a plain `N passed, N failed` line that CI reads.
 *
 * Pass test paths or `deno test` flags to narrow the run, e.g.
 * `deno task test tests/theory/`; `--no-checks` skips the package checks.
 */
const args = [...Deno.args];
const skipChecks = args.includes("--no-checks");
const testArgs = args.filter((a) => a !== "--no-checks");

const checks: Array<[string, string[]]> = [
  ["deno fmt --check", ["fmt", "--check"]],
  ["deno lint", ["lint"]],
  ["deno check", ["check", "mod.ts", "tests/", "bench/"]],
  ["deno doc --lint", ["doc", "--lint", "mod.ts"]],
  ["deno publish --dry-run", ["publish", "--dry-run", "--allow-dirty"]],
];

let passed = 0, failed = 0;
const failures: string[] = [];

async function run(cmd: string[], echo: boolean): Promise<{ ok: boolean; text: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: cmd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const decoder = new TextDecoder();
  let text = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      if (echo) await sink.write(chunk);
    }
  };
  const [status] = await Promise.all([
    child.status,
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  return { ok: status.success, text };
}

if (!skipChecks) {
  for (const [name, cmd] of checks) {
    const { ok, text } = await run(cmd, false);
    console.log(`check ${name} ... ${ok ? "ok" : "FAILED"}`);
    if (ok) passed++;
    else {
      failed++;
      failures.push(name);
      console.log(text.split("\n").slice(-40).join("\n"));
    }
  }
}

const paths = testArgs.length > 0 ? testArgs : ["--doc", "tests/", "lib/", "README.md"];
const { ok, text } = await run(["test", "-A", ...paths], true);
// Deno's summary: "ok | 12 passed (3 steps) | 0 failed (1s)" or "FAILED | 3 passed | 2 failed".
const summary = [...text.matchAll(/\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].at(-1);
if (summary) {
  passed += Number(summary[1]);
  failed += Number(summary[2]);
}
if (!ok && (!summary || Number(summary[2]) === 0)) {
  // deno test itself failed (type errors, no tests found): count it as a failure.
  failed++;
  failures.push("deno test (did not complete)");
}
if (failures.length > 0) console.log(`failed checks: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 ? 0 : 1);
