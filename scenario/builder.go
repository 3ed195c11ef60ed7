package scenario

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// A Builder makes a Scenario in Go code, as Load makes one from a
// folder: each method adds what one row of a scenario file adds, and
// registers its parameters under the names the loader gives them
// (cohort.c1.size, term.t.price, ...) with the same ranges, so that
// Param, Set, Suggest and Values work on the result. Numbers a file may
// leave empty are Opt values, whose zero is "not given".
//
// The first error (a value out of its range, a name given twice or
// unknown, a field for another basis) is kept and the methods after it do
// nothing; Build returns it. Build also runs the checks Load runs on the
// whole folder: the rules between parameters (Orders) and the warnings.
type Builder struct {
	s   *Scenario
	err error
}

// Opt is an optional number: the zero Opt is not given.
type Opt struct {
	v  float64
	ok bool
}

// Some returns the Opt holding v.
func Some(v float64) Opt { return Opt{v, true} }

// NewBuilder starts a scenario with the given settings. Its numeric
// settings (inflation, discount rate...) are parameters that Setting
// adds; the ParamID fields of st are ignored. Costing and Outcomes are
// kept as given, for reference only: a Builder reads no folder (see
// CostingService and StudyEffects). Residual defaults to "intermediary".
func NewBuilder(st Settings) *Builder {
	st.Inflation, st.Discount, st.Hurdle, st.DirectOverhead, st.CapPeriod, st.CapTotal = 0, 0, 0, 0, 0, 0
	if st.Residual == "" {
		st.Residual = "intermediary"
	}
	b := &Builder{s: &Scenario{Settings: st}}
	switch {
	case st.Months != Month && st.Months != Quarter && st.Months != Year:
		b.fail("%w: settings: %d months a period: expected Month, Quarter or Year", ErrInput, st.Months)
	case st.Periods < 1 || st.Periods > 2400:
		b.fail("%w: settings: %d periods is outside [1, 2400] (the horizon in periods)", ErrRange, st.Periods)
	case st.Start.IsZero() || st.Start.Day() != 1:
		b.fail("%w: settings: start %s: periods start on the first day of a month", ErrInput, st.Start.Format(time.DateOnly))
	case !validName(st.Residual):
		b.fail("%w %q: expected a party name of letters, digits, '_' or '-'", ErrInput, st.Residual)
	}
	return b
}

func (b *Builder) fail(format string, args ...any) {
	if b.err == nil {
		b.err = fmt.Errorf(format, args...)
	}
}

// ok reports whether the builder has not failed yet.
func (b *Builder) ok() bool { return b.err == nil }

// param registers a parameter of kind r.
func (b *Builder) param(name string, r paramRule, v float64) ParamID {
	if !b.ok() {
		return 0
	}
	p := r.from(name, v, "code")
	if err := p.check(v); err != nil {
		b.fail("%s: %w", name, err)
		return 0
	}
	id, err := b.s.addParam(p)
	if err != nil {
		b.fail("%w", err)
	}
	return id
}

// opt registers an optional parameter; the zero Opt registers none.
func (b *Builder) opt(name string, r paramRule, o Opt) ParamID {
	if !o.ok {
		return 0
	}
	return b.param(name, r, o.v)
}

// name checks a name that becomes part of parameter names.
func (b *Builder) name(what, s string) bool {
	if !validName(s) {
		b.fail("%w %q: expected %s of letters, digits, '_' or '-' (it becomes part of parameter names)", ErrInput, s, what)
	}
	return b.ok()
}

// settingRules are the numeric settings, by their key in scenario.csv.
var settingRules = map[string]struct {
	rule  paramRule
	field func(*Settings) *ParamID
}{
	"inflation":       {ruleInflation, func(st *Settings) *ParamID { return &st.Inflation }},
	"discount_rate":   {ruleDiscountRate, func(st *Settings) *ParamID { return &st.Discount }},
	"hurdle_rate":     {ruleHurdle, func(st *Settings) *ParamID { return &st.Hurdle }},
	"direct_overhead": {ruleDirectOverhead, func(st *Settings) *ParamID { return &st.DirectOverhead }},
	"cap_period":      {ruleCapPeriod, func(st *Settings) *ParamID { return &st.CapPeriod }},
	"cap_total":       {ruleCapTotal, func(st *Settings) *ParamID { return &st.CapTotal }},
}

