#!/usr/bin/python3
"""Independent pure-Python cross-check of expected.csv (no LibreOffice needed).

    /usr/bin/python3 testdata/reference/returns/check.py [-v]

For every series it recomputes NPV/XNPV with math.fsum and compares with Calc,
checks that Calc's IRR/XIRR makes NPV vanish (relative to the sum of |terms|),
and bisects its own root next to Calc's root to measure |calc - python|.
For series where Calc failed it reports the python root(s) of one-sign-change
series. Exit status 1 if a difference exceeds 1e-9.
"""

import csv
import datetime
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-9


def load():
    series = {}
    order = []
    with open(os.path.join(HERE, "series.csv")) as f:
        for row in csv.DictReader(f):
            sid = row["id"]
            if sid not in series:
                series[sid] = {"kind": row["kind"], "values": [], "dates": []}
                order.append(sid)
            s = series[sid]
            assert int(row["i"]) == len(s["values"])
            s["values"].append(float(row["value"]))
            if row["date"]:
                s["dates"].append(datetime.date.fromisoformat(row["date"]))
    with open(os.path.join(HERE, "rates.csv")) as f:
        for row in csv.DictReader(f):
            series[row["id"]]["rate"] = float(row["rate"])
            series[row["id"]]["note"] = row["note"]
    with open(os.path.join(HERE, "expected.csv")) as f:
        for row in csv.DictReader(f):
            s = series[row["id"]]
            assert s["kind"] == row["kind"] and int(row["n"]) == len(s["values"])
            assert float(row["rate"]) == s["rate"]
            s["npv"] = float(row["npv"]) if row["npv"] else None
            s["irr"] = float(row["irr"]) if row["irr"] else None
            s["err"] = row["calc_error"]
    with open(os.path.join(HERE, "expected_guess.csv")) as f:
        for row in csv.DictReader(f):
            s = series[row["id"]]
            assert s["irr"] is None and s["kind"] == row["kind"]
            s["irr_guess"] = float(row["irr"])
            s["guess"] = row["guess"]
    for sid in order:
        s = series[sid]
        if s["kind"] == "periodic":
            s["t"] = list(range(len(s["values"])))
        else:
            d0 = s["dates"][0]
            s["t"] = [(d - d0).days / 365.0 for d in s["dates"]]
    return order, series


def npv(vals, t, r):
    return math.fsum(v / (1 + r) ** x for v, x in zip(vals, t))


def absnpv(vals, t, r):
    return math.fsum(abs(v) / (1 + r) ** x for v, x in zip(vals, t))


def dnpv(vals, t, r):
    return math.fsum(-x * v / (1 + r) ** (x + 1) for v, x in zip(vals, t))


def bisect(vals, t, lo, hi):
    flo = npv(vals, t, lo)
    for _ in range(400):
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            break
        fm = npv(vals, t, mid)
        if fm == 0:
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def root_near(vals, t, r0):
    """Python root bracketing r0; None if no sign change nearby."""
    f0 = npv(vals, t, r0)
    if f0 == 0:
        return r0
    h = max(1e-12, 1e-12 * abs(1 + r0))
    while h < 0.5:
        lo, hi = max(r0 - h, -1 + (1 + r0) * 1e-3), r0 + h
        try:
            flo, fhi = npv(vals, t, lo), npv(vals, t, hi)
        except (OverflowError, ZeroDivisionError):
            return None
        if (flo < 0) != (f0 < 0):
            return bisect(vals, t, lo, r0)
        if (fhi < 0) != (f0 < 0):
            return bisect(vals, t, r0, hi)
        h *= 4
    return None


def unique_root(vals, t):
    """Root for one-sign-change series: bracket in (-1, 1e6)."""
    lo, hi = -1 + 1e-15, 1e6
    # shrink lo until finite
    while True:
        try:
            flo = npv(vals, t, lo)
            if math.isfinite(flo):
                break
        except (OverflowError, ValueError, ZeroDivisionError):
            pass
        lo = -1 + (1 + lo) * 2
    while True:
        try:
            fhi = npv(vals, t, hi)
            if math.isfinite(fhi):
                break
        except (OverflowError, ValueError, ZeroDivisionError):
            pass
        hi /= 10
    if (flo < 0) == (fhi < 0):
        return None
    return bisect(vals, t, lo, hi)


def sign_changes(vals):
    nz = [v for v in vals if v != 0]
    return sum(1 for a, b in zip(nz, nz[1:]) if (a < 0) != (b < 0))


def main():
    verbose = "-v" in sys.argv
    order, series = load()
    worst = {"npv_rel": (0, ""), "npv_cond": (0, ""), "irr_abs": (0, ""), "irr_res": (0, ""),
             "irr_abs_guess": (0, ""), "irr_res_guess": (0, "")}
    bad = 0
    fails = []
    for sid in order:
        s = series[sid]
        vals, t, r = s["values"], s["t"], s["rate"]
        p = npv(vals, t, r)
        scale = absnpv(vals, t, r)
        d = abs(s["npv"] - p)
        rel = d / abs(p) if p != 0 else d
        cond = d / scale
        if rel > worst["npv_rel"][0]:
            worst["npv_rel"] = (rel, sid)
        if cond > worst["npv_cond"][0]:
            worst["npv_cond"] = (cond, sid)
        if cond > TOL:
            bad += 1
            print("NPV MISMATCH", sid, s["npv"], p, rel)
        sc = sign_changes(vals)
        x = s["irr"] if s["irr"] is not None else s.get("irr_guess")
        if x is not None and x <= -1:
            bad += 1
            print("IRR <= -1", sid, x)
        if x is not None:
            res = abs(npv(vals, t, x)) / absnpv(vals, t, x)
            pr = root_near(vals, t, x)
            diff = abs(pr - x) if pr is not None else math.inf
            sfx = "" if s["irr"] is not None else "_guess"
            if res > worst["irr_res" + sfx][0]:
                worst["irr_res" + sfx] = (res, sid)
            if diff > worst["irr_abs" + sfx][0]:
                worst["irr_abs" + sfx] = (diff, sid)
            if diff > TOL * max(1.0, abs(x)):
                bad += 1
                print("IRR MISMATCH", sid, x, pr, diff)
            if verbose:
                print("%-14s sc=%d calc=%.17g py=%r diff=%.3g res=%.3g" % (sid, sc, x, pr, diff, res))
        elif s["irr"] is None:
            root = unique_root(vals, t) if sc == 1 else None
            fails.append((sid, s["note"], sc, s["err"], root))
        if s["irr"] is None and x is not None:
            fails.append((sid, s["note"], sc, s["err"], x))
    print("series: %d" % len(order))
    for k, (v, sid) in worst.items():
        print("max %-14s = %.3g (%s)" % (k, v, sid))
    print("calc irr errors (default guess): %d" % len(fails))
    for sid, note, sc, err, root in fails:
        g = series[sid].get("guess")
        print("  %-14s %-32s sign changes=%d %-8s %s" % (
            sid, note, sc, err, ("calc with guess %s = %.17g" % (g, root)) if g else
            ("python root=" + ("-" if root is None else "%.17g" % root))))
    print("problems above 1e-9: %d" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
