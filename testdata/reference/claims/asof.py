#!/usr/bin/python3
"""asof.py: an independent reference for `sib claims --as-of`: what was paid in each payment
period, from the youth-employment claims folder, for several as-of days.

Written by a reviewer from docs/claims.md and the folder's files alone, without reading the Go
code: a record counts if it was claimed by the as-of day, names a known participant and outcome,
has evidence, is verified, was achieved by the contract's end, inside the outcome's window and
claimed by the deadline; prerequisites must have been achieved first (and min_after before);
max_claims per participant; then claims are paid in order of the day achieved (then rate-card
order), each cut to what is left of the participant's cap (caps.csv, one per-participant row).

    /usr/bin/python3 testdata/reference/claims/asof.py > testdata/reference/claims/paid.csv

paid.csv: as_of, period, its first day, paid (all periods with a payment among the claims made
by that day, the partial one included); the Go test compares the periods sib claims writes as
actuals.
"""
import csv, sys, datetime as dt
from collections import defaultdict
import os

def paid_by_period(D, asof, out=None):
    # out, when a list, receives each paid claim: (day achieved, outcome, amount paid)
    P=lambda s: dt.date.fromisoformat(s)
    con={r['setting']:r['value'] for r in csv.DictReader(open(D+'/contract.csv'))}
    start,end=P(con['start']),P(con['end']); deadline=P(con['deadline']) if con.get('deadline') else None
    pm={'quarter':3,'month':1,'year':12,'half':6}.get(con['period'],None) or int(con['period'])
    def addm(d,n):
        import calendar
        mi=d.year*12+d.month-1+n; y,m=divmod(mi,12); m+=1
        return dt.date(y,m,min(d.day,calendar.monthrange(y,m)[1]))
    def pstart(k): return addm(start,(k-1)*pm)
    def addw(d,n):
        # the day after a window of n months: from a day the end month lacks
        # (31 January), the window includes that month's last day
        e=addm(d,n)
        return e+dt.timedelta(days=1) if e.day<d.day else e
    def period(d):
        k=1
        while pstart(k+1)<=d: k+=1
        return k
    parts={r['id']:r for r in csv.DictReader(open(D+'/participants.csv'))}
    rc=[]; last=None
    for r in csv.DictReader(open(D+'/ratecard.csv')):
        if r['outcome']==last: rc[-1]['prices'].append((r['from'],r['to'],float(r['price']))); continue
        last=r['outcome']
        ma=r['min_after']; ma= (int(ma[:-1])*7 if ma.endswith('w') else int(ma.rstrip('d'))) if ma else 0
        rc.append(dict(code=r['outcome'],prices=[(r['from'],r['to'],float(r['price']))],maxc=int(r['max_claims'] or 1),pre=r['prerequisite'].split(),win=int(r['window_months'] or 0),minafter=ma))
    order={o['code']:i for i,o in enumerate(rc)}; O={o['code']:o for o in rc}
    def price(o,d):
        for f,t,p in o['prices']:
            if (not f or P(f)<=d) and (not t or d<=P(t)): return p
    caps=[r for r in csv.DictReader(open(D+'/caps.csv'))]
    assert len(caps)==1 and caps[0]['kind']=='participant', 'only a per-participant cap is modelled here'
    cap=float(caps[0]['amount'])
    recs=defaultdict(list)
    for r in csv.DictReader(open(D+'/records.csv')):
        a=P(r['achieved']); cl=P(r['claimed']) if r.get('claimed') else a
        if asof and cl>asof: continue
        pid,code=r['participant'],r['outcome']
        if pid not in parts or code not in O or not r['evidence'] or r['status']!='verified' or a>end: continue
        o=O[code]; ps=P(parts[pid]['start'])
        if o['win'] and a>=addw(ps,o['win']): continue
        if deadline and cl>deadline: continue
        recs[(pid,code)].append(a)
    first={}; claims=[]
    for pid in parts:
        for o in rc:
            days=sorted(recs.get((pid,o['code']),[])); n=0
            for d in days:
                pre=[first.get((pid,p)) for p in o['pre']]
                if any(x is None or x>d for x in pre): continue
                if pre and d<max(pre)+dt.timedelta(days=o['minafter']): continue
                if n>=o['maxc']: continue
                if n and o['maxc']==1: continue
                n+=1; first.setdefault((pid,o['code']),d); claims.append((d,order[o['code']],pid,price(o,d)))
    claims.sort()
    used=defaultdict(float); paid=defaultdict(float); npaid=defaultdict(int)
    for d,oi,pid,pr in claims:
        x=min(pr,cap-used[pid]); used[pid]+=x
        if x>0: paid[period(d)]+=x; npaid[period(d)]+=1
        if x>0 and out is not None: out.append((d, rc[oi]['code'], x))

    return {k: (pstart(k), paid[k]) for k in paid}


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, "..", "..", "youth-employment-claims")
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["as_of", "period", "from", "paid"])
    for day in ["2015-06-30", "2015-07-01", "2016-09-30", "2016-11-15", "2016-12-31", "2017-01-01", "2018-03-31", "2018-06-30"]:
        res = paid_by_period(folder, dt.date.fromisoformat(day))
        for k in sorted(res):
            w.writerow([day, k, res[k][0].isoformat(), "%.2f" % res[k][1]])
