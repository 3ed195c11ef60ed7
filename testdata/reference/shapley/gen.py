#!/usr/bin/python3
"""Reference Shapley effects for uncertainty/shapley_test.go.

R's sensitivity package (shapleyPermEx, shapleyPermRand) is not reachable
here (no CRAN, and Debian has no r-cran-sensitivity), so this is a port to
numpy of its estimator, read from the package's source (R/shapleyPermEx.R
and R/shapleyPermRand.R, version 1.30, functions tell.shapleyPermEx and
tell.shapleyPermRand), with their standard errors as R computes them.

For every CASE.design.json (written by the Go test with -shapley-designs:
the permutations, 1-based, and the inputs x of every evaluation, in R's
layout: Nv rows of the variance sample, then for each permutation p, each
j = 1 .. d-1 and each outer draw l, Ni rows), it computes the model on x
itself, the estimator, and the conditional laws of the correlated inputs'
normal scores (mean matrix and covariance, by numpy's pseudo-inverse), and
writes CASE.expected.json. Run from the repository root:

    go test ./uncertainty -run TestShapleyReference -shapley-designs
    /usr/bin/python3 testdata/reference/shapley/gen.py
"""
import glob
import itertools
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def model(name, x):
    x = np.asarray(x, dtype=float)
    if name == "linear":  # Y = X1 + X2 + X3 (beta = 1, 1, 1)
        return 1.0 * x[:, 0] + 1.0 * x[:, 1] + 1.0 * x[:, 2]
    if name == "ishigami":  # a = 7, b = 0.1
        return (np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2
                + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0]))
    if name == "correlated":  # Y = X1 + X2 X3 + 0.5 X4
        return x[:, 0] + x[:, 1] * x[:, 2] + 0.5 * x[:, 3]
    raise ValueError(name)


def rvar(y):
    """R's var: the sample variance, denominator n - 1."""
    return float(np.var(np.asarray(y, dtype=float), ddof=1))


def tell(method, perms, y, d, nv, no, ni):
    """tell.shapleyPermEx (method exact) or tell.shapleyPermRand."""
    m = len(perms)
    Sh = np.zeros(d); Sh2 = np.zeros(d)
    Vsob = np.zeros(d); Vsob2 = np.zeros(d); nV = np.zeros(d)
    Tsob = np.zeros(d); Tsob2 = np.zeros(d); nT = np.zeros(d)
    Y = y[:nv]; y = y[nv:]
    EY = float(np.mean(Y)); VarY = rvar(Y)
    del2 = None
    for p in range(m):
        pi = [k - 1 for k in perms[p]]
        prevC = 0.0
        for j in range(1, d + 1):
            if j == d:
                Chat = VarY
                dl = Chat - prevC
                Vsob[pi[j - 1]] += prevC
                Vsob2[pi[j - 1]] += prevC ** 2
                nV[pi[j - 1]] += 1
            else:
                cVar = []
                for l in range(no):
                    Yb = y[:ni]; y = y[ni:]
                    cVar.append(rvar(Yb))
                cVar = np.array(cVar)
                Chat = float(np.mean(cVar))
                dl = Chat - prevC
                # exact only: del2 <- mean((cVar-prevC)^2) - del^2
                del2 = float(np.mean((cVar - prevC) ** 2)) - dl ** 2
            Sh[pi[j - 1]] += dl
            if method == "exact":
                # at j == d, R adds del2 as left by j = d-1
                Sh2[pi[j - 1]] += del2
            else:
                Sh2[pi[j - 1]] += dl ** 2
            prevC = Chat
            if j == 1:
                Tsob[pi[j - 1]] += Chat
                Tsob2[pi[j - 1]] += Chat ** 2
                nT[pi[j - 1]] += 1
    assert len(y) == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        Sh = Sh / m / VarY
        Sh2 = Sh2 / m / VarY ** 2
        if method == "exact":
            ShSE = np.sqrt(Sh2 / no)
            k = m / d
            Vsob = Vsob / k / VarY
            Vsob2 = Vsob2 / VarY ** 2
            VsobSE = np.sqrt((Vsob2 - Vsob ** 2) / (no * k))
            Vsob = 1 - Vsob
            Tsob = Tsob / k / VarY
            Tsob2 = Tsob2 / VarY ** 2
            TsobSE = np.sqrt((Tsob2 - Tsob ** 2) / (no * k))
        else:
            ShSE = np.sqrt((Sh2 - Sh ** 2) / m)
            Vsob = Vsob / nV / VarY
            Vsob2 = Vsob2 / nV / VarY ** 2
            VsobSE = np.sqrt((Vsob2 - Vsob ** 2) / nV)
            Vsob = 1 - Vsob
            Tsob = Tsob / nT / VarY
            Tsob2 = Tsob2 / nT / VarY ** 2
            TsobSE = np.sqrt((Tsob2 - Tsob ** 2) / nT)
    return dict(mean=EY, variance=VarY, shapley=Sh, shapley_se=ShSE,
                first=Vsob, first_se=VsobSE, total=Tsob, total_se=TsobSE)


