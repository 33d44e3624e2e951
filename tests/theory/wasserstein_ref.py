"""Reference Wasserstein-1 distances for tests/theory/wasserstein_test.ts, from scipy.

Run with the `python3` that has scipy >= 1.13 (wasserstein_distance_nd):
    python3 tests/theory/wasserstein_ref.py > tests/theory/wasserstein_fixture.json
1-D cases use scipy.stats.wasserstein_distance (CDF formula), n-D cases
scipy.stats.wasserstein_distance_nd (a linear program), with and without weights.
"""
import json

import numpy as np
import scipy
from scipy.stats import wasserstein_distance, wasserstein_distance_nd


def case(u, v, rng, weighted, fn):
    c = {"u": u, "v": v}
    if weighted:
        c["uWeights"] = np.round(rng.random(len(u)), 6).tolist()
        c["vWeights"] = np.round(rng.random(len(v)), 6).tolist()
        c["w1"] = float(fn(u, v, c["uWeights"], c["vWeights"]))
    else:
        c["w1"] = float(fn(u, v))
    return c


rng = np.random.default_rng(20240211)
one_d = []
for k in range(6):
    n, m = int(rng.integers(1, 12)), int(rng.integers(1, 12))
    u = np.round(rng.normal(size=n) * 2, 6).tolist()
    v = np.round(rng.normal(size=m) + 1, 6).tolist()
    one_d.append(case(u, v, rng, k % 2 == 1, wasserstein_distance))
one_d.append(case([0, 0, 1, 1, 1, 3], [1, 1, 2], rng, False, wasserstein_distance))  # ties
n_d = []
for k in range(5):
    n, m, d = int(rng.integers(2, 9)), int(rng.integers(2, 9)), int(rng.integers(2, 4))
    u = np.round(rng.normal(size=(n, d)), 6).tolist()
    v = np.round(rng.normal(size=(m, d)) + 0.5, 6).tolist()
    n_d.append(case(u, v, rng, k % 2 == 1, wasserstein_distance_nd))
print(json.dumps({
    "generator": f"scipy {scipy.__version__}, tests/theory/wasserstein_ref.py",
    "oneD": one_d,
    "nD": n_d,
}, indent=1))
