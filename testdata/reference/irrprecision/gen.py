#!/usr/bin/python3
"""High-precision reference of all real IRRs (r > -1) of the series in flows.csv.

Run from the repository root:

    /usr/bin/python3 testdata/reference/irrprecision/gen.py

Pure standard library; exact integer/rational arithmetic throughout, decimal
only to print. Writes roots.csv next to this file and prints a summary.

Method (see README.md):
  * Each flow is read exactly (a double is a dyadic rational) and the flows
    are scaled by a power of two to integers c_i, so P(v) = sum c_i v^i with
    v = 1/(1+r) is an exact integer polynomial. Leading zero flows (a factor
    v^k, root v = 0, i.e. r = +inf) and trailing zero flows are stripped.
  * Yun's square-free decomposition P = prod_k A_k^k (exact gcds over Q via
    primitive integer remainder sequences) gives every root's multiplicity.
  * The positive roots of each A_k are isolated by Descartes' rule of signs
    with bisection (the Vincent-Collins-Akritas method), separately in
    v in (0, 1) (r > 0) and in w = 1/v = 1+r in (0, 1) (-1 < r < 0) on the
    reversed polynomial; v = 1 (r = 0) is tested exactly.
  * The isolated roots are cross-checked by counting the distinct roots in
    (0, inf) with a Sturm sequence of P (an independent exact method).
  * Each root is refined by exact bisection on dyadic rationals (sign of
    the integer polynomial at each midpoint) until the bracket's image in
    r has relative width below 2^-150 (about 1e-45), then printed to 25
    significant digits.
  * The conditioning of each root in u = log(1+r) is
        cond = sum |f_i| v^i / |v P'(v)|
    (a relative perturbation eps of each term f_i v^i moves u by about
    eps*cond, absolutely), evaluated from the bracket's midpoint.
"""

import csv
import os
from decimal import Decimal, getcontext, ROUND_HALF_EVEN
from fractions import Fraction
from math import gcd

HERE = os.path.dirname(os.path.abspath(__file__))
getcontext().prec = 80
getcontext().rounding = ROUND_HALF_EVEN

REL_BITS = 150  # bracket width in r relative to |r|: 2^-150 ~ 7e-46


# ---------------------------------------------------------------- polynomials
# A polynomial is a list of ints, coefficient of x^i at index i, no trailing
# zero (the empty list is 0).

