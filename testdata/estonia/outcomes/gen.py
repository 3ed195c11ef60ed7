#!/usr/bin/env python3
"""Writes participants.csv of the illustrative Estonian juvenile-offending
outcomes example. Deterministic: run it again and the file is the same.

    cd testdata/estonia/outcomes && python3 gen.py

The numbers are invented, shaped like a randomised pilot of intensive
mentoring with family support for 14-17-year-olds with a repeat offence:
two cohorts (2024, 2025) randomised between treatment and control, measured
a year after entry, plus a historical population of young offenders
(2019-2023) for the custody-days trend.

The true effects are set to what the published evidence supports (see
../README.md, "Evidence"): about a 10% relative fall in reoffending, 12% in
reconvictions, 10% in custody days, 2.5 points (10%) in school drop-out.
A sample of this size measures them with wide intervals; SEED is the first
seed from 1 up whose pooled sample effects land near those targets
(search_seed below, run once by hand), so that the example shows the
evidence's effects rather than a lucky or unlucky draw. Pure Python.
"""
import math
import random

SEED = 46927  # found by `python3 gen.py --search`; see the docstring


def poisson(rng, lam):
    # Knuth's method: fine for the small means used here.
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def custody(rng, p_any, mean_days):
    if rng.random() >= p_any:
        return 0
    return max(1, round(rng.gammavariate(1.5, mean_days / 1.5)))


# Randomised cohorts: (cohort, period measured, n treatment, n control).
COHORTS = ((2024, 2025, 212, 205), (2025, 2026, 246, 238))
# Control: half reoffend within 12 months, with 2 reconvictions on average
# when they do (1.0 a person); 30% spend time in custody, 45 days on average.
# Treatment: 45% reoffend (-10%), 1.95 reconvictions when they do (-12% a
# person), custody 27% for 43 days (about -10% against the trend), 22.5%
# leave school (against the contractual 25%).
CONTROL = dict(reoffend=0.50, extra=1.00, custody=0.30, days=45)
TREATED = dict(reoffend=0.45, extra=0.95, custody=0.27, days=43, dropout=0.225)
HISTORY = ((2019, 310), (2020, 290), (2021, 335), (2022, 320), (2023, 305))


def generate(seed):
    rng = random.Random(seed)
    rows = []
    for cohort, period, nt, nc in COHORTS:
        for group, n in (("treatment", nt), ("control", nc)):
            par = TREATED if group == "treatment" else CONTROL
            for _ in range(n):
                re = 1 if rng.random() < par["reoffend"] else 0
                reconv = 1 + poisson(rng, par["extra"]) if re else 0
                days = custody(rng, par["custody"], par["days"])
                drop = ""
                if group == "treatment":
                    drop = 1 if rng.random() < par["dropout"] else 0
                # About 2% not traced at follow-up.
                if rng.random() < 0.02:
                    re, reconv, days = "", "", ""
                rows.append([group, cohort, period, re, reconv, days, drop])
    # Historical young offenders, custody days only, falling slowly.
    for period, n in HISTORY:
        for _ in range(n):
            days = custody(rng, 0.33 - 0.006 * (period - 2019), 47 - 0.8 * (period - 2019))
            rows.append(["historical", "", period, "", "", days, ""])
    return rows


def mean(xs):
    return sum(xs) / len(xs)


def pooled(rows):
    """The pooled sample effects, relative to the comparison (approximately
    as sib outcomes computes them: a least-squares trend for custody days)."""
    def col(group, i):
        return [r[i] for r in rows if r[0] == group and r[i] != ""]
    out = {}
    for name, i in (("reoffend", 3), ("reconvictions", 4)):
        t, c = mean(col("treatment", i)), mean(col("control", i))
        out[name] = (c - t) / c
    hist = [(r[2], r[5]) for r in rows if r[0] == "historical"]
    mx, my = mean([x for x, _ in hist]), mean([y for _, y in hist])
    b = sum((x - mx) * (y - my) for x, y in hist) / sum((x - mx) ** 2 for x, _ in hist)
    treated = [(r[2], r[5]) for r in rows if r[0] == "treatment" and r[5] != ""]
    base = mean([my + b * (x - mx) for x, _ in treated])
    out["custody_days"] = (base - mean([y for _, y in treated])) / base
    out["school_dropout"] = 0.25 - mean(col("treatment", 6))
    return out


TARGETS = dict(reoffend=(0.09, 0.11), reconvictions=(0.115, 0.125),
               custody_days=(0.09, 0.11), school_dropout=(0.022, 0.028))


def search_seed(limit=100000):
    for seed in range(1, limit):
        eff = pooled(generate(seed))
        if all(lo <= eff[m] <= hi for m, (lo, hi) in TARGETS.items()):
            return seed, eff
    raise SystemExit("no seed in range")


def write(rows):
    with open("participants.csv", "w", newline="") as f:
        f.write("id,group,cohort,period,reoffend,reconvictions,custody_days,school_dropout\n")
        for pid, r in enumerate(rows, 1):
            f.write(",".join([f"EE{pid:05d}"] + [str(x) for x in r]) + "\n")


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--search"]:
        print(search_seed())
    else:
        write(generate(SEED))
