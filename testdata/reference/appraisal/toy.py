#!/usr/bin/env python3
"""Reference values of the appraisal of the two-period toy deal
(sib/testdata/appraisal-toy, sib/appraisal_test.go TestAppraisalByHand),
worked out independently of the engine with exact fractions.

Run: python3 testdata/reference/appraisal/toy.py
"""
from fractions import Fraction as F

df = [1 / F(11, 10), 1 / F(121, 100)]       # 10% a year, end of years 1 and 2
S = sum(df)                                  # 210/121
gross, cash = 100000 * S, 60000 * S          # 50 outcomes x 2 units x 1000, 60% cashable
noncash = gross - cash
cash_ob, noncash_ob = cash * F(9, 10), noncash * F(9, 10)        # grade 3: 10%
social, social_ob = 50 * 300 * S, 50 * 300 * S * F(95, 100)       # grade 2: 5%
econ, econ_ob = 50 * 200 * S, 50 * 200 * S * F(8, 10)             # direct 20%
comm = 5000 * S + 2000 * df[1]
comm_ob = 5000 * S * F(115, 100) + 2000 * df[1]                  # grade 4 raises 15%
pay, res = 75000 * S, 30000 * S
npc = pay + comm_ob - cash_ob
for foreign in (False, True):
    sb = econ_ob + social_ob + noncash_ob + (0 if foreign else pay - res)
    print("foreign" if foreign else "domestic",
          "social benefit", float(sb), "BCR", float(sb / npc), "NPSV", float(sb - npc))
cost = pay + comm_ob
fiscal = cash_ob + noncash_ob
print("net public cost", float(npc))
print("commissioner raw", float(comm), "adjusted", float(comm_ob))
print("ROI fiscal", float(fiscal / cost), "economic", float((fiscal + econ_ob) / cost),
      "social", float((fiscal + econ_ob + social_ob) / cost))
print("state net PV", float(cash - pay - comm))