// Setting sets a numeric setting, named by its key in scenario.csv:
// inflation, discount_rate, hurdle_rate, direct_overhead, cap_period or
// cap_total.
func (b *Builder) Setting(key string, v float64) ParamID {
	sr, ok := settingRules[key]
	if !ok {
		b.fail("%w: no numeric setting %q", ErrUnknown, key)
		return 0
	}
	id := b.param("setting."+key, sr.rule, v)
	*sr.field(&b.s.Settings) = id
	return id
}

// Discount adds a band of discount rates from a year after the start on,
// as a row of discount.csv; bands come in increasing order from year 0.
func (b *Builder) Discount(fromYear int, rate float64) Band {
	prev := -1
	if n := len(b.s.Discount); n > 0 {
		prev = b.s.Discount[n-1].From
	}
	switch {
	case prev < 0 && fromYear != 0:
		b.fail("%w: the first band must start at year 0", ErrOrder)
	case fromYear <= prev:
		b.fail("%w: bands must be in increasing order of from_year (%d after %d)", ErrOrder, fromYear, prev)
	}
	band := Band{From: fromYear, Rate: b.param(fmt.Sprintf("discount.%d.rate", fromYear), ruleBandRate, rate)}
	if b.ok() {
		b.s.Discount = append(b.s.Discount, band)
	}
	return band
}

// Cohort adds a cohort that enters on a date, as a row of cohorts.csv;
// cohorts come in order of entry.
func (b *Builder) Cohort(name string, entry time.Time, size float64, takeUp Opt) Cohort {
	st := &b.s.Settings
	c := Cohort{Name: name, Entry: entry, Period: st.periodOf(entry)}
	if !b.name("a cohort name", name) {
		return c
	}
	n := len(b.s.Cohorts)
	switch {
	case slices.ContainsFunc(b.s.Cohorts, func(x Cohort) bool { return x.Name == name }):
		b.fail("%w: cohort %s is given twice", ErrInput, name)
	case entry.Before(st.Start):
		b.fail("%w: cohort %s: entry %s is before the deal's start %s", ErrOrder, name, entry.Format(time.DateOnly), st.Start.Format(time.DateOnly))
	case n > 0 && entry.Before(b.s.Cohorts[n-1].Entry):
		b.fail("%w: cohort %s: entry %s is before the previous cohort's; add cohorts by entry date", ErrOrder, name, entry.Format(time.DateOnly))
	case c.Period >= st.Periods:
		b.fail("%w: cohort %s: entry %s is after the horizon", ErrOrder, name, entry.Format(time.DateOnly))
	}
	c.Size = b.param("cohort."+name+".size", ruleCohortSize, size)
	c.TakeUp = b.opt("cohort."+name+".take_up", ruleTakeUp, takeUp)
	if b.ok() {
		b.s.Cohorts = append(b.s.Cohorts, c)
	}
	return c
}

// MetricSpec is a row of metrics.csv without a cohort.
type MetricSpec struct {
	Name, Unit string
	Per        Accrual // PerYear when zero
	From, To   int     // From: 1 when zero
	Baseline   Opt
	Effect     float64
	Decay      Opt
}

// Metric adds an outcome metric and its effect, once the cohorts are in.
func (b *Builder) Metric(ms MetricSpec) Metric {
	m := Metric{Name: ms.Name, Unit: ms.Unit, Per: ms.Per, From: ms.From, To: ms.To}
	if m.Per == 0 {
		m.Per = PerYear
	}
	if m.From == 0 {
		m.From = 1
	}
	if !b.name("a metric name", ms.Name) {
		return m
	}
	P := b.s.Settings.Periods
	switch {
	case b.metric(ms.Name) >= 0:
		b.fail("%w: metric %s is given twice", ErrInput, ms.Name)
	case m.From < 1 || m.From > P || m.To < 1 || m.To > P:
		b.fail("%w: metric %s: the window [%d, %d] is outside [1, %d] (periods after entry)", ErrRange, ms.Name, m.From, m.To, P)
	case m.To < m.From:
		b.fail("%w: the window ends (period %d) before it begins (period %d)", ErrOrder, m.To, m.From)
	}
	p := "outcome." + ms.Name + "."
	m.Baseline = b.opt(p+"baseline", ruleBaseline, ms.Baseline)
	m.Effect = b.param(p+"effect", ruleEffect, ms.Effect)
	m.Decay = b.opt(p+"decay", ruleDecay, ms.Decay)
	m.CohortEffect = make([]ParamID, len(b.s.Cohorts))
	if b.ok() {
		b.s.Metrics = append(b.s.Metrics, m)
	}
	return m
}

