#!/usr/bin/python3
"""Reference values for truncnormal windows too narrow for the general formulas
(quantiles and CDF below 1e-5 sd, moments below 0.05 sd).

Run from anywhere:

    /usr/bin/python3 testdata/reference/dist/narrow.py

Needs scipy. Writes narrow.csv next to this script:

  case,mean,sd,min,max,p,quantile,cdf_at_quantile_mid,mean_x,variance_x

Independent of the Go code's narrow-window approximation: the probability
between min and min + sd*u is integrated exactly (scipy.integrate.quad of the
normal density in the offset u from the window's lower end, scaled by
exp(alpha^2/2) so nothing underflows, never as a difference of two CDFs), and
quantiles are its root by brentq. Moments are quad integrals of u and u^2
against the same density. Deterministic: no randomness.
"""

import csv
import math
import os

from scipy.integrate import quad
from scipy.optimize import brentq

HERE = os.path.dirname(os.path.abspath(__file__))

PS = [0.0, 1e-9, 0.01, 0.1, 0.25, 0.43, 0.5, 0.75, 0.9, 0.99, 1 - 1e-9, 1.0]

# (case, mean, sd, min, max): standardised widths from one ulp to 9e-6.
CASES = [
    ("centre_1e-6", 0.0, 1.0, -5e-7, 5e-7),
    ("shoulder_1e-6", 0.0, 1.0, 0.3, 0.3 + 1e-6),
    ("tail_9e-6", 0.0, 1.0, 5.0, 5.0 + 9e-6),
    ("lowtail_1e-7", 0.0, 1.0, -20.0 - 1e-7, -20.0),
    ("fartail_1e-6", 0.0, 1.0, 35.0, 35.0 + 1e-6),
    ("edge_lowtail", 0.0, 1.0, -30.0, -30.0 + 9.99e-6),
    ("edge_shoulder", 0.0, 1.0, 0.2, 0.2 + 9.99e-6),
    ("scaled_2e-6", 100.0, 15.0, 130.0, 130.00003),
    ("money_1e-9", 50000.0, 20000.0, 61000.0, 61000.00002),
    ("ulp_window", -59.0, 100.80000000000001, -34.42857142857143, -34.42857142857142),
    # wider than the quantiles' narrow form, within the moments' quadrature
    ("moments_3e-5", 0.0, 1.0, 5.0, 5.0 + 3e-5),
    ("moments_1e-4", 0.0, 1.0, 1.0, 1.0 + 1e-4),
    ("moments_1e-3", 0.0, 1.0, -20.0, -20.0 + 1e-3),
    ("moments_0.04", 0.0, 1.0, 30.0, 30.04),
]


def density(alpha):
    # exp(-(alpha+t)^2/2) * exp(alpha^2/2) = exp(-alpha t - t^2/2)
    return lambda t: math.exp(-alpha * t - t * t / 2)


def mass(f, u):
    if u <= 0:
        return 0.0
    return quad(f, 0.0, u, epsabs=0.0, epsrel=1e-13, limit=200)[0]


def main():
    rows = []
    for name, m, s, lo, hi in CASES:
        alpha = (lo - m) / s
        w = (hi - lo) / s
        f = density(alpha)
        total = mass(f, w)
        mu1 = quad(lambda t: t * f(t), 0.0, w, epsabs=0.0, epsrel=1e-13)[0] / total
        mu2 = quad(lambda t: t * t * f(t), 0.0, w, epsabs=0.0, epsrel=1e-13)[0] / total
        mean_x = lo + s * mu1
        var_x = s * s * (mu2 - mu1 * mu1)
        for p in PS:
            if p == 0:
                u = 0.0
            elif p == 1:
                u = w
            else:
                u = brentq(lambda v: mass(f, v) / total - p, 0.0, w,
                           xtol=w * 1e-16, rtol=1e-15, maxiter=500)
            # the CDF half way between the quantile and the window's middle,
            # so it is checked at a point no quantile rounds to
            um = (u + w / 2) / 2
            rows.append([name, repr(m), repr(s), repr(lo), repr(hi), repr(p),
                         repr(lo + s * u), repr(lo + s * um), repr(mass(f, um) / total),
                         repr(mean_x), repr(var_x)])
    with open(os.path.join(HERE, "narrow.csv"), "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["case", "mean", "sd", "min", "max", "p", "quantile", "x_mid", "cdf_mid",
                     "mean_x", "variance_x"])
        wr.writerows(rows)


if __name__ == "__main__":
    main()
