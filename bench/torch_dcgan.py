"""PyTorch reference for bench/dcgan_step.ts: the same DCGAN training step on 28 x 28 images.

G: z (100) -> dense 7*7*128 (no bias) -> batch norm -> ReLU -> 5x5 transposed conv, stride 2, to
14x14x64 (no bias) -> batch norm -> ReLU -> 5x5 transposed conv, stride 2, to 28x28x1 -> sigmoid.
D: 5x5 conv stride 2 to 64 -> leaky ReLU 0.2 -> 5x5 conv stride 2 to 128 -> leaky ReLU 0.2 ->
dense to one logit. Batch 64, Adam (lr 2e-4, beta1 0.5: the library's adam() defaults),
non-saturating loss; one D update on [real; G(z)] then one G update on fresh noise (the
library's alternating step). PyTorch pads "same" symmetrically where TF pads one more at the
bottom: the same products, so the same work.

Usage: /usr/bin/python3 bench/torch_dcgan.py [steps=10] (threads from OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS, which the caller sets). Prints the median ms per step. With "serve" for
steps (bench/dcgan_paired.ts): a ready line, then one timed step per "step" line on stdin,
answered with {"ms": ...}.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)
serve = len(sys.argv) > 1 and sys.argv[1] == "serve"
steps = 10 if serve or len(sys.argv) < 2 else int(sys.argv[1])
batch = 64

g = nn.Sequential(
    nn.Linear(100, 7 * 7 * 128, bias=False), nn.BatchNorm1d(7 * 7 * 128, momentum=0.1, eps=1e-5),
    nn.ReLU(), nn.Unflatten(1, (128, 7, 7)),
    nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False),
    nn.BatchNorm2d(64, momentum=0.1, eps=1e-5), nn.ReLU(),
    nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1), nn.Sigmoid())
d = nn.Sequential(
    nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
    nn.Conv2d(64, 128, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
    nn.Flatten(), nn.Linear(7 * 7 * 128, 1))
g_opt = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
d_opt = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
real = (torch.arange(batch * 784, dtype=torch.float32) % 7 / 7).reshape(batch, 1, 28, 28)


def step():
    fake = g(torch.rand(batch, 100))
    out = d(torch.cat([real, fake.detach()]))
    d_loss = F.softplus(-out[:batch]).mean() + F.softplus(out[batch:]).mean()
    d_opt.zero_grad()
    d_loss.backward()
    d_opt.step()
    g_loss = F.softplus(-d(g(torch.rand(batch, 100)))).mean()
    g_opt.zero_grad()
    g_loss.backward()
    g_opt.step()


for _ in range(2):
    step()
if serve:
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip() != "step":
            break
        t0 = time.perf_counter()
        step()
        print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}), flush=True)
    sys.exit(0)
ms = []
for _ in range(steps):
    t0 = time.perf_counter()
    step()
    ms.append((time.perf_counter() - t0) * 1000)
print(f"PyTorch {torch.__version__} DCGAN step (28x28, batch {batch}, 1 thread): "
      f"median {statistics.median(ms):.0f} ms over {steps} steps")