def components(r):
    d = len(r)
    seen = [False] * d
    out = []
    for i in range(d):
        if seen[i]:
            continue
        stack, comp = [i], []
        seen[i] = True
        while stack:
            a = stack.pop()
            comp.append(a)
            for b in range(d):
                if not seen[b] and r[a][b] != 0:
                    seen[b] = True
                    stack.append(b)
        out.append(sorted(comp))
    return out


def cond_laws(r):
    """Z ~ N(0, R): Zf | Zg = z is N(A z, R_ff - A R_gf), A = R_fg R_gg^+,
    for every split of every group of correlated inputs."""
    r = np.asarray(r, dtype=float)
    out = []
    for comp in components(r.tolist()):
        if len(comp) < 2:
            continue
        for k in range(1, len(comp)):
            for given in itertools.combinations(comp, k):
                free = [a for a in comp if a not in given]
                g = list(given)
                A = r[np.ix_(free, g)] @ np.linalg.pinv(r[np.ix_(g, g)])
                cov = r[np.ix_(free, free)] - A @ r[np.ix_(g, free)]
                out.append(dict(given=g, free=free, a=A.tolist(), cov=cov.tolist()))
    return out


def clean(v):
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def analytic_correlated(r):
    """Closed-form Shapley effects and Sobol'-type indices of the
    correlated case, Y = X1 + X2 X3 + 0.5 X4 with X ~ N(0, R), from the
    game v(S) = Var(E[Y | X_S]), independently of the Monte Carlo.

    Given X_S = x: E[X | x] = M x with M = R_{.S} R_SS^-1, and the
    conditional covariance C = R - M R_{S.}; so E[Y | x] = a'x + x'Bx + c
    with a = M_1 + 0.5 M_4, B = (M_2' M_3 + M_3' M_2)/2, c = C_23. For
    zero-mean Gaussian x (covariance S = R_SS) the linear and quadratic
    parts are uncorrelated (odd moments vanish) and Var(x'Bx) =
    2 tr(BSBS), so v(S) = a'Sa + 2 tr(BSBS). Shapley_j = sum over S not
    holding j of |S|!(d-|S|-1)!/d! (v(S+j) - v(S)), over V = v(all);
    first_j = v({j})/V ("full"), total_j = 1 - v(-j)/V ("independent").
    """
    r = np.asarray(r, dtype=float)
    d = len(r)

    def v(S):
        S = list(S)
        if not S:
            return 0.0
        RSS = r[np.ix_(S, S)]
        M = r[:, S] @ np.linalg.inv(RSS)
        a = M[0] + 0.5 * M[3]
        B = (np.outer(M[1], M[2]) + np.outer(M[2], M[1])) / 2
        BS = B @ RSS
        return float(a @ RSS @ a + 2 * np.trace(BS @ BS))

    V = v(range(d))
    sh = []
    for j in range(d):
        rest = [k for k in range(d) if k != j]
        tot = 0.0
        for size in range(d):
            w = math.factorial(size) * math.factorial(d - size - 1) / math.factorial(d)
            for S in itertools.combinations(rest, size):
                tot += w * (v(S + (j,)) - v(S))
        sh.append(tot / V)
    first = [v((j,)) / V for j in range(d)]
    total = [1 - v([k for k in range(d) if k != j]) / V for j in range(d)]
    # A plain Monte Carlo check of V (printed, not recorded).
    rng = np.random.default_rng(1)
    x = rng.multivariate_normal(np.zeros(d), r, size=2_000_000)
    print("correlated: V =", V, "Monte Carlo", float(np.var(model("correlated", x))))
    return dict(variance=V, shapley=sh, first=first, total=total)


def main():
    for path in sorted(glob.glob(os.path.join(HERE, "*.design.json"))):
        with open(path) as f:
            c = json.load(f)
        d = len(c["r"])
        y = model(c["model"], c["x"])
        res = tell(c["method"], c["permutations"], y, d, c["nv"], c["no"], c["ni"])
        res["cond"] = cond_laws(c["r"])
        res = {k: clean(v) for k, v in res.items()}
        out = path.replace(".design.json", ".expected.json")
        with open(out, "w") as f:
            json.dump(res, f, indent=1, allow_nan=False)
            f.write("\n")
        print(os.path.basename(out), "shapley", [round(s, 4) for s in res["shapley"]])


def write_analytic():
    with open(os.path.join(HERE, "correlated-exact.design.json")) as f:
        r = json.load(f)["r"]
    res = analytic_correlated(r)
    with open(os.path.join(HERE, "correlated.analytic.json"), "w") as f:
        json.dump(res, f, indent=1, allow_nan=False)
        f.write("\n")
    print("correlated.analytic.json", [round(x, 4) for x in res["shapley"]])


if __name__ == "__main__":
    main()
    write_analytic()
