#!/usr/bin/python3
"""Reference values for uncertainty.RankCorrelate (rankcorr_test.go).

Writes data.csv (four parameter columns and an output y, NaN where the
output does not exist) and expected.csv: Spearman's rho from
scipy.stats.spearmanr, its Fisher-z 95% interval and the partial rank
correlation (PRCC) by regressing the ranks of y and of the parameter on
the ranks of the other parameters (numpy least squares with an intercept)
and correlating the residuals. Run with /usr/bin/python3 gen.py.
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(19)
n = 400
x0 = rng.normal(size=n)
x1 = np.round(rng.uniform(0, 5, size=n))  # many ties
x2 = 0.6 * x0 + 0.8 * rng.normal(size=n)  # correlated with x0
x3 = rng.uniform(size=n)
y = 2 * x0 - x1 + 0.5 * np.exp(x2) + 0.1 * rng.normal(size=n)
y[rng.choice(n, 23, replace=False)] = np.nan
X = np.column_stack([x0, x1, x2, x3])
names = ["x0", "x1", "x2", "x3"]

with open("data.csv", "w") as f:
    f.write(",".join(names + ["y"]) + "\n")
    for i in range(n):
        f.write(",".join(repr(float(v)) for v in list(X[i]) + [y[i]]) + "\n")

ok = ~np.isnan(y)
Xk, yk = X[ok], y[ok]
m = len(yk)
R = np.column_stack([stats.rankdata(Xk[:, j]) for j in range(4)])
ry = stats.rankdata(yk)
with open("expected.csv", "w") as f:
    f.write("param,rho,lo,hi,prcc,n,missing\n")
    for j in range(4):
        rho = stats.spearmanr(Xk[:, j], yk).statistic
        z, se = np.arctanh(rho), 1 / np.sqrt(m - 3)
        q = stats.norm.ppf(0.975)
        lo, hi = np.tanh(z - q * se), np.tanh(z + q * se)
        others = np.column_stack([np.ones(m)] + [R[:, k] for k in range(4) if k != j])
        ex = R[:, j] - others @ np.linalg.lstsq(others, R[:, j], rcond=None)[0]
        ey = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        prcc = np.corrcoef(ex, ey)[0, 1]
        f.write(f"{names[j]},{rho!r},{lo!r},{hi!r},{prcc!r},{m},{n - m}\n")
