/**
 * Paired timing for `deno task bench`: every configuration (the library on native, PyTorch) runs
 * as its own warm process, and the coordinator asks each in turn for one step, with a short
 * pause between steps, cycle after cycle. A cycle takes about half a second, so the shared
 * machine's drift (20-40% over tens of seconds here) hits every configuration alike, and the
 * ratio of two configurations is taken step against step within each cycle.
 *
 * @module
 */
import { median } from "./timing.ts";

/** One process to step. */
export interface PairedMember {
  /** Row label, e.g. "native" or "pytorch 1.13, OpenBLAS 1". */
  label: string;
  /** Who runs it. */
  kind: "library" | "pytorch";
  /** Most threads of any kind it uses. */
  threads: number;
  /** Program and arguments (the child serves steps on stdin, see `bench/train_bench.ts`). */
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** What {@linkcode runPaired} returns per member. */
export interface PairedRun {
  member: Omit<PairedMember, "command" | "args" | "env">;
  /** Step milliseconds, one per cycle (NaN if the process failed). */
  stepMs: number[];
  /** The child's ready line (versions, threads) or its error. */
  info: Record<string, unknown> | string;
}

/**
 * The child's side: prints `ready` as a JSON line, then runs one timed `step` per "step" line
 * on stdin, answering each with `{"ms": ...}`; returns at any other line or at the end of input.
 *
 * @param ready What the child reports once warm (versions, threads).
 * @param step One training step.
 */
export async function serveSteps(
  ready: Record<string, unknown>,
  step: () => Promise<unknown>,
): Promise<void> {
  console.log(JSON.stringify({ ready: true, ...ready }));
  let pending = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== "step") return;
      const t0 = performance.now();
      await step();
      console.log(JSON.stringify({ ms: performance.now() - t0 }));
    }
  }
}

/** A child process spoken to in lines. */
class LineChild {
  readonly #process: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncIterator<string>;
  /** The end of the child's stderr (for the reason it failed). */
  #stderrTail = "";
  readonly #stderrDone: Promise<void>;

  constructor(member: PairedMember) {
    const process = new Deno.Command(member.command, {
      args: member.args,
      env: { NO_COLOR: "1", ...member.env },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#process = process;
    this.#stderrDone = (async () => {
      for await (const chunk of process.stderr.pipeThrough(new TextDecoderStream())) {
        this.#stderrTail = (this.#stderrTail + chunk).slice(-4000);
      }
    })().catch(() => {});
    this.#writer = this.#process.stdin.getWriter();
    this.#lines = lines(this.#process.stdout.pipeThrough(new TextDecoderStream()));
  }

  /** The next stdout line parsed as JSON (lines that are not JSON objects are skipped). */
  async read(): Promise<Record<string, unknown>> {
    while (true) {
      const next = await this.#lines.next();
      if (next.done) {
        // Wait for the process, so that its stderr is read to the end.
        const status = await this.#process.status;
        await this.#stderrDone;
        const tail = this.#stderrTail.trim().split("\n").slice(-2).join(" ").slice(-300);
        throw new Error(`the process ended (exit ${status.code})${tail ? `: ${tail}` : ""}`);
      }
      const text = next.value.trim();
      if (text.startsWith("{")) return JSON.parse(text);
    }
  }

  async send(line: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(line + "\n"));
  }

  async close(): Promise<void> {
    try {
      await this.#writer.close();
    } catch { /* already gone */ }
    await this.#process.status;
    await this.#stderrDone;
  }
}

async function* lines(stream: ReadableStream<string>): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of stream) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
    }
  }
  if (pending) yield pending;
}

/**
 * Starts each member (one at a time, each warmed up alone), then runs `cycles` cycles of one
 * step per member, the order rotating by one each cycle, with `gapMs` of idle time before each
 * step (so that a 2-thread BLAS's spinning workers have gone quiet).
 *
 * @param members The processes to compare.
 * @param cycles Steps per member.
 * @param gapMs Pause before each step.
 * @returns Per member its step times, aligned by cycle.
 */
export async function runPaired(
  members: PairedMember[],
  cycles: number,
  gapMs = 200,
): Promise<PairedRun[]> {
  const children: (LineChild | null)[] = [];
  const runs: PairedRun[] = [];
  for (const member of members) {
    const { command: _c, args: _a, env: _e, ...shown } = member;
    const child = new LineChild(member);
    try {
      const ready = await child.read();
      children.push(child);
      runs.push({ member: shown, stepMs: [], info: ready });
    } catch (error) {
      await child.close();
      children.push(null);
      runs.push({ member: shown, stepMs: [], info: `failed: ${(error as Error).message}` });
    }
  }
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (let j = 0; j < members.length; j++) {
      const i = (cycle + j) % members.length;
      const child = children[i];
      if (child === null) {
        runs[i].stepMs.push(NaN);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      try {
        await child.send("step");
        runs[i].stepMs.push(Number((await child.read()).ms));
      } catch (error) {
        runs[i].stepMs.push(NaN);
        runs[i].info = `failed at cycle ${cycle}: ${(error as Error).message}`;
        children[i] = null;
      }
    }
  }
  await Promise.all(children.map((child) => child?.close()));
  return runs;
}

/**
 * The median over cycles of `a`'s step time over `b`'s in the same cycle.
 *
 * @param a Step times, one per cycle.
 * @param b Step times of the reference, one per cycle.
 * @returns The median ratio (NaN if no cycle has both).
 */
export function pairedRatio(a: number[], b: number[]): number {
  const ratios = a.map((x, i) => x / b[i]).filter((r) => Number.isFinite(r));
  return ratios.length === 0 ? NaN : median(ratios);
}
