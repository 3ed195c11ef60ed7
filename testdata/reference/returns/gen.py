#!/usr/bin/python3
"""Generate the IRR/XIRR/NPV/XNPV reference files with LibreOffice Calc.

Run from anywhere:

    /usr/bin/python3 testdata/reference/returns/gen.py

Needs: LibreOffice Calc (apt-get install -y libreoffice-calc-nogui) and the
UNO bridge (apt-get install -y python3-uno).  Standard library only otherwise.

What it does:
  1. builds a deterministic set of cash-flow series (random.Random(SEED));
  2. writes series.csv and rates.csv;
  3. writes a flat-ODF spreadsheet (.fods, to a temp dir) whose formulas use
     Calc's own IRR, NPV, XIRR and XNPV, with no cached values;
  4. starts a private headless soffice, loads the sheet over UNO, forces
     calculateAll() and reads every result with getValue() (full double
     precision, not display-rounded) or getError()/getString();
  5. writes expected.csv and README.md.

Running it twice gives byte-identical files (for the same Calc version).
"""

import datetime
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240611
MIN_RATE = -0.5
MAX_RATE = 0.5
MAX_ABS = 99999999.99
# start values tried, in this order, when Calc's IRR/XIRR fails with its
# default guess (0.1); the first that converges goes to expected_guess.csv
GUESSES = ["0", "0.01", "-0.01", "0.05", "-0.05", "0.2", "-0.2", "0.5", "-0.5",
           "1", "-0.8", "-0.9", "-0.95", "-0.99", "-0.999", "-0.9999", "2", "5", "10"]


# ---------------------------------------------------------------------------
# formatting helpers

def fmt_money(x):
    """Value with at most 2 decimals, '.' decimal point, no separators."""
    s = "%.2f" % round(x, 2)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def fmt_rate(x):
    s = "%.6f" % x
    s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def g17(x):
    return "%.17g" % x


# ---------------------------------------------------------------------------
# series generation

class Series:
    def __init__(self, sid, kind, values, note, rate, dates=None):
        self.id = sid
        self.kind = kind  # periodic | dated
        # magnitudes stay below 1e8 (clamped to +-99999999.99)
        values = [v if isinstance(v, str) else max(-MAX_ABS, min(MAX_ABS, v)) for v in values]
        self.values = [fmt_money(v) if not isinstance(v, str) else v for v in values]
        self.dates = dates  # list of datetime.date or None
        self.note = note
        self.rate = fmt_rate(rate) if not isinstance(rate, str) else rate
        assert len(self.values) >= 2
        if dates is not None:
            assert len(dates) == len(self.values)
            for a, b in zip(dates, dates[1:]):
                assert b > a, (sid, a, b)


def loguniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def pick_rate(rng, lo=MIN_RATE, hi=MAX_RATE):
    u = rng.random()
    if u < 0.12:
        return 0.0
    if u < 0.55:
        return round(rng.uniform(-0.05, 0.15), 4)
    return round(rng.uniform(lo, hi), 4)


def split_amount(rng, total, k):
    """Split total into k positive random parts (floats)."""
    w = [rng.uniform(0.2, 1.0) for _ in range(k)]
    s = sum(w)
    return [total * x / s for x in w]


def maybe_whole(rng, xs):
    """Some series use whole units, others cents."""
    if rng.random() < 0.3:
        return [float(round(x)) for x in xs]
    return xs


def gen_short(rng):
    n = rng.randint(2, 4)
    inv = loguniform(rng, 100, 1e6)
    mult = rng.uniform(0.6, 1.9)
    return maybe_whole(rng, [-inv] + split_amount(rng, inv * mult, n - 1))


def gen_sib(rng, scale=None):
    n = rng.randint(8, 40)
    k = rng.randint(1, min(6, n - 2))
    scale = scale or loguniform(rng, 1e4, 1e8)
    draws = [-scale * rng.uniform(0.3, 1.0) for _ in range(k)]
    invested = -sum(draws)
    rest = n - k
    wait = rng.randint(0, max(0, min(4, rest - 1)))
    pays = rest - wait
    mult = rng.uniform(0.7, 2.0)
    payments = split_amount(rng, invested * mult, pays)
    return maybe_whole(rng, draws + [0.0] * wait + payments)


