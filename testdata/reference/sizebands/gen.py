#!/usr/bin/python3
"""Expected minimum savings rates (MSR) of the Medicare Shared Savings
Program's one-sided model at given numbers of assigned beneficiaries,
from the published table in msr.csv, by the rule CMS states: within a
band, the MSR is interpolated linearly between the band's low end and its
high end by the ACO's exact number of beneficiaries; 60,000 and over take
2.0% (the floor). Below 5,000 (not eligible under the 2011 rule) the first
band's 3.9% is recorded, as sib's size schedules read a size below the
first point.

Computed with exact fractions by looking up the band that holds n, not by
sib's search over points, and written with 15 significant digits.
Run: /usr/bin/python3 gen.py > expected.csv
"""
import csv
from fractions import Fraction as F

bands = []
with open("msr.csv") as f:
    for r in csv.DictReader(f):
        bands.append(r)

def msr(n):
    n = F(n)
    first = bands[0]
    if n < F(first["low"]):
        return F(first["msr_low"])
    for b in bands:
        lo = F(b["low"])
        if b["high"] == "":
            if n >= lo:
                return F(b["msr_low"])
            continue
        hi = F(b["high"])
        if lo <= n <= hi:
            a, z = F(b["msr_low"]), F(b["msr_high"])
            return a + (z - a) * (n - lo) / (hi - lo)
    # between a band's high end and the next band's low end (n - high < 1)
    for b, nxt in zip(bands, bands[1:]):
        if F(b["high"]) < n < F(nxt["low"]):
            return F(b["msr_high"])
    raise ValueError(n)

sizes = [1000, 4999, 5000, 5500, 5999, 5999.5, 6000, 6500, 6999, 7000, 7500,
         7999, 8000, 8500, 9000, 9999, 10000, 12500, 14999, 15000, 17500,
         19999, 20000, 35000, 49999, 50000, 55000, 59999, 60000, 100000]
print("size,msr")
for n in sizes:
    print(f"{n},{float(msr(n)):.15g}")
