package sib

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// run is book.run on the lanes: the terms' payments and the waterfall.
func (bt *Batch) run() {
	m, s, B := bt.m, bt.m.s, bt.B
	P, J := m.periods, len(s.Terms)
	clear(bt.hold)
	clear(bt.switched)
	// The tables written in the same cells in every block need no
	// clearing: pay (every term's period before its end; 0 after), cost
	// (the cells the items' bases and periods say), ret and prin (every
	// tranche's period); topup is written in the last period alone.
	for _, x := range [][]float64{bt.held, bt.claimed, bt.paidC, bt.due, bt.cum, bt.draw, bt.excess, bt.received, bt.short, bt.drawn, bt.principal, bt.accr, bt.got, bt.balance} {
		clear(x)
	}
	for k := range s.Tranches {
		clear(bt.row(bt.topup, k*P+P-1))
	}
	for k := range s.Tranches {
		tr := &s.Tranches[k]
		for l := range B {
			p := bt.p[l]
			i := k*B + l
			bt.undrawn[i] = p[tr.Commitment]
			bt.committed[i] = bt.undrawn[i]
			bt.growth[i] = 0
			if c := tr.Coupon; c != 0 && p[c] > 0 {
				bt.growth[i] = bt.coupon[k].of(p[c], func(x float64) float64 { return math.Pow(1+x, 1/float64(m.ppy)) - 1 })
			}
		}
		bt.check(bt.row(bt.undrawn, k))
	}
	for j := range s.Terms {
		tm := &s.Terms[j]
		for l := range B {
			p := bt.p[l]
			i := j*B + l
			if tm.CapPeriod != 0 {
				bt.capP[i] = p[tm.CapPeriod]
				if bt.capP[i] < 0 {
					bt.odd[l] = true // a negative period cap pays whatever is due: Evaluate's
				}
			}
			if tm.CapTotal != 0 {
				bt.capT[i] = p[tm.CapTotal]
			}
			if tm.Basis == scenario.Outcomes {
				bt.price[i] = p[tm.Price]
			}
			bt.interest[i] = 0
			if in := tm.Interest; in != 0 && tm.Basis == scenario.Savings {
				bt.interest[i] = math.Pow(1+p[in], 1/float64(m.ppy))
			}
			if tm.ParticipantCap != 0 {
				bt.pcap[i] = p[tm.ParticipantCap]
			}
			if tm.PooledTested() {
				bt.passP[i] = m.passes(p, tm, bt.pooledEffect(l, tm.Metric), p[tm.PooledThreshold])
			}
		}
		bt.cohortTests(j)
		if tm.CapPeriod != 0 {
			bt.check(bt.row(bt.capP, j))
		}
		if tm.CapTotal != 0 {
			bt.check(bt.row(bt.capT, j))
		}
	}
	bt.tierPoints()
	bt.fixedCosts()
	bt.ceilings()
	for t := range P {
		for j := range J {
			if t >= m.termEnd[j] {
				continue // settled: pay stays 0 (a negative period cap is an odd lane's)
			}
			bt.earn(j, t)
			if tm := &s.Terms[j]; tm.PooledTested() && t >= m.pooled[tm.Metric] {
				bt.pooledTest(j, t)
			}
			if s.Terms[j].Switch == scenario.SwitchWhenPaid {
				bt.paidShare(j, t)
			}
			bt.termCaps(j, t)
		}
		rc := bt.row(bt.received, t)
		for j := range J {
			x := bt.row(bt.pay, j*P+t)
			add(bt.row(bt.cum, j), x)
			add(rc, x)
		}
		bt.shareCosts(t)
		bt.waterfall(t)
	}
	bt.guarantees(P - 1) // every tranche matures in the last period (Batchable)
}

