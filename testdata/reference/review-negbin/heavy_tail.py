#!/usr/bin/env python3
"""Exact P(pass) of a negative binomial design with a heavy tail (small mean,
large dispersion), summed to a comparison tail of 1e-20 with scipy's nbinom:
the values TestPassChanceNegBinHeavyTail (uncertainty) expects. Written from
docs/appraisal.md ("The chance that each test passes"): T and Y negative
binomial of variance phi*mean, the measured effect rounded to 12 decimals,
lower is better unless higher=True, a fixed baseline has no comparison group.
"""
import math, numpy as np
from fractions import Fraction as F
from scipy import stats
def nb(mu,phi): return stats.nbinom(mu/(phi-1),1/phi)
def chance(base, ratio, groups, thr, phi, fixed=False, higher=False):
    nT=sum(n for n,_ in groups); nC=0 if fixed else sum(int(math.floor(ratio*n+0.5)) for n,_ in groups)
    mu=sum(n*((base+e) if higher else (base-e)) for n,e in groups)
    T=nb(mu,phi)
    def passing(c):
        # lower: pass iff c - t/nT >= thr
        if not higher:
            t=math.floor((c-thr)*nT)+2
            while t>=0 and round(c-t/nT,12)<thr: t-=1
            return T.cdf(t) if t>=0 else 0.0
        t=max(math.ceil((c+thr)*nT)-2,0)
        while round(t/nT-c,12)<thr: t+=1
        return T.sf(t-1)
    if fixed: return passing(base)
    Y=nb(nC*base,phi); top=int(Y.isf(1e-20))+10
    ys=np.arange(top+1); py=Y.pmf(ys)
    return float(sum(p*passing(y/nC) for y,p in zip(ys,py) if p>0))
print(repr(chance(0.1,1.0,[(10,0.05)],0.02,1000)))
print(repr(chance(0.1,1.0,[(10,0.05)],0.02,1000,fixed=True)))
print(repr(chance(0.3,1.0,[(20,0.1)],0.05,300,higher=True)))
print(repr(chance(0.9675925926,0.968609865,[(102,0.1178168078)],round(0.05*0.9675925926,12),1000)))
