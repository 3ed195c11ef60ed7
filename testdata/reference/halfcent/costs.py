#!/usr/bin/env python3
"""Independent reference for the ledger's rounding of delivery costs.

From docs/scenario.md alone (not the Go code): a delivery cost is real, in
the price base, and is paid at amount × (1 + inflation)^(Y_t − price_base),
Y_t the calendar year period t starts in, rounded to the cent half away
from zero, as decimal arithmetic and a spreadsheet's ROUND make it. Only
the per_period and upfront items, whose amounts need no cohort sizes.
Computed in Python's Decimal, exactly: 15000 × 1.025² = 15759.375 is
15759.38 (float64 arithmetic has 15759.374999999998).

Run from the repository root: python3 testdata/reference/halfcent/costs.py
It writes testdata/reference/halfcent/costs.csv.
"""
import csv
import pathlib
from decimal import Decimal, ROUND_HALF_UP

MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
root = pathlib.Path("testdata")
out = []
for name in ["employment", "estonia", "preschool"]:
    d = root / name / "scenario"
    st = {r["setting"]: r["value"] for r in csv.DictReader(open(d / "scenario.csv"))}
    y0, m0 = int(st["start"][:4]), int(st["start"][5:7])
    months = MONTHS[st.get("period", "year")]
    periods = int(st["periods"])
    infl = Decimal(st.get("inflation", "0") or "0")
    base = int(st.get("price_base", y0))

    def year(t):  # the calendar year period t starts in
        m = m0 - 1 + (t - 1) * months
        return y0 + m // 12

    for r in csv.DictReader(open(d / "delivery.csv")):
        basis = r["basis"]
        if basis not in ("per_period", "upfront"):
            continue
        lo = int(r["from"] or 1)
        hi = lo if basis == "upfront" else int(r["to"] or periods)
        for t in range(lo, hi + 1):
            x = Decimal(r["amount"]) * (1 + infl) ** (year(t) - base)
            due = x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            out.append((name, t, r["item"], str(x), str(due)))

here = pathlib.Path(__file__).parent
with open(here / "costs.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["scenario", "period", "item", "exact", "due"])
    w.writerows(out)
print(len(out), "costs,", sum(1 for o in out if o[3].rstrip("0").endswith("5") and len(o[3].split(".")[1].rstrip("0")) == 3), "of them half a cent")