// cohortTests sets passC for term j: whether each cohort's effect passes
// the term's threshold (Model.passes), row by row, the comparison chosen
// once for the row.
func (bt *Batch) cohortTests(j int) {
	m, B, C := bt.m, bt.B, len(bt.m.s.Cohorts)
	tm := &m.s.Terms[j]
	passC := bt.passC[j*C*B : (j+1)*C*B]
	if !tm.CohortTested() {
		clear(passC)
		return
	}
	thr := bt.scr[:B]
	for l := range thr {
		thr[l] = bt.p[l][tm.Threshold]
	}
	base := bt.scr2[:B]
	if tm.Relative {
		for l := range base {
			base[l] = bt.p[l][m.s.Metrics[tm.Metric].Baseline]
		}
	}
	for c := range C {
		pass := passC[c*B : (c+1)*B]
		for l, e := range bt.contractRow(tm.Metric, c) {
			// Model.relative's share of the baseline, read once.
			if tm.Relative {
				if !(base[l] > 0) {
					pass[l] = false
					continue
				}
				e /= base[l]
			}
			pass[l] = passAt(tm, e, thr[l])
		}
	}
}

// paidShare is book.paidShare on the lanes: the saving term j (switch
// when_paid) released for period t, paid at the share in force, split
// where the payment crosses the investors' repayment.
func (bt *Batch) paidShare(j, t int) {
	B, P := bt.B, bt.m.periods
	tm := &bt.m.s.Terms[j]
	due := bt.row(bt.due, j*P+t)[:B]
	sw, bal, g := bt.switched[j*B:(j+1)*B], bt.row(bt.balance, j)[:B], bt.row(bt.interest, j)[:B]
	for l, S := range due {
		if S == 0 {
			continue
		}
		p := bt.p[l]
		sh, a := p[tm.Share], p[tm.ShareAfter]
		switch owed := bal[l] * g[l]; {
		case sw[l]:
			due[l] = a * S
		case owed > 0 && sh*S > owed:
			due[l] = owed + a*(S-owed/sh)
		default:
			due[l] = sh * S
		}
	}
}

// balances is book.balances on the lanes: what investors are still owed
// at each switching term's interest, and the switch once they are repaid.
func (bt *Batch) balances(t int) {
	s, B, P := bt.m.s, bt.B, bt.m.periods
	K := len(s.Tranches)
	for j := range s.Terms {
		tm := &s.Terms[j]
		if tm.Basis != scenario.Savings || tm.ShareAfter == 0 {
			continue
		}
		sw, bal, g := bt.switched[j*B:(j+1)*B], bt.row(bt.balance, j)[:B], bt.row(bt.interest, j)[:B]
		for l := range bal {
			if sw[l] {
				continue
			}
			var in, out, drawn float64
			for k := range K {
				i := (k*P+t)*B + l
				in += bt.draw[i]
				out += bt.ret[i] + bt.prin[i] + bt.excess[i]
			}
			bal[l] = bal[l]*g[l] + in - out
			for k := range K {
				drawn += bt.drawn[k*B+l]
			}
			if drawn > 0 && bal[l] <= 0 {
				sw[l] = true
			}
		}
	}
}

// guarantees is book.mature's guarantees on the lanes: at maturity (t),
// a tranche's guarantor tops it up to its floor or its protected
// principal, within the guarantee's limit and the tranche's room.
func (bt *Batch) guarantees(t int) {
	s, B, P := bt.m.s, bt.B, bt.m.periods
	for k := range s.Tranches {
		tr := &s.Tranches[k]
		if tr.Guarantor == "" {
			continue
		}
		dr, got, pr, ce := bt.row(bt.drawn, k)[:B], bt.row(bt.got, k)[:B], bt.row(bt.principal, k)[:B], bt.row(bt.ceiling, k)[:B]
		top := bt.row(bt.topup, k*P+t)[:B]
		for l := range top {
			p := bt.p[l]
			var x float64
			if tr.Floor != 0 {
				f := p[tr.Floor] * dr[l]
				if !(f*f <= maxMoney*maxMoney) {
					bt.over[l] = true
				}
				x = f - got[l]
			}
			if tr.Protected != 0 {
				share := min(max(p[tr.Protected], 0), 1)
				repaid := dr[l] - pr[l]
				x = max(x, share*dr[l]-repaid)
			}
			if tr.GuaranteeLimit != 0 {
				lim := p[tr.GuaranteeLimit]
				if !(lim*lim <= maxMoney*maxMoney) {
					bt.over[l] = true
				}
				x = min(x, lim)
			}
			room := ce[l]
			if tr.Cap != 0 {
				room = max(room-got[l], 0)
			}
			x = min(x, room)
			if x > 0 {
				top[l] = x
				got[l] += x
			}
		}
	}
}

