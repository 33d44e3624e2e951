#!/usr/bin/env python3
"""Prints the markdown table of a bench/mnist_seeds.ts run with --average (one row per evaluation):
the averaged G's Parzen and Frechet, G itself's, training seconds since the start, commit.

  python3 docs/results/beyond/table.py docs/results/beyond/simultaneous-avg0.9999-seed1.json
"""
import json, sys

d = json.load(open(sys.argv[1]))
print("| step | averaged G: Parzen (sigma) | Frechet (classes) | G itself: Parzen | G itself: Frechet | training s since 100k | commit |")
print("| ---- | -------------------------- | ----------------- | ---------------- | ----------------- | --------------------- | ------ |")
for r in d["rows"]:
    p, s, it = r["parzen"], r["sampleScore"], r["iterate"]
    print(f"| {r['step']:,} | {p['mean']:.1f} ± {p['stdErr']:.1f} ({p['sigma']:.3f}) | {s['frechet']:.2f} "
          f"({s['classesCovered']}/10) | {it['parzen']['mean']:.1f} ± {it['parzen']['stdErr']:.1f} | "
          f"{it['frechet']:.2f} | {r['trainSeconds']:.0f} | {r['commit']} |")
