package sib

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/scenario"
)

// Model is a scenario compiled for evaluation: the structure resolved to
// indices and the calendar worked out, so that Evaluate only reads the
// parameter vector and fills preallocated buffers. A Model is read-only
// and safe for concurrent use; each goroutine needs its own Work.
type Model struct {
	s            *scenario.Scenario
	periods, ppy int
	agencies     []string // every agency that saves or pays, sorted
	lineAgency   [][]int  // [service][line] → agency
	payer        []int    // [term] → agency
	priceYear    []int    // [period] → calendar year − price base
	time         []float64
	xyears       []float64          // [period] → years from the first period's end (XIRR day count)
	measure      [][]int            // [metric][cohort] → period the cohort is measured
	pooled       []int              // [metric] → period of the pooled test (the last cohort's)
	avoids       [][]scenario.Avoid // [metric] → its avoided services
	measured     []bool             // [metric] → a savings-based term pays on its measured saving
	msavAt       []int              // [metric] → its block of the measured savings (projection.msav), −1 when not measured
	nMeasured    int
	// window[metric][cohort] holds the periods [lo, hi) in which the
	// cohort's outcomes can be other than 0, and serviceWindow[service]
	// those in which units of the service can be avoided: the loops
	// over periods skip the rest.
	window        [][][2]int
	serviceWindow [][2]int
	savingWindow  [2]int // the union of the services' windows

	// The batched kernel's plan of its units and savings rows, which
	// need no clearing (planUnits, planSavings).
	unitPlan runPlan  // project's writers of units rows: metric, avoided line, cohort
	unitGaps [][2]int // rows of units in the services' windows that none writes
	savePlan runPlan  // savings' writers of savings rows: service, line
	wrote    []uint8  // [agency·P + period] the agency's savings rows written: 1 gross, 2 cashable
	// live[(term·periods + period)·words + w] has bit c%64 of word
	// w = c/64 set when period is in cohort c's window of the term's
	// metric: the term visits only those cohorts (and those holding
	// amounts back).
	live []uint64
	// termEnd[term] is the first period from which the term can have
	// nothing more to pay: its cohorts' windows, and its pooled test,
	// are over and the lag has run (the effects do not change over
	// time, so a test that fails at its period fails for good).
	termEnd           []int
	words             int
	dates             []time.Time
	costParties       []string // parties paid for delivery and fees, sorted
	costParty         []int    // [delivery..., fees...] → costParties index
	investors         []string
	investorOf        []int // [tranche] → investors index
	nDelivery, nItems int
	shareFees         []int // cost items that are a share of the payments
	// juniorFees are the subordinated fees (cost items), paid after the
	// tranches; junior[item] marks them (nil: none).
	juniorFees []int
	junior     []bool
	// commitFees: some tranche has a commitment fee.
	commitFees bool
	// distribute[period] marks the periods the bond distributes its cash
	// in; nil: every period.
	distribute []bool
	foot       footprint
	budget     int64 // bytes; −1: none

	appr appraisalModel // the appraisal's values, costs and grades (appraisal.go)

	pays payerModel // who pays each term, in what shares; each payer's caps
	// capital says which of the capital terms the deal's tranches use.
	capital capitalUse
	// terminated: the contract ends early, after period end (0-based;
	// the last period when not terminated). accrual[metric][cohort] is
	// the share of a tier value paid for a cohort on termination (the
	// part of its outcome window elapsed, or 1 when measured by then
	// and else 0 under PayMeasuredOnly); nil when not terminated.
	terminated bool
	end        int
	accrual    [][]float64
	// payAccrued: terminated under pay_accrued, so a periodic term's
	// interval open at termination is measured and paid then.
	payAccrued bool
	// coupons are the tranches' coupons by range of periods (coupons.csv);
	// nil: none.
	coupons []couponRange
	// groups are the cap groups of rate-card terms (capgroups.go); nil:
	// none.
	groups []capGroupModel
	// actual is the outcome payments already made (actuals.go); nil:
	// none.
	actual *actualModel
}

