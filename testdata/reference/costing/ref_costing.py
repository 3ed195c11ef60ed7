#!/usr/bin/python3
"""Independent reference implementation of the target-group costing method.

What it is
    A from-scratch Python re-implementation of the costing method described in
    docs/costing.md (the `sib cost` command / Go package `costing`). It was written
    from docs/costing.md ONLY, without reading the Go sources, so that its outputs can
    be used as an independent check of the Go implementation.

How to run
    /usr/bin/python3 testdata/reference/costing/ref_costing.py

    It uses the standard library only (csv, fractions). It reads the Estonian example
    folder ../../estonia/costing (relative to this script's own location) and writes,
    into this script's own folder:

        units.csv           per service and year, price base 2024
        units_2022.csv      the same, price base 2022 (checks deflation)
        members.csv         per year and agency plus "all agencies", price base 2024
        reconciliation.csv  per year, price base 2024
        avoided.csv         avoided cost for a fixed list of requests, year 2024,
                            price base 2024

Method summary (see docs/costing.md for the spec)
    * All money in integer cents; every exact quantity is a fractions.Fraction.
    * Largest-remainder split: floor each exact share to a cent, the leftover cents
      go one each to the largest remainders, ties to the earlier-listed share.
    * Deflation: one rounding (half away from zero) per year of the year's nominal
      total (ledger groups + pools), then a largest-remainder split of that base
      amount over the ledger groups (sorted by service, agency, behaviour in the
      order variable, step, fixed, and step size) and then the pools (by name),
      in proportion to their nominal cents.
    * Ledger groups: (service, agency, behaviour, step_size) within a year.
    * Pools are split over services by their driver: `direct_cost` = the deflated
      direct cost of the pool's agency on each service that year; any other driver
      from drivers.csv. Services are taken in name order.
    * Each cost line is split target / other in proportion
      (target_units, units - target_units) by largest remainder, ties to target.
    * Avoided cost per line: gross = C*N/U; cashable = C*N/U (variable),
      floor(N/k)*k*C/U (step), 0 (fixed); non-cashable = gross - cashable. The
      cashable and non-cashable parts of all lines are rounded together, as one
      list (cashable parts first), by largest remainder so that they sum to the
      correctly rounded (half away from zero) gross; gross = cashable +
      non-cashable per line.

Output formats
    Money: plain decimal with exactly 2 places. Rates (average, marginals,
    per_member): rounded half away from zero to exactly 6 places.
"""

import csv
import os
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT = os.path.normpath(os.path.join(HERE, "..", "..", "estonia", "costing"))

ALL = "all agencies"

AVOID_REQUESTS = [
    ("custody_day", 571),
    ("custody_day", 3650),
    ("custody_day", 3649),
    ("custody_day", 7301),
    ("court_case", 25),
    ("court_case", 100),
    ("probation_month", 600),
    ("police_case", 87),
    ("special_school_day", 2920),
]
AVOID_YEAR = 2024


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

def read_table(name, columns, required=True):
    """Read a CSV file, returning a list of dicts keyed by lower-case column name.

    columns: the allowed column names; `note` is always allowed and dropped."""
    path = os.path.join(INPUT, name)
    if not os.path.exists(path):
        if required:
            sys.exit("missing required file %s" % path)
        return [], ","
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=sep))
    header = [h.strip().lower() for h in rows[0]]
    for h in header:
        if h != "note" and h not in columns:
            sys.exit("%s: unknown column %r" % (path, h))
    if len(set(header)) != len(header):
        sys.exit("%s: repeated column" % path)
    out = []
    for r in rows[1:]:
        if not any(c.strip() for c in r):
            continue
        d = {}
        for h, v in zip(header, r):
            if h == "note":
                continue
            d[h] = v.strip()
        d["_sep"] = sep
        out.append(d)
    return out, sep


def num(s, sep):
    """Exact number from a decimal string (decimal comma allowed if sep is ';')."""
    if sep == ";":
        s = s.replace(",", ".")
    if not s or "e" in s.lower():
        raise ValueError("bad number %r" % s)
    return Fraction(s)


