#!/usr/bin/python3
"""owed.py: an independent reference for the owed table of `sib claims` (and the paid and
outstanding columns of its payments table), for the youth-employment claims folder and its
paid.csv, at several as-of days and without one.

Written from the rules docs/claims.md states ("paid.csv", "What is owed") and the folder's files,
sharing no code with the Go (its author had read it, so this checks the documented rule and its
arithmetic, not an independent reading of the mission): the paid claims come from asof.py (a
reviewer's reading of the rules, written without the Go code); each claim is split between the
outcome's payers (payers.csv, else the contract's payer) by the largest remainder, ties to the
payer listed first; a claim is booked in the payment period of the day achieved. As of a day, the
periods over are those whose last day (the contract's end for the last) is on or before it, and
the period the day falls in, if begun and not over, is in progress; without a day, the periods
over run to the last with a payment and none is in progress. due = booked for the periods over;
paid = paid.csv's amounts dated on or before the day (all without one); owed = due - paid;
due_next = booked so far for the period in progress. A payer's paid, if positive, goes to its
periods over oldest first, each taking at most what it booked. All in integer cents.

    /usr/bin/python3 testdata/reference/claims/owed.py

writes owed.csv (as_of, payer, due, paid, owed, due_next) and owed-periods.csv (as_of, period,
payer, amount, paid, outstanding; the periods over) beside this file; as_of "-" is the run
without --as-of. With --write-paid it prints instead the folder's paid.csv: each payer pays each
quarter's booked amount 45 days after the quarter ends, but dwp pays quarter 5 late, on
2016-12-05 (after quarter 6's payment of 2016-11-14).
"""
import csv, os, sys, calendar, datetime as dt
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asof import paid_by_period  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.path.join(HERE, "..", "..", "youth-employment-claims")
P = dt.date.fromisoformat


def cents(s):
    neg = s.startswith("-")
    w, _, f = s.lstrip("-").partition(".")
    assert len(f) <= 2
    c = int(w or "0") * 100 + int((f + "00")[:2])
    return -c if neg else c


def fmt(c):
    sign = "-" if c < 0 else ""
    return "%s%d.%02d" % (sign, abs(c) // 100, abs(c) % 100)


con = {r["setting"]: r["value"] for r in csv.DictReader(open(D + "/contract.csv"))}
START, END = P(con["start"]), P(con["end"])
PM = {"month": 1, "quarter": 3, "half": 6, "year": 12}[con.get("period", "quarter")]
DEFAULT = con.get("payer", "commissioner")


def addm(d, n):
    mi = d.year * 12 + d.month - 1 + n
    y, m = divmod(mi, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def pstart(k):
    return addm(START, (k - 1) * PM)


def pend(k):  # the period's last day; the last period's is the contract's end
    return min(pstart(k + 1) - dt.timedelta(days=1), END)


def period(d):
    k = 1
    while pstart(k + 1) <= d:
        k += 1
    return k


NPER = period(END)

shares = {}
for r in csv.DictReader(open(D + "/payers.csv")):
    shares.setdefault(r["outcome"], []).append((r["payer"], Fraction(r["share"])))


def split(code, x):
    ps = shares.get(code) or [(DEFAULT, Fraction(1))]
    exact = [x * s for _, s in ps]
    parts = [int(e) for e in exact]  # floor: x >= 0
    left = x - sum(parts)
    order = sorted(range(len(ps)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [(ps[i][0], parts[i]) for i in range(len(ps))]


def booked(asof):
    """{(period, payer): cents} of the claims as of the day (None: all)."""
    out = []
    paid_by_period(D, asof, out)
    b = {}
    for d, code, x in out:
        xc = round(x * 100)
        for payer, c in split(code, xc):
            b[(period(d), payer)] = b.get((period(d), payer), 0) + c
    return b


def over(asof, b):
    if asof is None:
        return max([k for (k, _), c in b.items() if c] or [0]), 0
    through = 0
    while through < NPER and pend(through + 1) <= asof:
        through += 1
    partial = through + 1 if through < NPER and pstart(through + 1) <= asof else 0
    return through, partial


def owed(asof, paid_rows):
    b = booked(asof)
    through, partial = over(asof, b)
    payers = sorted({p for _, p in b} | {p for _, p, _ in paid_rows})
    rows, periods = [], []
    for p in payers:
        due = sum(c for (k, q), c in b.items() if q == p and k <= through)
        nxt = sum(c for (k, q), c in b.items() if q == p and k == partial)
        paid = sum(c for d, q, c in paid_rows if q == p and (asof is None or d <= asof))
        rows.append((p, due, paid, due - paid, nxt))
        left = max(paid, 0)
        for k in range(1, through + 1):
            a = b.get((k, p), 0)
            x = min(left, a)
            left -= x
            periods.append((k, p, a, x, a - x))
    return rows, periods


def write_paid():
    b = booked(None)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["date", "payer", "amount", "reference", "note"])
    rows = []
    for (k, p), c in b.items():
        if c == 0:
            continue
        day, note = pend(k) + dt.timedelta(days=45), "quarter %d in arrears" % k
        if k == 5 and p == "dwp":
            day, note = P("2016-12-05"), "quarter 5, paid late"
        rows.append((day, k, ["cabinet_office", "dwp", "moj"].index(p), p, c, note))
    for day, k, _, p, c, note in sorted(rows):
        w.writerow([day.isoformat(), p, fmt(c), "YEF-%s-Q%02d" % (p.upper(), k), note])


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-paid"]:
        write_paid()
        sys.exit(0)
    paid_rows = [(P(r["date"]), r["payer"], cents(r["amount"])) for r in csv.DictReader(open(D + "/paid.csv"))]
    with open(os.path.join(HERE, "owed.csv"), "w") as f1, open(os.path.join(HERE, "owed-periods.csv"), "w") as f2:
        w1, w2 = csv.writer(f1, lineterminator="\n"), csv.writer(f2, lineterminator="\n")
        w1.writerow(["as_of", "payer", "due", "paid", "owed", "due_next"])
        w2.writerow(["as_of", "period", "payer", "amount", "paid", "outstanding"])
        for day in ["2015-06-30", "2016-08-20", "2016-11-30", "2016-12-31", "2017-02-15", "2018-03-31", "2018-06-30", None]:
            rows, periods = owed(P(day) if day else None, paid_rows)
            for p, due, paid, ow, nxt in rows:
                w1.writerow([day or "-", p, fmt(due), fmt(paid), fmt(ow), fmt(nxt)])
            for k, p, a, x, o in periods:
                w2.writerow([day or "-", k, p, fmt(a), fmt(x), fmt(o)])
