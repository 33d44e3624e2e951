import assert from "node:assert";

/** Runs the child with `threads` wasm threads; kills it if it has not finished in 90 s. */
async function runChild(threads: number): Promise<{ threads: number; values: number[][] }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./_wasm_threads_child.ts", import.meta.url).pathname,
      String(threads),
    ],
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(90_000),
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  assert.ok(
    output.success,
    `child (threads=${threads}) failed: ${new TextDecoder().decode(output.stderr)}`,
  );
  return JSON.parse(stdout.split("\n").pop()!);
}

Deno.test("multithreaded wasm starts in Deno, exits, and computes what single-threaded wasm does", async () => {
  const [one, two] = await Promise.all([runChild(1), runChild(2)]);
  assert.strictEqual(one.threads, 1);
  assert.strictEqual(two.threads, 2);
  assert.strictEqual(one.values.length, 5);
  let maxDiff = 0;
  for (let i = 0; i < one.values.length; i++) {
    assert.strictEqual(two.values[i].length, one.values[i].length);
    for (let j = 0; j < one.values[i].length; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(two.values[i][j] - one.values[i][j]));
    }
  }
  // XNNPACK splits output tiles across threads, not the sums: expect identical floats;
  // 1e-6 leaves room for a kernel that splits a reduction.
  assert.ok(maxDiff <= 1e-6, `max |threads=2 - threads=1| = ${maxDiff}`);
});
