#!/usr/bin/env bash
# Cross-checks sib cost against the independent Python reference on a
# synthetic costing folder of any size (default 50,000 ledger lines over
# 2,000 services, ten agencies, ten direct-cost pools, deflated from 2024 to
# 2023 prices so that every amount is rescaled and re-rounded):
#
#   testdata/reference/costing/crosscheck.sh [ROWS [SERVICES]]
#
# Needs Go and /usr/bin/python3 (standard library only). Prints the number
# of values compared and exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/../../.."
rows=${1:-50000}
services=${2:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./internal/synth/gencost -rows "$rows" -services "$services" "$work/in"
go run ./cmd/sib cost --price-base 2023 --out "$work/sib" "$work/in" >/dev/null 2>&1
mkdir -p "$work/ref"
/usr/bin/python3 testdata/reference/costing/ref_costing.py "$work/in" "$work/ref" 2023 >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import csv, sys
from decimal import Decimal
work = sys.argv[1]
def rows(path, key):
    with open(path) as f:
        return {tuple(r[k] for k in key): r for r in csv.DictReader(f)}
n = 0
for table, key in (("units.csv", ("service", "year")), ("reconciliation.csv", ("year",))):
    ref, got = rows(f"{work}/ref/{table}", key), rows(f"{work}/sib/{table}", key)
    assert ref.keys() == got.keys(), f"{table}: different rows"
    for k, r in ref.items():
        for col, want in r.items():
            if col in key:
                continue
            if Decimal(got[k][col]) != Decimal(want):
                sys.exit(f"{table} {k} {col}: sib {got[k][col]}, reference {want}")
            n += 1
print(f"crosscheck: {n} values agree exactly")
PY
