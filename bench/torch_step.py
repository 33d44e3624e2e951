"""PyTorch reference for bench/run.ts: the same GAN training step as the library's trainer.

Paper MNIST GAN (Goodfellow et al. 2014): G 100 -> 1200 ReLU -> 1200 ReLU -> 784 sigmoid,
D 784 -> maxout 240x5 -> maxout 240x5 -> 1 logit, dropout keep 0.8 on the input and 0.5 on each
hidden layer's input, batch 100, non-saturating G loss, D loss scaled 1/2, SGD with momentum
0.5 and lr 0.1 (pylearn2's v <- mu v - lr g; theta <- theta + v), the gradient norms
computed as the library does. Two MNIST steps:
- "mnist" (alias "mnist-alternating"): one D update, then one G update on fresh noise
  (Algorithm 1 as printed; the library's `update: "alternating"`);
- "mnist-simultaneous": the authors' step (AdversaryCost2; the library's paper preset,
  `update: "simultaneous"`): one real batch, one noise batch, ONE forward pass fake = G(z),
  out = D(cat[x, fake]) (so the fake rows have the same dropout masks in both gradients);
  D's gradients of d_obj = 1/2 (softplus(-D(x)).mean() + softplus(D(fake)).mean()) and G's of
  g_obj = softplus(-D(fake)).mean(), both from that one graph (torch.autograd.grad with
  retain_graph), then both momentum updates.
The 2-D GAN ("toy2d"): G 2 -> 128 -> 128 -> 2 ReLU, D 2 -> 128 -> 128 -> 1 leaky ReLU 0.2,
batch 100, lr 0.01, alternating.

Usage: /usr/bin/python3 bench/torch_step.py MODEL THREADS WARMUP STEPS [serve]
  (MODEL: mnist | mnist-alternating | mnist-simultaneous | toy2d; with serve, STEPS is ignored
  and a step runs per "step" line on stdin). THREADS sets torch.set_num_threads (intra-op,
  OpenMP) only: Debian's
  torch multiplies through OpenBLAS, whose threads follow OPENBLAS_NUM_THREADS (default: every
  core), which the caller sets. Prints one JSON line:
  {"torch": version, "threads", "blasThreads": OpenBLAS's own count or null, "stepMs": [...]}.
Needs Debian's python3-torch (apt-get install -y python3-torch).
"""
import json
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


class Maxout(nn.Module):
    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.view(x.shape[0], -1, self.pieces).max(-1).values


def mnist_nets():
    g = nn.Sequential(
        nn.Linear(100, 1200), nn.ReLU(), nn.Linear(1200, 1200), nn.ReLU(),
        nn.Linear(1200, 784), nn.Sigmoid())
    d = nn.Sequential(
        nn.Dropout(0.2), nn.Linear(784, 1200), Maxout(5),
        nn.Dropout(0.5), nn.Linear(240, 1200), Maxout(5),
        nn.Dropout(0.5), nn.Linear(240, 1))
    for m in list(g) + list(d):
        if isinstance(m, nn.Linear):
            scale = 0.05 if m in g else 0.005
            nn.init.uniform_(m.weight, -scale, scale)
            nn.init.zeros_(m.bias)
    return g, d, 100, lambda m: torch.rand(m, 784), lambda m: torch.rand(m, 100) * 3.4641 - 1.7320, 0.1


def toy_nets():
    g = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2))
    d = nn.Sequential(
        nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2),
        nn.Linear(128, 1))
    return g, d, 100, lambda m: torch.randn(m, 2), lambda m: torch.randn(m, 2), 0.01


def momentum_update(params, velocities, lr, mu):
    """pylearn2's momentum, as lib/train/sgd_momentum.ts; returns the gradient norm."""
    with torch.no_grad():
        norm = torch.sqrt(sum((p.grad * p.grad).sum() for p in params))
        for p, v in zip(params, velocities):
            v.mul_(mu).sub_(p.grad, alpha=lr)
            p.add_(v)
    return norm