def gen_long(rng, target):
    n = rng.randint(120, 600)
    scale = loguniform(rng, 1e3, 1e7)
    k = rng.randint(0, 6)  # extra drawdowns right after the first
    flows = [0.0] + [-scale * rng.uniform(0.02, 0.05) for _ in range(k)]
    pay = scale * rng.uniform(0.01, 0.05)
    flows += [pay * rng.uniform(0.5, 1.5) for _ in range(n - 1 - k)]
    # choose v0 so that the rate `target` is (about) the IRR
    pv = sum(v / (1 + target) ** i for i, v in enumerate(flows))
    flows[0] = -pv
    assert flows[0] < 0
    return flows


def gen_near_total_loss(rng):
    n = rng.randint(2, 7)
    inv = rng.choice([1000.0, 1000.0, loguniform(rng, 500, 1e6)])
    return [-inv] + [rng.uniform(0.01, 0.002 * inv) for _ in range(n - 1)]


def gen_big_winner(rng):
    n = rng.randint(2, 8)
    inv = loguniform(rng, 100, 1e7)
    mult = rng.uniform(3, 60)
    k = rng.randint(1, min(3, n - 1))
    # pay back early so the IRR is large
    head = split_amount(rng, inv * mult, k)
    tail = [inv * rng.uniform(0.0, 0.5) for _ in range(n - 1 - k)]
    return maybe_whole(rng, [-inv] + head + tail)


def gen_near_zero(rng):
    n = rng.randint(3, 30)
    k = rng.randint(1, min(3, n - 1))
    draws = [-round(loguniform(rng, 1e3, 1e7), 2) for _ in range(k)]
    invested = -sum(draws)
    pays = [round(x, 2) for x in split_amount(rng, invested, n - k)]
    # make the sum exactly zero (IRR exactly 0) or off by one cent
    pays[-1] = round(invested - sum(pays[:-1]), 2)
    pays[-1] += rng.choice([0.0, 0.0, 0.01, -0.01])
    return draws + pays


def gen_negative(rng):
    n = rng.randint(3, 20)
    inv = loguniform(rng, 1e3, 1e8)
    mult = rng.uniform(0.2, 0.95)
    return maybe_whole(rng, [-inv] + split_amount(rng, inv * mult, n - 1))


def gen_two_sign_changes(rng, i):
    if i % 2 == 0:
        # v0 + v1 x^-1 + v2 x^-2 with two chosen roots x = 1 + r
        r1 = rng.uniform(-0.3, 0.3)
        r2 = r1 + rng.uniform(0.05, 0.5)
        a = loguniform(rng, 100, 1e6)
        x1, x2 = 1 + r1, 1 + r2
        return [-a, a * (x1 + x2), -a * x1 * x2]
    # SIB with a clawback / wind-down cost at the end
    flows = gen_sib(rng, scale=loguniform(rng, 1e4, 1e7))
    flows.append(-abs(flows[-1]) * rng.uniform(0.1, 3.0))
    return flows


def gen_no_sign_change(rng, i):
    n = rng.randint(2, 6)
    xs = [loguniform(rng, 10, 1e5) for _ in range(n)]
    return xs if i % 2 == 0 else [-x for x in xs]


def gen_leading_zero(rng):
    flows = gen_sib(rng)
    return [0.0] + flows


def gen_large(rng):
    n = rng.randint(4, 30)
    k = rng.randint(1, 3)
    draws = [-rng.uniform(1e7, 99999999.99) for _ in range(k)]
    inv = -sum(draws)
    pays = split_amount(rng, inv * rng.uniform(0.8, 1.6), n - k)
    pays = [min(p, 99999999.99) for p in pays]
    return draws + pays


# dates ---------------------------------------------------------------------

LEAP_DAYS = [datetime.date(y, 2, 29) for y in (2004, 2008, 2012, 2016, 2020, 2024, 2028)]


