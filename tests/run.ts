/**
 * The test command (`deno task test`): the package checks (fmt, lint, type
 * check, doc lint, publish dry-run), then every test and JSDoc example, ending
 * with a plain `N passed, N failed` line that CI reads. The tests run in four
 * `deno test` processes (unit, experiment, notebook tests; doc examples); a group
 * whose tests all passed but whose process then died by a signal while exiting
 * is reported and run again (at most twice), and counts as failed if it dies
 * every time.
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

async function run(
  cmd: string[],
  echo: boolean,
): Promise<{ ok: boolean; signal: string | null; text: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: cmd,
    stdout: "piped",
    stderr: "piped",
    // OpenBLAS starts one thread per core whenever an isolate loads it (tests that open it
    // directly); one thread unless asked for more keeps its load/unload cycles light (see the
    // teardown crash below).
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
  ["doc examples", ["--doc", "lib/", "README.md"]],
];
// Deno's summary: "ok | 12 passed (3 steps) | 0 failed (1s)" or "FAILED | 3 passed | 2 failed".
// Reruns of a group whose tests all passed but whose process then died by a signal.
// Five: the doc-example group crashed this way in about half of the fresh-clone CI runs of
// session 3 (glibc "corrupted size vs. prev_size" at exit, never in a test), so two reruns
// still failed CI about once in eight; five make that about once in a hundred.
const MAX_RERUNS = 5;
const SUMMARY = /\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g;
for (const [name, args] of groups) {
  let attempt = await run(["test", "-A", ...args], true);
  let summary = [...attempt.text.matchAll(SUMMARY)].at(-1);
  const completeThenCrashed = () =>
    !attempt.ok && summary !== undefined && Number(summary[2]) === 0 &&
    attempt.signal !== null;
  for (let rerun = 1; rerun <= MAX_RERUNS && completeThenCrashed(); rerun++) {
    // Every test passed, then the process died by a signal while exiting (native library
    // teardown, not yet fixed): say so and run the group again; a crash on the last rerun
    // counts as a failure.
    console.log(
      `warning: ${name}: all ${summary![1]} passed, then deno exited by ${attempt.signal}; ` +
        `running the group again`,
    );
    attempt = await run(["test", "-A", ...args], true);
    summary = [...attempt.text.matchAll(SUMMARY)].at(-1);
  }
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  if (!attempt.ok && (!summary || Number(summary[2]) === 0)) {
    // deno test itself failed (type errors, no tests found, a crash): count it as a failure.
    failed++;
    failures.push(`${name} (did not complete${attempt.signal ? `: ${attempt.signal}` : ""})`);
  }
}
if (failures.length > 0) console.log(`failed checks: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 ? 0 : 1);
