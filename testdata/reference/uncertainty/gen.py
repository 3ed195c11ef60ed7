#!/usr/bin/python3
"""Generate reference values for the uncertainty package's tests.

Run from anywhere:

    /usr/bin/python3 testdata/reference/uncertainty/gen.py

Needs numpy and scipy.  Writes, next to this script:

  spearman.csv  case,x,y,rho

x and y are space-separated samples; rho is scipy.stats.spearmanr(x, y)
(average ranks for ties, then Pearson's correlation of the ranks).  Numbers
are repr() of the double.  The output is deterministic: the random samples
come from numpy's legacy RandomState with fixed seeds, whose streams numpy
keeps stable across versions.
"""

import csv
import os

import numpy as np
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))


def cases():
    # The hand example of sampling_test.go: ranks of y are 1, 2, 3.5, 5, 3.5.
    yield "hand", [1, 2, 3, 4, 5], [5, 6, 7, 8, 7]
    yield "two", [0.5, 2.5], [7, -1]
    yield "monotone", [1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 36]
    yield "reversed", [1, 2, 3, 4, 5, 6], [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625]
    yield "ties_in_x", [1, 1, 1, 2, 2, 3, 4, 4], [3.5, 1, 2, 8, 5, 5, 9, 7]
    rs = np.random.RandomState(1)
    yield "ties_both", list(rs.randint(0, 5, size=30)), list(rs.randint(0, 4, size=30))
    rs = np.random.RandomState(2)
    x = rs.normal(size=50)
    yield "correlated", list(x), list(np.exp(x + 0.8 * rs.normal(size=50)))
    rs = np.random.RandomState(3)
    yield "independent", list(rs.uniform(size=200)), list(rs.gamma(0.5, size=200))


def main():
    with open(os.path.join(HERE, "spearman.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "x", "y", "rho"])
        for name, x, y in cases():
            x = [float(v) for v in x]
            y = [float(v) for v in y]
            rho = st.spearmanr(x, y).correlation
            w.writerow([name, " ".join(repr(v) for v in x), " ".join(repr(v) for v in y), repr(float(rho))])


if __name__ == "__main__":
    main()
