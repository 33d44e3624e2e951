"""Replays the package's recorded MNIST steps (bench/port_lockstep.ts) with the PyTorch port's
`train_step` (bench/authors_port.py) from the same weights, minibatches, noise and dropout
masks, and compares: per-step losses and the final weights. The package's own run on another
backend (the same inputs, other float kernels) is the yardstick of rounding alone.

  OMP_NUM_THREADS=1 /usr/bin/python3 bench/port_lockstep.py /tmp/lockstep [--json out.json]
"""
import json
import os
import sys

DUMP = sys.argv[1]
JSON_OUT = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
sys.argv = [sys.argv[0], "--threads", "1"]  # the port parses its own flags on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import authors_port as port  # noqa: E402

meta = json.load(open(os.path.join(DUMP, "meta.json")))
steps, shapes, names = meta["steps"], meta["shapes"], meta["names"]
m = 100


def read_weights(name):
    flat = np.fromfile(os.path.join(DUMP, name), dtype=np.float32)
    out, o = [], 0
    for shape in shapes:
        n = int(np.prod(shape))
        out.append(flat[o:o + n].reshape(shape))
        o += n
    assert o == flat.size, name
    return out


init = read_weights("init.bin")
final_pkg = read_weights("final.bin")
final_other = read_weights("final_other.bin")
xs = np.fromfile(os.path.join(DUMP, "x.bin"), dtype=np.float32).reshape(steps, m, 784)
zs = np.fromfile(os.path.join(DUMP, "z.bin"), dtype=np.float32).reshape(steps, m, 100)
widths = meta["maskWidths"]
per_step = sum(2 * m * w for w in widths)
masks_flat = np.fromfile(os.path.join(DUMP, "masks.bin"), dtype=np.uint8).reshape(steps, per_step)

g = {k: torch.from_numpy(init[i].copy()) for i, k in enumerate(["W0", "b0", "W1", "b1", "W2", "b2"])}
d = {k: torch.from_numpy(init[6 + i].copy()) for i, k in enumerate(["W0", "b0", "W1", "b1", "W2", "b2"])}
vel = {("g" + k): torch.zeros_like(v) for k, v in g.items()}
vel.update({("d" + k): torch.zeros_like(v) for k, v in d.items()})
start = meta.get("startStep", 0)
if meta.get("from"):
    # The package's velocities (pylearn2's convention v <- mu v - lr g, as the port's) from the
    # checkpoint's tensors, in gradient order after the optimiser's `iter`.
    ck = meta["from"]
    index = json.load(open(os.path.join(ck, "trainer.json")))["tensorIndex"]
    blob = open(os.path.join(ck, "tensors.bin"), "rb").read()
    for side, opt in (("g", "gOptimizer"), ("d", "dOptimizer")):
        # [iter, velocity_0, ...]; older checkpoints name the velocities "0", "1", ...
        entries = [e for e in index[opt] if e["name"] != "iter"]
        assert len(entries) == 6, entries
        for e, k in zip(entries, ["W0", "b0", "W1", "b1", "W2", "b2"]):
            arr = np.frombuffer(blob, dtype="<f4", count=e["bytes"] // 4, offset=e["offset"])
            vel[side + k] = torch.from_numpy(arr.reshape(e["shape"]).copy())
rows = []
for t in range(steps):
    masks, o = [], 0
    for w in widths:
        masks.append(torch.from_numpy(masks_flat[t, o:o + 2 * m * w].reshape(2 * m, w).astype(bool)))
        o += 2 * m * w
    d_obj, g_obj, _, _ = port.train_step(g, d, vel, torch.from_numpy(xs[t]), start + t, None,
                                         z=torch.from_numpy(zs[t]), masks=masks)
    h = meta["history"][t]
    rows.append({"step": start + t + 1, "port": [d_obj, g_obj], "package": [h["dLoss"], h["gLoss"]],
                 "other": [meta["otherHistory"][t]["dLoss"], meta["otherHistory"][t]["gLoss"]]})

port_final = [v.numpy() for v in list(g.values()) + list(d.values())]


def rel(a, b):
    """max |a - b| / max |b| over a weight array."""
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


print(f"seed {meta['seed']}, steps {start + 1}-{start + steps}"
      f"{' from ' + meta['from'] if meta.get('from') else ''}; package on {meta['backend']}, "
      f"yardstick on {meta['otherBackend']}")
print("step  d_obj port / package / other      g_obj port / package / other")
for r in rows:
    if r["step"] - start <= 3 or r["step"] % 10 == 0 or r["step"] == start + steps:
        print(f"{r['step']:4d}  {r['port'][0]:.6f} {r['package'][0]:.6f} {r['other'][0]:.6f}   "
              f"{r['port'][1]:.6f} {r['package'][1]:.6f} {r['other'][1]:.6f}")
loss_port = max(abs(r["port"][j] - r["package"][j]) / abs(r["package"][j]) for r in rows for j in (0, 1))
loss_other = max(abs(r["other"][j] - r["package"][j]) / abs(r["package"][j]) for r in rows for j in (0, 1))
print(f"max relative loss difference: port vs package {loss_port:.2e}; "
      f"{meta['otherBackend']} vs {meta['backend']} {loss_other:.2e}")
print("weight  max|moved|  port vs package  other vs package   (max|diff| / max|package|; "
      "max|diff| / max|moved|)")
summary = []
for i, name in enumerate(names):
    a, b = rel(port_final[i], final_pkg[i]), rel(final_other[i], final_pkg[i])
    diff_moved = float(np.abs(port_final[i] - final_pkg[i]).max() /
                       max(np.abs(final_pkg[i] - init[i]).max(), 1e-30))
    summary.append({"weight": name, "portVsPackage": a, "otherVsPackage": b,
                    "portDiffOverMove": diff_moved})
    moved = float(np.abs(final_pkg[i] - init[i]).max())
    other_moved = float(np.abs(final_other[i] - final_pkg[i]).max() / max(moved, 1e-30))
    summary[-1]["otherDiffOverMove"] = other_moved
    print(f"{name:6s}  {moved:.2e}   {a:.1e}; {diff_moved:.1e}   {b:.1e}; {other_moved:.1e}")
if JSON_OUT:
    json.dump({"seed": meta["seed"], "steps": steps, "rows": rows, "weights": summary,
               "from": meta.get("from"), "startStep": start,
               "lossPortVsPackage": loss_port, "lossOtherVsPackage": loss_other,
               "torch": torch.__version__}, open(JSON_OUT, "w"), indent=1)
