package sib

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
)

// Appraisal is the deal's value for money for the state and for society
// (docs/appraisal.md): present values, real (in the price base) and
// discounted to the start as the state's figures are, by value
// category; the commissioner's own costs; the returns on investment as
// the GMCA cost-benefit model reports them; and the Green Book
// benefit-cost ratio. The Raw figures are before the optimism-bias
// adjustments of the confidence grades, the others after: a value is
// reduced by its adjustment, a commissioner's cost raised.
type Appraisal struct {
	// Fiscal values are the state's savings (avoided.csv): cashable,
	// and non-cashable = gross − cashable.
	CashablePV, NonCashablePV, EconomicPV, SocialPV             float64
	CashableRawPV, NonCashableRawPV, EconomicRawPV, SocialRawPV float64
	// CommissionerPV is the commissioner's own costs outside the bond.
	CommissionerPV, CommissionerRawPV float64
	// ResourcePV is the delivery costs and fees the bond pays, deflated
	// and discounted: the real resources the programme uses.
	ResourcePV float64
	// NetPublicCostPV = outcome payments + commissioner's costs −
	// cashable savings: the Green Book's net public sector cost.
	NetPublicCostPV float64
	// SocialBenefitPV is the numerator of the BCR: economic + social +
	// non-cashable fiscal value, plus, when the investors are domestic,
	// their surplus (outcome payments − delivery costs and fees), as
	// the payments are then a transfer within society.
	SocialBenefitPV float64
	// NPSV = SocialBenefitPV − NetPublicCostPV: with domestic investors,
	// all value less the real resources (delivery, fees, commissioner's
	// costs); with foreign ones, all value less the payments and the
	// commissioner's costs.
	NPSV float64
	// BCR = SocialBenefitPV / NetPublicCostPV; NaN when the net public
	// cost is not positive (the deal saves the state money: a ratio
	// would mean nothing).
	BCR float64
	// Returns on investment, cumulative as the GMCA model reports them,
	// over the public cost of the deal (outcome payments + commissioner's
	// costs): fiscal (cashable + non-cashable), economic (fiscal +
	// economic), social (fiscal + economic + social, the public value
	// return). NaN when that cost is not positive.
	FiscalROI, EconomicROI, SocialROI float64
	// Foreign: the investors are not domestic (scenario.csv investors).
	Foreign bool
}

// appraisalModel is what Compile works out for the appraisal.
type appraisalModel struct {
	on         bool  // the scenario has values, commissioner's costs or graded savings
	fiscalBias bool  // some avoided row has an optimism-bias adjustment
	commPayer  []int // [commissioner cost] → agency
}

// HasAppraisal reports whether the scenario has appraisal inputs: values
// beyond the budgets, commissioner's costs, or graded savings.
func (m *Model) HasAppraisal() bool { return m.appr.on }

func (m *Model) compileAppraisal() {
	s := m.s
	a := &m.appr
	for _, x := range s.Avoids {
		a.fiscalBias = a.fiscalBias || x.Adjustment != 0
	}
	for _, c := range s.CommissionerCosts {
		i, _ := slices.BinarySearch(m.agencies, c.Payer)
		a.commPayer = append(a.commPayer, i)
	}
	a.on = s.HasAppraisal()
}

// appraisalBuffers adds the appraisal's rows to a projection: keep
// [service·P + period], the share of a service's units avoided left
// after the savings' optimism bias, and the savings after it by agency;
// comm [agency·P + period], the commissioner's costs, real, and commT
// their total by period.
type appraisalBuffers struct {
	keep, grossOB, cashOB []float64
	comm, commT           []float64
}

func (m *Model) newAppraisalBuffers() appraisalBuffers {
	var ab appraisalBuffers
	P, A, S := m.periods, len(m.agencies), len(m.s.Services)
	if m.appr.fiscalBias {
		ab.keep, ab.grossOB, ab.cashOB = make([]float64, S*P), make([]float64, A*P), make([]float64, A*P)
	}
	if len(m.s.CommissionerCosts) > 0 {
		ab.comm, ab.commT = make([]float64, A*P), make([]float64, P)
	}
	return ab
}

