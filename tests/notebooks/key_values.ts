/**
 * Helpers for the notebook tests of notebooks 1-3: skip when Jupyter is missing, and read the
 * numbers that `keyValueTable` prints into a cell's text/plain output.
 */
import assert from "node:assert";
import {
  executeNotebook,
  jupyterStatus,
  mimeText,
  type Notebook,
  outputsByTag,
} from "./harness.ts";

/** Whether notebooks can run; registers a failing test instead when CI requires Jupyter. */
export async function notebooksAvailable(): Promise<boolean> {
  const status = await jupyterStatus();
  if (!status.available) {
    console.warn(`SKIPPED notebook tests: ${status.reason}`);
    if (Deno.env.get("AN_REQUIRE_JUPYTER") === "1") {
      Deno.test("Jupyter is installed (AN_REQUIRE_JUPYTER=1)", () => {
        throw new Error(status.reason);
      });
    }
  }
  return status.available;
}

/** Executes a notebook in quick mode (into a temporary file) and asserts no cell raised. */
export async function runQuick(path: string): Promise<Notebook> {
  const nb = await executeNotebook(path, { env: { ...Deno.env.toObject(), AN_QUICK: "1" } });
  const errors = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
  assert.deepStrictEqual(errors, [], "no cell raised");
  const streams = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) =>
    o.output_type === "stream"
  );
  assert.deepStrictEqual(streams, [], "nothing printed to stdout/stderr");
  return nb;
}

/** The `mime` text of every output of the cells tagged `tag`, joined by newlines. */
export function tagText(nb: Notebook, tag: string, mime = "text/plain"): string {
  return outputsByTag(nb, tag).map((o) => mimeText(o, mime) ?? "").join("\n");
}

/** The MIME types of each output of the cells tagged `tag`, sorted. */
export function mimeTypes(nb: Notebook, tag: string): string[][] {
  return outputsByTag(nb, tag).map((o) => Object.keys(o.data ?? {}).sort());
}

/**
 * The key/value pairs of every `keyValueTable` in the cells tagged `tag`: its text/plain lines
 * are `field  value`, right-aligned; numbers are parsed, the rest kept as text.
 */
export function keyValues(nb: Notebook, tag: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const o of outputsByTag(nb, tag)) {
    const text = mimeText(o, "text/plain") ?? "";
    if (!/^\s*field\s+value$/m.test(text)) continue;
    for (const line of text.split("\n")) {
      const m = line.match(/^\s*(.+?)\s{2,}(\S+)$/);
      if (!m || m[1] === "field" || /^-+$/.test(m[1])) continue;
      const n = Number(m[2]);
      out[m[1]] = Number.isNaN(n) ? m[2] : n;
    }
  }
  return out;
}

/** Reads a number from {@linkcode keyValues}' result, failing clearly when it is missing. */
export function num(kv: Record<string, number | string>, key: string): number {
  const v = kv[key];
  assert.strictEqual(typeof v, "number", `${key} is a number in the notebook's output: ${v}`);
  return v as number;
}
