/**
 * Notebook test harness: executes a notebook through real Jupyter
 * (`jupyter nbconvert --execute` with the Deno kernel) and gives typed access
 * to its outputs. Tests skip, with a message, when Jupyter or the Deno
 * kernel is missing (install: see `jupyterStatus`).
 */
import { basename, dirname, join, resolve } from "node:path";

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

/** Checks for `jupyter nbconvert` and the Deno kernelspec. */
export async function jupyterStatus(): Promise<JupyterStatus> {
  const nbconvert = await run("jupyter", ["nbconvert", "--version"]);
  if (nbconvert.code !== 0) {
    return { available: false, reason: `jupyter nbconvert not found; install with: ${INSTALL}` };
  }
  const specs = await run("jupyter", ["kernelspec", "list", "--json"]);
  const ok = specs.code === 0 && "deno" in (JSON.parse(specs.stdout).kernelspecs ?? {});
  return ok ? { available: true, reason: "" } : {
    available: false,
    reason: `the Deno Jupyter kernel is not installed; run: deno jupyter --install`,
  };
}

/**
 * Executes `path` top to bottom with the Deno kernel (cells run with the
 * notebook's directory as working directory) and returns the executed notebook.
 *
 * @throws Error with nbconvert's stderr when execution fails (a cell raised, timeout).
 */
export async function executeNotebook(
  path: string,
  { env = {}, timeoutSeconds = 180 }: { env?: Record<string, string>; timeoutSeconds?: number } =
    {},
): Promise<Notebook> {
  const abs = resolve(path);
  const outDir = await Deno.makeTempDir({ prefix: "an-nb-" });
  try {
    const result = await run("jupyter", [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
      "--ExecutePreprocessor.kernel_name=deno",
      "--output-dir",
      outDir,
      "--output",
      "executed.ipynb",
      basename(abs),
    ], { cwd: dirname(abs), env: { ...env } });
    if (result.code !== 0) {
      throw new Error(
        `executing ${path} failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`,
      );
    }
    return JSON.parse(await Deno.readTextFile(join(outDir, "executed.ipynb")));
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
