package sib

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/scenario"
)

// tooLarge explains an evaluation that produced an amount the ledger
// cannot hold: ErrTooLarge wrapped with the amount (what, in which
// period, how large) and the parameters behind it, each with its value
// and where it was read ("payments.csv:3:5"), so that the user knows
// which input to fix. It runs only once an evaluation has failed.
func tooLarge[T amount](m *Model, p byID, pr *projection, b *book[T]) error {
	if b.overflow {
		return m.siteError(p, pr, b.at, b.atValue)
	}
	return m.savingError(p, pr)
}

// siteError explains an amount of the book that is too large.
func (m *Model) siteError(p byID, pr *projection, at site, x float64) error {
	s := m.s
	var what string
	var params []scenario.ParamID
	switch at.kind {
	case atParam:
		// The parameter itself is the amount: a commitment, a cap.
		return overLimit("%s", m.describe(p, []scenario.ParamID{scenario.ParamID(at.i)}))
	case atTerm:
		tm := &s.Terms[at.i]
		what = fmt.Sprintf("the payment of term %s released in period %d", tm.Name, at.period+1)
		params = m.termInputs(p, pr, at.i)
	case atCost:
		c := m.item(at.i)
		kind := "delivery cost"
		if c.Fee {
			kind = "fee"
		}
		what = fmt.Sprintf("%s %s in period %d", kind, c.Name, at.period+1)
		params = []scenario.ParamID{c.Amount}
		if c.Basis == scenario.PerParticipant || c.Basis == scenario.PerParticipantPeriod {
			params = append(params, m.largestCohort(p, pr, -1)...)
		}
		if !c.Fee {
			params = append(params, s.Settings.Inflation)
		}
	case atCoupon, atCap, atFloor:
		tr := &s.Tranches[at.i]
		switch at.kind {
		case atCoupon:
			what = fmt.Sprintf("the target return of tranche %s accrued in period %d", tr.Name, at.period+1)
			params = []scenario.ParamID{tr.Coupon, tr.Commitment}
			for _, c := range s.Coupons {
				if c.Tranche == tr.Name && at.period+1 >= c.From && at.period+1 <= c.To {
					params = append(params, c.Rate, c.Floor)
				}
			}
		case atCap:
			what = fmt.Sprintf("the cap on tranche %s's receipts (cap × capital drawn)", tr.Name)
			params = []scenario.ParamID{tr.Cap, tr.Commitment}
		default:
			what = fmt.Sprintf("the floor of tranche %s's guarantee (floor × capital drawn)", tr.Name)
			params = []scenario.ParamID{tr.Floor, tr.Commitment}
		}
	default:
		return fmt.Errorf("%w for the ledger (over 10 trillion)", ErrTooLarge)
	}
	return overLimit("%s %s; it comes from %s", what, wouldBe(x), m.describe(p, params))
}

// savingError explains a saving that is too large or not finite: the
// first agency and period where it is, and the inputs of the service that
// saves the most there.
func (m *Model) savingError(p byID, pr *projection) error {
	s := m.s
	P := m.periods
	for a, ag := range m.agencies {
		for t := range P {
			g, c := pr.gross[a*P+t], pr.cash[a*P+t]
			kind, x := "gross", g
			if math.Abs(g) <= maxMoney {
				if math.Abs(c) <= maxMoney {
					continue
				}
				kind, x = "cashable", c
			}
			si := m.largestService(p, pr, a, t)
			what := fmt.Sprintf("the %s saving of agency %s in period %d", kind, ag, t+1)
			if si < 0 {
				return overLimit("%s %s", what, wouldBe(x))
			}
			sv := &s.Services[si]
			params := []scenario.ParamID{sv.UnitCost}
			if kind == "cashable" {
				for _, ln := range sv.Lines {
					if ln.Agency == ag && ln.StepParam != 0 {
						params = append(params, ln.StepParam)
					}
				}
			}
			for _, av := range s.Avoids {
				if av.Service == si {
					params = append(params, av.Units)
					params = append(params, m.largestCohort(p, pr, av.Metric)...)
				}
			}
			return overLimit("%s %s, from service %s; it comes from %s", what, wouldBe(x), sv.Name, m.describe(p, params))
		}
	}
	// Finite savings whose present value is not: the discounting.
	var params []scenario.ParamID
	for _, b := range s.Discount {
		params = append(params, b.Rate)
	}
	params = append(params, s.Settings.Inflation)
	return overLimit("the state's savings in present value are not finite; check %s", m.describe(p, params))
}

