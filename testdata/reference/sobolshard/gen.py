#!/usr/bin/python3
"""Reference values for internal/sobol's sums and Poisson(1) bootstrap
(TestReference in internal/sobol/sums_test.go), computed independently:

- the design: scipy.stats.qmc.Sobol(2K, scramble=False), points 1..N (point
  0 skipped), A = the first K coordinates, B = the last K; A_B^(i) is A
  with column i from B;
- the outputs: the Ishigami function (a = 7, b = 0.1) plus 10 of x = -pi + 2 pi u
  (K = 3), y laid out as [f(A), f(B), f(A_B^(0)), ...];
- the weights: w[j][r] ~ Poisson(1) of base row j in resample r, from the
  row's own stream PCG(seed ^ 0x736f626f6c2d6273, splitmix64(j)) (Go's
  math/rand/v2 PCG: a 128-bit LCG with DXSM output, reimplemented here),
  output q giving resamples 2q (high 32 bits) and 2q+1 (low 32 bits) by
  inversion of the Poisson(1) CDF (scipy.stats.poisson) scaled to 2^32;
- the estimators on each resample written out as a data set: row j
  repeated w[j][r] times (the point estimate: each row once), then the
  textbook formulas with every output centred on the sample mean of f(A)
  and f(B):
    Jansen:   S_i = mean(b (f(A_B) - f(A))) / V,  ST_i = mean((f(A_B) - f(A))^2) / 2 / V
    Saltelli: f0^2 = mean(a b), S_i = (mean(b ab) - f0^2) / V,
              ST_i = (V - (mean(a ab) - f0^2)) / V
  with V the variance of f(A) and f(B) together (divisor 2n).

Run: /usr/bin/python3 gen.py > reference.json
"""
import json
import math

import numpy as np
from scipy.stats import poisson, qmc

N, K, BOOT, SEED = 16, 3, 6, 11
M128 = (1 << 128) - 1
M64 = (1 << 64) - 1
MUL = (2549297995355413924 << 64) | 4865540595714422341
INC = (6364136223846793005 << 64) | 1442695040888963407
BOOT_STREAM = 0x736F626F6C2D6273


class PCG:
    """Go's math/rand/v2 PCG: state (hi, lo), LCG step then DXSM."""

    def __init__(self, hi, lo):
        self.s = (hi << 64) | lo

    def uint64(self):
        self.s = (self.s * MUL + INC) & M128
        hi, lo = self.s >> 64, self.s & M64
        hi ^= hi >> 32
        hi = (hi * 0xDA942042E4DD58B5) & M64
        hi ^= hi >> 48
        hi = (hi * (lo | 1)) & M64
        return hi


def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


# P(X <= k) * 2^32 rounded, from scipy's Poisson(1) CDF.
THRESH = [round(poisson.cdf(k, 1.0) * 2**32) for k in range(12)]


def poisson1(u):
    return sum(1 for t in THRESH if u >= t)


def weights(j):
    src = PCG(SEED ^ BOOT_STREAM, splitmix(j))
    w = []
    while len(w) < BOOT:
        q = src.uint64()
        w += [poisson1(q >> 32), poisson1(q & 0xFFFFFFFF)]
    return w[:BOOT]


def ishigami(u):
    # plus 10, so that the shift f(A_0) is not 0
    x = math.pi * (2 * u - 1)
    return 10 + np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def indices(fa, fb, fab, est):
    m = (fa.sum() + fb.sum()) / (2 * len(fa))
    a, b = fa - m, fb - m
    v = (a @ a + b @ b) / (2 * len(fa))
    first, total = [], []
    for i in range(K):
        if est == "jansen":
            d = fab[i] - fa
            first.append(np.mean(b * d) / v)
            total.append(np.mean(d * d) / 2 / v)
        else:
            ab = fab[i] - m
            f0 = np.mean(a * b)
            first.append((np.mean(b * ab) - f0) / v)
            total.append((v - (np.mean(a * ab) - f0)) / v)
    return first, total


pts = qmc.Sobol(2 * K, scramble=False).random(N + 1)[1:]
A, B = pts[:, :K], pts[:, K:]
ABs = []
for i in range(K):
    x = A.copy()
    x[:, i] = B[:, i]
    ABs.append(x)
fa, fb = ishigami(A), ishigami(B)
fab = [ishigami(x) for x in ABs]
y = np.concatenate([fa, fb] + fab)
W = [weights(j) for j in range(N)]
cases = []
for est in ("jansen", "saltelli"):
    first, total = indices(fa, fb, fab, est)
    bf, bt = [], []
    for r in range(BOOT):
        rows = np.repeat(np.arange(N), [W[j][r] for j in range(N)])
        f, t = indices(fa[rows], fb[rows], [x[rows] for x in fab], est)
        bf.append(f)
        bt.append(t)
    cases.append({"Estimator": est, "First": first, "Total": total, "BFirst": bf, "BTotl": bt, "Weights": W})
print(json.dumps({"N": N, "K": K, "Boot": BOOT, "Seed": SEED, "Y": list(y), "Cases": cases}, indent=1))
