#!/usr/bin/python3
"""Executes a Jupyter notebook cell by cell and keeps listening after each cell's idle.

Deno's Jupyter kernel (2.9.6) can publish a cell's output after the cell's `status: idle`
message on iopub. nbclient (and so `jupyter nbconvert --execute` and papermill) ends a cell at
idle and drops what comes later; see docs/kernel-late-output/. This executor runs each cell,
collects the iopub messages whose parent is that cell's request until the kernel is idle, the
execute_reply has come AND the iopub channel has been quiet for `--quiet-ms` (bounded by
`--max-after-idle-ms` after idle), then moves on. Messages are routed by their parent's msg_id,
so an output that comes even later still lands in the right cell.

Usage:
  /usr/bin/python3 execute.py IN.ipynb OUT.ipynb [--kernel deno] [--timeout 180]
      [--quiet-ms 400] [--max-after-idle-ms 3000] [--stats STATS.json]

The working directory of the kernel is the notebook's directory; the environment is inherited.
Exit status: 0 when every cell ran, 1 when a cell raised (the message names the cell's index, and
OUT is still written), 2 for a usage error, 3 when a cell timed out.
Needs jupyter_client and nbformat (Debian: jupyter-client, python3-nbformat).
"""

import argparse
import json
import os
import queue
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--kernel", default=None, help="kernel name (default: the notebook's, else deno)")
    p.add_argument("--timeout", type=float, default=180.0, help="seconds per cell")
    p.add_argument("--quiet-ms", type=float, default=400.0,
                   help="after idle and the reply, wait until iopub has been quiet this long")
    p.add_argument("--max-after-idle-ms", type=float, default=3000.0,
                   help="never wait longer than this after a cell's idle")
    p.add_argument("--stats", default=None, help="write per-cell output counts (JSON) here")
    return p.parse_args(argv)


class Collector:
    """Turns iopub messages into nbformat outputs, cell by cell (by parent msg_id)."""

    def __init__(self, nb):
        self.nb = nb
        self.cell_of = {}  # request msg_id -> cell index
        self.idle = {}  # request msg_id -> time idle was seen
        self.late = {}  # cell index -> outputs that came after idle
        self.display_ids = {}  # display_id -> list of (cell index, output index)
        self.clear_pending = {}  # cell index -> clear_output(wait=True) seen

    def handle(self, msg, now):
        parent = msg.get("parent_header", {}).get("msg_id")
        if parent not in self.cell_of:
            return
        index = self.cell_of[parent]
        cell = self.nb.cells[index]
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status":
            if content.get("execution_state") == "idle":
                self.idle.setdefault(parent, now)
            return
        if kind == "execute_input":
            cell.execution_count = content.get("execution_count")
            return
        if kind == "clear_output":
            if content.get("wait"):
                self.clear_pending[index] = True
            else:
                cell.outputs = []
            return
        if kind == "update_display_data":
            display_id = content.get("transient", {}).get("display_id")
            for ci, oi in self.display_ids.get(display_id, []):
                out = self.nb.cells[ci].outputs[oi]
                out["data"] = content.get("data", {})
                out["metadata"] = content.get("metadata", {})
            self.count_late(parent, index)
            return
        if kind not in ("stream", "display_data", "execute_result", "error"):
            return
        if self.clear_pending.pop(index, False):
            cell.outputs = []
        out = nbformat.v4.output_from_msg(msg)
        if kind == "stream" and cell.outputs and cell.outputs[-1].get("output_type") == "stream" \
                and cell.outputs[-1].get("name") == out.get("name"):
            cell.outputs[-1]["text"] += out["text"]
        else:
            cell.outputs.append(out)
            display_id = content.get("transient", {}).get("display_id")
            if display_id and kind in ("display_data", "execute_result"):
                self.display_ids.setdefault(display_id, []).append((index, len(cell.outputs) - 1))
        self.count_late(parent, index)

    def count_late(self, parent, index):
        if parent in self.idle:
            self.late[index] = self.late.get(index, 0) + 1


def drain(kc, collector, timeout):
    """Handles every iopub message that arrives within `timeout` seconds; returns how many."""
    n = 0
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        try:
            msg = kc.get_iopub_msg(timeout=max(left, 0.0))
        except queue.Empty:
            return n
        collector.handle(msg, time.monotonic())
        n += 1


def run_cell(kc, km, collector, index, cell, args):
    """Executes one code cell; returns the execute_reply content (or None on timeout)."""
    cell.outputs = []
    msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False, stop_on_error=False)
    collector.cell_of[msg_id] = index
    start = time.monotonic()
    reply = None
    quiet = args.quiet_ms / 1000
    last = time.monotonic()
    while True:
        now = time.monotonic()
        idle_at = collector.idle.get(msg_id)
        if reply is not None and idle_at is not None:
            if now - last >= quiet or now - idle_at >= args.max_after_idle_ms / 1000:
                return reply
        if now - start > args.timeout:
            km.interrupt_kernel()
            return None
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
            collector.handle(msg, time.monotonic())
            last = time.monotonic()
        except queue.Empty:
            pass
        if reply is None:
            try:
                shell = kc.get_shell_msg(timeout=0)
                if shell.get("parent_header", {}).get("msg_id") == msg_id:
                    reply = shell["content"]
                    last = max(last, time.monotonic())
            except queue.Empty:
                pass


def main(argv):
    args = parse_args(argv)
    nb = nbformat.read(args.input, as_version=4)
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name") or "deno"
    cwd = os.path.dirname(os.path.abspath(args.input))
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(cwd=cwd, env=dict(os.environ))
    kc = km.client()
    kc.start_channels()
    status = 0
    collector = Collector(nb)
    executed = 0
    seconds = {}
    t_start = time.monotonic()
    try:
        kc.wait_for_ready(timeout=60)
        seconds["start"] = round(time.monotonic() - t_start, 3)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.monotonic()
            reply = run_cell(kc, km, collector, index, cell, args)
            seconds[index] = round(time.monotonic() - t0, 3)
            executed += 1
            if reply is None:
                print(f"cell {index} timed out after {args.timeout:g} s:\n{cell.source[:500]}",
                      file=sys.stderr)
                status = 3
                break
            if reply.get("status") == "error" and "raises-exception" not in cell.metadata.get(
                    "tags", []):
                trace = "\n".join(reply.get("traceback", []))
                print(f"cell {index} raised {reply.get('ename')}: {reply.get('evalue')}\n"
                      f"{trace}\n--- cell {index} source ---\n{cell.source[:2000]}",
                      file=sys.stderr)
                status = 1
                break
        # anything still in flight for any cell
        drain(kc, collector, args.quiet_ms / 1000)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # outputs are in; a polite shutdown costs seconds here
    nbformat.write(nb, args.output)
    late = sum(collector.late.values())
    print(f"executed {executed} code cells; {late} outputs arrived after their cell's idle "
          f"(kept)", file=sys.stderr)
    if args.stats:
        stats = {
            "executed": executed,
            "late_outputs": late,
            "late_by_cell": {str(k): v for k, v in sorted(collector.late.items())},
            "seconds": {str(k): v for k, v in seconds.items()},
            "outputs_by_cell": {str(i): len(c.outputs) for i, c in enumerate(nb.cells)
                                if c.cell_type == "code"},
        }
        with open(args.stats, "w") as f:
            json.dump(stats, f)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
