"""Reference Frechet distances for tests/eval/frechet_test.ts, from scipy.linalg.sqrtm.

Run with /usr/bin/python3 (Debian's numpy + scipy); prints the fixture as JSON. Covariances are
A A^T with small integer A, so they are exact in the test file; the distance follows the
reference FID code (Heusel et al. 2017): ||mu1-mu2||^2 + tr C1 + tr C2 - 2 tr sqrtm(C1 C2).
"""
import json

import numpy as np
import scipy
from scipy import linalg

rng = np.random.default_rng(12)
cases = []
for d, r1, r2 in [(4, 4, 4), (5, 2, 5), (6, 6, 3)]:
    a = rng.integers(-3, 4, size=(d, r1))
    b = rng.integers(-3, 4, size=(d, r2))
    c1, c2 = (a @ a.T).astype(float), (b @ b.T).astype(float)
    mu1, mu2 = rng.integers(-5, 6, size=d).astype(float), rng.integers(-5, 6, size=d).astype(float)
    covmean = linalg.sqrtm(c1.dot(c2))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    diff = mu1 - mu2
    fid = diff.dot(diff) + np.trace(c1) + np.trace(c2) - 2 * np.trace(covmean)
    cases.append({"d": d, "mu1": mu1.tolist(), "cov1": c1.flatten().tolist(),
                  "mu2": mu2.tolist(), "cov2": c2.flatten().tolist(), "frechet": float(fid)})
print(json.dumps({"scipy": scipy.__version__, "cases": cases}))
