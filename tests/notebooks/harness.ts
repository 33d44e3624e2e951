/**
 * Notebook test harness: executes a notebook through real Jupyter (the Deno
 * kernel, driven by the project's executor tests/notebooks/execute.py, which
 * unlike `jupyter nbconvert --execute` keeps the outputs Deno's kernel sends
 * after a cell's idle) and gives typed access to its outputs. Tests skip, with
 * a message, when Jupyter or the Deno kernel is missing (install: see
 * `jupyterStatus`).
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One output of an executed code cell (nbformat 4). */
export interface NotebookOutput {
  output_type: "display_data" | "execute_result" | "stream" | "error" | "update_display_data";
  /** MIME bundle of display_data / execute_result (text may be split into lines). */
  data?: Record<string, string | string[]>;
  /** Stream name: stdout or stderr. */
  name?: string;
  /** Stream text. */
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

/** A cell of an executed notebook. */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  metadata: { tags?: string[] };
  source: string | string[];
  outputs?: NotebookOutput[];
}

/** An executed notebook (the nbformat JSON). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
}

/** Whether notebooks can run here, and if not, why. */
export interface JupyterStatus {
  available: boolean;
  reason: string;
}

const INSTALL = "apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client " +
  "python3-ipykernel && deno jupyter --install";

async function run(cmd: string, args: string[], options: Deno.CommandOptions = {}) {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", ...options })
      .output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } catch (err) {
    return { code: -1, stdout: "", stderr: String(err) };
  }
}

/** The Python that runs the executor: Debian's, which has jupyter_client and nbformat. */
export const PYTHON: string = (() => {
  try {
    Deno.statSync("/usr/bin/python3");
    return "/usr/bin/python3";
  } catch {
    return "python3";
  }
})();

/** The project's notebook executor (see its docstring and docs/kernel-late-output/). */
export const EXECUTOR: string = fileURLToPath(new URL("./execute.py", import.meta.url));

/** Checks for jupyter_client, nbformat and the Deno kernelspec. */
export async function jupyterStatus(): Promise<JupyterStatus> {
  const client = await run(PYTHON, ["-c", "import jupyter_client, nbformat"]);
  if (client.code !== 0) {
    return {
      available: false,
      reason: `${PYTHON} cannot import jupyter_client and nbformat; install with: ${INSTALL}`,
    };
  }
  const specs = await run("jupyter", ["kernelspec", "list", "--json"]);
  const ok = specs.code === 0 && "deno" in (JSON.parse(specs.stdout).kernelspecs ?? {});
  return ok ? { available: true, reason: "" } : {
    available: false,
    reason: `the Deno Jupyter kernel is not installed; run: deno jupyter --install`,
  };
}

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteOptions {
  /** Extra environment of the kernel (added to this process's). */
  env?: Record<string, string>;
  /** Seconds a cell may run. Default 180. */
  timeoutSeconds?: number;
  /** After a cell's idle, wait until no message came for this long (ms). Default 400. */
  quietMs?: number;
  /** Receives the executor's per-cell counts (late outputs, seconds), when given. */
  stats?: (stats: ExecutorStats) => void;
}

/** What the executor measured (its `--stats` file). */
export interface ExecutorStats {
  executed: number;
  /** Outputs that arrived after their cell's `status: idle` (kept; nbconvert drops them). */
  late_outputs: number;
  late_by_cell: Record<string, number>;
  seconds: Record<string, number>;
  outputs_by_cell: Record<string, number>;
}

/**
 * Executes `path` top to bottom with the Deno kernel (cells run with the notebook's directory
 * as working directory) through the project's executor, tests/notebooks/execute.py, which keeps
 * listening after each cell's idle: Deno's kernel can send a cell's output after it (see
 * docs/kernel-late-output/), and `jupyter nbconvert --execute` would drop it.
 *
 * @throws Error with the executor's stderr (it names the failing cell's index) when execution
 *   fails (a cell raised, timeout).
 */
export async function executeNotebook(
  path: string,
  { env = {}, timeoutSeconds = 180, quietMs = 400, stats }: ExecuteOptions = {},
): Promise<Notebook> {
  const abs = resolve(path);
  const outDir = await Deno.makeTempDir({ prefix: "an-nb-" });
  try {
    const executed = join(outDir, "executed.ipynb");
    const statsPath = join(outDir, "stats.json");
    const result = await run(PYTHON, [
      EXECUTOR,
      abs,
      executed,
      "--kernel",
      "deno",
      "--timeout",
      String(timeoutSeconds),
      "--quiet-ms",
      String(quietMs),
      "--stats",
      statsPath,
    ], { cwd: dirname(abs), env: { ...env } });
    if (result.code !== 0) {
      throw new Error(
        `executing ${path} failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`,
      );
    }
    stats?.(JSON.parse(await Deno.readTextFile(statsPath)));
    return JSON.parse(await Deno.readTextFile(executed));
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** The outputs of the code cells tagged `tag` (cell metadata "tags"), in order. */
export function outputsByTag(nb: Notebook, tag: string): NotebookOutput[] {
  const cells = nb.cells.filter((c) => c.metadata?.tags?.includes(tag));
  if (cells.length === 0) throw new Error(`no cell is tagged ${tag}`);
  return cells.flatMap((c) => c.outputs ?? []);
}

/** An output's MIME data as one string (nbformat may split text into lines). */
export function mimeText(output: NotebookOutput, mime: string): string | undefined {
  const v = output.data?.[mime];
  return Array.isArray(v) ? v.join("") : v;
}

/** All text in all outputs (streams, text/plain, text/html), for "must not appear" checks. */
export function allOutputText(nb: Notebook): string {
  const parts: string[] = [];
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.text) parts.push(Array.isArray(o.text) ? o.text.join("") : o.text);
      for (const mime of ["text/plain", "text/html"]) parts.push(mimeText(o, mime) ?? "");
      if (o.evalue) parts.push(o.evalue);
    }
  }
  return parts.join("\n");
}