// capitalUse says which of the capital terms a deal uses, worked out once
// in Compile from its structure: the waterfall of a deal that uses none
// of them (the plain path) costs what it did before they existed.
type capitalUse struct {
	early    bool // a tranche matures before the last period (closed after)
	amortise bool // a tranche repays its principal by instalments
	rateCap  bool // a tranche's receipts are capped at a rate a year (cap_rate)
	first    int  // the first period in which a tranche matures, 0-based; P: none
	// bounded: early or rateCap, a tranche's room is more than its cap's;
	// plain: none of the three, and paid by tranche (each its target
	// return and its principal before the next).
	bounded, plain bool
}

// capitalUses works out which capital terms the tranches use over a
// horizon of P periods.
func capitalUses(s *scenario.Scenario, P, end int) capitalUse {
	u := capitalUse{first: P}
	for k := range s.Tranches {
		tr := &s.Tranches[k]
		mat := min(tr.MaturityPeriod(P), end)
		u.early = u.early || mat < P-1
		u.amortise = u.amortise || tr.Amortise > 0
		u.rateCap = u.rateCap || tr.CapRate != 0
		u.first = min(u.first, mat)
	}
	u.bounded = u.early || u.rateCap
	u.plain = !u.early && !u.amortise && !u.rateCap && s.Settings.Waterfall != scenario.InterestFirst
	return u
}

// Compile checks a scenario's structure and returns its model, under
// the default memory budget (CompileWith).
func Compile(s *scenario.Scenario) (*Model, error) { return CompileWith(s, CompileOptions{}) }

