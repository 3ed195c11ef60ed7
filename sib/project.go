package sib

import (
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/scenario"
)

// projection holds the float64 projections of one evaluation: the calendar
// factors, participants, outcomes, avoided units and savings. Savings are
// estimates, not money that changes hands, so they stay in float64 in both
// the float path and the ledger.
type projection struct {
	infl  []float64 // [period] price index against the price base
	df    []float64 // [period] discount factor of the period's end
	n     []float64 // [cohort] participants
	outc  []float64 // [(metric·C + cohort)·P + period] outcomes, measured (the contract's)
	units []float64 // [service·P + period] units avoided, by the appraisal's outcomes
	gross []float64 // [agency·P + period] gross saving, real
	cash  []float64 // [agency·P + period] cashable saving, real
	// msav is the nominal saving measured for a metric's cohort in a
	// period, linearly at the agreed unit costs: gross (msav[0]) and
	// cashable at the long-run marginal cost (msav[1]); savings-based
	// terms pay a share.
	// Only the metrics such a term pays on have a block:
	// [(Model.msavAt[metric]·C + cohort)·P + period].
	msav [2][]float64
	// With measurement (Work.Measure), meas holds the measured effects
	// [metric·C + cohort] and pooled the pooled ones [metric], which the
	// terms read, and trueOutc the true outcomes, laid out as outc, from
	// which the state avoids units; outc then holds the measured ones.
	// Without, meas is nil and the state avoids outc's units.
	meas, pooled       []float64
	measBuf, pooledBuf []float64
	trueOutc           []float64
	measureFn          MeasureFunc
	skipAppraisal      bool             // Work.SkipAppraisal: no optimism bias of the savings
	ab                 appraisalBuffers // the appraisal's (appraisal.go)
}

func (m *Model) newProjection() *projection {
	P, C, M := m.periods, len(m.s.Cohorts), len(m.s.Metrics)
	A, S := len(m.agencies), len(m.s.Services)
	return &projection{
		infl: make([]float64, P), df: make([]float64, P), n: make([]float64, C),
		outc: make([]float64, M*C*P), units: make([]float64, S*P),
		gross: make([]float64, A*P), cash: make([]float64, A*P),
		msav: [2][]float64{make([]float64, m.nMeasured*C*P), make([]float64, m.nMeasured*C*P)},
		ab:   m.newAppraisalBuffers(),
	}
}

