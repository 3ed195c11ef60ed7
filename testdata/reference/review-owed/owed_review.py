#!/usr/bin/env python3
"""Independent reference of `sib claims`' owed table and the payments table's
paid/outstanding columns, written from docs/claims.md ("paid.csv", "What is
owed", Outputs) alone, without reading the Go code or the other references.

The claim decisions (each paid claim's period and payer parts) are taken from
the tool's own claims table (`--format csv --table claims`), since what is new
and checked here is the owed logic.

usage: owed_review.py FOLDER CLAIMS_CSV [AS_OF]
prints two CSV blocks: owed (payer,due,paid,owed,state,due_next) and payments
(period,start,end,payer,amount,paid,outstanding).
"""
import csv, sys, datetime as dt, io, calendar
from decimal import Decimal

def cents(s):
    d = Decimal(s)
    c = d * 100
    assert c == c.to_integral_value(), s
    return int(c)

def fmt(c):
    sign = '-' if c < 0 else ''
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"

def rows(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        text = f.read()
    first = text.splitlines()[0]
    delim = ';' if first.count(';') > first.count(',') else ','
    return list(csv.DictReader(io.StringIO(text), delimiter=delim))

def addmonths(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year; m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))

def main():
    folder, claims_csv = sys.argv[1], sys.argv[2]
    as_of = dt.date.fromisoformat(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != 'none' else None
    contract = {r['setting']: r['value'] for r in rows(f"{folder}/contract.csv")}
    start = dt.date.fromisoformat(contract['start']); end = dt.date.fromisoformat(contract['end'])
    months = {'month': 1, 'quarter': 3, 'half': 6, 'year': 12}[contract.get('period') or 'quarter']
    periods = []  # (k, first, last)
    k = 1
    while True:
        a = addmonths(start, (k - 1) * months)
        if a > end:
            break
        b = addmonths(start, k * months) - dt.timedelta(days=1)
        periods.append((k, a, min(b, end)))
        k += 1
    # payers of the contract
    payers = set()
    try:
        pr = rows(f"{folder}/payers.csv")
    except FileNotFoundError:
        pr = []
    outcomes_with_rows = {r['outcome'] for r in pr}
    payers |= {r['payer'] for r in pr}
    rc = {r['outcome'] for r in rows(f"{folder}/ratecard.csv")}
    if not pr or rc - outcomes_with_rows:
        payers.add(contract.get('payer') or 'commissioner')
    # booked by period and payer, from the claims table
    with open(claims_csv, newline='') as f:
        lines = [l for l in f if not l.startswith('#')]
    booked = {}
    for r in csv.DictReader(lines):
        if not r['period']:
            continue
        p = int(r['period'])
        for key, v in r.items():
            if key.startswith('paid_') and v:
                booked[(p, key[5:])] = booked.get((p, key[5:]), 0) + cents(v)
    # which periods are over
    if as_of is not None:
        over = [p for p in periods if p[2] <= as_of]
        cur = [p for p in periods if p[1] <= as_of <= p[2] and p[2] > as_of]
    else:
        withpay = [k for (k, _, _) in periods if sum(booked.get((k, y), 0) for y in payers) != 0]
        last = max(withpay) if withpay else 0
        over = [p for p in periods if p[0] <= last]
        cur = []
    overk = {p[0] for p in over}
    # payments made
    paid = {y: 0 for y in payers}
    for r in rows(f"{folder}/paid.csv"):
        d = dt.date.fromisoformat(r['date'].strip()[:10])  # a midnight time may follow
        if as_of is not None and d > as_of:
            continue
        paid[r['payer'].strip()] += cents(r['amount'].strip().replace(',', '.'))  # decimal comma in semicolon files
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\n')
    w.writerow(['payer', 'due', 'paid', 'owed', 'state', 'due_next'])
    for y in sorted(payers):
        due = sum(booked.get((k, y), 0) for k in overk)
        nxt = sum(booked.get((p[0], y), 0) for p in cur)
        owed = due - paid[y]
        state = 'owed' if owed > 0 else 'overpaid' if owed < 0 else 'settled'
        w.writerow([y, fmt(due), fmt(paid[y]), fmt(owed), state, fmt(nxt)])
    w.writerow([])
    w.writerow(['period', 'start', 'end', 'payer', 'amount', 'paid', 'outstanding'])
    left = {y: max(paid[y], 0) for y in payers}
    for (k, a, b) in periods:
        for y in sorted(payers):
            amt = booked.get((k, y), 0)
            if k in overk:
                take = min(amt, left[y]) if amt > 0 else 0
                left[y] -= take
                w.writerow([k, a, b, y, fmt(amt), fmt(take), fmt(amt - take)])
            else:
                w.writerow([k, a, b, y, fmt(amt), '', ''])
    sys.stdout.write(out.getvalue())

main()
