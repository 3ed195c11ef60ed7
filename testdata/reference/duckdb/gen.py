#!/usr/bin/env python3
"""Writes the mixed outcomes folder that checks the DuckDB recipe
(docs/duckdb/aggregates.sql) against the participant-level run: every
counterfactual method and every metric kind, with what a real extract has
that the recipe must handle as `sib outcomes` does.

    /usr/bin/python3 testdata/reference/duckdb/gen.py testdata/duckdb/mixed

Deterministic (random.Random(SEED)); pure Python, no packages.

What it covers:
  - methods comparison, historical, trend, fixed and did; kinds binary,
    count, duration and continuous (7 metrics);
  - cohort labels that are not numbers to DuckDB's type sniffer ("007",
    "008": read as integers they would become 7 and 8);
  - comparison records with an empty cohort (they serve every cohort);
  - values not measured (empty), about 3% of them;
  - fields with spaces around them (sib trims them);
  - a metric column whose header differs in case from metrics.csv
    ("visits" for metric Visits): sib matches headers whatever their case;
  - a note column (ignored by sib and by the recipe);
  - the same participant in several periods (a panel), which is allowed;
  - earnings of 30,000 ± 400, large and close together, where a variance
    from sums of squares loses digits.
"""
import os
import random
import sys

SEED = 19

METRICS = """metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit
reoffend,binary,lower,did,treatment,control,,2021-2022,2023-2024,share
arrests,count,lower,historical,treatment,historical,,2019-2020,2023-2024,events
Visits,count,lower,trend,treatment,historical,,2018-2022,2023-2024,visits
custody_days,duration,lower,fixed,treatment,,12.5,,2023-2024,days
earnings,continuous,higher,comparison,treatment,control,,,2023-2024,EUR
wellbeing,continuous,higher,did,treatment,control,,2021-2022,2023-2024,score
fines,count,lower,fixed,treatment,,0.8,,2023-2024,fines
"""

COLUMNS = ["id", "group", "cohort", "period", "reoffend", "arrests", "visits",
           "custody_days", "earnings", "wellbeing", "fines", "note"]


def poisson(rng, lam):
    k, p, l = 0, 1.0, pow(2.718281828459045, -lam)
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def main(out):
    rng = random.Random(SEED)
    rows = []

    def record(pid, group, cohort, period, treated, values):
        row = {c: "" for c in COLUMNS}
        row.update(id=pid, group=group, cohort=cohort, period=str(period))
        for k, v in values.items():
            if rng.random() < 0.03:
                continue  # not measured
            s = str(v)
            if rng.random() < 0.02:
                s = " " + s + " "  # stray spaces, trimmed by sib
            row[k] = s
        if rng.random() < 0.01:
            row["note"] = "checked by hand"
        rows.append(row)

    # The historical population, 2018-2022: arrests and visits.
    for period in range(2018, 2023):
        for i in range(180):
            record(f"H{period}-{i:04d}", "historical", "", period, False, {
                "arrests": poisson(rng, 1.1 - 0.04 * (period - 2018)),
                "visits": poisson(rng, 2.0 - 0.1 * (period - 2018)),
            })

    # The control group, one panel of people measured 2021-2024; its
    # records serve every cohort (empty cohort).
    for i in range(400):
        base = rng.gauss(0, 1)
        for period in range(2021, 2025):
            record(f"C{i:04d}", "control", "", period, False, {
                "reoffend": int(rng.random() < 0.42 + 0.01 * (period - 2021)),
                "earnings": round(30000 + 300 * base + 250 * rng.gauss(0, 1), 2),
                "wellbeing": round(5 + 0.8 * base + rng.gauss(0, 1), 3),
            })

    # Treatment: cohort 007 measured before (2021) and after (2023),
    # cohort 008 before (2022) and after (2024).
    for cohort, pre, post in (("007", 2021, 2023), ("008", 2022, 2024)):
        for i in range(300):
            pid = f"T{cohort}-{i:04d}"
            base = rng.gauss(0, 1)
            record(pid, "treatment", cohort, pre, False, {
                "reoffend": int(rng.random() < 0.43),
                "wellbeing": round(5 + 0.8 * base + rng.gauss(0, 1), 3),
            })
            reoffended = rng.random() < 0.36
            record(pid, "treatment", cohort, post, True, {
                "reoffend": int(reoffended),
                "arrests": poisson(rng, 0.85),
                "visits": poisson(rng, 1.5),
                "custody_days": (1 + int(rng.expovariate(1 / 40))) if rng.random() < 0.28 else 0,
                "earnings": round(30150 + 300 * base + 250 * rng.gauss(0, 1), 2),
                "wellbeing": round(5.4 + 0.8 * base + rng.gauss(0, 1), 3),
                "fines": poisson(rng, 0.7),
            })

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "metrics.csv"), "w") as f:
        f.write(METRICS)
    with open(os.path.join(out, "participants.csv"), "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for r in rows:
            f.write(",".join(r[c] for c in COLUMNS) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "testdata/duckdb/mixed")