// CompileWith is Compile with options. Before it allocates anything that
// grows with the periods it estimates the memory of the model and one
// evaluation, and returns a *MemoryError (ErrMemory) when they would need
// more than the budget.
func CompileWith(s *scenario.Scenario, opt CompileOptions) (*Model, error) {
	st := &s.Settings
	if st.Periods <= 0 || st.Months <= 0 {
		return nil, fmt.Errorf("%w: the scenario has no horizon", scenario.ErrInput)
	}
	if err := s.CheckValues(); err != nil {
		return nil, err
	}
	m := &Model{s: s, periods: st.Periods, ppy: st.PerYear(), budget: opt.MaxBytes}
	m.terminated, m.end = st.Terminated()
	if m.budget == 0 {
		m.budget = DefaultMaxBytes
	}
	m.budget = max(m.budget, -1)
	// The commissioner's costs are paid by these agencies (Load and Build
	// check it), so they add none.
	m.agencies = s.Agencies()
	m.foot = estimateFootprint(s, st.Periods, len(m.agencies))
	if err := m.check("the model and one evaluation", addBytes(m.foot.Model, m.foot.Work)); err != nil {
		return nil, err
	}
	for _, sv := range s.Services {
		idx := make([]int, len(sv.Lines))
		for i, ln := range sv.Lines {
			idx[i], _ = slices.BinarySearch(m.agencies, ln.Agency)
		}
		m.lineAgency = append(m.lineAgency, idx)
	}
	for _, t := range s.Terms {
		i, _ := slices.BinarySearch(m.agencies, t.Payer)
		m.payer = append(m.payer, i)
	}
	m.compilePayers()
	m.compileAppraisal()
	m.compileCapGroups()
	if err := m.compileActuals(); err != nil {
		return nil, err
	}
	P := m.periods
	m.priceYear = make([]int, P)
	m.time = make([]float64, P)
	m.dates = make([]time.Time, P)
	for t := range P {
		m.priceYear[t] = st.PeriodStart(t).Year() - st.PriceBase
		m.time[t] = discountYears(st.DiscountTiming, t, m.ppy)
		m.dates[t] = st.PeriodEnd(t)
	}
	m.xyears = DayYears(m.dates, st.DayCount, nil)
	m.avoids = make([][]scenario.Avoid, len(s.Metrics))
	for _, a := range s.Avoids {
		m.avoids[a.Metric] = append(m.avoids[a.Metric], a)
	}
	m.measured = make([]bool, len(s.Metrics))
	for _, tm := range s.Terms {
		if tm.Basis == scenario.Savings {
			m.measured[tm.Metric] = true
		}
	}
	m.msavAt = make([]int, len(s.Metrics))
	for mi, ok := range m.measured {
		m.msavAt[mi] = -1
		if ok {
			m.msavAt[mi] = m.nMeasured
			m.nMeasured++
		}
	}
	m.measure = make([][]int, len(s.Metrics))
	m.pooled = make([]int, len(s.Metrics))
	for mi, mt := range s.Metrics {
		m.measure[mi] = make([]int, len(s.Cohorts))
		for ci, c := range s.Cohorts {
			m.measure[mi][ci] = c.Period + mt.To - 1
			m.pooled[mi] = max(m.pooled[mi], m.measure[mi][ci])
		}
	}
	m.window = make([][][2]int, len(s.Metrics))
	m.serviceWindow = make([][2]int, len(s.Services))
	for si := range m.serviceWindow {
		m.serviceWindow[si] = [2]int{P, P}
	}
	for mi, mt := range s.Metrics {
		m.window[mi] = make([][2]int, len(s.Cohorts))
		for ci, c := range s.Cohorts {
			lo, hi := c.Period+mt.From-1, c.Period+mt.To
			if mt.Per == scenario.Once {
				lo = hi - 1
			}
			lo, hi = min(lo, P), min(hi, P)
			w := [2]int{lo, max(lo, hi)}
			m.window[mi][ci] = w
			for _, a := range m.avoids[mi] {
				sw := &m.serviceWindow[a.Service]
				if w[0] < w[1] {
					if sw[0] >= sw[1] {
						*sw = w
					}
					sw[0], sw[1] = min(sw[0], w[0]), max(sw[1], w[1])
				}
			}
		}
	}
	if m.terminated {
		m.terminate()
		m.payAccrued = s.Settings.OnTermination != scenario.PayMeasuredOnly
	}
	m.words = (len(s.Cohorts) + 63) / 64
	m.live = make([]uint64, len(s.Terms)*P*m.words)
	m.termEnd = make([]int, len(s.Terms))
	for j, tm := range s.Terms {
		if tm.Measure != scenario.MeasureCohort {
			// A periodic term releases its last amount at the end of
			// its last period (or the horizon's).
			_, to, _ := m.span(j)
			m.termEnd[j] = max(0, min(P, to-1+tm.Lag+1))
			continue
		}
		last := -1 // the last period in which the term can release an amount
		for _, w := range m.window[tm.Metric] {
			if w[0] < w[1] {
				last = max(last, w[1]-1)
			}
		}
		if tm.PooledTested() {
			last = max(last, min(m.pooled[tm.Metric], P-1))
		}
		m.termEnd[j] = max(0, min(P, last+tm.Lag+1))
		for ci, w := range m.window[tm.Metric] {
			if m.accrual != nil && m.accrual[tm.Metric][ci] == 0 {
				continue // paid nothing on termination
			}
			for t := w[0]; t < w[1]; t++ {
				m.live[(j*P+t)*m.words+ci/64] |= 1 << (ci % 64)
			}
		}
	}
	m.savingWindow = [2]int{P, 0}
	for _, w := range m.serviceWindow {
		if w[0] < w[1] {
			m.savingWindow = [2]int{min(m.savingWindow[0], w[0]), max(m.savingWindow[1], w[1])}
		}
	}
	if m.savingWindow[0] >= m.savingWindow[1] {
		m.savingWindow = [2]int{P, P}
	}
	m.planUnits()
	m.planSavings()
	var cp []string
	for _, c := range s.Delivery {
		cp = append(cp, c.Party)
	}
	for _, c := range s.Fees {
		cp = append(cp, c.Party)
	}
	slices.Sort(cp)
	m.costParties = slices.Compact(cp)
	for _, c := range append(slices.Clone(s.Delivery), s.Fees...) {
		i, _ := slices.BinarySearch(m.costParties, c.Party)
		m.costParty = append(m.costParty, i)
	}
	m.nDelivery = len(s.Delivery)
	m.nItems = len(s.Delivery) + len(s.Fees)
	for i := range m.nItems {
		if m.item(i).Basis == scenario.ShareOfPayments {
			m.shareFees = append(m.shareFees, i)
		}
	}
	m.subordinated()
	var inv []string
	for _, t := range s.Tranches {
		inv = append(inv, t.Investor)
	}
	slices.Sort(inv)
	m.investors = slices.Compact(inv)
	for _, t := range s.Tranches {
		i, _ := slices.BinarySearch(m.investors, t.Investor)
		m.investorOf = append(m.investorOf, i)
	}
	if m.terminated {
		for j := range m.termEnd {
			m.termEnd[j] = min(m.termEnd[j], m.end+1)
		}
	}
	m.capital = capitalUses(s, P, m.end)
	m.compileCoupons()
	return m, nil
}

