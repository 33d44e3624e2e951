#!/usr/bin/python3
"""Deno Jupyter kernel: outputs published after the cell's `status: idle`.

Runs small cells in Deno's kernel through jupyter_client and, after each cell's
`status: idle` on iopub, keeps listening for `--listen` seconds. Every output
(execute_result, display_data, stream) whose parent is the cell's execute_request
is counted as "before idle" or "after idle" (with its delay after idle). The Jupyter
messaging spec says idle comes after all output of a request: everything counted
after idle is what nbclient (nbconvert --execute, papermill) drops.

    /usr/bin/python3 repro.py [--runs 10] [--repeat 3] [--listen 1.0] [--kernel deno]

  --runs     kernels started, one after the other
  --repeat   times each cell kind is executed per kernel
  --nbclient also execute repro.ipynb (or --notebook PATH) --runs times with nbclient
             (what nbconvert does) and count code cells left without their output

Needs jupyter_client (and nbclient/nbformat for --nbclient) and `deno jupyter --install`.
"""

import argparse
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager

# One cell per kind; each should produce exactly one output.
CELLS = {
    "plain string": '"a plain string"',
    "object after await": 'await Promise.resolve(); ({ answer: 42 })',
    "awaited Deno.jupyter.display": (
        'await Deno.jupyter.display({ "text/plain": "displayed" }, { raw: true });'
    ),
    "console.log": 'console.log("logged");',
    "Jupyter.display object after await": (
        'await Promise.resolve();\n'
        '({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>shown</b>" }; } })'
    ),
    "200 kB HTML via Jupyter.display": (
        '({ [Symbol.for("Jupyter.display")]() '
        '{ return { "text/html": "<p>" + "x".repeat(200000) + "</p>" }; } })'
    ),
}
OUTPUTS = ("execute_result", "display_data", "stream")


def run_cell(kc, code, listen):
    """Executes code; returns (outputs before idle, list of delays in ms of outputs after idle)."""
    msg_id = kc.execute(code, allow_stdin=False)
    before, late, idle_at = 0, [], None
    seen = []  # (msg_type, kernel's header date) in arrival order
    deadline = time.monotonic() + 60
    while True:
        now = time.monotonic()
        if idle_at is not None and now - idle_at >= listen:
            if late:
                order = "; ".join(f"{k} {d}" for k, d in seen)
                print(f"late output for {code!r}: iopub order (kernel timestamps): {order}",
                      file=sys.stderr)
            return before, late
        if now > deadline:
            raise TimeoutError(f"no idle for {code!r}")
        try:
            msg = kc.get_iopub_msg(timeout=0.02)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        seen.append((kind, str(msg["header"].get("date"))))
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            idle_at = time.monotonic()
        elif kind in OUTPUTS:
            if idle_at is None:
                before += 1
            else:
                late.append(round((time.monotonic() - idle_at) * 1000, 1))


def measure_kernel(args):
    totals = {name: {"outputs": 0, "late": 0, "delays": []} for name in CELLS}
    for run in range(args.runs):
        km = KernelManager(kernel_name=args.kernel)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            for _ in range(args.repeat):
                for name, code in CELLS.items():
                    before, late = run_cell(kc, code, args.listen)
                    t = totals[name]
                    t["outputs"] += before + len(late)
                    t["late"] += len(late)
                    t["delays"] += late
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    n = args.runs * args.repeat
    print(f"\njupyter_client, {args.runs} kernels x {args.repeat} = {n} executions per cell kind, "
          f"listening {args.listen:g} s past idle:")
    print(f"{'cell kind':32} {'outputs':>8} {'after idle':>11}  delays after idle (ms)")
    for name, t in totals.items():
        delays = ", ".join(str(d) for d in sorted(t["delays"])) or "-"
        print(f"{name:32} {t['outputs']:>5}/{n:<3} {t['late']:>7}/{n:<3}  {delays}")


def measure_nbclient(args):
    import nbformat
    from nbclient import NotebookClient

    path = args.notebook or os.path.join(os.path.dirname(os.path.abspath(__file__)), "repro.ipynb")
    lost, total = 0, 0
    for run in range(args.runs):
        nb = nbformat.read(path, as_version=4)
        resources = {"metadata": {"path": os.path.dirname(os.path.abspath(path))}}
        NotebookClient(nb, kernel_name=args.kernel, timeout=60, resources=resources).execute()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            total += 1
            if not cell.outputs:
                lost += 1
        print(f"nbclient run {run + 1}/{args.runs}: {lost} lost so far", file=sys.stderr)
    print(f"\nnbclient (as nbconvert --execute): {lost} of {total} code cells of "
          f"{os.path.basename(path)} "
          f"lost their output over {args.runs} runs")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--listen", type=float, default=1.0)
    p.add_argument("--kernel", default="deno")
    p.add_argument("--nbclient", action="store_true")
    p.add_argument("--notebook", default=None,
                   help="with --nbclient: execute this notebook instead of repro.ipynb")
    p.add_argument("--no-kernel-measure", action="store_true",
                   help="skip the jupyter_client measurement (only --nbclient)")
    args = p.parse_args()
    if not args.no_kernel_measure:
        measure_kernel(args)
    if args.nbclient:
        measure_nbclient(args)


if __name__ == "__main__":
    main()