func (b *Builder) metric(name string) int {
	return slices.IndexFunc(b.s.Metrics, func(m Metric) bool { return m.Name == name })
}

// CohortEffect gives a cohort its own effect on a metric, as a cohort row
// of metrics.csv.
func (b *Builder) CohortEffect(metric, cohort string, effect float64) ParamID {
	mi := b.metric(metric)
	ci := slices.IndexFunc(b.s.Cohorts, func(c Cohort) bool { return c.Name == cohort })
	switch {
	case mi < 0:
		b.fail("%w: no metric %q", ErrUnknown, metric)
	case ci < 0:
		b.fail("%w: no cohort %q", ErrUnknown, cohort)
	case ci >= len(b.s.Metrics[mi].CohortEffect):
		b.fail("%w: cohort %s was added after metric %s", ErrOrder, cohort, metric)
	case b.s.Metrics[mi].CohortEffect[ci] != 0:
		b.fail("%w: cohort %s of metric %s is given twice", ErrInput, cohort, metric)
	}
	id := b.param("outcome."+metric+"."+cohort+".effect", ruleCohortEffect, effect)
	if b.ok() {
		b.s.Metrics[mi].CohortEffect[ci] = id
	}
	return id
}

// ServiceSpec is a row of services.csv: a service in one agency's budget.
type ServiceSpec struct {
	Name, Agency, Unit string
	UnitCost           float64
	// Cashable is the share of the unit cost that leaves a budget when a
	// unit is avoided (all of it when not given); StepSize the units a
	// year in a step of capacity (a variable cost when not given).
	Cashable, StepSize Opt
}

// Service adds a state service whose use outcomes avoid.
func (b *Builder) Service(ss ServiceSpec) Service {
	sv := Service{Name: ss.Name, Unit: ss.Unit, Source: "code"}
	if !b.name("a service name", ss.Name) || !b.name("an agency name", ss.Agency) {
		return sv
	}
	if ss.StepSize.ok && ss.StepSize.v == 0 {
		b.fail("%w: service %s: a step size must be above zero (leave it out for a variable cost)", ErrRange, ss.Name)
	}
	p := "cost." + ss.Name + "."
	sv.UnitCost = b.param(p+"unit_cost", ruleUnitCost, ss.UnitCost)
	cash := b.opt(p+"cashable", ruleCashable, ss.Cashable)
	step := b.opt(p+"step_size", ruleStepSize, ss.StepSize)
	if step != 0 {
		b.s.At(step).Min = minStep
	}
	sv.Lines = serviceLines(ss.Agency, cash, step)
	return b.addService(sv)
}

// CostedService adds a service whose unit cost is split into lines with
// constant weights, as a costing gives them (CostingService); source
// says where they came from.
func (b *Builder) CostedService(name, source string, unitCost float64, lines []Line) Service {
	sv := Service{Name: name, Lines: slices.Clone(lines), Source: source}
	if !b.name("a service name", name) {
		return sv
	}
	for _, ln := range lines {
		if ln.WeightParam != 0 || ln.StepParam != 0 {
			b.fail("%w: service %s: a costed service's lines have constant weights and step sizes", ErrInput, name)
		}
	}
	if b.ok() {
		p := ruleUnitCost.from("cost."+name+".unit_cost", unitCost, source)
		p.Doc = unitCostDoc
		if err := p.check(unitCost); err != nil {
			b.fail("%s: %w", p.Name, err)
		} else if sv.UnitCost, err = b.s.addParam(p); err != nil {
			b.fail("%w", err)
		}
	}
	return b.addService(sv)
}

func (b *Builder) addService(sv Service) Service {
	if slices.ContainsFunc(b.s.Services, func(x Service) bool { return x.Name == sv.Name }) {
		b.fail("%w: service %s is given twice", ErrInput, sv.Name)
	}
	if b.ok() {
		b.s.Services = append(b.s.Services, sv)
	}
	return sv
}

