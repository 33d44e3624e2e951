#!/usr/bin/env python3
"""The same five guarded seeds rerun at a later commit, where the default MNIST step is the
compiled one (lib/train/compiled/; repro.ts --parts mnist --steps 5000 --mnist-seed N, output under
/work/seed_work/guard-compiled-seedN). Copies each run's results.json and Figure 2 here as
compiled-seedN-*, and prints a markdown table with, for comparison, the op-chain run of the same
seed (seedN-results.json, from table.py; "-" where there is none), and the class KL of the
10,000 evaluated samples (bold above ln 2: mode dropping).

  python3 docs/results/guard/table_compiled.py 3 1 2 4 5
"""
import json, math, os, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
rows = []
for seed in [int(s) for s in sys.argv[1:]]:
    out = f"/work/seed_work/guard-compiled-seed{seed}"
    path = os.path.join(out, "results.json")
    if not os.path.exists(path):
        rows.append(f"| {seed} | not finished | | | | | | |")
        continue
    m = json.load(open(path))["parts"]["mnist"]
    shutil.copy(path, os.path.join(HERE, f"compiled-seed{seed}-results.json"))
    shutil.copy(os.path.join(out, "mnist-figure2.png"), os.path.join(HERE, f"compiled-seed{seed}-step5000.png"))
    g, d, p, sc = m["guard"], m["diversity"], m["parzen"], m["sampleScore"]
    events = "; ".join(
        f"collapse at {e['detectedAt']} -> back to {e['rolledBackTo']}" for e in g["events"]
    ) or "none"
    steps = m["stepsThisRun"] + sum(e["detectedAt"] - e["rolledBackTo"] for e in g["events"])
    old_path = os.path.join(HERE, f"seed{seed}-results.json")
    old = json.load(open(old_path))["parts"]["mnist"] if os.path.exists(old_path) else None
    counts = sc["classCounts"]
    top = max(range(len(counts)), key=lambda k: counts[k])
    dropping = sc["classKL"] > math.log(2)
    old_parzen = f"{old['parzen']['mean']:.1f}" if old else "-"
    kl = f"{sc['classKL']:.2f} ({top}: {counts[top] / sum(counts):.0%})"
    rows.append(
        f"| {seed} | {len(g['events'])} | {events} | {'**yes**' if d['collapsed'] else 'no'} "
        f"({d['spreadRatio']:.2f}, {d['distinctNeighbours']}/{d['queries']}) | "
        f"{f'**{kl}**' if dropping else kl} | "
        f"{p['mean']:.1f} ± {p['stdErr']:.1f} | {sc['frechet']:.1f} ({sc['classesCovered']}/10) | "
        f"{m['trainSeconds']:.0f} ({steps} steps) | {old_parzen} | "
        f"[png](compiled-seed{seed}-step5000.png) |"
    )
print("| seed | guard fired | events | collapsed at 5,000 (spread ratio, distinct NN) | class KL of the 10,000 samples (top digit) | Parzen (nats) | Frechet (classes) | train s (steps computed) | Parzen, op-chain run (above) | Figure 2 |")
print("|---|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
