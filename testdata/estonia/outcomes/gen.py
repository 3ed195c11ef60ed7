#!/usr/bin/env python3
"""Writes participants.csv of the illustrative Estonian juvenile-offending
outcomes example. Deterministic: run it again and the file is the same.

    cd testdata/estonia/outcomes && python3 gen.py

The numbers are invented, shaped like a randomised evaluation of a
youth-offending programme: two cohorts (2024, 2025) randomised between
treatment and control, measured a year after entry, plus a historical
population of young offenders (2019-2023) for the custody-days trend.
"""
import math
import random

rng = random.Random(20241122)


def poisson(lam):
    # Knuth's method: fine for the small means used here.
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def custody(p_any, mean_days):
    if rng.random() >= p_any:
        return 0
    return max(1, round(rng.gammavariate(1.5, mean_days / 1.5)))


rows = []
pid = 0


def add(group, cohort, period, reoffend, reconv, days, dropout):
    global pid
    pid += 1
    rows.append((f"EE{pid:05d}", group, cohort, period, reoffend, reconv, days, dropout))


# Randomised cohorts: (cohort, period measured, n treatment, n control).
for cohort, period, nt, nc in ((2024, 2025, 212, 205), (2025, 2026, 246, 238)):
    for group, n in (("treatment", nt), ("control", nc)):
        treated = group == "treatment"
        for _ in range(n):
            p_re = 0.34 if treated else 0.44
            re = 1 if rng.random() < p_re else 0
            reconv = poisson(0.55 if treated else 0.78) if re else 0
            days = custody(0.22 if treated else 0.30, 38 if treated else 45)
            drop = ""
            if treated:
                drop = 1 if rng.random() < 0.19 else 0
            # About 2% not traced at follow-up.
            if rng.random() < 0.02:
                re, reconv, days = "", "", ""
            add(group, cohort, period, re, reconv, days, drop)

# Historical young offenders, custody days only, falling slowly.
for period, n in ((2019, 310), (2020, 290), (2021, 335), (2022, 320), (2023, 305)):
    for _ in range(n):
        days = custody(0.33 - 0.006 * (period - 2019), 47 - 0.8 * (period - 2019))
        add("historical", "", period, "", "", days, "")

with open("participants.csv", "w", newline="") as f:
    f.write("id,group,cohort,period,reoffend,reconvictions,custody_days,school_dropout\n")
    for r in rows:
        f.write(",".join(str(x) for x in r) + "\n")