// shareCosts is book.costs on the lanes: the fees that are a share of
// period t's payments.
func (bt *Batch) shareCosts(t int) {
	m, B, P := bt.m, bt.B, bt.m.periods
	rc := bt.row(bt.received, t)[:B]
	for _, i := range m.shareFees {
		c := m.item(i)
		if t < c.From-1 || t > c.To-1 {
			continue
		}
		bt.costWrote[i*P+t] = true
		r := bt.row(bt.cost, i*P+t)[:B]
		inf := bt.row(bt.infl, t)[:B]
		for l := range r {
			x := bt.p[l][c.Amount] * rc[l]
			if !c.Fee {
				x *= inf[l]
			}
			r[l] = x
		}
		bt.check(r)
	}
}

// pooled is truePooled for lane l.
func (bt *Batch) pooled(p byID, mi, l int) float64 {
	var num, den float64
	for c := range bt.m.s.Cohorts {
		n := bt.n[c*bt.B+l]
		num += n * bt.m.effect(p, mi, c)
		den += n
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// earn is book.earn on the lanes: it visits the cohorts in the term's
// window at t; a lane with nothing due and nothing held adds zeros, as
// the scalar path's skipping it does. The scalar path visits too the
// cohorts that hold amounts back after their window, to test them again:
// a cohort is measured within its window (Model.measure), and the
// effects do not change, so a test failed there fails again, and those
// visits change nothing.
func (bt *Batch) earn(j, t int) {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	C := len(s.Cohorts)
	tm := &s.Terms[j]
	thresholds := tm.CohortTested() || tm.PooledTested()
	live := m.live[(j*P+t)*m.words:]
	amt := bt.scr[:B]
	price, pcap := bt.row(bt.price, j)[:B], bt.row(bt.pcap, j)[:B]
	for c := range C {
		jc := j*C + c
		if live[c>>6]&(1<<(c&63)) == 0 {
			continue
		}
		n := bt.row(bt.n, c)[:B]
		paid := bt.row(bt.paidC, jc)[:B]
		switch tm.Basis {
		case scenario.Outcomes:
			o, cl := bt.row(bt.outc, (tm.Metric*C+c)*P+t)[:B], bt.row(bt.claimed, jc)[:B]
			if tm.Once {
				for l := range amt {
					x := o[l]
					if x > 0 {
						x = min(x, max(n[l]-cl[l], 0))
					}
					cl[l] += x
					amt[l] = price[l] * x
				}
				break
			}
			claim(o, cl, price, amt)
		case scenario.Savings:
			ms := bt.msav0
			if tm.Cashable {
				ms = bt.msav1
			}
			x := bt.row(ms, (m.msavAt[tm.Metric]*C+c)*P+t)[:B]
			switch sw := bt.switched[j*B : (j+1)*B]; {
			case tm.Switch == scenario.SwitchWhenPaid:
				copy(amt, x) // the share applies when paid (paidShare)
			default:
				for l := range amt {
					share := bt.p[l][tm.Share]
					if sw[l] {
						share = bt.p[l][tm.ShareAfter]
					}
					amt[l] = share * x[l]
				}
			}
		case scenario.Tiered:
			if t != m.measure[tm.Metric][c] {
				clear(amt)
				break
			}
			bt.tiers(amt, n, j, c)
		}
		if tm.ParticipantCap != 0 {
			for l := range amt {
				x := min(max(amt[l], 0), max(n[l]*pcap[l]-paid[l], 0))
				paid[l] += x
				amt[l] = x
			}
		} else {
			clampPaid(amt, paid)
		}
		if !thresholds {
			bt.release(j, t+tm.Lag, amt)
			continue
		}
		held := bt.row(bt.held, jc)[:B]
		add(held, amt)
		bt.hold[jc] = true
		if tm.CohortTested() && t >= m.measure[tm.Metric][c] {
			bt.hold[jc] = bt.test(bt.passC[jc*B:(jc+1)*B], held, j, t+tm.Lag)
		}
	}
}

// tiers sets amt to n times Model.tier of each lane's effect for cohort
// c under term j: for an absolute schedule, the tiers' comparisons and
// interpolation as tier makes them, on the schedule's points read once a
// block (tierPoints).
func (bt *Batch) tiers(amt, n []float64, j, c int) {
	m, B := bt.m, bt.B
	tm := &m.s.Terms[j]
	sc := &m.s.Tiers[tm.Schedule.Index()]
	eff := bt.contractRow(tm.Metric, c)
	k := len(sc.Effect)
	if sc.Relative || k == 0 {
		for l := range amt {
			amt[l] = n[l] * m.tier(bt.p[l], tm, eff[l])
		}
		return
	}
	// The points' rows: effects x_0 … x_(k−1), then values v_0 … v_(k−1).
	pts := bt.tierPts[bt.tierAt[j]:][:2*k*B]
	n, eff = n[:len(amt)], eff[:len(amt)]
	for l, e := range eff {
		v := 0.0
		if short(e, pts[l], sc) {
			amt[l] = n[l] * v
			continue
		}
		for i := k - 1; i >= 0; i-- {
			x0 := pts[i*B+l]
			if short(e, x0, sc) {
				continue
			}
			v = pts[(k+i)*B+l]
			if tm.Linear && i < k-1 {
				x1, v1 := pts[(i+1)*B+l], pts[(k+i+1)*B+l]
				v = v + (v1-v)*(e-x0)/(x1-x0)
			}
			break
		}
		amt[l] = n[l] * v
	}
}

// tierPoints reads the points of the absolute tier schedules the terms
// pay on from the lanes' vectors into tierPts, once a block.
func (bt *Batch) tierPoints() {
	m, B := bt.m, bt.B
	for j := range m.s.Terms {
		at := bt.tierAt[j]
		if at < 0 {
			continue
		}
		sc := &m.s.Tiers[m.s.Terms[j].Schedule.Index()]
		k := len(sc.Effect)
		for i := range k {
			x, v := bt.tierPts[at+i*B:][:B], bt.tierPts[at+(k+i)*B:][:B]
			for l := range B {
				p := bt.p[l]
				x[l], v[l] = p[sc.Effect[i]], p[sc.Value[i]]
			}
		}
	}
}

// test releases, in each lane whose test passes, what it held back, to
// be paid under term j in period at (lost beyond the horizon), and
// reports whether some lane still holds an amount back.
func (bt *Batch) test(pass []bool, held []float64, j, at int) bool {
	pass = pass[:len(held)]
	holds := false
	if at < bt.m.periods {
		return release(pass, held, bt.row(bt.due, j*bt.m.periods+at))
	}
	for l, ok := range pass {
		if ok {
			held[l] = 0
		}
		holds = holds || held[l] != 0
	}
	return holds
}

// release makes x payable under term j in period t, or lost beyond the
// horizon (what is lost the kernel does not keep: Result.Unpaid is the
// ledger's).
func (bt *Batch) release(j, t int, x []float64) {
	if t >= bt.m.periods {
		return
	}
	add(bt.row(bt.due, j*bt.m.periods+t), x)
}

// pooledTest is book.pooledTest on the lanes.
func (bt *Batch) pooledTest(j, t int) {
	B, C := bt.B, len(bt.m.s.Cohorts)
	at := t + bt.m.s.Terms[j].Lag
	pass := bt.passP[j*B : (j+1)*B]
	for c := range C {
		if jc := j*C + c; bt.hold[jc] {
			bt.hold[jc] = bt.test(pass, bt.row(bt.held, jc), j, at)
		}
	}
}

// termCaps is book.termCaps on the lanes.
func (bt *Batch) termCaps(j, t int) {
	B, P := bt.B, bt.m.periods
	tm := &bt.m.s.Terms[j]
	due, pay := bt.row(bt.due, j*P+t)[:B], bt.row(bt.pay, j*P+t)[:B]
	capP, capT, cum, over := bt.row(bt.capP, j)[:B], bt.row(bt.capT, j)[:B], bt.row(bt.cum, j)[:B], bt.over[:B]
	// The caps the term has, chosen outside the loop; check's test of
	// the amounts due inside it.
	switch {
	case tm.CapPeriod == 0:
		capPay(due, pay, capT, cum, over, tm.CapTotal != 0)
	default:
		for l, x := range due {
			if !(x*x <= maxMoney*maxMoney) {
				over[l] = true
			}
			x = min(x, capP[l])
			if tm.CapTotal != 0 {
				x = min(x, max(capT[l]-cum[l], 0))
			}
			pay[l] = x
		}
	}
}
