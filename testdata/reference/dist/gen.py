#!/usr/bin/python3
"""Generate reference values for internal/dist from scipy.stats.

Run from anywhere:

    /usr/bin/python3 testdata/reference/dist/gen.py

Needs numpy and scipy.  Writes, next to this script:

  quantiles.csv  case,kind,a1,a2,a3,a4,p,quantile
  cdf.csv        case,kind,a1,a2,a3,a4,x,cdf
  moments.csv    case,kind,a1,a2,a3,a4,mean,variance,source

a1..a4 are the arguments of dist.New in its own order (empty when unused);
numbers are repr() of the double (shortest round-trip form).  The output is
deterministic: no randomness is involved.
"""

import csv
import math
import os

import numpy as np
import scipy
import scipy.stats as st
from scipy.integrate import quad

HERE = os.path.dirname(os.path.abspath(__file__))

PS = [1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 - 1e-6]

# (case, kind, args) in dist.New's argument order.
CASES = [
    ("fixed_pi", "fixed", [3.14]),
    ("fixed_neg", "fixed", [-2e6]),

    ("uniform_unit", "uniform", [0, 1]),
    ("uniform_shift", "uniform", [-3, 7]),
    ("uniform_tiny", "uniform", [1e-6, 3e-6]),
    ("uniform_large", "uniform", [1e6, 5e6]),

    ("tri_sym", "triangular", [0, 0.5, 1]),
    ("tri_skew", "triangular", [1, 2, 4]),
    ("tri_left", "triangular", [0, 0, 1]),
    ("tri_right", "triangular", [0, 1, 1]),
    ("tri_tiny", "triangular", [1e-6, 2e-6, 1e-5]),
    ("tri_large", "triangular", [-1e6, 0, 3e6]),

    ("pert_skew", "pert", [1, 2, 4]),
    ("pert_sym", "pert", [0, 0.5, 1]),
    ("pert_left", "pert", [0, 0, 1]),
    ("pert_right", "pert", [0, 1, 1]),
    ("pert_strong", "pert", [0, 0.05, 1]),
    ("pert_tiny", "pert", [1e-6, 1.5e-6, 5e-6]),
    ("pert_large", "pert", [1e5, 2e5, 1e6]),

    ("normal_std", "normal", [0, 1]),
    ("normal_iq", "normal", [100, 15]),
    ("normal_tiny", "normal", [-5e-6, 1e-7]),
    ("normal_large", "normal", [1e6, 2e5]),

    ("tn_sym", "truncnormal", [0, 1, -1, 1]),
    ("tn_half", "truncnormal", [0, 1, 0, 10]),
    ("tn_cost", "truncnormal", [10, 2, 0, 12]),
    ("tn_wide", "truncnormal", [100, 10, 50, 200]),
    ("tn_tail_hi", "truncnormal", [0, 1, 8, 9]),
    ("tn_tail_lo", "truncnormal", [0, 1, -9, -8]),
    ("tn_tail_far", "truncnormal", [0, 1, 30, 31]),
    ("tn_tail_open", "truncnormal", [0, 1, 5, 1e6]),
    ("tn_straddle", "truncnormal", [0, 1, -1, 10]),
    ("tn_rate", "truncnormal", [0.05, 0.02, 0, 0.1]),
    ("tn_large", "truncnormal", [2e6, 5e5, 1e6, 4e6]),

    ("ln_unit", "lognormal", [1, 0.5]),
    ("ln_skew", "lognormal", [100, 250]),
    ("ln_tiny", "lognormal", [1e-6, 1e-7]),
    ("ln_large", "lognormal", [5e6, 1e6]),
    ("ln_wild", "lognormal", [1, 10]),

    ("beta_2_5", "beta", [2, 5]),
    ("beta_arcsine", "beta", [0.5, 0.5]),
    ("beta_small_a", "beta", [0.1, 3]),
    ("beta_small_b", "beta", [4, 0.2]),
    ("beta_large", "beta", [50, 200]),
    ("beta_huge", "beta", [2000, 3000]),
    ("beta_scaled", "beta", [1, 1, -2, 2]),
    ("beta_shift", "beta", [2, 3, 1e6, 2e6]),
    ("beta_tiny", "beta", [3, 1.5, 1e-6, 2e-6]),

    ("gamma_exp", "gamma", [1, 1]),
    ("gamma_small", "gamma", [0.1, 2]),
    ("gamma_tiny_shape", "gamma", [0.02, 1]),
    ("gamma_tiny_scale", "gamma", [2.5, 1e-6]),
    ("gamma_100", "gamma", [100, 3]),
    ("gamma_large_scale", "gamma", [3, 1e6]),
    ("gamma_huge_shape", "gamma", [1e4, 1e-3]),
]