// commAt is the commissioner's costs of period t, real; 0 without any.
func (pr *projection) commAt(t int) float64 {
	if pr.ab.commT == nil {
		return 0
	}
	return pr.ab.commT[t]
}

// keepShares works out, once the units avoided are known, the share of
// each service's units in each period that the savings' optimism bias
// leaves: 1 − Σ adjustment × |units of each avoided row| / all units.
// The bias always moves towards the worse: it shrinks units avoided and
// enlarges units added (an outcome that got worse uses more of the
// service), as it shrinks a value and enlarges a cost.
func (m *Model) keepShares(p byID, pr *projection) {
	if !m.appr.fiscalBias {
		return
	}
	s := m.s
	P, C := m.periods, len(s.Cohorts)
	keep, truth := pr.ab.keep, pr.truth()
	clear(keep)
	clear(pr.ab.grossOB)
	clear(pr.ab.cashOB)
	for mi := range s.Metrics {
		k := m.additionality(p, mi)
		for _, a := range m.avoids[mi] {
			if a.Adjustment == 0 {
				continue
			}
			cut := math.Abs(p[a.Units]*k) * a.Adjustment
			row := keep[a.Service*P : (a.Service+1)*P]
			for c := range C {
				w, at := m.window[mi][c], (mi*C+c)*P
				for t := w[0]; t < w[1]; t++ {
					row[t] += math.Abs(truth[at+t]) * cut
				}
			}
		}
	}
	for si := range s.Services {
		for t := range P {
			i := si*P + t
			if u := pr.units[i]; u != 0 {
				keep[i] = 1 - keep[i]/u // u − the cut, towards the worse whatever u's sign
			} else {
				keep[i] = 1
			}
		}
	}
}

// commissionerCosts fills the commissioner's costs of the projection,
// real, by agency and period.
func (m *Model) commissionerCosts(p byID, pr *projection) {
	s := m.s
	if len(s.CommissionerCosts) == 0 {
		return
	}
	P := m.periods
	clear(pr.ab.comm)
	clear(pr.ab.commT)
	for i := range s.CommissionerCosts {
		row := pr.ab.comm[m.appr.commPayer[i]*P:][:P]
		m.eachCommissionerCost(p, pr, &s.CommissionerCosts[i], func(t int, x float64) {
			row[t] += x
			pr.ab.commT[t] += x
		})
	}
}

// eachCommissionerCost calls f with each period's amount of a
// commissioner's cost, real, on the bases of delivery costs (a cohort
// at a time for the per-participant bases), up to a termination.
func (m *Model) eachCommissionerCost(p byID, pr *projection, c *scenario.CommissionerCost, f func(t int, x float64)) {
	last := m.end + 1
	amt := p[c.Amount]
	switch c.Basis {
	case scenario.PerPeriod, scenario.Upfront:
		for t := max(c.From-1, 0); t < min(c.To, last); t++ {
			f(t, amt)
		}
	default:
		to := c.To
		if c.Basis == scenario.PerParticipant {
			to = c.From
		}
		for ci, ch := range m.s.Cohorts {
			for t := max(ch.Period+c.From-1, 0); t < min(ch.Period+to, last); t++ {
				f(t, amt*pr.n[ci])
			}
		}
	}
}

// valuePV is the present value of value v before its adjustment: the
// metric's outcomes net of additionality, times the value a unit.
func (m *Model) valuePV(p byID, pr *projection, v *scenario.Value) float64 {
	P, C := m.periods, len(m.s.Cohorts)
	mi := v.Metric
	x := p[v.Value] * m.additionality(p, mi)
	truth := pr.truth()
	var pv float64
	for c := range C {
		w, at := m.window[mi][c], (mi*C+c)*P
		for t := w[0]; t < w[1]; t++ {
			pv += truth[at+t] * pr.df[t]
		}
	}
	return pv * x
}