// Avoid says how many units of a service one outcome of a metric avoids,
// as a row of avoided.csv.
func (b *Builder) Avoid(metric, service string, units float64) ParamID {
	mi := b.metric(metric)
	si := slices.IndexFunc(b.s.Services, func(s Service) bool { return s.Name == service })
	switch {
	case mi < 0:
		b.fail("%w: metric %q is not in the scenario", ErrUnknown, metric)
	case si < 0:
		b.fail("%w: service %q is not in the scenario", ErrUnknown, service)
	case slices.ContainsFunc(b.s.Avoids, func(a Avoid) bool { return a.Metric == mi && a.Service == si }):
		b.fail("%w: %s and %s are paired twice", ErrInput, metric, service)
	}
	id := b.param("avoid."+metric+"."+service+".units", ruleAvoidUnits, units)
	if b.ok() {
		b.s.Avoids = append(b.s.Avoids, Avoid{Metric: mi, Service: si, Units: id})
	}
	return id
}

// Schedule adds a tier schedule: points of (effect, value) with effects
// strictly increasing, as the rows of tiers.csv.
func (b *Builder) Schedule(name string, points ...[2]float64) Schedule {
	sc := Schedule{Name: name}
	if !b.name("a schedule name", name) {
		return sc
	}
	if slices.ContainsFunc(b.s.Tiers, func(x Schedule) bool { return x.Name == name }) {
		b.fail("%w: schedule %s is given twice", ErrInput, name)
	}
	for i, pt := range points {
		if i > 0 && !(pt[0] > points[i-1][0]) {
			b.fail("%w: tier thresholds must increase: %v is not above the previous tier's %v", ErrOrder, pt[0], points[i-1][0])
		}
		sc.Effect = append(sc.Effect, b.param(fmt.Sprintf("tier.%s.%d.effect", name, i+1), ruleTierEffect, pt[0]))
		sc.Value = append(sc.Value, b.param(fmt.Sprintf("tier.%s.%d.value", name, i+1), ruleTierValue, pt[1]))
	}
	if b.ok() {
		b.s.Tiers = append(b.s.Tiers, sc)
	}
	return sc
}

// TermSpec is a row of payments.csv. Price is for basis Outcomes; Share,
// ShareAfter, Interest and Cashable for Savings; Schedule and Linear for
// Tiered; Once for Outcomes.
type TermSpec struct {
	Name, Metric, Payer string
	Basis               Basis
	Cashable, Once      bool
	Schedule            string
	Linear              bool
	Lag                 int

	Price, Share, ShareAfter, Interest, ParticipantCap Opt
	Threshold, PooledThreshold, CapPeriod, CapTotal    Opt
}

// Term adds a payment term.
func (b *Builder) Term(ts TermSpec) Term {
	t := Term{Name: ts.Name, Metric: b.metric(ts.Metric), Payer: ts.Payer, Basis: ts.Basis, Cashable: ts.Cashable, Once: ts.Once, Linear: ts.Linear, Lag: ts.Lag}
	if !b.name("a term name", ts.Name) || !b.name("the paying agency", ts.Payer) {
		return t
	}
	if s := ts.Schedule; s != "" {
		t.Schedule = ScheduleID(slices.IndexFunc(b.s.Tiers, func(x Schedule) bool { return x.Name == s }) + 1)
	}
	b.termRules(ts, t)
	p := "term." + ts.Name + "."
	t.Price = b.opt(p+"price", rulePrice, ts.Price)
	t.Share = b.opt(p+"share", ruleShare, ts.Share)
	t.ShareAfter = b.opt(p+"share_after", ruleShareAfter, ts.ShareAfter)
	t.Interest = b.opt(p+"interest", ruleInterest, ts.Interest)
	t.ParticipantCap = b.opt(p+"participant_cap", ruleParticipantCap, ts.ParticipantCap)
	t.Threshold = b.opt(p+"threshold", ruleThreshold, ts.Threshold)
	t.PooledThreshold = b.opt(p+"pooled_threshold", rulePooledThreshold, ts.PooledThreshold)
	t.CapPeriod = b.opt(p+"cap_period", ruleTermCapPeriod, ts.CapPeriod)
	t.CapTotal = b.opt(p+"cap_total", ruleTermCapTotal, ts.CapTotal)
	if b.ok() {
		b.s.Terms = append(b.s.Terms, t)
	}
	return t
}

