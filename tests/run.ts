/**
 * The test command (`deno task test`): the package checks (fmt, lint, type
 * check, doc lint, publish dry-run), then every test and JSDoc example, ending
 * with a plain `N passed, N failed` line that CI reads. The tests run in four
 * `deno test` processes (unit, experiment, notebook tests; doc examples), each framed by a
 * progress line (`[2/4] experiment tests: 57 passed, 0 failed, 212 s (380 s in all)`). Nothing is
 * run again: a group whose process does not exit 0 is a failure, even when every test in it
 * passed (a crash at exit is a failure a user's script or CI job would see too).
 *
 * Pass test paths or `deno test` flags to narrow the run, e.g.
 * `deno task test tests/theory/`; `--no-checks` skips the package checks.
 */
const args = [...Deno.args];
const skipChecks = args.includes("--no-checks");
const testArgs = args.filter((a) => a !== "--no-checks");

/** The files of deno.json's `exports`, root first. */
function packageEntries(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  return Object.values(config.exports as Record<string, string>);
}

const checks: Array<[string, string[]]> = [
  ["deno fmt --check", ["fmt", "--check"]],
  ["deno lint", ["lint"]],
  ["deno check", ["check", "mod.ts", "tests/", "bench/", "experiments/", "repro.ts"]],
  // Every entry of deno.json's exports together: a sub-path entry may use a type that another
  // entry defines (the root lists only the core).
  ["deno doc --lint", ["doc", "--lint", ...packageEntries()]],
  ["deno publish --dry-run", ["publish", "--dry-run", "--allow-dirty"]],
];

let passed = 0, failed = 0;
const failures: string[] = [];

async function run(
  cmd: string[],
  echo: boolean,
): Promise<{ ok: boolean; signal: string | null; text: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: cmd,
    stdout: "piped",
    stderr: "piped",
    // OpenBLAS starts one thread per core whenever an isolate loads it (tests that open it
    // directly); one thread unless asked for more keeps its load/unload cycles light.
    env: { NO_COLOR: "1", OPENBLAS_NUM_THREADS: Deno.env.get("OPENBLAS_NUM_THREADS") ?? "1" },
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
  return { ok: status.success, signal: status.signal, text };
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

// Separate processes per group: a crash names its group and takes only that group's state down.
const groups: Array<[string, string[]]> = testArgs.length > 0 ? [["deno test", testArgs]] : [
  ["unit tests", ["--ignore=tests/notebooks/,tests/experiments/", "tests/"]],
  ["experiment tests", ["tests/experiments/"]],
  ["notebook tests", ["tests/notebooks/"]],
  ["doc examples", ["--doc", "lib/", "experiments/", "README.md"]],
];
// Deno's summary: "ok | 12 passed (3 steps) | 0 failed (1s)" or "FAILED | 3 passed | 2 failed".
const SUMMARY = /\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g;
const started = performance.now();
for (const [i, [name, args]] of groups.entries()) {
  const step = `[${i + 1}/${groups.length}] ${name}`;
  console.log(`${step}: running deno test ${args.join(" ")}`);
  const t0 = performance.now();
  const result = await run(["test", "-A", ...args], true);
  const summary = [...result.text.matchAll(SUMMARY)].at(-1);
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  const seconds = (s: number) => `${Math.round((performance.now() - s) / 1000)} s`;
  console.log(
    `${step}: ${summary ? `${summary[1]} passed, ${summary[2]} failed` : "no summary"}` +
      `${result.ok ? "" : " (exit not clean)"}, ${seconds(t0)} (${seconds(started)} in all)`,
  );
  if (!result.ok && (!summary || Number(summary[2]) === 0)) {
    // The tests passed (or never reported) but the process failed: type errors, no tests
    // found, or a crash at exit. Count it as a failure and say how it ended.
    const how = result.signal ? `deno exited by ${result.signal}` : "deno exited non-zero";
    console.log(`${name}: ${how}${summary ? ` after all ${summary[1]} passed` : ""}`);
    failed++;
    failures.push(`${name} (did not exit cleanly${result.signal ? `: ${result.signal}` : ""})`);
  }
}
if (failures.length > 0) console.log(`failed checks: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 ? 0 : 1);