// terminate works out what a contract terminated after period T = m.end
// pays for each cohort: the tests not yet taken are taken at T (the
// measurement and pooled periods after T move to T), and a tier value
// is paid in the share accrual of its outcome window elapsed by then
// (pay_accrued), or in full for a cohort measured by T and not at all
// for the others (pay_measured_only). Payments due after T are brought
// forward to it (book.release), and the terms pay nothing after it.
func (m *Model) terminate() {
	s, T := m.s, m.end
	measuredOnly := s.Settings.OnTermination == scenario.PayMeasuredOnly
	m.accrual = make([][]float64, len(s.Metrics))
	for mi, mt := range s.Metrics {
		m.accrual[mi] = make([]float64, len(s.Cohorts))
		for ci, c := range s.Cohorts {
			lo, hi := c.Period+mt.From-1, c.Period+mt.To // the window, [lo, hi)
			a := 0.0
			switch {
			case hi-1 <= T:
				a = 1
			case !measuredOnly && lo <= T:
				a = float64(T+1-lo) / float64(hi-lo)
			}
			m.accrual[mi][ci] = a
			m.measure[mi][ci] = min(m.measure[mi][ci], T)
		}
		m.pooled[mi] = min(m.pooled[mi], T)
	}
}

// maturityOf is the period tranche k matures, 0-based: its maturity, or
// the termination's when earlier.
func (m *Model) maturityOf(k int) int {
	return min(m.s.Tranches[k].MaturityPeriod(m.periods), m.end)
}

// Timed returns the model of the same scenario with its timing
// parameters (lags, outcome windows, maturities: scenario.Param.Int) at
// their values in v, a vector laid out as Scenario.Values: m itself when
// they are the values m was compiled with, else a new compile under m's
// memory budget. Evaluate and Run read the timing parameters at Compile
// and ignore their values in the vector: a sensitivity analysis that
// moves one compiles a model for each combination it visits (package
// uncertainty keeps them in a small cache).
func (m *Model) Timed(v []float64) (*Model, error) {
	s, err := m.s.Timed(v)
	if err != nil {
		return nil, err
	}
	if s == m.s {
		return m, nil
	}
	return CompileWith(s, CompileOptions{MaxBytes: m.budget})
}

// agencyIndex returns the index of agency a in m.agencies.
func (m *Model) agencyIndex(a string) int {
	i, _ := slices.BinarySearch(m.agencies, a)
	return i
}

// Scenario returns the scenario the model was compiled from.
func (m *Model) Scenario() *scenario.Scenario { return m.s }

// participants returns a cohort's participants: size × take-up.
func (m *Model) participants(p byID, c int) float64 {
	co := &m.s.Cohorts[c]
	return p[co.Size] * p.or(co.TakeUp, 1)
}

// effect returns metric mi's effect for cohort c.
func (m *Model) effect(p byID, mi, c int) float64 {
	mt := &m.s.Metrics[mi]
	if e := mt.CohortEffect[c]; e != 0 {
		return p[e]
	}
	return p[mt.Effect]
}