// termRules checks a term's fields against its basis, as the loader
// checks a row of payments.csv.
func (b *Builder) termRules(ts TermSpec, t Term) {
	n := ts.Name
	switch {
	case slices.ContainsFunc(b.s.Terms, func(x Term) bool { return x.Name == n }):
		b.fail("%w: term %s is given twice", ErrInput, n)
	case t.Metric < 0:
		b.fail("%w: term %s: metric %q is not in the scenario", ErrUnknown, n, ts.Metric)
	case ts.Basis < Outcomes || ts.Basis > Tiered:
		b.fail("%w: term %s: no basis", ErrInput, n)
	case ts.Basis == Outcomes && !ts.Price.ok:
		b.fail("%w: term %s: basis outcomes needs a price", ErrInput, n)
	case ts.Basis == Savings && !ts.Share.ok:
		b.fail("%w: term %s: basis savings needs a share", ErrInput, n)
	case ts.Basis != Outcomes && (ts.Price.ok || ts.Once):
		b.fail("%w: term %s: a price and claims once are for basis outcomes; this term's basis is %s", ErrInput, n, ts.Basis)
	case ts.Basis != Savings && (ts.Share.ok || ts.ShareAfter.ok || ts.Interest.ok || ts.Cashable):
		b.fail("%w: term %s: shares, interest and cashable are for basis savings; this term's basis is %s", ErrInput, n, ts.Basis)
	case ts.ShareAfter.ok != ts.Interest.ok:
		b.fail("%w: term %s: share_after and interest go together: give both or neither", ErrInput, n)
	case ts.Schedule != "" && t.Schedule == 0:
		b.fail("%w: term %s: schedule %q is not in the scenario", ErrUnknown, n, ts.Schedule)
	case (ts.Basis == Tiered) != (ts.Schedule != ""):
		b.fail("%w: term %s: basis tiered, and only it, needs a schedule", ErrInput, n)
	case ts.Lag < 0 || ts.Lag >= b.s.Settings.Periods:
		b.fail("%w: term %s: the lag %d is outside [0, %d) (the horizon in periods)", ErrRange, n, ts.Lag, b.s.Settings.Periods)
	}
}

// CostSpec is a row of delivery.csv or fees.csv. From is 1 when zero; To
// is the horizon when zero (From for Upfront).
type CostSpec struct {
	Name, Party string
	Basis       CostBasis
	Amount      float64
	From, To    int
}

// Delivery adds a delivery cost.
func (b *Builder) Delivery(cs CostSpec) CostItem { return b.costItem(cs, false) }

// Fee adds a fee.
func (b *Builder) Fee(cs CostSpec) CostItem { return b.costItem(cs, true) }

func (b *Builder) costItem(cs CostSpec, fee bool) CostItem {
	c := CostItem{Name: cs.Name, Party: cs.Party, Basis: cs.Basis, From: cs.From, To: cs.To, Fee: fee}
	if !b.name("a name", cs.Name) || !b.name("the party paid", cs.Party) {
		return c
	}
	P := b.s.Settings.Periods
	if c.From == 0 {
		c.From = 1
	}
	if c.To == 0 {
		c.To = P
		if c.Basis == Upfront {
			c.To = c.From
		}
	}
	items, kind, prefix, r := &b.s.Delivery, "item", "delivery.", ruleAmount
	if fee {
		items, kind, prefix = &b.s.Fees, "fee", "fee."
	}
	if c.Basis == ShareOfPayments {
		r = ruleFeeShare
	}
	switch {
	case slices.ContainsFunc(*items, func(x CostItem) bool { return x.Name == cs.Name }):
		b.fail("%w: %s %s is given twice", ErrInput, kind, cs.Name)
	case c.Basis < PerParticipant || c.Basis > ShareOfPayments || c.Basis == ShareOfPayments && !fee:
		b.fail("%w: %s %s: basis %d is not a basis of a %s", ErrInput, kind, cs.Name, c.Basis, kind)
	case c.From < 1 || c.To > P || c.To < c.From:
		b.fail("%w: %s %s: periods [%d, %d] are not within [1, %d] in order", ErrRange, kind, cs.Name, c.From, c.To, P)
	}
	c.Amount = b.param(prefix+cs.Name+".amount", r, cs.Amount)
	if b.ok() {
		*items = append(*items, c)
	}
	return c
}

