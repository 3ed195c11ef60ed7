#!/usr/bin/python3
"""Reference values of the value of information (uncertainty.EVPI).

Two decisions whose net benefits differ by D ~ N(mu, sigma^2): perfect
information is worth E[max(D, 0)] - max(E[D], 0), which for a normal D is

    EVPI = sigma * phi(mu/sigma) + mu * Phi(mu/sigma) - max(mu, 0).

Checked here against numerical integration (scipy.integrate.quad) and a
large numpy Monte Carlo, for the cases TestEVPINormal uses. Run with
/usr/bin/python3 (python3-scipy); writes evpi.csv beside this file.
"""
import csv
import os

import numpy as np
from scipy import integrate, stats

CASES = [  # name, mu, sigma
    ("bond better on average", 10000.0, 50000.0),
    ("direct better on average", -20000.0, 30000.0),
    ("even", 0.0, 40000.0),
]


def closed(mu, sigma):
    z = mu / sigma
    return sigma * stats.norm.pdf(z) + mu * stats.norm.cdf(z) - max(mu, 0.0)


def by_quad(mu, sigma):
    f = lambda x: max(x, 0.0) * stats.norm.pdf(x, mu, sigma)
    v, _ = integrate.quad(f, 0, mu + 40 * sigma, limit=200)
    return v - max(mu, 0.0)


def by_mc(mu, sigma, n=4_000_000, seed=1):
    x = np.random.default_rng(seed).normal(mu, sigma, n)
    return np.maximum(x, 0).mean() - max(x.mean(), 0)


def main():
    rows = []
    for name, mu, sigma in CASES:
        c, q, m = closed(mu, sigma), by_quad(mu, sigma), by_mc(mu, sigma)
        assert abs(c - q) < 1e-6 * sigma, (name, c, q)
        assert abs(c - m) < 5 * sigma / 2000, (name, c, m)
        rows.append((name, mu, sigma, f"{c:.6f}"))
        print(f"{name}: mu {mu} sigma {sigma}: EVPI {c:.6f} (quad {q:.6f}, MC {m:.2f})")
    # The toy deal of TestEVPIToy: e ~ U(0, 0.1); bond's net benefit
    # 6e5 e - 2e6 e 1{e >= 0.05}, direct's 6e5 e - 105000, nothing's 0.
    # Chosen on current information: nothing (means -45000, -75000, 0).
    # Perfect information takes the bond when e < 0.05 (6e5 e > 0):
    # EVPI = E[6e5 e 1{e < 0.05}].
    toy, _ = integrate.quad(lambda e: 6e5 * e * 10, 0, 0.05)
    rows.append(("toy deal", float("nan"), float("nan"), f"{toy:.6f}"))
    print(f"toy deal: EVPI {toy:.6f}")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "evpi.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "mu", "sigma", "evpi"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