def gen_dates(rng, n, style):
    start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 11000))
    ds = [start]
    for _ in range(n - 1):
        if style == "dense":
            gap = rng.randint(1, 40)
        elif style == "quarterly":
            gap = 91 + rng.randint(-20, 20)
        elif style == "wide":
            # short series: a lone 1-day gap would annualise to absurd rates
            gap = 730 if rng.random() < 0.1 else rng.randint(30, 730)
        else:
            u = rng.random()
            if u < 0.1:
                gap = 1
            elif u < 0.2:
                gap = 730
            elif u < 0.6:
                gap = rng.randint(1, 120)
            else:
                gap = rng.randint(1, 730)
        ds.append(ds[-1] + datetime.timedelta(days=gap))
    return ds


def gen_leap_dates(rng, n):
    """Dates that include a 29 February and straddle leap years."""
    leap = rng.choice(LEAP_DAYS)
    pos = rng.randint(0, n - 1)
    before = [leap]
    for _ in range(pos):
        before.append(before[-1] - datetime.timedelta(days=rng.randint(1, 400)))
    after = [leap]
    for _ in range(n - 1 - pos):
        after.append(after[-1] + datetime.timedelta(days=rng.randint(1, 400)))
    return list(reversed(before)) + after[1:]


# ---------------------------------------------------------------------------

def build_series():
    rng = random.Random(SEED)
    out = []

    def add(kind, prefix, k, make, note, rate_fn=None, dates_fn=None):
        for i in range(k):
            sid = "%s_%s_%03d" % ("p" if kind == "periodic" else "d", prefix, i)
            res = make(i)
            if isinstance(res, tuple):
                values, rate = res
            else:
                values, rate = res, (rate_fn() if rate_fn else pick_rate(rng))
            dates = dates_fn(len(values)) if kind == "dated" else None
            out.append(Series(sid, kind, values, note, rate, dates))

    small = lambda: 0.0 if rng.random() < 0.1 else round(rng.uniform(-0.02, 0.02), 5)

    # ---- periodic ----
    P = "periodic"
    add(P, "short", 20, lambda i: gen_short(rng), "short")
    add(P, "sib", 40, lambda i: gen_sib(rng), "sib")
    add(P, "long", 15, lambda i: gen_long(rng, rng.uniform(-0.005, 0.015)), "long", rate_fn=small)
    add(P, "loss", 8, lambda i: gen_near_total_loss(rng), "near total loss")
    add(P, "win", 10, lambda i: gen_big_winner(rng), "big winner")
    add(P, "zero", 8, lambda i: gen_near_zero(rng), "irr near zero")
    add(P, "neg", 10, lambda i: gen_negative(rng), "negative irr")
    add(P, "two", 8, lambda i: gen_two_sign_changes(rng, i), "two sign changes")
    add(P, "nosign", 3, lambda i: gen_no_sign_change(rng, i), "no sign change (irr undefined)")
    add(P, "lead0", 2, lambda i: gen_leading_zero(rng), "leading zero flow")
    add(P, "large", 6, lambda i: gen_large(rng), "large magnitude")

    # ---- dated ----
    D = "dated"
    out.append(Series("ms_example", D, [-10000, 2750, 4250, 3250, 2750],
                      "microsoft docs example", 0.09,
                      [datetime.date(2008, 1, 1), datetime.date(2008, 3, 1),
                       datetime.date(2008, 10, 30), datetime.date(2009, 2, 15),
                       datetime.date(2009, 4, 1)]))
    irregular = lambda n: gen_dates(rng, n, "irregular")
    wide = lambda n: gen_dates(rng, n, "wide")
    quarterly = lambda n: gen_dates(rng, n, "quarterly")
    dense = lambda n: gen_dates(rng, n, "dense")
    add(D, "short", 20, lambda i: gen_short(rng), "short", dates_fn=wide)
    add(D, "sib", 25, lambda i: gen_sib(rng), "sib", dates_fn=quarterly)
    add(D, "sibirr", 15, lambda i: gen_sib(rng), "sib", dates_fn=irregular)
    add(D, "long", 12, lambda i: gen_long(rng, rng.uniform(-0.0005, 0.0015)), "long",
        rate_fn=lambda: round(rng.uniform(-0.1, 0.2), 4), dates_fn=dense)
    add(D, "loss", 8, lambda i: gen_near_total_loss(rng), "near total loss", dates_fn=wide)
    add(D, "win", 10, lambda i: gen_big_winner(rng), "big winner", dates_fn=wide)
    add(D, "zero", 8, lambda i: gen_near_zero(rng), "irr near zero", dates_fn=irregular)
    add(D, "neg", 10, lambda i: gen_negative(rng), "negative irr", dates_fn=irregular)
    add(D, "two", 6, lambda i: gen_two_sign_changes(rng, i), "two sign changes", dates_fn=irregular)
    add(D, "nosign", 2, lambda i: gen_no_sign_change(rng, i), "no sign change (irr undefined)",
        dates_fn=irregular)
    add(D, "leap", 10, lambda i: gen_sib(rng) if i % 2 else gen_short(rng), "leap day",
        dates_fn=lambda n: gen_leap_dates(rng, n))
    add(D, "large", 5, lambda i: gen_large(rng), "large magnitude", dates_fn=irregular)
    # a couple with the 1-day and 2-year extremes on purpose
    add(D, "gaps", 4, lambda i: gen_short(rng) if i % 2 else gen_sib(rng), "extreme gaps",
        dates_fn=lambda n: [datetime.date(2010, 1, 1) + datetime.timedelta(days=d)
                            for d in _extreme_gaps(n)])
    return out