def cents(s, sep):
    v = num(s, sep) * 100
    if v.denominator != 1:
        raise ValueError("money with more than two decimals: %r" % s)
    return int(v)


# --------------------------------------------------------------------------
# Arithmetic helpers
# --------------------------------------------------------------------------

def round_half_away(x):
    """Round a Fraction to the nearest integer, halves away from zero."""
    x = Fraction(x)
    if x >= 0:
        return int((x + Fraction(1, 2)) // 1)
    return -int((-x + Fraction(1, 2)) // 1)


def floor_frac(x):
    return int(Fraction(x) // 1)


def largest_remainder(amount, weights):
    """Split integer `amount` in proportion to `weights` (non-negative Fractions).

    Floor each exact share, give the leftover units one each to the largest
    remainders, ties to the earlier-listed share."""
    weights = [Fraction(w) for w in weights]
    total = sum(weights, Fraction(0))
    if not weights:
        assert amount == 0
        return []
    if total == 0:
        if amount != 0:
            raise ValueError("cannot split %d over zero weights" % amount)
        return [0] * len(weights)
    exact = [Fraction(amount) * w / total for w in weights]
    floors = [floor_frac(e) for e in exact]
    left = amount - sum(floors)
    assert 0 <= left <= len(weights)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def round_over_lines(exact):
    """Round exact values (Fractions, in cents) to integers whose sum is the
    correctly rounded (half away from zero) sum, by largest remainder (ties to
    the earlier line)."""
    exact = [Fraction(e) for e in exact]
    target = round_half_away(sum(exact, Fraction(0)))
    floors = [floor_frac(e) for e in exact]
    left = target - sum(floors)
    assert 0 <= left <= len(exact), (left, exact)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def money(c):
    """Integer cents -> 'd.dd'."""
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def rate(x):
    """Fraction (euros) -> rounded half away from zero to exactly 6 places."""
    n = round_half_away(Fraction(x) * 10 ** 6)
    sign = "-" if n < 0 else ""
    n = abs(n)
    return "%s%d.%06d" % (sign, n // 10 ** 6, n % 10 ** 6)


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

def load():
    ledger_rows, _ = read_table(
        "ledger.csv",
        {"service", "agency", "item", "amount", "price_year", "behaviour", "step_size"})
    activity_rows, _ = read_table(
        "activity.csv", {"service", "year", "units", "target_units", "members"})
    deflator_rows, _ = read_table("deflator.csv", {"year", "index"})
    pool_rows, _ = read_table(
        "pools.csv", {"pool", "agency", "amount", "price_year", "behaviour", "driver"},
        required=False)
    driver_rows, _ = read_table(
        "drivers.csv", {"driver", "service", "year", "value"}, required=False)

    ledger = []
    seen = set()
    for r in ledger_rows:
        sep = r["_sep"]
        beh = r["behaviour"]
        assert beh in ("variable", "step", "fixed"), beh
        step = r.get("step_size", "")
        if beh == "step":
            step = num(step, sep)
            assert step > 0
        else:
            assert step == "", "step size on a %s cost" % beh
            step = None
        key = (r["service"], r["agency"], r["item"], int(r["price_year"]))
        assert key not in seen, "repeated ledger key %r" % (key,)
        seen.add(key)
        amt = cents(r["amount"], sep)
        assert amt >= 0
        ledger.append(dict(service=r["service"], agency=r["agency"], item=r["item"],
                           amount=amt, year=int(r["price_year"]), behaviour=beh,
                           step=step))

    activity = {}
    members_by_year = {}
    for r in activity_rows:
        sep = r["_sep"]
        y = int(r["year"])
        key = (r["service"], y)
        assert key not in activity, "repeated activity key %r" % (key,)
        units = num(r["units"], sep)
        tu = num(r["target_units"], sep)
        assert units >= 0 and 0 <= tu <= units
        activity[key] = dict(units=units, target_units=tu)
        m = r.get("members", "")
        if m != "":
            m = num(m, sep)
            assert m > 0
            if y in members_by_year:
                assert members_by_year[y] == m, "members disagree in %d" % y
            members_by_year[y] = m

    deflator = {}
    for r in deflator_rows:
        y = int(r["year"])
        assert y not in deflator
        deflator[y] = num(r["index"], r["_sep"])
        assert deflator[y] > 0

    pools = []
    seen = set()
    for r in pool_rows:
        sep = r["_sep"]
        beh = r["behaviour"]
        assert beh in ("variable", "fixed"), beh
        key = (r["pool"], int(r["price_year"]))
        assert key not in seen
        seen.add(key)
        amt = cents(r["amount"], sep)
        assert amt >= 0
        pools.append(dict(pool=r["pool"], agency=r["agency"], amount=amt,
                          year=int(r["price_year"]), behaviour=beh, driver=r["driver"]))

    drivers = {}
    for r in driver_rows:
        y = int(r["year"])
        key = (r["driver"], r["service"], y)
        assert key not in drivers
        assert (r["service"], y) in activity, "driver row with no activity %r" % (key,)
        v = num(r["value"], r["_sep"])
        assert v >= 0
        drivers[key] = v

    return dict(ledger=ledger, activity=activity, members=members_by_year,
                deflator=deflator, pools=pools, drivers=drivers)


# --------------------------------------------------------------------------
# Compute
# --------------------------------------------------------------------------

def compute(model, base):
    """Return (lines, recon) for price base `base`.

    lines: list of cost lines, each a dict with service, year, agency, behaviour,
    step (or None), kind ('direct' or 'overhead'), amount (deflated cents),
    target, other (cents), source (ledger group key or pool name).
    recon: dict year -> dict of reconciliation numbers."""
    deflator = model["deflator"]
    assert base in deflator, "price base missing from deflator"
    activity = model["activity"]
    years = sorted({y for (_, y) in activity})
    lines = []
    recon = {}
    for y in years:
        # 1. group the ledger
        groups = []
        index = {}
        for l in model["ledger"]:
            if l["year"] != y:
                continue
            key = (l["service"], l["agency"], l["behaviour"], l["step"])
            if key not in index:
                index[key] = len(groups)
                groups.append(dict(service=l["service"], agency=l["agency"],
                                   behaviour=l["behaviour"], step=l["step"], nominal=0))
            groups[index[key]]["nominal"] += l["amount"]
        # canonical order, so that the order of the ledger's rows does not matter
        BEH = ["variable", "step", "fixed"]
        groups.sort(key=lambda g: (g["service"], g["agency"], BEH.index(g["behaviour"]),
                                   g["step"] if g["step"] is not None else Fraction(0)))
        for g in groups:
            assert (g["service"], y) in activity, "ledger cost with no activity"
        pools = sorted((p for p in model["pools"] if p["year"] == y), key=lambda p: p["pool"])
        # other years in ledger/pools must also have activity rows: check
        ledger_nominal = sum(g["nominal"] for g in groups)
        pools_nominal = sum(p["amount"] for p in pools)
        T = ledger_nominal + pools_nominal
        if groups or pools:
            assert y in deflator, "price year %d missing from deflator" % y
            factor = deflator[base] / deflator[y]
        else:
            factor = deflator[base] / deflator[y] if y in deflator else Fraction(1)
        # 2. deflate once per year, split by largest remainder
        B = round_half_away(T * factor)
        weights = [g["nominal"] for g in groups] + [p["amount"] for p in pools]
        shares = largest_remainder(B, weights)
        for g, s in zip(groups, shares[:len(groups)]):
            g["real"] = s
        pool_real = shares[len(groups):]

        year_lines = []
        for g in groups:
            year_lines.append(dict(service=g["service"], year=y, agency=g["agency"],
                                   behaviour=g["behaviour"], step=g["step"],
                                   kind="direct", amount=g["real"],
                                   source=("ledger", g["service"], g["agency"],
                                           g["behaviour"], g["step"])))
        # 3. allocate pools
        for p, real in zip(pools, pool_real):
            if p["driver"] == "direct_cost":
                per_service = {}
                for g in groups:
                    if g["agency"] == p["agency"]:
                        per_service[g["service"]] = per_service.get(g["service"], 0) + g["real"]
                services = sorted(per_service)
                w = [per_service[s] for s in services]
            else:
                services = sorted(s for (d, s, yy) in model["drivers"]
                                  if d == p["driver"] and yy == y)
                w = [model["drivers"][(p["driver"], s, y)] for s in services]
            if not services or sum(w) == 0:
                raise ValueError("pool %s %d: driver %s has no weight"
                                 % (p["pool"], y, p["driver"]))
            split = largest_remainder(real, w)
            for s, amt in zip(services, split):
                assert (s, y) in activity
                year_lines.append(dict(service=s, year=y, agency=p["agency"],
                                       behaviour=p["behaviour"], step=None,
                                       kind="overhead", amount=amt,
                                       source=("pool", p["pool"])))
        # 4. split target / other
        for ln in year_lines:
            act = activity[(ln["service"], y)]
            U, t = act["units"], act["target_units"]
            if U == 0:
                raise ValueError("costs on %s %d with zero units" % (ln["service"], y))
            tgt, oth = largest_remainder(ln["amount"], [t, U - t])
            ln["target"], ln["other"] = tgt, oth
        lines.extend(year_lines)
        target = sum(ln["target"] for ln in year_lines)
        other = sum(ln["other"] for ln in year_lines)
        recon[y] = dict(ledger_nominal=ledger_nominal, pools_nominal=pools_nominal,
                        factor=factor, base=B, target=target, other=other,
                        difference=B - target - other)
    # every ledger / pool year must be an activity year
    for l in model["ledger"]:
        assert l["year"] in recon, "ledger year %d has no activity" % l["year"]
    for p in model["pools"]:
        assert p["year"] in recon, "pool year %d has no activity" % p["year"]
    return lines, recon


def service_rows(model, lines):
    keys = sorted({(ln["service"], ln["year"]) for ln in lines})
    rows = []
    for s, y in keys:
        ls = [ln for ln in lines if ln["service"] == s and ln["year"] == y]
        act = model["activity"][(s, y)]
        direct = sum(ln["amount"] for ln in ls if ln["kind"] == "direct")
        overhead = sum(ln["amount"] for ln in ls if ln["kind"] == "overhead")
        total = direct + overhead
        by = {b: sum(ln["amount"] for ln in ls if ln["behaviour"] == b)
              for b in ("variable", "step", "fixed")}
        assert sum(by.values()) == total
        target = sum(ln["target"] for ln in ls)
        members = model["members"][y]
        rows.append(dict(
            service=s, year=y, direct=money(direct), overhead=money(overhead),
            total=money(total), variable=money(by["variable"]), step=money(by["step"]),
            fixed=money(by["fixed"]),
            average=rate(Fraction(total, 100) / act["units"]),
            short_run_marginal=rate(Fraction(by["variable"], 100) / act["units"]),
            long_run_marginal=rate(Fraction(by["variable"] + by["step"], 100) / act["units"]),
            target_cost=money(target),
            per_member=rate(Fraction(target, 100) / members)))
    return rows


def member_rows(model, lines):
    rows = []
    for y in sorted({ln["year"] for ln in lines}):
        ls = [ln for ln in lines if ln["year"] == y]
        members = model["members"][y]
        for a in sorted({ln["agency"] for ln in ls}) + [ALL]:
            la = ls if a == ALL else [ln for ln in ls if ln["agency"] == a]
            total = sum(ln["amount"] for ln in la)
            target = sum(ln["target"] for ln in la)
            rows.append(dict(year=y, agency=a, total=money(total),
                             target_cost=money(target),
                             per_member=rate(Fraction(target, 100) / members)))
    return rows


def avoided_rows(model, lines, service, year, n):
    act = model["activity"][(service, year)]
    U = act["units"]
    N = Fraction(n)
    assert 0 <= N <= U, "N exceeds units"
    ls = [ln for ln in lines if ln["service"] == service and ln["year"] == year]
    gross_x, cash_x, non_x = [], [], []
    for ln in ls:
        C = Fraction(ln["amount"])
        gross = C * N / U
        if ln["behaviour"] == "variable":
            cash = gross
        elif ln["behaviour"] == "step":
            k = ln["step"]
            steps = floor_frac(N / k)
            cash = steps * k * C / U
        else:
            cash = Fraction(0)
        gross_x.append(gross)
        cash_x.append(cash)
        non_x.append(gross - cash)
    # Cashable and non-cashable parts of all lines are rounded as one list
    # (cashable parts first), so that gross, their sum, is correctly rounded.
    both = round_over_lines(cash_x + non_x)
    cash_c, non_c = both[:len(ls)], both[len(ls):]
    rows = []
    agencies = sorted({ln["agency"] for ln in ls})
    for a in agencies + [ALL]:
        idx = [i for i, ln in enumerate(ls) if a == ALL or ln["agency"] == a]
        c = sum(cash_c[i] for i in idx)
        nc = sum(non_c[i] for i in idx)
        # Short run: the variable lines' cashable parts alone (no step closes).
        sr = sum(cash_c[i] for i in idx if ls[i]["behaviour"] == "variable")
        rows.append(dict(service=service, year=year, units=n, agency=a,
                         gross=money(c + nc), cashable=money(c),
                         short_run_cashable=money(sr),
                         non_cashable=money(nc)))
    return rows


def write(name, columns, rows):
    path = os.path.join(HERE, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([r[c] for c in columns])
    print("wrote %s (%d rows)" % (path, len(rows)))


UNIT_COLS = ["service", "year", "direct", "overhead", "total", "variable", "step",
             "fixed", "average", "short_run_marginal", "long_run_marginal", "target_cost", "per_member"]


def write_reconciliation(recon):
    write("reconciliation.csv",
          ["year", "ledger_nominal", "pools_nominal", "base", "target", "other"],
          [dict(year=y, ledger_nominal=money(r["ledger_nominal"]),
                pools_nominal=money(r["pools_nominal"]), base=money(r["base"]),
                target=money(r["target"]), other=money(r["other"]))
           for y, r in sorted(recon.items())])


def crosscheck(input_dir, output_dir, base):
    """Cost any folder, for comparing with `sib cost --out`: writes
    units.csv and reconciliation.csv (money to the cent, rates to 6 places)
    in price base `base` into output_dir."""
    global INPUT, HERE
    INPUT, HERE = input_dir, output_dir
    model = load()
    lines, recon = compute(model, base)
    for y, r in recon.items():
        assert r["difference"] == 0, (y, r)
    write("units.csv", UNIT_COLS, service_rows(model, lines))
    write_reconciliation(recon)


def main():
    if len(sys.argv) == 4:  # ref_costing.py INPUT_DIR OUTPUT_DIR PRICE_BASE
        crosscheck(sys.argv[1], sys.argv[2], int(sys.argv[3]))
        return
    model = load()

    lines, recon = compute(model, 2024)
    for y, r in recon.items():
        assert r["difference"] == 0, (y, r)
    write("units.csv", UNIT_COLS, service_rows(model, lines))
    write("members.csv", ["year", "agency", "total", "target_cost", "per_member"],
          member_rows(model, lines))
    write_reconciliation(recon)
    av = []
    for service, n in AVOID_REQUESTS:
        av.extend(avoided_rows(model, lines, service, AVOID_YEAR, n))
    write("avoided.csv",
          ["service", "year", "units", "agency", "gross", "cashable", "short_run_cashable", "non_cashable"], av)

    lines22, recon22 = compute(model, 2022)
    for y, r in recon22.items():
        assert r["difference"] == 0, (y, r)
    write("units_2022.csv", UNIT_COLS, service_rows(model, lines22))


if __name__ == "__main__":
    main()
