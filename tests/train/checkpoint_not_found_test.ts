import assert from "node:assert";
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "../../lib/train/checkpoint/directory.ts";

Deno.test("loadCheckpoint() of a missing directory says it was not found and names it", async () => {
  const root = await Deno.makeTempDir({ prefix: "an-ckpt-" });
  try {
    const dir = join(root, "nope");
    await assert.rejects(loadCheckpoint(dir), (e: Error) => {
      assert.ok(e instanceof Deno.errors.NotFound, String(e));
      assert.strictEqual(
        e.message,
        `Cannot load checkpoint as its directory was not found: dir=${dir}`,
      );
      return true;
    });
    await Deno.writeTextFile(join(root, "file"), "x");
    await assert.rejects(loadCheckpoint(join(root, "file")), /dir is not a directory/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("saveCheckpoint() refuses a misspelt option", async () => {
  await assert.rejects(
    saveCheckpoint({} as never, "unused", { onFileWriten: () => {} } as never),
    /option "onFileWriten" is unknown \(did you mean "onFileWritten"\?/,
  );
});