// TrancheSpec is a row of capital.csv.
type TrancheSpec struct {
	Name, Investor string
	Priority       int
	Commitment     float64
	Coupon, Cap    Opt
	Floor          Opt
	Guarantor      string
	GuaranteeLimit Opt
}

// Tranche adds a class of investors; Build sorts tranches by priority.
func (b *Builder) Tranche(ts TrancheSpec) Tranche {
	t := Tranche{Name: ts.Name, Investor: ts.Investor, Priority: ts.Priority, Guarantor: ts.Guarantor}
	if !b.name("a tranche name", ts.Name) || !b.name("an investor name", ts.Investor) {
		return t
	}
	switch {
	case slices.ContainsFunc(b.s.Tranches, func(x Tranche) bool { return x.Name == ts.Name }):
		b.fail("%w: tranche %s is given twice", ErrInput, ts.Name)
	case ts.Priority < 1 || ts.Priority > 1000:
		b.fail("%w: tranche %s: priority %d is outside [1, 1000]", ErrRange, ts.Name, ts.Priority)
	case slices.ContainsFunc(b.s.Tranches, func(x Tranche) bool { return x.Priority == ts.Priority }):
		b.fail("%w: tranche %s: priority %d is another tranche's: each tranche needs its own place in the waterfall", ErrInput, ts.Name, ts.Priority)
	case ts.Guarantor != "" && !validName(ts.Guarantor):
		b.fail("%w %q: expected a party name of letters, digits, '_' or '-'", ErrInput, ts.Guarantor)
	case ts.Floor.ok != (ts.Guarantor != ""):
		b.fail("%w: tranche %s: a floor needs a guarantor to meet it, and a guarantor a floor to meet: give both or neither", ErrInput, ts.Name)
	case ts.GuaranteeLimit.ok && ts.Guarantor == "":
		b.fail("%w: tranche %s: a guarantee limit needs a guarantor", ErrInput, ts.Name)
	}
	p := "tranche." + ts.Name + "."
	t.Commitment = b.param(p+"commitment", ruleCommitment, ts.Commitment)
	t.Coupon = b.opt(p+"coupon", ruleCoupon, ts.Coupon)
	t.Cap = b.opt(p+"cap", ruleTrancheCap, ts.Cap)
	t.Floor = b.opt(p+"floor", ruleTrancheFloor, ts.Floor)
	t.GuaranteeLimit = b.opt(p+"guarantee_limit", ruleGuaranteeLimit, ts.GuaranteeLimit)
	if b.ok() {
		b.s.Tranches = append(b.s.Tranches, t)
	}
	return t
}

// Build returns the scenario, or the first error. It gives a scenario
// without discount rates the rate 0 (setting.discount_rate), as Load
// does, checks the rules between parameters, and collects the warnings.
// The Builder must not be used after it.
func (b *Builder) Build() (*Scenario, error) {
	s := b.s
	if s == nil {
		return nil, errors.New("scenario: Build called twice")
	}
	switch {
	case b.err != nil:
	case len(s.Cohorts) == 0:
		b.fail("%w: no cohorts", ErrInput)
	case len(s.Metrics) == 0:
		b.fail("%w: no metrics", ErrInput)
	case len(s.Terms) == 0:
		b.fail("%w: no payment terms", ErrInput)
	case len(s.Tranches) == 0:
		b.fail("%w: no tranches", ErrInput)
	case len(s.Discount) > 0 && s.Settings.Discount != 0:
		b.fail("%w: discount bands and discount_rate are both given: keep one", ErrInput)
	}
	if b.err != nil {
		return nil, b.err
	}
	for i := range s.Metrics {
		// Cohorts added after a metric have no effect of their own.
		m := &s.Metrics[i]
		m.CohortEffect = append(m.CohortEffect, make([]ParamID, len(s.Cohorts)-len(m.CohortEffect))...)
	}
	slices.SortStableFunc(s.Tranches, func(a, b Tranche) int { return a.Priority - b.Priority })
	if err := s.finish(""); err != nil {
		return nil, err
	}
	if err := s.CheckValues(); err != nil {
		return nil, err
	}
	b.s = nil
	return s, nil
}
