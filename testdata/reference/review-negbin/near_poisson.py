#!/usr/bin/env python3
"""Exact P(pass) of the Estonian reconviction tests (pooled: 451 treated,
437 compared; c1: 102 and 99) at dispersions just above 1, with scipy's
nbinom (poisson at 1): the values TestPassChanceNegBinNearPoisson
(uncertainty) expects. The difference from the Poisson value is about
linear in phi - 1 (1.2e-8, 1.2e-6, 1.2e-4 for the pooled test).
"""
import math, numpy as np
from scipy import stats
b=0.9675925926; eff=0.1178168078; ratio=0.968609865
thr=round(0.05*b,12)
def pc(nt,nc,phi):
    if phi==1: mk=lambda mu: stats.poisson(mu)
    else: mk=lambda mu: stats.nbinom(mu/(phi-1),1/phi)
    T=mk(nt*(b-eff)); Y=mk(nc*b)
    ys=np.arange(0,2000); py=Y.pmf(ys)
    tot=0.0
    for y,p in zip(ys,py):
        t=math.floor((y/nc-thr)*nt)+2
        while t>=0 and round(y/nc-t/nt,12)<thr: t-=1
        if t>=0: tot+=p*T.cdf(t)
    return tot
for phi in (1,1.0000001,1.00001,1.001):
    print(phi, repr(pc(451,437,phi)), repr(pc(102,99,phi)))