def pert_ab(lo, mode, hi):
    w = hi - lo
    return 1 + 4 * (mode - lo) / w, 1 + 4 * (hi - mode) / w


def frozen(kind, a):
    """The scipy.stats frozen distribution for (kind, args); None for fixed."""
    if kind == "fixed":
        return None
    if kind == "uniform":
        return st.uniform(loc=a[0], scale=a[1] - a[0])
    if kind == "triangular":
        lo, mode, hi = a
        return st.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    if kind == "pert":
        lo, mode, hi = a
        al, be = pert_ab(lo, mode, hi)
        return st.beta(al, be, loc=lo, scale=hi - lo)
    if kind == "normal":
        return st.norm(loc=a[0], scale=a[1])
    if kind == "truncnormal":
        m, s, lo, hi = a
        return st.truncnorm((lo - m) / s, (hi - m) / s, loc=m, scale=s)
    if kind == "lognormal":
        m, s = a
        s2 = math.log1p((s / m) ** 2)
        mu = math.log(m) - s2 / 2
        return st.lognorm(math.sqrt(s2), scale=math.exp(mu))
    if kind == "beta":
        lo, hi = (a[2], a[3]) if len(a) == 4 else (0.0, 1.0)
        return st.beta(a[0], a[1], loc=lo, scale=hi - lo)
    if kind == "gamma":
        return st.gamma(a[0], scale=a[1])
    raise ValueError(kind)


def truncnorm_moments(m, s, lo, hi):
    """Mean and variance of the truncated normal by quadrature.

    scipy.stats.truncnorm.stats loses digits for windows far in a tail
    (relative error 7.5e-8 in the variance on [30, 31] sd); integrating the
    density, scaled by exp(a^2/2) so that it does not underflow, in the
    standardised offset from the window's end nearer the mean, does not.
    """
    a, b = (lo - m) / s, (hi - m) / s
    sign = 1.0
    if b <= 0:
        a, b, sign = -b, -a, -1.0
    c = max(a, 0.0)  # the density's peak within the window
    b = min(b, max(c, 0.0) + 40)  # beyond 40 sd past the peak nothing is left
    w = lambda t: math.exp(-((t + a) ** 2 - c * c) / 2)  # t = z - a >= 0
    o = dict(epsabs=0, epsrel=1e-13, limit=200)
    z = quad(w, 0, b - a, **o)[0]
    mt = quad(lambda t: t * w(t), 0, b - a, **o)[0] / z
    vt = quad(lambda t: (t - mt) ** 2 * w(t), 0, b - a, **o)[0] / z
    return m + sign * s * (a + mt), s * s * vt


def fmt(x):
    return repr(float(x))


def argcols(a):
    return [fmt(v) for v in a] + [""] * (4 - len(a))


def main():
    q_rows, c_rows, m_rows = [], [], []
    for case, kind, a in CASES:
        d = frozen(kind, a)
        for p in PS:
            q = a[0] if d is None else d.ppf(p)
            q_rows.append([case, kind] + argcols(a) + [fmt(p), fmt(q)])
        if d is None:
            m_rows.append([case, kind] + argcols(a) + [fmt(a[0]), fmt(0), "exact"])
            continue
        mean, var = d.stats(moments="mv")
        src = "scipy.stats"
        if kind == "truncnormal":
            mean, var = truncnorm_moments(*a)
            src = "quad"
        m_rows.append([case, kind] + argcols(a) + [fmt(mean), fmt(var), src])
        # CDF at points that are not quantiles of round p: the quantiles at
        # p = 0.05, 0.3, 0.6, 0.95 rounded to 6 significant digits.
        for p in (0.05, 0.3, 0.6, 0.95):
            x = float("%.6g" % d.ppf(p))
            c_rows.append([case, kind] + argcols(a) + [fmt(x), fmt(d.cdf(x))])

    head = ["case", "kind", "a1", "a2", "a3", "a4"]
    for name, extra, rows in (("quantiles.csv", ["p", "quantile"], q_rows),
                              ("cdf.csv", ["x", "cdf"], c_rows),
                              ("moments.csv", ["mean", "variance", "source"], m_rows)):
        with open(os.path.join(HERE, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(head + extra)
            w.writerows(rows)
    print("scipy", scipy.__version__, "numpy", np.__version__,
          "rows", len(q_rows), len(c_rows), len(m_rows))


if __name__ == "__main__":
    main()
