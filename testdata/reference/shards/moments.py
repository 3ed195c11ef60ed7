"""Independent reference for the Monte Carlo summary's mean and standard
deviation (uncertainty.Moments: blocks of 4,096 draws folded by Chan et
al.'s update): numpy's mean and std (ddof=1), pairwise summation over the
whole column, of the draws sib wrote with

    sib simulate --draws 10000 --seed 5 --noise=false \
        --output investors.irr,state.net,investors.multiple \
        --draws-out draws.csv ../../estonia/scenario ../../estonia/uncertainty

(draws.csv is not kept: its columns have 10 significant digits, money to
the cent, so the reference agrees with sib to about 1e-9 relative). Run:
/usr/bin/python3 moments.py draws.csv > moments.txt
"""
import sys
import numpy as np

rows = [l for l in open(sys.argv[1]) if not l.startswith("#")]
head = rows[0].strip().split(",")
data = np.genfromtxt(rows[1:], delimiter=",", missing_values="", filling_values=np.nan)
for name in ("investors.irr", "state.net", "investors.multiple"):
    col = data[:, head.index(name)]
    col = col[~np.isnan(col)]
    print(f"{name} n={len(col)} mean={np.mean(col):.17g} sd={np.std(col, ddof=1):.17g}")
