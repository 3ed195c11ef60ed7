#!/bin/sh
# Runs negbin_review.py and heavy_tail.py and compares them with sib:
# the reconviction tests' se and P(pass) (sib run --chance, table chance),
# points of the oc table, and sib power --dispersion's MDE, to 1e-9
# (P) and the printed digits. usage: run.sh [SIB] (default /tmp/sibe)
set -e
SIB=${1:-/tmp/sibe}
cd "$(dirname "$0")/../../.."
R=testdata/reference/review-negbin
/usr/bin/python3 $R/negbin_review.py . > $R/negbin_review.out
/usr/bin/python3 $R/heavy_tail.py > $R/heavy_tail.out
/usr/bin/python3 $R/near_poisson.py > $R/near_poisson.out
$SIB run --chance --format csv --table chance testdata/estonia/scenario 2>/dev/null | grep -v '^#' > $R/sib_chance.csv
$SIB run --chance --format csv --table oc testdata/estonia/scenario 2>/dev/null | grep -v '^#' > $R/sib_oc.csv
$SIB power --format csv --kind count --baseline 0.97 --dispersion 1.54 --n 450 2>/dev/null | grep -v '^#' > $R/sib_power.csv
/usr/bin/python3 - "$R" <<'PY'
import csv, sys
R = sys.argv[1]
ref = {}
oc = {}
for line in open(f"{R}/negbin_review.out"):
    f = line.strip().split(",")
    if f[0] in ("pooled", "c1", "c2", "c3", "c4"):
        ref[f[0]] = (float(f[3]), float(f[4]))
    elif f[0] == "oc" and f[1] != "test":
        oc[(f[1], float(f[2]))] = float(f[3])
    elif f[0] == "power" and "1.54" in f[3]:
        mde = float(f[4].split("=")[1])
bad = n = 0
for r in csv.DictReader(open(f"{R}/sib_chance.csv")):
    if r["metric"] != "reconvictions":
        continue
    se, p = ref[r["cohort"]]
    n += 2
    if abs(float(r["p_pass"]) - p) > 1e-9 or abs(float(r["se"]) - se) > 5e-7:
        bad += 1; print("DIFFER", r["cohort"], r["se"], r["p_pass"], se, p)
for r in csv.DictReader(open(f"{R}/sib_oc.csv")):
    k = (r["cohort"], float(r["true_effect"]))
    if r["term"] == "reconviction_rate" and k in oc:
        n += 1
        if abs(float(r["p_pass"]) - oc[k]) > 1e-9:
            bad += 1; print("DIFFER oc", k, r["p_pass"], oc[k])
for r in csv.DictReader(open(f"{R}/sib_power.csv")):
    n += 1
    if abs(float(r["mde"]) - mde) > 1e-9:
        bad += 1; print("DIFFER power", r["mde"], mde)
print(f"{n} values compared, {bad} differ")
sys.exit(1 if bad else 0)
PY