def _extreme_gaps(n):
    d, out = 0, []
    for i in range(n):
        out.append(d)
        d += 730 if i % 2 == 0 else 1
    return out


# ---------------------------------------------------------------------------
# spreadsheet

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" \
office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
"""
FODS_TAIL = "</office:spreadsheet></office:body></office:document>\n"


def cell_float(s):
    return '<table:table-cell office:value-type="float" office:value="%s"/>' % s


def cell_date(d):
    return '<table:table-cell office:value-type="date" office:date-value="%s"/>' % d.isoformat()


def cell_formula(f):
    return '<table:table-cell table:formula=%s/>' % quoteattr("of:=" + f)


def write_fods(path, series):
    """Sheet 'd': column A values, column B dates, series stacked.
    Sheet 'r': one row per series: A rate, B npv/xnpv formula, C irr/xirr."""
    rows_d, rows_r = [], []
    row = 1
    for s in series:
        first, last = row, row + len(s.values) - 1
        for j, v in enumerate(s.values):
            cells = cell_float(v)
            if s.kind == "dated":
                cells += cell_date(s.dates[j])
            rows_d.append("<table:table-row>%s</table:table-row>" % cells)
        row = last + 1
        vals = "[$d.A%d:.A%d]" % (first, last)
        r = len(rows_r) + 1
        if s.kind == "periodic":
            npv = "[$d.A%d]+NPV([.A%d];[$d.A%d:.A%d])" % (first, r, first + 1, last)
            irr = "IRR(%s)" % vals
        else:
            dates = "[$d.B%d:.B%d]" % (first, last)
            npv = "XNPV([.A%d];%s;%s)" % (r, vals, dates)
            irr = "XIRR(%s;%s)" % (vals, dates)
        if s.kind == "periodic":
            guessed = ["IRR(%s;%s)" % (vals, g) for g in GUESSES]
        else:
            guessed = ["XIRR(%s;%s;%s)" % (vals, dates, g) for g in GUESSES]
        rows_r.append("<table:table-row>%s%s%s%s</table:table-row>" % (
            cell_float(s.rate), cell_formula(npv), cell_formula(irr),
            "".join(cell_formula(f) for f in guessed)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(FODS_HEAD)
        f.write('<table:table table:name="d">\n')
        f.write("\n".join(rows_d))
        f.write('\n</table:table>\n<table:table table:name="r">\n')
        f.write("\n".join(rows_r))
        f.write("\n</table:table>\n")
        f.write(FODS_TAIL)


def calc_version():
    out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run_calc(fods_path, nrows, workdir):
    """Open the sheet in a private headless soffice, recalc, read results."""
    import uno  # python3-uno
    from com.sun.star.beans import PropertyValue  # noqa: E402

    pipe = "sibref_%d" % os.getpid()
    profile = "file://" + os.path.join(workdir, "profile")
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         "--nodefault", "--nolockcheck", "-env:UserInstallation=" + profile,
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if proc.poll() is not None:
                    raise RuntimeError("soffice exited with %s" % proc.returncode)
                time.sleep(0.25)
        if ctx is None:
            raise RuntimeError("could not connect to soffice")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        hidden = PropertyValue()
        hidden.Name, hidden.Value = "Hidden", True
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(fods_path), "_blank", 0, (hidden,))
        doc.calculateAll()
        sheet = doc.Sheets.getByName("r")
        results = []
        for r in range(nrows):
            row = []
            for c in range(1, 3 + len(GUESSES)):
                cell = sheet.getCellByPosition(c, r)
                err = cell.getError()
                if err:
                    row.append((None, cell.getString() or ("Err:%d" % err)))
                else:
                    row.append((cell.getValue(), None))
            results.append(row)
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge is torn down when soffice exits
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results


# ---------------------------------------------------------------------------
# independent python helpers (used only for the README's root listing)

def py_npv(values, r, times):
    return math.fsum(v / (1 + r) ** t for v, t in zip(values, times))


def roots_by_scan(values, times):
    """All sign changes of NPV(r) on a fine grid in (-1, 10], refined by bisection."""
    grid = [-1 + 10 ** (-k) for k in range(8, 0, -1)]  # close to -1
    x = -0.9
    while x < 10:
        grid.append(x)
        x += 0.0005
    roots = []
    prev_r, prev_f = None, None
    for r in grid:
        try:
            f = py_npv(values, r, times)
        except (OverflowError, ValueError):
            f = math.nan
        if not math.isfinite(f):
            prev_r, prev_f = None, None
            continue
        if prev_f is not None and (f == 0 or (prev_f < 0) != (f < 0)):
            lo, hi, flo = prev_r, r, prev_f
            for _ in range(200):
                mid = (lo + hi) / 2
                fm = py_npv(values, mid, times)
                if (fm < 0) == (flo < 0):
                    lo, flo = mid, fm
                else:
                    hi = mid
                if hi - lo <= 1e-15 * max(1.0, abs(lo)):
                    break
            roots.append((lo + hi) / 2)
        prev_r, prev_f = r, f
    return roots


def times_of(s):
    if s.kind == "periodic":
        return list(range(len(s.values)))
    return [(d - s.dates[0]).days / 365.0 for d in s.dates]


# ---------------------------------------------------------------------------

def main():
    series = build_series()
    ids = [s.id for s in series]
    assert len(set(ids)) == len(ids)

    with open(os.path.join(HERE, "series.csv"), "w", newline="") as f:
        f.write("id,kind,i,date,value\n")
        for s in series:
            for i, v in enumerate(s.values):
                d = s.dates[i].isoformat() if s.dates else ""
                f.write("%s,%s,%d,%s,%s\n" % (s.id, s.kind, i, d, v))
    with open(os.path.join(HERE, "rates.csv"), "w", newline="") as f:
        f.write("id,rate,note\n")
        for s in series:
            f.write("%s,%s,%s\n" % (s.id, s.rate, s.note))

    version = calc_version()
    work = tempfile.mkdtemp(prefix="sib_returns_ref_")
    try:
        fods = os.path.join(work, "returns.fods")
        write_fods(fods, series)
        results = run_calc(fods, len(series), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n_err = 0
    fallback = {}
    with open(os.path.join(HERE, "expected.csv"), "w", newline="") as f:
        f.write("id,kind,n,rate,npv,irr,calc_error\n")
        for s, res in zip(series, results):
            (npv, npv_err), (irr, irr_err) = res[0], res[1]
            if irr_err:
                for g, (val, err) in zip(GUESSES, res[2:]):
                    if not err and math.isfinite(val) and val > -1:
                        fallback[s.id] = (g, val)
                        break
            errs = []
            if npv_err:
                errs.append("npv " + npv_err)
            if irr_err:
                errs.append(irr_err)
                n_err += 1
            f.write("%s,%s,%d,%s,%s,%s,%s\n" % (
                s.id, s.kind, len(s.values), s.rate,
                "" if npv is None else g17(npv),
                "" if irr is None else g17(irr),
                " ".join(errs)))

    with open(os.path.join(HERE, "expected_guess.csv"), "w", newline="") as f:
        f.write("id,kind,guess,irr\n")
        for s in series:
            if s.id in fallback:
                g, val = fallback[s.id]
                f.write("%s,%s,%s,%s\n" % (s.id, s.kind, g, g17(val)))

    write_readme(series, results, version, fallback)
    print("series: %d (periodic %d, dated %d); calc irr errors: %d; %s" % (
        len(series), sum(s.kind == "periodic" for s in series),
        sum(s.kind == "dated" for s in series), n_err, version))


def write_readme(series, results, version, fallback):
    counts = {}
    for s in series:
        counts.setdefault((s.kind, s.note), 0)
        counts[(s.kind, s.note)] += 1
    lines = []
    lines.append("# Reference values for IRR, XIRR, NPV and XNPV (LibreOffice Calc)\n")
    lines.append("Generated by `gen.py`; do not edit by hand. Regenerate from the repository root with\n")
    lines.append("    /usr/bin/python3 testdata/reference/returns/gen.py\n")
    lines.append("(needs `apt-get install -y libreoffice-calc-nogui python3-uno`). The script is")
    lines.append("deterministic (fixed seed %d, stdlib `random`): two runs with the same Calc" % SEED)
    lines.append("version give byte-identical files. `check.py` re-checks the files in pure Python.\n")
    lines.append("calc_version: `%s`\n" % version)
    lines.append("## Files\n")
    lines.append("- `series.csv`: `id,kind,i,date,value`, one row per cash flow, long format.")
    lines.append("  `kind` is `periodic` or `dated`; `i` is the 0-based flow index; `date` is")
    lines.append("  `YYYY-MM-DD` for dated series and empty for periodic ones; `value` is a decimal")
    lines.append("  with at most 2 decimals, `.` as decimal point, no thousands separators, optional")
    lines.append("  leading `-`. Rows of a series are contiguous and in `i` order.")
    lines.append("- `rates.csv`: `id,rate,note`. `rate` is the NPV rate (per period for periodic")
    lines.append("  series, annual for dated series), a plain decimal. `note` is the category.")
    lines.append("- `expected.csv`: `id,kind,n,rate,npv,irr,calc_error`. `n` = number of flows;")
    lines.append("  `rate` repeats rates.csv; `npv` is NPV (periodic) or XNPV (dated) at `rate`;")
    lines.append("  `irr` is IRR (periodic, per period) or XIRR (dated, annual). Numbers are")
    lines.append("  `%.17g` of Calc's double (read via UNO `getValue()`, not display-rounded).")
    lines.append("  `irr` is empty when Calc returned an error, and `calc_error` then holds Calc's")
    lines.append("  error text (e.g. `Err:523` = no convergence, `#NUM!`/`Err:502` = invalid")
    lines.append("  argument); an NPV error would be written as `npv <text>` (none occur).")
    lines.append("- `expected_guess.csv`: `id,kind,guess,irr`, only for series whose `irr` is")
    lines.append("  empty in expected.csv: Calc's `IRR(values; guess)` / `XIRR(values; dates;")
    lines.append("  guess)` for the first guess in a fixed list that converged (`%.17g`). Series")
    lines.append("  absent from both files have no Calc IRR at all (e.g. no sign change).\n")
    lines.append("## Conventions\n")
    lines.append("- Periodic NPV: `NPV = sum_i v_i / (1+r)^i`, `v_0` undiscounted. In Calc this is")
    lines.append("  `=v_0 + NPV(r; v_1..v_n)` (Calc's NPV discounts its first argument one period).")
    lines.append("- Periodic IRR: Calc `=IRR(v_0..v_n)` (default guess 0.1), the rate r with NPV(r) = 0.")
    lines.append("- XNPV: `sum_i v_i / (1+r)^((d_i - d_0)/365)`, actual days over 365, no leap-year")
    lines.append("  adjustment; `d_0` is the first (earliest) date. Calc `=XNPV(r; values; dates)`.")
    lines.append("- XIRR: Calc `=XIRR(values; dates)` (default guess 0.1), root of XNPV.")
    lines.append("- `ms_example` is the Microsoft documentation example. Calc gives")
    lines.append("  XIRR = 0.37336253351883... (the docs print 0.373362535, Excel's less tight")
    lines.append("  stopping rule) and XNPV(0.09) = 2086.6476020315...\n")
    lines.append("Calc solves IRR/XIRR by Newton iteration from 0.1 (per LibreOffice's source,")
    lines.append("XIRR then rescans start values from -0.99 upward on failure). For series with one sign change the root in")
    lines.append("(-1, inf) is unique; for the others Calc returns ONE root, and a solver that")
    lines.append("finds all roots should accept Calc's root if it is among them.\n")
    lines.append("## Comparing with these values\n")
    lines.append("- NPV/XNPV: compare with a tolerance relative to `sum_i |v_i| / (1+r)^t_i`")
    lines.append("  (the scale of the terms), not to `|npv|`: several series have NPV ~ 0 at")
    lines.append("  their rate (e.g. `*_zero_*` at rate 0 sum to exactly 0, and Calc returns")
    lines.append("  ~5e-12 there). `check.py` (pure Python, math.fsum) agrees with Calc to")
    lines.append("  < 2e-15 of that scale, and to < 1e-13 relative where |npv| > 1e-6 scale.")
    lines.append("- IRR/XIRR: compare absolutely (`|ours - calc| <= 1e-9 * max(1, |calc|)`);")
    lines.append("  `check.py` bisects its own root next to each Calc root and finds")
    lines.append("  differences below 2e-13 (expected.csv and expected_guess.csv alike).")
    lines.append("- Calc's periodic IRR gives up (per its source, after 20 Newton steps) with `Err:523`; with")
    lines.append("  the default guess it fails on every `long` and `near total loss` periodic")
    lines.append("  series and a few others that do have a unique root; those have a value")
    lines.append("  in expected_guess.csv instead. A robust solver should still find them.\n")
    lines.append("## Counts\n")
    lines.append("| kind | note | series |")
    lines.append("| --- | --- | --- |")
    for (k, note) in sorted(counts):
        lines.append("| %s | %s | %d |" % (k, note, counts[(k, note)]))
    lines.append("| all | | %d |\n" % len(series))

    lines.append("## Series with more than one sign change\n")
    lines.append("Roots of NPV/XNPV in (-1, 10] found by a Python grid scan (step 5e-4) plus")
    lines.append("bisection, for information only (not Calc output):\n")
    lines.append("| id | sign changes | python roots | Calc irr |")
    lines.append("| --- | --- | --- | --- |")
    for s, res in zip(series, results):
        vals = [float(v) for v in s.values]
        nz = [v for v in vals if v != 0]
        sc = sum(1 for a, b in zip(nz, nz[1:]) if (a < 0) != (b < 0))
        if sc >= 2:
            roots = roots_by_scan(vals, times_of(s))
            irr, err = res[1]
            lines.append("| %s | %d | %s | %s |" % (
                s.id, sc, ", ".join("%.12g" % x for x in roots) or "none",
                err if err else "%.12g" % irr))
    lines.append("")

    lines.append("## Calc errors\n")
    lines.append("Series where Calc's IRR/XIRR with the default guess failed, and the first")
    lines.append("guess (from `GUESSES` in gen.py) with which Calc converged, if any:\n")
    lines.append("| id | note | calc_error | guess | Calc irr with guess |")
    lines.append("| --- | --- | --- | --- | --- |")
    for s, res in zip(series, results):
        if res[0][1]:
            lines.append("| %s | %s | npv %s | | |" % (s.id, s.note, res[0][1]))
        if res[1][1]:
            g, val = fallback.get(s.id, ("none", None))
            lines.append("| %s | %s | %s | %s | %s |" % (
                s.id, s.note, res[1][1], g, "" if val is None else "%.12g" % val))
    lines.append("")
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
