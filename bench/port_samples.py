#!/usr/bin/python3
"""Writes 10,000 samples of a checkpoint of bench/authors_port.py as raw float32 [10000, 784]:
the same samples its evaluation scored at that step (same noise stream, seed * 1000003 + step), so
the package's classifier scores (bench/score_samples.ts) can be set beside the port's Parzen.

  /usr/bin/python3 bench/port_samples.py bench/results/port/seed6.pt /tmp/port-seed6.f32
"""
import math
import sys

import torch

NZ, SQRT3 = 100, math.sqrt(3.0)


def g_forward(g, z):
    # As bench/authors_port.py's g_forward (that module parses its arguments on import).
    h = torch.relu(torch.addmm(g["b0"], z, g["W0"]))
    h = torch.relu(torch.addmm(g["b1"], h, g["W1"]))
    return torch.sigmoid(torch.addmm(g["b2"], h, g["W2"]))


def main(ckpt_path, out_path):
    ck = torch.load(ckpt_path)
    g, seed, step = ck["g"], ck["seed"], ck["step"]
    gen = torch.Generator().manual_seed(seed * 1000003 + step)
    with torch.no_grad():
        parts = [g_forward(g, (torch.rand((1000, NZ), generator=gen) * 2 - 1) * SQRT3)
                 for _ in range(10)]
    samples = torch.cat(parts).float().contiguous()
    samples.numpy().tofile(out_path)
    print(f"{ckpt_path}: seed {seed}, step {step}, {samples.shape[0]} samples -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