// largestService returns the service whose units avoided in period t
// are worth the most to agency a (−1 when none is).
func (m *Model) largestService(p byID, pr *projection, a, t int) int {
	best, bestV := -1, -1.0
	for si := range m.s.Services {
		sv := &m.s.Services[si]
		for li := range sv.Lines {
			if m.lineAgency[si][li] != a {
				continue
			}
			v := math.Abs(pr.units[si*m.periods+t] * p[sv.UnitCost])
			if math.IsNaN(v) {
				v = math.Inf(1)
			}
			if pr.units[si*m.periods+t] != 0 && v > bestV {
				best, bestV = si, v
			}
		}
	}
	return best
}

// termInputs lists the parameters behind a term's payment: its price,
// share or schedule, and the metric's effect and the size of the cohort
// that contributes the most.
func (m *Model) termInputs(p byID, pr *projection, j int) []scenario.ParamID {
	s := m.s
	tm := &s.Terms[j]
	var params []scenario.ParamID
	switch tm.Basis {
	case scenario.Outcomes:
		params = append(params, tm.Price)
	case scenario.Savings:
		params = append(params, tm.Share, tm.ShareAfter)
		for _, av := range s.Avoids {
			if av.Metric == tm.Metric {
				params = append(params, av.Units, s.Services[av.Service].UnitCost)
			}
		}
	case scenario.Costs:
		params = append(params, tm.Share)
		for i := range s.Delivery {
			params = append(params, s.Delivery[i].Amount)
		}
	case scenario.Tiered:
		sc := &s.Tiers[tm.Schedule.Index()]
		var top scenario.ParamID
		topV := -1.0
		for _, v := range sc.Value {
			if x := math.Abs(p[v]); x > topV || math.IsNaN(x) {
				top, topV = v, x
			}
		}
		params = append(params, top)
	}
	return append(params, m.largestCohort(p, pr, tm.Metric)...)
}

// largestCohort returns the parameters of the cohort with the most
// participants (mi < 0) or the largest effect in all (metric mi): its
// effect, size and take-up.
func (m *Model) largestCohort(p byID, pr *projection, mi int) []scenario.ParamID {
	best, bestV := -1, -1.0
	for c, n := range pr.n {
		v := math.Abs(n)
		if mi >= 0 {
			v = math.Abs(n * m.effect(p, mi, c))
		}
		if math.IsNaN(v) {
			v = math.Inf(1)
		}
		if v > bestV {
			best, bestV = c, v
		}
	}
	if best < 0 {
		return nil
	}
	co := &m.s.Cohorts[best]
	var params []scenario.ParamID
	if mi >= 0 {
		mt := &m.s.Metrics[mi]
		e := mt.Effect
		if ce := mt.CohortEffect[best]; ce != 0 {
			e = ce
		}
		params = append(params, e)
	}
	return append(params, co.Size, co.TakeUp)
}

// describe lists parameters as "name = value (source)", leaving out
// absent ones (zero) and repeats.
func (m *Model) describe(p byID, params []scenario.ParamID) string {
	var b strings.Builder
	seen := map[scenario.ParamID]bool{}
	for _, i := range params {
		if i == 0 || seen[i] {
			continue
		}
		seen[i] = true
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		pm := m.s.At(i)
		fmt.Fprintf(&b, "%s = %s", pm.Name, strconv.FormatFloat(p[i], 'g', -1, 64))
		if pm.Source != "" {
			fmt.Fprintf(&b, " (%s)", pm.Source)
		}
	}
	if b.Len() == 0 {
		return "the scenario's inputs"
	}
	return b.String()
}

// wouldBe says how large an amount of currency units would be.
func wouldBe(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "is not a finite number"
	}
	return "would be " + strconv.FormatFloat(x, 'g', 4, 64)
}

// overLimit is ErrTooLarge, with the limit and then what is over it.
func overLimit(format string, args ...any) error {
	return fmt.Errorf("%w for the ledger (over 10 trillion): "+format, append([]any{ErrTooLarge}, args...)...)
}
