/**
 * The notebook executor (tests/notebooks/execute.py) keeps every output of cells that end in a
 * plain expression, the kind Deno's kernel sometimes sends after the cell's `status: idle` (see
 * docs/kernel-late-output/): tests/notebooks/fixtures/plain_expressions.ipynb runs 10 times, one
 * kernel per run, and every code cell must come back with its one expected output (the MIME
 * type named in its `expect:` tag). It also reports a failing cell by its index.
 */
import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  executeNotebook,
  type ExecutorStats,
  jupyterStatus,
  mimeText,
  type Notebook,
} from "./harness.ts";

const NOTEBOOK = fileURLToPath(
  new URL("./fixtures/plain_expressions.ipynb", import.meta.url),
);
const RUNS = 10;

const status = await jupyterStatus();
if (!status.available) console.warn(`SKIPPED executor tests: ${status.reason}`);

/** Cells whose expected output is missing or wrong, as "cell i: why". */
function missing(nb: Notebook): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    const tag = cell.metadata?.tags?.find((t) => t.startsWith("expect:"));
    if (cell.cell_type !== "code" || tag === undefined) return;
    const mime = tag.slice("expect:".length);
    const outputs = cell.outputs ?? [];
    if (outputs.length !== 1) {
      problems.push(`cell ${i}: ${outputs.length} outputs, expected 1 (${mime})`);
    } else if (!mimeText(outputs[0], mime)) {
      problems.push(
        `cell ${i}: no ${mime} in ${JSON.stringify(Object.keys(outputs[0].data ?? {}))}`,
      );
    }
  });
  return problems;
}

Deno.test({
  name: `executeNotebook() loses no output of plain-expression cells in ${RUNS} runs`,
  ignore: !status.available,
  sanitizeResources: false,
  async fn(t) {
    const lost: string[] = [];
    let late = 0, cells = 0;
    for (let run = 1; run <= RUNS; run++) {
      await t.step(`run ${run} of ${RUNS}`, async () => {
        let stats: ExecutorStats | undefined;
        const nb = await executeNotebook(NOTEBOOK, { quietMs: 300, stats: (s) => stats = s });
        cells += stats!.executed;
        late += stats!.late_outputs;
        lost.push(...missing(nb).map((m) => `run ${run}, ${m}`));
      });
    }
    // The kernel's late outputs (kept here, dropped by nbconvert) are worth seeing in the log.
    console.log(`${RUNS} runs, ${cells} cells: ${late} outputs came after idle and were kept`);
    assert.deepStrictEqual(lost, [], "every cell has its expected output");
    assert.strictEqual(cells, RUNS * 9);
  },
});

Deno.test({
  name: "executeNotebook() names the index of a cell that raises, and the error",
  ignore: !status.available,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "an-nb-raise-" });
    try {
      const path = join(dir, "raises.ipynb");
      const code = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [] });
      await Deno.writeTextFile(
        path,
        JSON.stringify({
          cells: [
            { cell_type: "markdown", metadata: {}, source: "# raises" },
            code('"fine"'),
            code('throw new RangeError("bad value: x=3");'),
            code('"never run"'),
          ],
          metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
          nbformat: 4,
          nbformat_minor: 4,
        }),
      );
      await assert.rejects(
        executeNotebook(path, { quietMs: 100 }),
        /cell 2 raised RangeError: bad value: x=3/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