// additionality returns the share of metric mi's measured outcomes that
// the state counts as its own saving: (1 − deadweight) × (1 − displacement)
// × attribution, exactly 1 when the metric gives none of them. Payments
// count the measured outcomes; the units avoided, the appraisal's.
func (m *Model) additionality(p byID, mi int) float64 {
	mt := &m.s.Metrics[mi]
	if mt.Deadweight|mt.Displacement|mt.Attribution == 0 {
		return 1
	}
	return (1 - p.or(mt.Deadweight, 0)) * (1 - p.or(mt.Displacement, 0)) * p.or(mt.Attribution, 1)
}

// discountFactors fills df with the discount factor of each period, under
// the rate of each year band (a Green Book style schedule: a band's rate
// applies to the years within it), from the period's end or, with the
// Green Book's timing, from the whole years before the period's start
// (discountYears).
func (m *Model) discountFactors(p byID, df []float64) {
	bands := m.s.Discount
	if len(bands) == 1 && m.s.Settings.DiscountTiming == scenario.GreenBook {
		// Whole years: a factor a year, the same for a year's periods.
		step := 1 / (1 + p[bands[0].Rate])
		v, y := 1.0, 0
		for t := range df {
			for ; y < t/m.ppy; y++ {
				v *= step
			}
			df[t] = v
		}
		return
	}
	if len(bands) == 1 {
		// The first period ends a period from the start: one power serves.
		step := math.Pow(1+p[bands[0].Rate], -1/float64(m.ppy))
		v := step
		for t := range df {
			df[t] = v
			v *= step
		}
		return
	}
	for t, x := range m.time {
		f := 1.0
		for i, b := range bands {
			lo := float64(b.From)
			if x <= lo {
				break
			}
			hi := x
			if i+1 < len(bands) {
				hi = min(x, float64(bands[i+1].From))
			}
			f /= math.Pow(1+p[b.Rate], hi-lo)
		}
		df[t] = f
	}
}

// lineWeight returns a service line's share of the unit cost.
func lineWeight(p byID, ln *scenario.Line) float64 {
	if ln.WeightParam == 0 {
		return ln.Weight
	}
	if ln.Complement {
		return 1 - p[ln.WeightParam]
	}
	return p[ln.WeightParam]
}

func stepSize(p byID, ln *scenario.Line) float64 {
	if ln.StepParam != 0 {
		return p[ln.StepParam]
	}
	return ln.StepSize
}

// A rule is a cost line's valuation for one parameter vector, worked out
// once for all the periods it values. Its savingAt method values the units
// avoided in period t on the line (units holds the service's units
// avoided in every period): gross at the line's share of the unit cost;
// cashable in full for a variable cost, by whole steps of capacity for a
// step cost (the step size is in units a year, so a period's units are
// annualised) once the fall has lasted the closure lag (released), and
// not at all for a fixed cost. Negative units (more use of the service)
// mirror the rule. The float path (project) and the ledger (savingRows)
// both value savings with it.
type rule struct {
	rate, step, ppy float64
	behaviour       costing.Behaviour
	// lag is the closure lag of a step line in periods (closureLag).
	lag int
}

// lineRule returns a line's rule, with lag, the closure lag in periods
// (closureLag, worked out once an evaluation), for a step line.
func (m *Model) lineRule(p byID, ln *scenario.Line, unitCost float64, lag int) rule {
	r := rule{rate: unitCost * lineWeight(p, ln), ppy: float64(m.ppy), behaviour: ln.Behaviour}
	if ln.Behaviour == costing.Step {
		r.step = stepSize(p, ln)
		r.lag = lag
	}
	return r
}

// closureLag returns the closure lag in whole periods: the setting's
// years times the periods a year, rounded up (a fall sustained for part
// of a period has not yet been sustained for the lag), at most the
// horizon; 0 when the setting is not given.
func (m *Model) closureLag(p byID) int {
	y := p.or(m.s.Settings.ClosureLag, 0)
	if y <= 0 {
		return 0
	}
	// The tolerance keeps a lag a whole number of periods exact: 0.25
	// years is one quarter, not two, whatever the float rounding.
	return min(int(math.Ceil(y*float64(m.ppy)-1e-9)), m.periods)
}