// appraiseOf fills o.Appraisal from a played book, on either path. The
// state's other figures (o.CashablePV, o.PaymentsPV...) are filled.
func appraiseOf[T amount](m *Model, p byID, pr *projection, b *book[T], o *Outputs) {
	a := &o.Appraisal
	*a = Appraisal{Foreign: m.s.Settings.ForeignInvestors}
	s := m.s
	P := m.periods
	a.CashableRawPV = o.CashablePV
	a.NonCashableRawPV = o.GrossPV - o.CashablePV
	a.CashablePV, a.NonCashablePV = a.CashableRawPV, a.NonCashableRawPV
	if m.appr.fiscalBias {
		var g, c float64
		for ag := range m.agencies {
			for t := m.savingWindow[0]; t < m.savingWindow[1]; t++ {
				g += pr.ab.grossOB[ag*P+t] * pr.df[t]
				c += pr.ab.cashOB[ag*P+t] * pr.df[t]
			}
		}
		a.CashablePV, a.NonCashablePV = c, g-c
	}
	for i := range s.Benefits {
		v := &s.Benefits[i]
		raw := m.valuePV(p, pr, v)
		adj := raw - math.Abs(raw)*v.Adjustment // towards the worse, as keepShares
		if v.Category == scenario.Economic {
			a.EconomicRawPV += raw
			a.EconomicPV += adj
		} else {
			a.SocialRawPV += raw
			a.SocialPV += adj
		}
	}
	if pr.ab.comm != nil {
		for i := range s.CommissionerCosts {
			c := &s.CommissionerCosts[i]
			pv := m.commissionerPV(p, pr, c)
			a.CommissionerRawPV += pv
			a.CommissionerPV += pv * (1 + c.Adjustment)
		}
	}
	for i := range m.nItems {
		for t := range P {
			if x := b.cost[i*P+t]; x != 0 {
				a.ResourcePV += b.f(x) / pr.infl[t] * pr.df[t]
			}
		}
	}
	a.finish(o.PaymentsPV)
}

// commissionerPV is the present value of one commissioner's cost before
// its adjustment.
func (m *Model) commissionerPV(p byID, pr *projection, c *scenario.CommissionerCost) float64 {
	var pv float64
	m.eachCommissionerCost(p, pr, c, func(t int, x float64) { pv += x * pr.df[t] })
	return pv
}

// finish works out the ratios from the present values.
func (a *Appraisal) finish(paymentsPV float64) {
	a.NetPublicCostPV = paymentsPV + a.CommissionerPV - a.CashablePV
	a.SocialBenefitPV = a.EconomicPV + a.SocialPV + a.NonCashablePV
	if !a.Foreign {
		a.SocialBenefitPV += paymentsPV - a.ResourcePV
	}
	a.NPSV = a.SocialBenefitPV - a.NetPublicCostPV
	a.BCR = ratio(a.SocialBenefitPV, a.NetPublicCostPV)
	cost := paymentsPV + a.CommissionerPV
	fiscal := a.CashablePV + a.NonCashablePV
	a.FiscalROI = ratio(fiscal, cost)
	a.EconomicROI = ratio(fiscal+a.EconomicPV, cost)
	a.SocialROI = ratio(fiscal+a.EconomicPV+a.SocialPV, cost)
}

// ratio is x / y, or NaN when y is not positive.
func ratio(x, y float64) float64 {
	if !(y > 0) {
		return math.NaN()
	}
	return x / y
}

// commissionerViews adds the commissioner's costs to the agencies' views,
// nominal and discounted, each period's amount rounded to the cent.
func (m *Model) commissionerViews(pr *projection, views []AgencyView) {
	if pr.ab.comm == nil {
		return
	}
	P := m.periods
	for a := range views {
		v := &views[a]
		for t, x := range pr.ab.comm[a*P : (a+1)*P] {
			if x == 0 {
				continue
			}
			v.Commissioner = v.Commissioner.Add(roundCents(x * pr.infl[t]))
			v.CommissionerPV = v.CommissionerPV.Add(roundCents(x * pr.df[t]))
		}
	}
}

