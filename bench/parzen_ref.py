"""numpy reference for bench/parzen_bench.ts: the Parzen window protocol of Goodfellow et al. 2014
(authors' parzen_ll.py) on MNIST with 10k real training images as kernel centres.

Usage: python3 bench/parzen_ref.py MNIST_DATA_DIR [N_CENTRES]
Prints one JSON line. The timed part is float32 with the same ||x||^2 - 2 x.mu + ||mu||^2
expansion as the TypeScript code; an untimed float64 pass at the chosen sigma (direct
differences' expansion in float64) gives a reference mean to compare accuracy against.
"""
import json
import sys
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndims = data[3]
    dims = np.frombuffer(data, dtype=">u4", count=ndims, offset=4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def log_likelihoods(mu, x, sigmas, batch):
    """Rows of x scored against centres mu for each sigma: array [len(sigmas), len(x)]."""
    shift = mu.mean(0, keepdims=True)
    mu = mu - shift
    mu_t = np.ascontiguousarray(mu.T)
    mu_sq = (mu * mu).sum(1)[None, :]
    n, d = mu.shape
    out = np.empty((len(sigmas), len(x)))
    for s in range(0, len(x), batch):
        xb = x[s : s + batch] - shift
        d2 = np.maximum((xb * xb).sum(1, keepdims=True) - 2 * (xb @ mu_t) + mu_sq, 0)
        for k, sigma in enumerate(sigmas):
            a = d2 * (-1 / (2 * sigma * sigma))
            m = a.max(1, keepdims=True)
            lse = m[:, 0] + np.log(np.exp(a - m).sum(1))
            out[k, s : s + batch] = lse - np.log(n) - d * np.log(sigma * np.sqrt(2 * np.pi))
    return out


def main():
    root = sys.argv[1].rstrip("/")
    n_centres = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    t0 = time.perf_counter()
    train = read_idx(f"{root}/train-images-idx3-ubyte").reshape(60000, 784).astype(np.float32) / 255
    test = read_idx(f"{root}/t10k-images-idx3-ubyte").reshape(10000, 784).astype(np.float32) / 255
    load_s = time.perf_counter() - t0
    mu, valid = train[:n_centres], train[50000:51000]
    sigmas = np.logspace(-1, 0, 10)

    t0 = time.perf_counter()
    val_scores = log_likelihoods(mu, valid, sigmas.astype(np.float32), 100).mean(1)
    sigma = float(sigmas[int(np.argmax(val_scores))])
    ll = log_likelihoods(mu, test, [np.float32(sigma)], 100)[0]
    seconds = time.perf_counter() - t0

    ll64 = log_likelihoods(mu.astype(np.float64), test.astype(np.float64), [sigma], 100)[0]
    print(json.dumps({
        "numpy": np.__version__,
        "loadSeconds": load_s,
        "seconds": seconds,
        "sigma": sigma,
        "validationScores": val_scores.tolist(),
        "mean": float(ll.mean()),
        "stdErr": float(ll.std() / np.sqrt(len(ll))),
        "mean64": float(ll64.mean()),
        "stdErr64": float(ll64.std() / np.sqrt(len(ll64))),
    }))


if __name__ == "__main__":
    main()
