#!/usr/bin/env python3
"""Reference values for XIRR and XNPV under four day counts, and for MIRR.

Pure standard-library Python (decimal at 50 digits), independent of the Go
code: the day counts are written from the ISDA 2006 definitions, the XIRR
is found by bisection on the XNPV in log(1+r), MIRR from its definition in
the Excel/Calc documentation. Run from the repository root:

    python3 testdata/reference/daycount/gen.py

It writes xirr.csv and mirr.csv beside itself; deterministic.
"""
import csv
import datetime as dt
import os
from decimal import Decimal as D, getcontext

getcontext().prec = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def days_30_360(a, b, euro):
    """ISDA 2006 4.16(f) 30/360 (Bond Basis) or 4.16(g) 30E/360 (Eurobond)."""
    d1, d2 = a.day, b.day
    if euro:
        d1 = min(d1, 30)
        d2 = min(d2, 30)
    else:
        if d1 == 31:
            d1 = 30
        if d2 == 31 and d1 > 29:
            d2 = 30
    return 360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1)


def years(d0, d, basis):
    if basis == "act/365f":
        return D((d - d0).days) / D(365)
    if basis == "act/360":
        return D((d - d0).days) / D(360)
    if basis == "30/360":
        return D(days_30_360(d0, d, False)) / D(360)
    if basis == "30e/360":
        return D(days_30_360(d0, d, True)) / D(360)
    raise ValueError(basis)


def xnpv(rate, flows, ys):
    l = (D(1) + rate).ln()
    return sum(f * (-y * l).exp() for f, y in zip(flows, ys))


def xirr(flows, ys):
    # bisection in u = log(1+r) on [-5, 5] (r from -99.3% to 14741%)
    lo, hi = D(-5), D(5)
    f = lambda u: xnpv(u.exp() - 1, flows, ys)
    flo = f(lo)
    for _ in range(200):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return ((lo + hi) / 2).exp() - 1


def mirr(flows, fin, rein):
    n = len(flows)
    pv = sum(v / (1 + fin) ** i for i, v in enumerate(flows) if v < 0)
    fv = sum(v * (1 + rein) ** (n - 1 - i) for i, v in enumerate(flows) if v > 0)
    return (fv / -pv).ln().__truediv__(D(n - 1)).exp() - 1


SERIES = {
    # Microsoft's XIRR/XNPV documentation example.
    "msdoc": [("2008-01-01", "-10000"), ("2008-03-01", "2750"), ("2008-10-30", "4250"),
              ("2009-02-15", "3250"), ("2009-04-01", "2750")],
    # Month ends: the 30/360 variants differ where a date falls on the 31st.
    "monthends": [("2024-01-31", "-1000000"), ("2024-03-31", "25000"), ("2024-05-31", "25000"),
                  ("2024-08-31", "25000"), ("2024-10-31", "25000"), ("2025-01-31", "1025000")],
    # A first date mid-month, later dates on the 31st: Bond and Eurobond differ.
    "midmonth": [("2023-01-15", "-500000"), ("2023-07-31", "60000"), ("2024-01-31", "60000"),
                 ("2024-12-31", "460000")],
    # A loan over a leap year, quarterly coupons from the end of February.
    "leap": [("2024-02-29", "-250000"), ("2024-05-31", "4000"), ("2024-08-31", "4000"),
             ("2024-11-30", "4000"), ("2025-02-28", "254000")],
}
RATE = D("0.09")
BASES = ["act/365f", "act/360", "30/360", "30e/360"]

MIRRS = [
    # Microsoft's MIRR documentation example: 12.61%, -4.80%, 13.48%.
    ("msdoc5", ["-120000", "39000", "30000", "21000", "37000", "46000"], "0.10", "0.12"),
    ("msdoc3", ["-120000", "39000", "30000", "21000"], "0.10", "0.12"),
    ("msdoc5r14", ["-120000", "39000", "30000", "21000", "37000", "46000"], "0.10", "0.14"),
    # Calls in two periods, a loss year, a final payment.
    ("calls", ["-600000", "-400000", "50000", "-20000", "300000", "450000", "520000"], "0.06", "0.03"),
    # Zero rates: MIRR = (sum in / sum out)^(1/(n-1)) - 1.
    ("zero", ["-1000", "0", "0", "1331"], "0", "0"),
]


def main():
    with open(os.path.join(HERE, "xirr.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "day_count", "dates", "amounts", "rate", "xnpv", "xirr"])
        for sid, rows in SERIES.items():
            ds = [dt.date.fromisoformat(d) for d, _ in rows]
            fs = [D(a) for _, a in rows]
            for b in BASES:
                ys = [years(ds[0], d, b) for d in ds]
                w.writerow([sid, b, ";".join(d for d, _ in rows), ";".join(a for _, a in rows),
                            str(RATE), "%.17g" % float(xnpv(RATE, fs, ys)), "%.17g" % float(xirr(fs, ys))])
    with open(os.path.join(HERE, "mirr.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "amounts", "finance_rate", "reinvest_rate", "mirr"])
        for mid, fl, fin, rein in MIRRS:
            v = mirr([D(x) for x in fl], D(fin), D(rein))
            w.writerow([mid, ";".join(fl), fin, rein, "%.17g" % float(v)])


if __name__ == "__main__":
    main()
