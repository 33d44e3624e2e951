#!/usr/bin/env python3
"""Collects the guarded MNIST seed runs (repro.ts --parts mnist --steps 5000 --mnist-seed N, one
output directory per seed under /work/seed_work/guard-seedN) into a markdown table, copies each
run's results.json and Figure 2 here, and checks each run's history against the unguarded run's.

  python3 docs/results/guard/table.py 3 1 2 4 5
"""
import json, os, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
rows = []
for seed in [int(s) for s in sys.argv[1:]]:
    out = f"/work/seed_work/guard-seed{seed}"
    path = os.path.join(out, "results.json")
    if not os.path.exists(path):
        rows.append(f"| {seed} | still running or not started (log: /work/logs/guard-seed{seed}.log) | | | | | | | |")
        continue
    m = json.load(open(path))["parts"]["mnist"]
    shutil.copy(path, os.path.join(HERE, f"seed{seed}-results.json"))
    shutil.copy(os.path.join(out, "mnist-figure2.png"), os.path.join(HERE, f"seed{seed}-step5000.png"))
    g, d, p, sc = m["guard"], m["diversity"], m["parzen"], m["sampleScore"]
    events = "; ".join(
        f"collapse at {e['detectedAt']} -> back to {e['rolledBackTo']}, seed {e['seed']}" for e in g["events"]
    ) or "none"
    ck = os.path.join(out, "checkpoints", f"mnist-simultaneous-seed{seed}", "step-00005000")
    cmp = json.loads(subprocess.run(
        [sys.executable, os.path.join(HERE, "compare_history.py"), str(seed), ck],
        capture_output=True, text=True, check=True).stdout)
    same = "identical (5,000 steps)" if cmp["identical"] else f"differs from step {cmp['firstDifferentStep']}"
    if g["events"]:
        same += f" (rolled back to step {g['events'][-1]['rolledBackTo']} and reseeded)"
    steps = m["stepsThisRun"] + sum(e["detectedAt"] - e["rolledBackTo"] for e in g["events"])
    rows.append(
        f"| {seed} | {len(g['events'])} | {events} | {'**yes**' if d['collapsed'] else 'no'} "
        f"({d['spreadRatio']:.2f}, {d['distinctNeighbours']}/{d['queries']}) | "
        f"{p['mean']:.1f} ± {p['stdErr']:.1f} | {sc['frechet']:.1f} ({sc['classesCovered']}/10) | "
        f"{m['trainSeconds']:.0f} ({steps} steps) | {same} | [png](seed{seed}-step5000.png) |"
    )
print("| seed | guard fired | events | collapsed at 5,000 (spread ratio, distinct NN) | Parzen (nats) | Frechet (classes) | train s (steps computed) | history vs unguarded run | Figure 2 |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
