#!/usr/bin/env python3
"""Mode dropping on the compiled step: seeds 1 and 5 trained to 10,000 steps without the guard
(repro.ts --parts mnist --steps 10000 --mnist-seed N --threads 1 --no-guard, output under
/work/seed_work/nog-kl-seedN), with the class check in every 500-step collapse check. Copies each
run's results.json and Figure 2 here as mode-seedN-*, and prints the class KL of every check next to
the pixel measures.

  python3 docs/results/guard/table_mode.py 1 5
"""
import json, os, shutil, sys

# repro.ts does not record the commit; both runs were started at this one (the class check's first).
COMMIT = "0db4b03"

HERE = os.path.dirname(os.path.abspath(__file__))
seeds = [int(s) for s in sys.argv[1:]]
runs = {}
for seed in seeds:
    out = f"/work/seed_work/nog-kl-seed{seed}"
    path = os.path.join(out, "results.json")
    shutil.copy(path, os.path.join(HERE, f"mode-seed{seed}-results.json"))
    shutil.copy(os.path.join(out, "mnist-figure2.png"), os.path.join(HERE, f"mode-seed{seed}-step10000.png"))
    runs[seed] = json.load(open(path))["parts"]["mnist"]

print("| step | " + " | ".join(f"seed {s}: class KL (top digit's share) | spread ratio, distinct NN" for s in seeds) + " |")
print("|---" * (1 + 2 * len(seeds)) + "|")
steps = [c["step"] for c in runs[seeds[0]]["monitor"]]
for i, step in enumerate(steps):
    cells = []
    for s in seeds:
        d = runs[s]["monitor"][i]["diversity"]
        assert runs[s]["monitor"][i]["step"] == step
        counts = d["classCounts"]
        top = max(range(len(counts)), key=lambda k: counts[k])
        kl = f"{d['classKL']:.2f} ({top}: {counts[top] / sum(counts):.0%})"
        cells.append(f"**{kl}**" if d["classKL"] > 0.6931 else kl)
        cells.append(f"{d['spreadRatio']:.2f}, {d['distinctNeighbours']}/{d['queries']}")
    print(f"| {step:,} | " + " | ".join(cells) + " |")
print()
print("| seed | Parzen at 10,000 (nats) | Frechet (classes) | class KL of 10,000 samples | wall time | commit |")
print("|---|---|---|---|---|---|")
for s in seeds:
    m = runs[s]
    meta = json.load(open(f"/work/seed_work/nog-kl-seed{s}/results.json"))["meta"]
    sc = m["sampleScore"]
    print(f"| {s} | {m['parzen']['mean']:.1f} ± {m['parzen']['stdErr']:.1f} | {sc['frechet']:.1f} "
          f"({sc['classesCovered']}/10) | {sc['classKL']:.3f} | {meta['wall time']} | {COMMIT} |")
