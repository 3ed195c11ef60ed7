#!/usr/bin/env python3
"""Writes the synthetic matched-comparison example: covariates.csv and
participants.csv of adult prison leavers in a through-the-gate
resettlement programme and of the national register they are matched to.
Deterministic: run it again and the files are the same.

    cd testdata/matched && python3 gen.py

Two yearly cohorts (2024, 2025). Each year a population of short-sentence
adult prison leavers is drawn; who joins the programme depends on the
covariates (selection: the programme takes the younger, those with fewer
previous convictions, those employed before custody, more in the East of
England where it runs), about 800 a year; the rest of that year's leavers
are the pool, labelled by cohort, as a national register extract would be.

Outcomes, in the 12 months after release (measured in the year after the
cohort's):

- reoffend: proven reoffending, binary; about 60% in the pool, as for
  adults released from custodial sentences of under 12 months (Ministry
  of Justice, Proven reoffending statistics).
- reconvictions: reconviction events, a count; the pool averages about
  1.5 a person (Peterborough's comparison group had 155 events a 100
  prisoners: Social Finance, 2014).

The programme's true effect is a 9% fall in both (a risk ratio and a rate
ratio of 0.91), Peterborough's final result against its matched
comparison group (Ministry of Justice, 2017, "Final results for cohort 2
of the Peterborough Social Impact Bond"). The same covariates that drive
selection drive reoffending (younger: more; fewer previous convictions:
less; employed before: less), so the naive comparison of participants
with the whole register is biased; matching on the propensity score
removes the bias from what is measured. numpy only.
"""
import numpy as np

SEED = 20240601
COHORTS = ["2024", "2025"]
POPULATION = 11000  # leavers a year: about 800 join, the rest are the pool
EFFECT = 0.91  # risk and rate ratio of the programme
OFFENCES = ["drugs", "other", "property", "violent"]
REGIONS = ["east", "london", "midlands", "north", "south_west"]


def leavers(rng, n):
    age = np.clip(np.round(rng.gamma(3.0, 5.0, n) + 18), 18, 75)
    male = rng.random(n) < 0.86
    priors = rng.negative_binomial(1.6, 0.12, n)  # mean about 12
    offence = rng.choice(4, n, p=[0.22, 0.18, 0.40, 0.20])
    months = np.clip(np.round(rng.gamma(2.2, 2.2, n)), 1, 11)
    region = rng.choice(5, n, p=[0.15, 0.20, 0.22, 0.28, 0.15])
    employed = rng.random(n) < 1 / (1 + np.exp(-(-0.6 - 0.06 * (priors - 12) - 0.02 * (age - 35))))
    return age, male, priors, offence, months, region, employed


def selection(age, male, priors, offence, months, region, employed):
    """The log odds of joining the programme."""
    lp = (-3.2 - 0.045 * (age - 35) - 0.05 * (priors - 12) + 0.5 * employed
          + 0.25 * (~male) + 0.5 * (region == 0) - 0.2 * (offence == 3) + 0.04 * (months - 5))
    return lp


def risk(age, male, priors, offence, months, region, employed):
    """The log odds of reoffending without the programme."""
    return (0.3 - 0.035 * (age - 35) + 0.07 * (priors - 12) - 0.6 * employed
            + 0.2 * male + 0.25 * (offence == 2) + 0.15 * (offence == 0) - 0.03 * (months - 5))


def main():
    rng = np.random.default_rng(SEED)
    cov = ["id,group,cohort,age,sex,prior_convictions,sentence_months,offence,region,employed_before"]
    part = ["id,group,cohort,period,reoffend,reconvictions"]
    for c in COHORTS:
        x = leavers(rng, POPULATION)
        age, male, priors, offence, months, region, employed = x
        treated = rng.random(POPULATION) < 1 / (1 + np.exp(-selection(*x)))
        p0 = 1 / (1 + np.exp(-risk(*x)))
        p = np.where(treated, EFFECT * p0, p0)
        reoffend = rng.random(POPULATION) < p
        # Events among those who reoffend: 1 + Poisson, scaled so that the
        # mean over everyone is p0 * (1 + mu); the ratio applies to the
        # events as to the risk, which makes the rate ratio EFFECT too.
        mu = np.exp(0.35 + 0.03 * (priors - 12))
        reconv = np.where(reoffend, 1 + rng.poisson(mu), 0)
        period = str(int(c) + 1)
        t = p_ = 0
        for i in range(POPULATION):
            if treated[i]:
                t += 1
                uid, group = "TG%s-%04d" % (c[2:], t), "treatment"
            else:
                p_ += 1
                uid, group = "NR%s-%05d" % (c[2:], p_), "comparison"
            cov.append("%s,%s,%s,%d,%s,%d,%d,%s,%s,%d" % (
                uid, group, c, age[i], "m" if male[i] else "f", priors[i], months[i],
                OFFENCES[offence[i]], REGIONS[region[i]], employed[i]))
            part.append("%s,%s,%s,%s,%d,%d" % (uid, group, c, period, reoffend[i], reconv[i]))
    with open("covariates.csv", "w") as f:
        f.write("\n".join(cov) + "\n")
    with open("participants.csv", "w") as f:
        f.write("\n".join(part) + "\n")


if __name__ == "__main__":
    main()
