/**
 * The DCGAN step (bench/dcgan_step.ts) paired against the same step in PyTorch
 * (bench/torch_dcgan.py), one thread each: warm processes step in alternation (bench/paired.ts),
 * so that the shared machine's drift hits every row alike; ratios are medians of per-cycle
 * ratios. PyTorch runs as installed and with glibc's malloc keeping freed memory (its fastest
 * setting here).
 *
 * Usage: `deno run -A bench/dcgan_paired.ts [cycles=12] [threads=1]` (`threads`: the library's;
 * PyTorch runs on one). Needs Debian's `python3-torch`.
 *
 * @module
 */
import { type PairedMember, pairedRatio, runPaired } from "./paired.ts";
import { median } from "./timing.ts";
import { torchEnv } from "./torch_env.ts";

const cycles = Number(Deno.args[0] ?? 12);
const threads = Number(Deno.args[1] ?? 1);
const dir = new URL(".", import.meta.url).pathname;
const members: PairedMember[] = [
  {
    label: `this package, native, ${threads} thread(s)`,
    kind: "library",
    threads,
    command: Deno.execPath(),
    args: ["run", "-A", `${dir}dcgan_step.ts`, "serve", String(threads)],
  },
  ...[false, true].map((keepMemory): PairedMember => ({
    label: `PyTorch, 1 thread${keepMemory ? ", malloc keeps memory" : ", as installed"}`,
    kind: "pytorch",
    threads: 1,
    command: "/usr/bin/python3",
    args: [`${dir}torch_dcgan.py`, "serve"],
    env: torchEnv(1, 1, keepMemory),
  })),
];
const runs = await runPaired(members, cycles);
const [, installed, tuned] = runs;
console.log(`DCGAN step, 28 x 28, batch 64, ${cycles} paired cycles (ms)`);
console.log("who | median | / PyTorch as installed | / PyTorch, malloc keeps memory");
for (const run of runs) {
  const failed = typeof run.info === "string" ? ` (${run.info})` : "";
  console.log(
    `${run.member.label} | ${median(run.stepMs).toFixed(0)} | ` +
      `${pairedRatio(run.stepMs, installed.stepMs).toFixed(2)} | ` +
      `${pairedRatio(run.stepMs, tuned.stepMs).toFixed(2)}${failed}`,
  );
}
