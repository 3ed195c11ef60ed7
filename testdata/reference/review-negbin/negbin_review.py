#!/usr/bin/env python3
"""Independent reference of `sib run --chance testdata/estonia/scenario`'s
reconviction tests under the negative binomial design, written from
docs/appraisal.md ("Measurement noise") and docs/outcomes.md ("Overdispersed
counts") and the input files alone, without reading the Go code.

Study (testdata/estonia/outcomes/participants.csv, metric reconvictions, the
records with a value): pooled control rate b = x_C/n_C, effect e = b - x_T/n_T,
Pearson dispersion phi = X^2/(N-2) with one rate per group.
Scenario (testdata/estonia/scenario/cohorts.csv): treated n = round(size*take_up),
comparison m = round(n * n_C/n_T) per cohort; the pooled test sums them.
Counts: T ~ NB(mean n(b-e), var phi*mean), Y ~ NB(mean m b, var phi*mean) (scipy
nbinom(size=mu/(phi-1), p=1/phi)); the measured effect Y/m - T/n rounded to 12
decimals passes when it is >= the threshold 0.05*b (share of the baseline).
Also: sib power --kind count --dispersion's minimum detectable effect.
"""
import csv, math, sys
from decimal import Decimal, ROUND_HALF_UP
import numpy as np
from scipy import stats, optimize

root = sys.argv[1] if len(sys.argv) > 1 else '.'
recs = [r for r in csv.DictReader(open(f'{root}/testdata/estonia/outcomes/participants.csv'))
        if r['reconvictions'] != '' and r['group'] in ('treatment', 'control')]

def study(rs):
    g = {k: [int(r['reconvictions']) for r in rs if r['group'] == k] for k in ('treatment', 'control')}
    x = {k: sum(v) for k, v in g.items()}; n = {k: len(v) for k, v in g.items()}
    lam = {k: x[k] / n[k] for k in g}
    X2 = sum((y - lam[k]) ** 2 / lam[k] for k in g for y in g[k])
    phi = X2 / (n['treatment'] + n['control'] - 2)
    return x, n, lam, phi

x, n, lam, phi = study(recs)
b = lam['control']; eff = b - lam['treatment']
ratio = n['control'] / n['treatment']
print(f"# study pooled: n_T={n['treatment']} x_T={x['treatment']} n_C={n['control']} x_C={x['control']}"
      f" baseline={b:.10f} effect={eff:.10f} phi={phi:.10f}")
for c in ('2024', '2025'):
    print(f"# study cohort {c}: phi={study([r for r in recs if r['cohort'] == c])[3]:.10f}")
se_q = math.sqrt(phi) * math.sqrt(x['treatment'] / n['treatment'] ** 2 + x['control'] / n['control'] ** 2)
print(f"# quasi se pooled {se_q:.10f}")

def rnd(v):  # round half away from zero, whole people
    return int(Decimal(repr(v)).quantize(Decimal(1), rounding=ROUND_HALF_UP))

coh = list(csv.DictReader(open(f'{root}/testdata/estonia/scenario/cohorts.csv')))
groups = [(c['cohort'], rnd(float(c['size']) * float(c['take_up']))) for c in coh]
groups = [(c, nt, rnd(ratio * nt)) for c, nt in groups]

def nb(mu):
    return stats.nbinom(mu / (phi - 1), 1 / phi)

def pass_chance(nt, nc, true_eff, thr):
    T = nb(nt * (b - true_eff)); Y = nb(nc * b)
    ys = np.arange(0, int(Y.ppf(1 - 1e-16)) + 50)
    py = Y.pmf(ys)
    total = 0.0
    for y, p in zip(ys, py):
        if p < 1e-300:
            continue
        # pass: round(y/nc - t/nt, 12) >= thr, find the largest t passing
        t = math.floor((y / nc - thr) * nt) + 2
        while t >= 0 and round(y / nc - t / nt, 12) < thr:
            t -= 1
        if t >= 0:
            total += p * T.cdf(t)
    return total

thr = round(0.05 * b, 12)
print("test,n_treated,n_comparison,se,p_pass")
rows = [('pooled', sum(g[1] for g in groups), sum(g[2] for g in groups))] + [(c, nt, nc) for c, nt, nc in groups]
for name, nt, nc in rows:
    se = math.sqrt(phi * ((b - eff) / nt + b / nc))
    print(f"{name},{nt},{nc},{se:.6f},{pass_chance(nt, nc, eff, thr):.10f}")

# sib power --kind count --baseline 0.97 --dispersion 1.54 --n 450 (two-sided, alpha 0.05, power 0.8)
def power(l1, l0, n1, n2, ph, alpha=0.05):
    za = stats.norm.ppf(1 - alpha / 2)
    lb = (n1 * l1 + n2 * l0) / (n1 + n2)
    return stats.norm.cdf((abs(l1 - l0) - za * math.sqrt(ph * lb * (1 / n1 + 1 / n2))) / math.sqrt(ph * (l1 / n1 + l0 / n2)))
for ph in (1.0, 1.54):
    d = optimize.brentq(lambda d: power(0.97 - d, 0.97, 450, 450, ph) - 0.8, 1e-9, 0.97 - 1e-9, xtol=1e-14)
    print(f"power,baseline=0.97,n=450,dispersion={ph},mde={d:.10f}")

# operating characteristic: every cohort's true effect at the grid point
print("oc,test,true_effect,p_pass")
for name, nt, nc in rows[:2]:
    for e in (-0.8, -0.3, -0.1, 0.0, 0.1, 0.2, 0.4, 0.8):
        print(f"oc,{name},{e},{pass_chance(nt, nc, e, thr):.10g}")