def trim(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


def deg(p):
    return len(p) - 1


def content(p):
    g = 0
    for c in p:
        g = gcd(g, c)
    return g


def primitive(p):
    """p divided by its (positive) content: same roots, same signs."""
    p = trim(p)
    if not p:
        return p
    g = content(p)
    return [c // g for c in p]


def derivative(p):
    return trim([i * p[i] for i in range(1, len(p))])


def prem(f, g):
    """Pseudo-remainder of f by g, with the positive multiplier
    |lc(g)|^(deg f - deg g + 1), so that its sign is that of f mod g."""
    f = list(f)
    lc = g[-1]
    m = abs(lc)
    dg = deg(g)
    sgn = 1 if lc > 0 else -1
    while f and deg(f) >= dg:
        # f <- m*f - sgn*lc(f) x^(df-dg) g ; equals |lc|*(f - lc(f)/lc(g) x^k g)
        k = deg(f) - dg
        a = f[-1]
        f = [m * c for c in f]
        for i, c in enumerate(g):
            f[i + k] -= sgn * a * c
        f = trim(f)
    # The multiplier used is |lc|^(number of steps) <= |lc|^(df-dg+1): still
    # a positive scalar, which is all that matters (same roots and signs).
    return f


def pgcd(f, g):
    """Primitive gcd over Q[x], normalised to a positive leading coefficient."""
    f, g = primitive(f), primitive(g)
    while g:
        r = primitive(prem(f, g))
        f, g = g, r
    if f and f[-1] < 0:
        f = [-c for c in f]
    return f


def fdivmod(f, g):
    """Quotient and remainder of Fraction polynomials f by g."""
    f = list(f)
    q = [Fraction(0)] * max(deg(f) - deg(g) + 1, 1)
    while f and deg(f) >= deg(g):
        k = deg(f) - deg(g)
        a = f[-1] / g[-1]
        q[k] = a
        for i, c in enumerate(g):
            f[i + k] -= a * c
        f = trim(f)
    return trim(q), f


def fexact(f, g):
    q, r = fdivmod(f, g)
    assert not r, "inexact division"
    return q


def monic(p):
    """p over Q (any coefficients) scaled to leading coefficient 1."""
    lc = Fraction(p[-1])
    return [Fraction(c) / lc for c in p]


def fgcd(f, g):
    """Monic gcd over Q, computed with the primitive integer remainder
    sequence (exact, no coefficient blow-up of plain Euclid over Q)."""
    def toint(p):
        den = 1
        for c in p:
            den = den * c.denominator // gcd(den, c.denominator)
        return primitive([int(c * den) for c in p])
    if not g:
        return monic(f)
    return monic(pgcd(toint(f), toint(g)))


def yun(p):
    """Yun's square-free decomposition of the integer polynomial p: a list of
    (A_k, k), A_k square-free primitive integer polynomials, pairwise
    coprime, with p = const * prod A_k^k (factors A_k = 1 omitted)."""
    def toint(q):
        den = 1
        for c in q:
            den = den * c.denominator // gcd(den, c.denominator)
        return primitive([int(c * den) for c in q])
    f = monic(p)
    d = [Fraction(x) for x in derivative(p)]
    d = [x / Fraction(p[-1]) for x in d]  # f' for monic f
    a = fgcd(f, d)
    b = fexact(f, a)
    c = fexact(d, a)
    dd = fsub(c, fderiv(b))
    out = []
    k = 1
    while deg(b) > 0:
        ak = fgcd(b, dd)
        if deg(ak) > 0:
            out.append((toint(ak), k))
        b = fexact(b, ak)
        c = fexact(dd, ak)
        dd = fsub(c, fderiv(b))
        k += 1
    return out


def fderiv(p):
    return trim([i * p[i] for i in range(1, len(p))])


def fsub(p, q):
    n = max(len(p), len(q))
    return trim([(p[i] if i < len(p) else 0) - (q[i] if i < len(q) else 0) for i in range(n)])


def sign(x):
    return (x > 0) - (x < 0)


def poly_sign_at(p, num, den):
    """sign of p(num/den) for den > 0, exactly: den^n p(num/den)."""
    # Homogeneous Horner for sum p_i num^i den^(n-i): from the top, each
    # step multiplies by num and adds p_i den^(n-i).
    n = deg(p)
    acc = p[n]
    dpow = 1
    for i in range(n - 1, -1, -1):
        dpow *= den
        acc = acc * num + p[i] * dpow
    return sign(acc)


# ------------------------------------------------------------ root isolation

def taylor_shift1(p):
    """p(x + 1)."""
    a = list(p)
    n = len(a)
    for i in range(n - 1):
        for j in range(n - 2, i - 1, -1):
            a[j] += a[j + 1]
    return a


def var(p):
    """Sign variations of the coefficients, zeros skipped."""
    n, s = 0, 0
    for c in p:
        if c:
            t = 1 if c > 0 else -1
            if s and t != s:
                n += 1
            s = t
    return n


def vca01(p):
    """Isolate the roots of square-free p in (0, 1): list of (a, b) as
    Fractions with exactly one root in the open interval (a, b), or (a, a)
    for an exact rational root."""
    out = []
    # A stack of (q, c, k): q(x) = 2^(k n) p((x + c)/2^k) restricted to x in (0,1)
    # corresponds to p on ((c)/2^k, (c+1)/2^k).
    stack = [(list(p), 0, 0)]
    while stack:
        q, c, k = stack.pop()
        # roots of q in (0,1): variations of (x+1)^n q(1/(x+1))
        t = taylor_shift1(list(reversed(q)))
        v = var(t)
        if v == 0:
            continue
        if v == 1:
            out.append((Fraction(c, 1 << k), Fraction(c + 1, 1 << k)))
            continue
        # bisect: left half q_l(x) = 2^n q(x/2); right q_r(x) = q_l(x + 1)
        n = deg(q)
        ql = [q[i] << (n - i) for i in range(n + 1)]
        qr = taylor_shift1(ql)
        # midpoint x = 1/2 of q, i.e. x = 0 of qr
        if qr[0] == 0:
            out.append((Fraction(2 * c + 1, 1 << (k + 1)),) * 2)
            # Divide by x: q is square-free, so this removes the simple
            # root at the midpoint and keeps the others in (0, 1).
            qr = qr[1:]
        stack.append((qr, 2 * c + 1, k + 1))
        stack.append((ql, 2 * c, k + 1))
    return out


def isolate(p):
    """Isolating intervals of the positive roots of the square-free integer
    polynomial p: a list of (side, a, b) with side 'v' (a root v in (a, b)
    within (0, 1), r > 0), 'w' (a root w = 1/v = 1+r in (a, b) within
    (0, 1), r < 0) or 'one' (v = 1, r = 0); a == b for an exact root."""
    res = []
    for a, b in vca01(p):
        res.append(('v', a, b))
    # w = 1/v: w^n p(1/w) = reversed coefficients
    rp = list(reversed(p))
    rp = trim(rp)
    # strip w = 0 roots (none: p's leading coefficient is nonzero)
    for a, b in vca01(rp):
        res.append(('w', a, b))
    if sum(p) == 0:
        res.append(('one', Fraction(1), Fraction(1)))
    return res


# ------------------------------------------------------------ Sturm (check)

def sturm_count_pos(p):
    """Number of distinct roots of p in (0, inf), by Sturm's theorem."""
    seq = [primitive(p), primitive(derivative(p))]
    while True:
        r = prem(seq[-2], seq[-1])
        r = primitive([-c for c in r])
        if not r:
            break
        seq.append(r)

    def v_at0(s):  # sign just right of 0: lowest nonzero coefficient
        sg = []
        for q in s:
            for c in q:
                if c:
                    sg.append(sign(c))
                    break
        return changes(sg)

    def v_inf(s):
        return changes([sign(q[-1]) for q in s])

    return v_at0(seq) - v_inf(seq)


def changes(sg):
    n, s = 0, 0
    for t in sg:
        if t:
            if s and t != s:
                n += 1
            s = t
    return n


# ------------------------------------------------------------ refinement

def r_of(side, x):
    if side == 'v':
        return (1 - x) / x
    return x - 1  # 'w' and 'one'


def refine(p, side, a, b):
    """Bisect the bracket (a, b) of a simple root of p (in v for 'v', in w
    for 'w', on the polynomial in that variable) until r is known to a
    relative 2^-REL_BITS. Returns (lo, hi) in the variable, exact."""
    q = p if side == 'v' else trim(list(reversed(p)))
    if a == b:
        return a, b
    # The root is inside the open interval (a, b); an end may be another
    # root (e.g. v = 1), where q is 0: its sign just inside is then that of
    # q' (right of a) or of -q' (left of b), q being square-free.
    sa = poly_sign_at(q, a.numerator, a.denominator)
    if sa == 0:
        sa = poly_sign_at(derivative(q), a.numerator, a.denominator)
    sb = poly_sign_at(q, b.numerator, b.denominator)
    if sb == 0:
        sb = -poly_sign_at(derivative(q), b.numerator, b.denominator)
    assert sa != sb and sa and sb, "no sign change in an isolating interval"
    while True:
        if a > 0:  # r is finite at both ends
            ra, rb = r_of(side, a), r_of(side, b)
            lo, hi = min(ra, rb), max(ra, rb)
            if (lo > 0 or hi < 0) and (hi - lo) * (1 << REL_BITS) <= min(abs(lo), abs(hi)):
                return a, b
        m = (a + b) / 2
        sm = poly_sign_at(q, m.numerator, m.denominator)
        if sm == 0:
            return m, m
        if sm == sa:
            a = m
        else:
            b = m


def fmt_sig(x, digits):
    """x (Fraction) to `digits` significant digits, scientific, correctly rounded."""
    if x == 0:
        return '0'
    d = Decimal(x.numerator) / Decimal(x.denominator)  # 80 digits
    s = format(d, '.%de' % (digits - 1))
    return s


# ------------------------------------------------------------ per series

def solve(flows):
    fr = [Fraction(float(s)) for s in flows]
    # strip leading zeros (factor v^k) and trailing zeros
    i0 = 0
    while i0 < len(fr) and fr[i0] == 0:
        i0 += 1
    i1 = len(fr)
    while i1 > i0 and fr[i1 - 1] == 0:
        i1 -= 1
    f = fr[i0:i1]
    if len(f) < 2:
        return f, []
    den = 1
    for c in f:
        den = max(den, c.denominator)  # all powers of two: the max is the lcm
    ints = [int(c * den) for c in f]
    assert all(Fraction(c, den) == x for c, x in zip(ints, f))
    p = ints
    roots = []  # (r_lo, r_hi, mult, side, a, b)
    for ak, mult in yun(p):
        for side, a, b in isolate(ak):
            lo, hi = refine(ak, side, a, b)
            roots.append((side, lo, hi, mult))
    nsturm = sturm_count_pos(p)
    ndistinct = len(roots)
    assert nsturm == ndistinct, "Sturm %d vs isolation %d" % (nsturm, ndistinct)
    out = []
    for side, lo, hi, mult in roots:
        x = (lo + hi) / 2
        r = r_of(side, x)
        v = x if side == 'v' else 1 / x
        # cond in u = log(1+r): sum |f_i| v^i / |v P'(v)|, P in the original
        # (stripped) flows; leading zeros only add i0 to every exponent,
        # which shifts v P'(v) by i0 P(v) = 0 at a root: no change.
        num = Fraction(0)
        dp = Fraction(0)
        vi = Fraction(1)
        for i, c in enumerate(f):
            num += abs(c) * vi
            dp += i * c * vi
            vi *= v
        # A multiple root has P'(v) = 0: infinitely ill-conditioned.
        cond = None if mult > 1 or dp == 0 else num / abs(dp)
        out.append((r, mult, cond))
    out.sort(key=lambda t: t[0])
    return f, out


def main():
    src = os.path.join(HERE, 'flows.csv')
    dst = os.path.join(HERE, 'roots.csv')
    rows = []
    with open(src, newline='') as fh:
        rd = csv.reader(fh)
        hdr = next(rd)
        assert hdr == ['id', 'kind', 'flows'], hdr
        for rec in rd:
            rows.append(rec)
    hist = {}
    maxcond = Fraction(0)
    maxcond_id = ''
    nmult = 0
    lines = ['id,roots,rates,conditioning']
    for rid, kind, flows in rows:
        _, roots = solve(flows.split(' '))
        rates, conds = [], []
        for r, mult, cond in roots:
            if mult > 1:
                nmult += 1
            for _ in range(mult):
                rates.append(fmt_sig(r, 25))
                conds.append('inf' if cond is None else fmt_sig(cond, 3))
            if cond is not None and cond > maxcond:
                maxcond, maxcond_id = cond, rid
        n = len(rates)
        hist[min(n, 3)] = hist.get(min(n, 3), 0) + 1
        lines.append('%s,%d,%s,%s' % (rid, n, ' '.join(rates), ' '.join(conds)))
    with open(dst, 'w', newline='') as fh:
        fh.write('\n'.join(lines) + '\n')
    print('series: %d' % len(rows))
    for k, label in ((0, '0 roots'), (1, '1 root'), (2, '2 roots'), (3, '3+ roots')):
        print('  %-8s %d' % (label + ':', hist.get(k, 0)))
    print('multiple roots: %d' % nmult)
    print('max conditioning: %s (%s)' % (fmt_sig(maxcond, 3), maxcond_id))


if __name__ == '__main__':
    main()
