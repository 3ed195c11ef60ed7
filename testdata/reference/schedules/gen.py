#!/usr/bin/python3
"""Green Book discount factors, years 0-310, for each schedule sib knows.

An independent reference for sib's discounting (sib/schedules_test.go):
the rates are typed here from the Green Book tables (2022 Annex A6;
February 2026 as tabulated by DfT TAG, "Forthcoming change: Green Book
updates"), not read from sib's data file, and the factors are products of
year-long steps in exact rational arithmetic (fractions.Fraction), rounded
to 15 significant digits only when written.

The Green Book's convention: year 0 is not discounted; year t's factor is
the product over the steps k = 1..t of 1/(1+r_k), where r_k is the rate of
the band holding year k ("years 0-30": k = 1..30 at the first rate, "years
31-75": k = 31..75 at the second, ...).

Run: /usr/bin/python3 gen.py > factors.csv
"""
from fractions import Fraction as F

# (upper year of band, rate in %) per schedule: the Green Book's year bands
# 0-30, 31-75, 76-125, 126-200, 201-300, 301 and over.
UPPER = [30, 75, 125, 200, 300, None]
RATES = {
    "standard": ["3.5", "3.0", "2.5", "2.0", "1.5", "1.0"],
    "health": ["1.5", "1.29", "1.07", "0.86", "0.64", "0.43"],
    "lower": ["3.00", "2.57", "2.14", "1.71", "1.29", "0.86"],
}
NAMES = [("greenbook-2022:standard", "standard"), ("greenbook-2022:health", "health"),
         ("greenbook-2026:standard", "standard"), ("greenbook-2026:health", "health"),
         ("greenbook-2026:lower", "lower")]


def rate(kind, k):
    for up, r in zip(UPPER, RATES[kind]):
        if up is None or k <= up:
            return F(r) / 100


print("schedule,year,factor")
for name, kind in NAMES:
    df = F(1)
    for t in range(0, 311):
        if t > 0:
            df /= 1 + rate(kind, t)
        print(f"{name},{t},{float(df):.15g}")
