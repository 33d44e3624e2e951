#!/usr/bin/env python3
"""Compares a guarded run's history with the unguarded run of the same seed, field by field
(exact equality of every recorded value but the wall time `ms`).

  compare_history.py SEED [GUARD_CHECKPOINT_DIR]
"""
import json, os, sys, glob
seed = int(sys.argv[1])
gdir = sys.argv[2] if len(sys.argv) > 2 else None
if gdir is None:
    cands = sorted(glob.glob(f"/work/seed_work/guard-seed{seed}/checkpoints/mnist-simultaneous-seed{seed}/step-*"))
    gdir = cands[-1]
g = json.load(open(os.path.join(gdir, "history.json")))
ref = None
for name in ["eval-step5000", "eval-step2500"]:
    p = f"/work/seed_work/simultaneous-seed{seed}/{name}/history.json"
    if os.path.exists(p):
        r = json.load(open(p))
        if ref is None or len(r) > len(ref): ref = r
fields = ["dLoss", "dReal", "dFake", "dGradNorm", "gLoss", "gGradNorm", "lr"]
n = min(len(g), len(ref))
first = None
for i in range(n):
    if g[i]["step"] != ref[i]["step"] or any(g[i][f] != ref[i][f] for f in fields):
        first = i; break
print(json.dumps({"seed": seed, "guarded": gdir, "guardedSteps": len(g), "unguardedSteps": len(ref),
    "compared": n, "identical": first is None,
    "firstDifferentStep": None if first is None else g[first]["step"]}))
