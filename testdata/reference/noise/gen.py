#!/usr/bin/python3
"""Reference pass probabilities of a measured effect under measurement noise.

Run with /usr/bin/python3 (scipy 1.10): writes pass.csv, which
uncertainty/chance_test.go reads. Each case is an evaluation design (the
sampling of the metric, its baseline, whether the baseline is fixed or a
comparison group of round(ratio * n) is sampled, lower or higher is
better), one or more cohorts (treated size n and true effect; several:
the pooled test of their pooled results) and an absolute threshold. The
measured effect passes when it is at or above the threshold.

A poisson case may give a dispersion phi > 1 (the variance over the
mean): its counts are then negative binomial with mean mu and variance
phi * mu, scipy's nbinom(n = mu / (phi - 1), p = 1 / phi).

The boundary of the treated count is worked out with exact fractions
(fractions.Fraction), the probabilities with scipy.stats' binom,
poisson and nbinom pmf/cdf and norm.sf: independent of the Go code.
It also writes negbin.csv, nbinom's pmf at a few points, which
uncertainty's TestNegBinPMF reads.
"""
import csv
import math
from fractions import Fraction as F

from scipy.stats import binom, nbinom, norm, poisson

CASES = [
    # name, sampling, fixed, higher, base, ratio, sd, groups [(n, effect)], threshold
    # By hand (the test's comment): fixed 25%, 20 treated, threshold 0.05, true effect 0.05.
    ("hand_bin20", "binomial", True, False, "0.25", "0", "0", [(20, "0.05")], "0.05"),
    ("fixed_bin100_e0", "binomial", True, False, "0.25", "0", "0", [(100, "0")], "0.05"),
    ("fixed_bin100_e03", "binomial", True, False, "0.25", "0", "0", [(100, "0.03")], "0.05"),
    ("fixed_bin100_e05", "binomial", True, False, "0.25", "0", "0", [(100, "0.05")], "0.05"),
    ("fixed_bin100_e10", "binomial", True, False, "0.25", "0", "0", [(100, "0.10")], "0.05"),
    ("fixed_bin_pooled", "binomial", True, False, "0.25", "0", "0", [(100, "0.03"), (120, "0.07")], "0.05"),
    ("cmp_bin100", "binomial", False, False, "0.49", "1", "0", [(100, "0.05")], "0.05"),
    ("cmp_bin_ratio", "binomial", False, False, "0.4861", "0.968609865470852", "0", [(102, "0.0534")], "0.02"),
    ("cmp_bin_pooled", "binomial", False, False, "0.49", "1", "0", [(100, "0.04"), (110, "0.06")], "0.05"),
    ("cmp_bin_higher", "binomial", False, True, "0.30", "2", "0", [(80, "0.08")], "0.05"),
    ("cmp_pois", "poisson", False, False, "0.9676", "0.968609865470852", "0", [(102, "0.1178")], "0.04838"),
    ("cmp_pois_pooled", "poisson", False, False, "0.9676", "0.968609865470852", "0", [(102, "0.1178"), (111, "0.0900")], "0.04838"),
    ("fixed_pois", "poisson", True, False, "1.2", "0", "0", [(60, "0.2")], "0.1"),
    ("normal_cmp", "normal", False, False, "10", "3.5", "53.2", [(102, "1.048")], "0"),
    ("normal_fixed", "normal", True, False, "10", "0", "20", [(50, "3")], "2"),
]

# Overdispersed counts: name, ..., threshold, dispersion. The Estonian
# reconvictions' quasi-Poisson dispersion is about 1.54 (R glm quasipoisson).
NB_CASES = [
    ("cmp_nb", "poisson", False, False, "0.9676", "0.968609865470852", "0", [(102, "0.1178")], "0.04838", "1.54"),
    ("cmp_nb_pooled", "poisson", False, False, "0.9676", "0.968609865470852", "0", [(102, "0.1178"), (111, "0.0900")], "0.04838", "1.54"),
    ("fixed_nb", "poisson", True, False, "1.2", "0", "0", [(60, "0.2")], "0.1", "2.5"),
    ("cmp_nb_higher", "poisson", False, True, "3", "2", "0", [(40, "0.5")], "0.2", "4"),
]


def cmp_size(ratio, n):
    return max(int(math.floor(F(ratio) * n + F(1, 2))), 1)  # round half up, as Go's math.Round for positives


def measured(higher, t, c):
    return t - c if higher else c - t


def count_pmf(mu, phi):
    """The pmf of a count of mean mu: Poisson, or negative binomial of variance phi * mu."""
    top = int(mu + 40 * math.sqrt(phi * mu) + 40)
    if phi == 1:
        return [poisson.pmf(k, mu) for k in range(top + 1)]
    return [nbinom.pmf(k, mu / (phi - 1), 1 / phi) for k in range(top + 1)]


def chance(sampling, fixed, higher, base, ratio, sd, groups, thr, phi=1.0):
    base, thr = F(base), F(thr)
    nT = sum(n for n, _ in groups)
    nC = 0 if fixed else sum(cmp_size(ratio, n) for n, _ in groups)
    if sampling == "normal":
        mu = sum(n * float(e) for n, e in groups) / nT
        se = float(sd) * (math.sqrt(1 / nT) if fixed else math.sqrt(1 / nT + 1 / nC))
        return norm.sf((float(thr) - mu) / se)
    rates = [base + F(e) if higher else base - F(e) for _, e in groups]
    # The treated total's pmf.
    if sampling == "poisson":
        mu = float(sum(n * r for (n, _), r in zip(groups, rates)))
        tpmf = count_pmf(mu, phi)
    else:
        tpmf = [1.0]
        for (n, _), r in zip(groups, rates):
            one = [binom.pmf(k, n, float(r)) for k in range(n + 1)]
            nxt = [0.0] * (len(tpmf) + n)
            for i, a in enumerate(tpmf):
                for j, b in enumerate(one):
                    nxt[i + j] += a * b
            tpmf = nxt

    def passing(c):
        return sum(p for t, p in enumerate(tpmf) if measured(higher, F(t, nT), c) >= thr)

    if fixed:
        return passing(base)
    if sampling == "binomial":
        return sum(binom.pmf(y, nC, float(base)) * passing(F(y, nC)) for y in range(nC + 1))
    mu = float(nC * base)
    return sum(p * passing(F(y, nC)) for y, p in enumerate(count_pmf(mu, phi)))


with open("pass.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["case", "sampling", "fixed", "higher", "baseline", "comparison_ratio", "sd", "groups", "threshold", "p_pass", "dispersion"])
    for case in CASES + NB_CASES:
        name, sampling, fixed, higher, base, ratio, sd, groups, thr = case[:9]
        phi = case[9] if len(case) > 9 else "1"
        p = chance(sampling, fixed, higher, base, ratio, sd, groups, thr, float(phi))
        g = ";".join(f"{n}:{e}" for n, e in groups)
        w.writerow([name, sampling, str(fixed).lower(), str(higher).lower(), base, ratio, sd, g, thr, repr(float(p)), phi])

# nbinom's pmf: mean, dispersion, k, P(X = k).
with open("negbin.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["mean", "dispersion", "k", "pmf"])
    for mu, phi in [(0.3, 1.2), (7, 1.54), (98.7, 2), (410, 1.54), (2000, 30), (5, 101)]:
        for k in sorted({0, 1, 2, int(mu), int(mu) + 1, int(mu + 3 * math.sqrt(phi * mu))}):
            w.writerow([mu, phi, k, repr(float(nbinom.pmf(k, mu / (phi - 1), 1 / phi)))])
