package sib

// Measured effects on the lanes: with a Batch's Measure, the kernel draws
// each lane's measured effects as Evaluate does (measureEffects), the
// terms test, tier and price them, and the state's savings count the
// true outcomes (outcT).

// measureLanes fills the measured effects of lanes [0, L) from the true
// ones through bt.Measure, calling bt.Before(l) first; idle lanes keep
// their true effects.
func (bt *Batch) measureLanes(L int) {
	m, B := bt.m, bt.B
	C, M := len(m.s.Cohorts), len(m.s.Metrics)
	if bt.meas == nil {
		bt.meas, bt.pool = make([]float64, M*C*B), make([]float64, M*B)
		bt.mEff, bt.mPool, bt.mN = make([]float64, M*C), make([]float64, M), make([]float64, C)
		bt.outcT = make([]float64, len(bt.outc))
	}
	for l := range B {
		p := bt.p[l]
		for c := range C {
			bt.mN[c] = bt.n[c*B+l]
		}
		for mi := range M {
			for c := range C {
				bt.mEff[mi*C+c] = bt.eff[(mi*C+c)*B+l]
			}
			bt.mPool[mi] = bt.pooled(p, mi, l)
		}
		if l < L {
			if bt.Before != nil {
				bt.Before(l)
			}
			bt.Measure(p[1:], bt.mN, bt.mEff, bt.mPool)
		}
		for i, x := range bt.mEff {
			bt.meas[i*B+l] = x
		}
		for mi, x := range bt.mPool {
			bt.pool[mi*B+l] = x
		}
	}
}

// contract is projection.contract for lane l: the effect of metric mi in
// cohort c the terms read.
func (bt *Batch) contract(l, mi, c int) float64 { return bt.contractRow(mi, c)[l] }

// contractRow is contract's row: every lane's effect of metric mi for
// cohort c.
func (bt *Batch) contractRow(mi, c int) []float64 {
	i := (mi*len(bt.m.s.Cohorts) + c) * bt.B
	if bt.measOn {
		return bt.meas[i : i+bt.B]
	}
	return bt.eff[i : i+bt.B]
}

// effects fills eff with each lane's true effects, Model.effect's, read
// from the lanes' vectors once a block: the kernel reads them for every
// cohort's outcomes, tests and tiers.
func (bt *Batch) effects() {
	s, B := bt.m.s, bt.B
	C := len(s.Cohorts)
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		var prev []float64 // the row of the metric's own effect, once read
		for c := range C {
			id := mt.Effect
			if e := mt.CohortEffect[c]; e != 0 {
				id = e
			}
			row := bt.eff[(mi*C+c)*B : (mi*C+c+1)*B]
			if id == mt.Effect && prev != nil {
				copy(row, prev)
				continue
			}
			for l := range row {
				row[l] = bt.p[l][id]
			}
			if id == mt.Effect {
				prev = row
			}
		}
	}
}

// pooledEffect is Model.pooledEffect for lane l.
func (bt *Batch) pooledEffect(l, mi int) float64 {
	if bt.measOn {
		return bt.pool[mi*bt.B+l]
	}
	return bt.pooled(bt.p[l], mi, l)
}

// A BatchLane is one lane of the last EvaluateBatch, read as a Work is
// after Evaluate: the tests' outcomes at the measured and true effects,
// and the terms' payments. It lives in its Batch until the next Lane.
type BatchLane struct {
	bt *Batch
	l  int
}

// Lane returns lane l of the last EvaluateBatch, and false when the lane
// was evaluated by Evaluate (a fallback, which bt.After sees): its
// figures are then not in the batch's tables.
func (bt *Batch) Lane(l int) (*BatchLane, bool) {
	if !bt.kerneled || bt.odd[l] || bt.over[l] {
		return nil, false
	}
	bt.lane = BatchLane{bt: bt, l: l}
	return &bt.lane, true
}

// Measured is Work.Measured for the lane.
func (bl *BatchLane) Measured(mi, c int) float64 {
	if c < 0 {
		return bl.bt.pooledEffect(bl.l, mi)
	}
	return bl.bt.contract(bl.l, mi, c)
}

// TrueEffect is Work.TrueEffect for the lane.
func (bl *BatchLane) TrueEffect(mi, c int) float64 {
	p := bl.bt.p[bl.l]
	if c < 0 {
		return bl.bt.pooled(p, mi, bl.l)
	}
	return bl.bt.m.effect(p, mi, c)
}

// Passes is Work.Passes for the lane.
func (bl *BatchLane) Passes(j, c int) (pass, tested bool) {
	return bl.test(j, c, bl.Measured(bl.bt.m.s.Terms[j].Metric, c))
}

// TruePasses is Work.TruePasses for the lane.
func (bl *BatchLane) TruePasses(j, c int) (pass, tested bool) {
	return bl.test(j, c, bl.TrueEffect(bl.bt.m.s.Terms[j].Metric, c))
}

// test is Work.test for the lane (no size bands: Batchable).
func (bl *BatchLane) test(j, c int, e float64) (pass, tested bool) {
	m, p := bl.bt.m, bl.bt.p[bl.l]
	if !m.HasTest(j, c) {
		return false, false
	}
	tm := &m.s.Terms[j]
	switch {
	case c < 0 && tm.PooledTested():
		return m.passes(p, tm, e, p[tm.PooledThreshold]), true
	case c >= 0 && tm.CohortTested():
		return m.passes(p, tm, e, p[tm.Threshold]), true
	}
	return m.tier(p, tm, e) > 0, true
}

// TermPaid is Work.TermPaid for the lane.
func (bl *BatchLane) TermPaid(j int) float64 {
	bt := bl.bt
	var s float64
	for t := range bt.m.periods {
		s += bt.pay[(j*bt.m.periods+t)*bt.B+bl.l]
	}
	return s
}