// saving values u units avoided in a period without a closure lag
// (savingAt applies it). It is small enough to inline.
func (r rule) saving(u float64) (gross, cashable float64) {
	gross = u * r.rate
	switch r.behaviour {
	case costing.Variable:
		cashable = gross
	case costing.Step:
		if r.step > 0 {
			cashable = r.steps(u) * r.step / r.ppy * r.rate
		}
	}
	return gross, cashable
}

// savingAt values units[t], the units avoided in period t, with the
// closure lag: a step line's cashable part counts only the steps
// released. Only a step line has a lag (lineRule), and the look back
// runs only when the period's own steps are not 0.
func (r rule) savingAt(units []float64, t int) (gross, cashable float64) {
	gross, cashable = r.saving(units[t])
	if r.lag > 0 && cashable != 0 && r.behaviour == costing.Step {
		cashable = r.lagged(units, t)
	}
	return gross, cashable
}

// lagged is a step line's cashable part in period t under its lag.
func (r rule) lagged(units []float64, t int) float64 {
	return r.released(units, t, r.steps(units[t])) * r.step / r.ppy * r.rate
}

// steps returns the whole steps of capacity that u units avoided in a
// period free, annualised: ⌊u × periods a year / step⌋, toward zero.
func (r rule) steps(u float64) float64 { return math.Trunc(u * r.ppy / r.step) }

// released returns the steps a step line releases in period t, given n,
// the period's own steps: the whole steps the units avoided reach in
// period t and in each of the lag periods before it, the fewest of them
// (toward zero; 0 when their signs differ). Periods before the first
// count as no fall, so nothing is released before period lag (0-based).
// With no lag it is n, today's rule; a fall that shrinks releases fewer
// steps at once, and steps released again must be sustained again.
func (r rule) released(units []float64, t int, n float64) float64 {
	if r.lag == 0 || n == 0 {
		return n
	}
	if t < r.lag {
		return 0
	}
	for k := t - 1; k >= t-r.lag; k-- {
		s := r.steps(units[k])
		if n > 0 {
			n = min(n, max(s, 0))
		} else {
			n = max(n, min(s, 0))
		}
		if n == 0 {
			return 0
		}
	}
	return n
}

// cashRate returns the part of a service's unit cost that is cashable in
// the long run (variable and step lines: the long-run marginal cost),
// which savings-based terms use to value measured savings linearly.
func (m *Model) cashRate(p byID, si int) float64 {
	sv := &m.s.Services[si]
	w := 0.0
	for i := range sv.Lines {
		if sv.Lines[i].Behaviour != 3 {
			w += lineWeight(p, &sv.Lines[i])
		}
	}
	return p[sv.UnitCost] * w
}

// subordinated notes the subordinated fees, the commitment fees and the
// periods the bond distributes in.
func (m *Model) subordinated() {
	s := m.s
	for i := range m.nItems {
		if m.item(i).Subordinated {
			if m.junior == nil {
				m.junior = make([]bool, m.nItems)
			}
			m.junior[i] = true
			m.juniorFees = append(m.juniorFees, i)
		}
	}
	for k := range s.Tranches {
		m.commitFees = m.commitFees || s.Tranches[k].CommitmentFee != 0
	}
	st := &s.Settings
	if st.Distribute == scenario.EveryPeriod {
		return
	}
	P := m.periods
	m.distribute = make([]bool, P)
	m.distribute[P-1] = true
	for k := range s.Tranches {
		m.distribute[m.maturityOf(k)] = true
	}
	if st.Distribute == scenario.AtPeriods {
		for _, t := range st.DistributeAt {
			if t >= 1 && t <= P {
				m.distribute[t-1] = true
			}
		}
	}
}
