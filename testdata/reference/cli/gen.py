#!/usr/bin/env python3
"""Writes covariates.csv for the reference of matching.Run chained per
cohort (see README.md): 2 cohorts of treated units, a pool of units of
cohort 2024, of 2025 and of every cohort (empty cohort), covariates
numeric and categorical, selection on them. Deterministic (numpy, fixed
seed).

    cd testdata/reference/cli && python3 gen.py && Rscript reference.R
"""
import numpy as np

rng = np.random.default_rng(2020)
n = 900
rows = ["id,group,cohort,age,priors,sex,region,employed"]
for i in range(n):
    age = round(rng.normal(33, 9), 1)
    priors = int(rng.poisson(6))
    sex = "m" if rng.random() < 0.8 else "f"
    region = ["east", "north", "south"][rng.integers(3)]
    employed = int(rng.random() < 0.4)
    lp = -1.6 - 0.05 * (age - 33) - 0.12 * (priors - 6) + 0.6 * employed + 0.4 * (region == "east")
    treated = rng.random() < 1 / (1 + np.exp(-lp))
    if treated:
        cohort = ["2024", "2025"][rng.integers(2)]
        uid = "T%03d" % i
    else:
        cohort = ["2024", "2025", ""][rng.integers(3)]
        uid = "P%03d" % i
    rows.append("%s,%s,%s,%s,%d,%s,%s,%d" % (uid, "treatment" if treated else "comparison", cohort, age, priors, sex, region, employed))
with open("covariates.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