// ledgerAppraisal makes the ledger's appraisal agree with the state
// table's totals, which Run's headline figures are.
func (m *Model) ledgerAppraisal(tot AgencyView, o *Outputs) {
	a := &o.Appraisal
	a.CashableRawPV, a.NonCashableRawPV = o.CashablePV, o.GrossPV-o.CashablePV
	if !m.appr.fiscalBias {
		a.CashablePV, a.NonCashablePV = a.CashableRawPV, a.NonCashableRawPV
	}
	if raw := tot.CommissionerPV.InexactFloat64(); a.CommissionerRawPV != 0 {
		a.CommissionerPV *= raw / a.CommissionerRawPV
		a.CommissionerRawPV = raw
	}
	a.finish(o.PaymentsPV)
}

// CommissionerRow is a commissioner's cost in one period, before its
// optimism-bias uplift: real (price base), nominal and discounted, each
// rounded to the cent.
type CommissionerRow struct {
	Period            int
	Item, Payer       string
	Real, Nominal, PV decimal.Decimal
	Adjustment        float64 // the uplift of its grade, a fraction
	Confidence        string  // its grade, "" when none or a direct adjustment
}

// ValueRow is the present value of one value beyond the budgets
// (values.csv) over the horizon, before and after its optimism bias.
type ValueRow struct {
	Metric      string
	Category    scenario.ValueCategory
	Beneficiary string
	Confidence  string
	Adjustment  float64
	RawPV, PV   decimal.Decimal
}

// FiscalRow is an agency's savings in the appraisal: present values,
// before and after the optimism bias of avoided.csv's grades.
type FiscalRow struct {
	Agency                          string
	CashableRawPV, CashablePV       decimal.Decimal
	NonCashableRawPV, NonCashablePV decimal.Decimal
}

// appraisalRows lists the commissioner's costs by period and the values'
// present values, for Result.
func (m *Model) appraisalRows(p byID, pr *projection, r *Result) {
	s := m.s
	P := m.periods
	for i := range s.CommissionerCosts {
		c := &s.CommissionerCosts[i]
		x := make([]float64, P)
		m.eachCommissionerCost(p, pr, c, func(t int, v float64) { x[t] += v })
		for t, v := range x {
			if v != 0 {
				r.Commissioner = append(r.Commissioner, CommissionerRow{Period: t + 1, Item: c.Name, Payer: c.Payer,
					Real: roundCents(v), Nominal: roundCents(v * pr.infl[t]), PV: roundCents(v * pr.df[t]), Adjustment: c.Adjustment, Confidence: c.Confidence})
			}
		}
	}
	for a, v := range r.State[:len(r.State)-1] {
		row := FiscalRow{Agency: v.Agency, CashableRawPV: v.CashablePV, NonCashableRawPV: v.GrossPV.Sub(v.CashablePV)}
		row.CashablePV, row.NonCashablePV = row.CashableRawPV, row.NonCashableRawPV
		if m.appr.fiscalBias {
			var g, c float64
			for t := m.savingWindow[0]; t < m.savingWindow[1]; t++ {
				g += pr.ab.grossOB[a*P+t] * pr.df[t]
				c += pr.ab.cashOB[a*P+t] * pr.df[t]
			}
			row.CashablePV, row.NonCashablePV = roundCents(c), roundCents(g-c)
		}
		r.Fiscal = append(r.Fiscal, row)
	}
	for i := range s.Benefits {
		v := &s.Benefits[i]
		raw := m.valuePV(p, pr, v)
		r.Values = append(r.Values, ValueRow{Metric: s.Metrics[v.Metric].Name, Category: v.Category, Beneficiary: v.Beneficiary,
			Confidence: v.Confidence, Adjustment: v.Adjustment, RawPV: roundCents(raw), PV: roundCents(raw - math.Abs(raw)*v.Adjustment)})
	}
}