// project fills pr from the parameters: steps 2 and 3 of the calculation
// chain (outcomes, then the avoided service use and what it saves).
func (m *Model) project(p byID, pr *projection) {
	s := m.s
	P, C := m.periods, len(s.Cohorts)
	// Calendar years and decay years step by one: powers by products.
	g := 1 + p.or(s.Settings.Inflation, 0)
	for t := range P {
		if t > 0 && m.priceYear[t] == m.priceYear[t-1] {
			pr.infl[t] = pr.infl[t-1]
		} else if t > 0 && m.priceYear[t] == m.priceYear[t-1]+1 {
			pr.infl[t] = pr.infl[t-1] * g
		} else {
			pr.infl[t] = powInt(g, m.priceYear[t])
		}
	}
	m.discountFactors(p, pr.df)
	for c := range C {
		pr.n[c] = m.entered(p, c)
	}
	m.measureEffects(p, pr, pr.measureFn)
	outTrue := pr.truth()
	// Only the cells in the windows are ever written (the rest stay 0
	// from allocation), and each outcome cell in them is set afresh
	// below: the sums are cleared there alone.
	for mi := range s.Metrics {
		for c := range C {
			if w, at := m.window[mi][c], (m.msavAt[mi]*C+c)*P; m.measured[mi] {
				clear(pr.msav[0][at+w[0] : at+w[1]])
				clear(pr.msav[1][at+w[0] : at+w[1]])
			}
		}
	}
	for si, w := range m.serviceWindow {
		clear(pr.units[si*P+w[0] : si*P+w[1]])
	}
	for a := range m.agencies {
		w := m.savingWindow
		clear(pr.gross[a*P+w[0] : a*P+w[1]])
		clear(pr.cash[a*P+w[0] : a*P+w[1]])
	}
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		d := p.or(mt.Decay, 0)
		for c := range C {
			at := (mi*C + c) * P
			m.outcomeRow(mt, d, pr.contract(m, p, mi, c)*pr.n[c], s.Cohorts[c].Period, pr.outc[at:at+P])
			if pr.meas != nil {
				m.outcomeRow(mt, d, m.effect(p, mi, c)*pr.n[c], s.Cohorts[c].Period, pr.trueOutc[at:at+P])
			}
		}
		// outc holds the measured outcomes, which the terms pay on and
		// the measured saving values; the state avoids the units of the
		// appraisal's outcomes, k of them a measured outcome (k = 1, and
		// u·k = u exactly, for a metric without additionality).
		k := m.additionality(p, mi)
		for _, a := range m.avoids[mi] {
			u := p[a.Units]
			uk := u * k
			su := pr.units[a.Service*P : (a.Service+1)*P]
			rates := [2]float64{p[s.Services[a.Service].UnitCost] * u, m.cashRate(p, a.Service) * u}
			for c := range C {
				at := (mi*C + c) * P
				w := m.window[mi][c]
				if !m.measured[mi] {
					// No term pays on this metric's measured saving.
					for t := w[0]; t < w[1]; t++ {
						su[t] += outTrue[at+t] * uk
					}
					continue
				}
				ms := (m.msavAt[mi]*C + c) * P
				for t := w[0]; t < w[1]; t++ {
					if x := outTrue[at+t]; x != 0 {
						su[t] += x * uk
					}
					o := pr.outc[at+t]
					if o == 0 {
						continue
					}
					pr.msav[0][ms+t] += o * rates[0] * pr.infl[t]
					pr.msav[1][ms+t] += o * rates[1] * pr.infl[t]
				}
			}
		}
	}
	keep := pr.ab.keep
	if pr.skipAppraisal {
		pr.ab.keep = nil // the savings' optimism bias is the appraisal's alone
	} else {
		m.keepShares(p, pr)
	}
	m.commissionerCosts(p, pr)
	// Line by line, so that each line's rule is worked out once; each
	// agency's period still sums its lines in the same order.
	lag := m.closureLag(p)
	for si := range s.Services {
		sv := &s.Services[si]
		units := pr.units[si*P : (si+1)*P]
		w := m.serviceWindow[si]
		for li := range sv.Lines {
			r := m.lineRule(p, &sv.Lines[li], p[sv.UnitCost], lag)
			a := m.lineAgency[si][li]
			gross, cash := pr.gross[a*P:(a+1)*P], pr.cash[a*P:(a+1)*P]
			for t := w[0]; t < w[1]; t++ {
				u := units[t]
				if u == 0 {
					continue
				}
				// r.savingAt(units, t), written out so that saving inlines.
				g, cs := r.saving(u)
				if r.lag > 0 && cs != 0 && r.behaviour == costing.Step {
					cs = r.lagged(units, t)
				}
				gross[t] += g
				cash[t] += cs
				if pr.ab.keep != nil {
					k := pr.ab.keep[si*P+t]
					pr.ab.grossOB[a*P+t] += g * k
					pr.ab.cashOB[a*P+t] += cs * k
				}
			}
		}
	}
	pr.ab.keep = keep
}

// outcomeRow fills a cohort's row of outcomes of metric mt (decay d) in
// its window: e outcomes (effect × participants) a year, spread over the
// periods, or once at the window's end, decayed by year.
func (m *Model) outcomeRow(mt *scenario.Metric, d, e float64, entry int, row []float64) {
	P := len(row)
	if mt.Per == scenario.Once {
		t := entry + mt.To - 1
		if t < P {
			row[t] = e * powInt(1-d, (mt.To-1)/m.ppy)
		}
		return
	}
	f, year := e/float64(m.ppy), 0
	if k0 := (mt.From - 1) / m.ppy; k0 > 0 {
		f *= powInt(1-d, k0)
		year = k0
	}
	next := (year + 1) * m.ppy // the first period of the next year
	for k := mt.From - 1; k < mt.To && entry+k < P; k++ {
		if k >= next {
			next += m.ppy
			f *= 1 - d
		}
		row[entry+k] = f
	}
}
