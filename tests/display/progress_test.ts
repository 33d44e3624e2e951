import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { formatDuration, progressBar } from "../../lib/display/mod.ts";

function fakeBar(total: number, options: { inPlace?: boolean; minIntervalMs?: number } = {}) {
  let out = "";
  let t = 0;
  const bar = progressBar({
    total,
    write: (s) => out += s,
    now: () => t,
    enabled: true,
    inPlace: options.inPlace ?? false,
    minIntervalMs: options.minIntervalMs ?? 0,
  });
  return { bar, out: () => out, advance: (ms: number) => t += ms };
}

Deno.test("progressBar() reports count, percent, step/s and ETA from the clock", () => {
  const { bar, out, advance } = fakeBar(10);
  advance(1000);
  bar.tick(4, { d: 1.23456, g: 0.5 });
  // 4 steps in 1 s: 4 step/s, 6 left: ETA 1.5 s
  assert.strictEqual(
    out(),
    "train [##########..............] 4/10 40% 4.00 step/s ETA 1.5s d=1.235 g=0.5\n",
  );
  advance(1500);
  bar.tick(6);
  assert.match(out().split("\n")[1], /10\/10 100% 4\.00 step\/s in 2\.5s d=1\.235 g=0\.5$/);
});

Deno.test("progressBar() throttles redraws but always draws the last step", () => {
  const { bar, out, advance } = fakeBar(100, { minIntervalMs: 1000 });
  for (let i = 0; i < 100; i++) {
    advance(25); // 2.5 s in all: draws at 25 ms, 1025, 2025 and the last
    bar.tick();
  }
  const lines = out().trim().split("\n");
  assert.strictEqual(lines.length, 4);
  assert.match(lines[3], /100\/100 100% 40\.00 step\/s in 2\.5s/);
  bar.finish(); // idempotent after the last step
  assert.strictEqual(out().trim().split("\n").length, 4);
});

Deno.test("progressBar() in place redraws with carriage returns and ends the line", () => {
  const { bar, out, advance } = fakeBar(2, { inPlace: true });
  advance(10);
  bar.tick();
  advance(10);
  bar.tick();
  assert.ok(out().startsWith("\r"));
  assert.ok(out().endsWith("\x1b[K\n"));
  assert.strictEqual(out().split("\r").length, 3);
});

Deno.test("progressBar() prints nothing when disabled (as inside a notebook)", () => {
  let out = "";
  const bar = progressBar({ total: 3, write: (s) => out += s, enabled: false });
  bar.tick(3);
  bar.finish();
  assert.strictEqual(out, "");
  assert.strictEqual(bar.done, 3);
});

Deno.test("progressBar() rejects a bad total or width", () => {
  assert.throws(() => progressBar({ total: 0 }), /total must be a positive integer: total=0/);
  assert.throws(() => progressBar({ total: 2.5 }), RangeError);
  assert.throws(() => progressBar({ total: 5, width: 0 }), /width=0/);
});

Deno.test("formatDuration() switches units at a minute and an hour", () => {
  assert.strictEqual(formatDuration(12.34), "12.3s");
  assert.strictEqual(formatDuration(245), "4m05s");
  assert.strictEqual(formatDuration(7380), "2h03m");
  assert.strictEqual(formatDuration(Infinity), "?");
});

Deno.test("progressBar() is visible on stderr of a `deno run` process", async () => {
  const script = fileURLToPath(new URL("./fixtures/progress_script.ts", import.meta.url));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  const stdout = new TextDecoder().decode(out.stdout);
  assert.strictEqual(out.code, 0, stderr);
  assert.strictEqual(stdout, "done\n", "the bar stays off stdout");
  assert.match(stderr, /fixture \[#+\] 5\/5 100% [\d.]+ step\/s in [\d.]+s d=1\.25 g=0\.5/);
  assert.match(stderr, /1\/5 20% [\d.]+ step\/s ETA [\d.]+s/);
});

Deno.test("progressBar() refuses a misspelt option, naming it and the nearest valid one", () => {
  assert.throws(
    () => progressBar({ total: 3, lable: "x" } as never),
    (e: Error) =>
      e instanceof TypeError &&
      /option "lable" is unknown \(did you mean "label"\?/.test(e.message),
  );
});