def momentum_update_grads(params, grads, velocities, lr, mu):
    """momentum_update with the gradients given (torch.autograd.grad) instead of in p.grad."""
    with torch.no_grad():
        norm = torch.sqrt(sum((q * q).sum() for q in grads))
        for p, q, v in zip(params, grads, velocities):
            v.mul_(mu).sub_(q, alpha=lr)
            p.add_(v)
    return norm


def openblas_threads():
    """Threads of the OpenBLAS torch has loaded (the same library object), or None."""
    try:
        import ctypes
        return int(ctypes.CDLL("libopenblas.so.0").openblas_get_num_threads())
    except (OSError, AttributeError):
        return None


def main():
    model, threads, warmup, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    if threads > 0:  # 0: PyTorch's own default (every core)
        torch.set_num_threads(threads)
    if model == "mnist-alternating":
        model = "mnist"
    if model not in ("mnist", "mnist-simultaneous", "toy2d"):
        sys.exit(f"unknown model {model!r}: mnist, mnist-alternating, mnist-simultaneous, toy2d")
    torch.manual_seed(0)
    g, d, m, real, noise, lr = toy_nets() if model == "toy2d" else mnist_nets()
    g.train()
    d.train()
    gp, dp = list(g.parameters()), list(d.parameters())
    gv, dv = [torch.zeros_like(p) for p in gp], [torch.zeros_like(p) for p in dp]
    d_scale = 1.0 if model == "toy2d" else 0.5

    def simultaneous_step():
        x, z = real(m), noise(m)
        fake = g(z)
        out = d(torch.cat([x, fake]))
        real_out, fake_out = out[:m], out[m:]
        d_loss = d_scale * (F.softplus(-real_out).mean() + F.softplus(fake_out).mean())
        g_loss = F.softplus(-fake_out).mean()
        # Each call differentiates only the paths to its inputs: D's weights for d_loss, G's
        # (through D's inputs) for g_loss.
        d_grads = torch.autograd.grad(d_loss, dp, retain_graph=True)
        g_grads = torch.autograd.grad(g_loss, gp)
        d_norm = momentum_update_grads(dp, d_grads, dv, lr, 0.5)
        g_norm = momentum_update_grads(gp, g_grads, gv, lr, 0.5)
        return torch.stack([d_loss.detach(), torch.sigmoid(real_out).mean().detach(), d_norm,
                            g_loss.detach(), g_norm]).tolist()

    def alternating_step():
        x, z = real(m), noise(m)
        with torch.no_grad():
            fake = g(z)
        real_out, fake_out = d(x), d(fake)
        d_loss = d_scale * (F.softplus(-real_out).mean() + F.softplus(fake_out).mean())
        for p in dp:
            p.grad = None
        d_loss.backward()
        d_norm = momentum_update(dp, dv, lr, 0.5)
        g_out = d(g(noise(m)))
        g_loss = F.softplus(-g_out).mean()
        for p in gp:
            p.grad = None
        g_loss.backward(inputs=gp)
        g_norm = momentum_update(gp, gv, lr, 0.5)
        # One read per step, as the library's trainer.
        return torch.stack([d_loss.detach(), torch.sigmoid(real_out).mean().detach(), d_norm,
                            g_loss.detach(), g_norm]).tolist()

    step = simultaneous_step if model == "mnist-simultaneous" else alternating_step
    for _ in range(warmup):
        step()
    if len(sys.argv) > 5 and sys.argv[5] == "serve":
        # Paired mode (bench/run.ts): one timed step per "step" line on stdin, answered with
        # {"ms": ...}; the ready line first.
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                          "blasThreads": openblas_threads(), "ready": True}), flush=True)
        for line in sys.stdin:
            if line.strip() != "step":
                break
            t0 = time.perf_counter()
            step()
            print(json.dumps({"ms": (time.perf_counter() - t0) * 1e3}), flush=True)
        return
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blasThreads": openblas_threads(), "stepMs": times}))


if __name__ == "__main__":
    main()
