package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
)

// The rules a scenario obeys, in one place, for Load and Build alike:
//
//   - the range of every parameter (paramRule; the params method of each
//     kind of item, beside its columns, says which field holds which
//     parameter and under what name), and of every whole number
//     (intRule);
//   - the names that become part of parameter names (validName);
//   - the rules of one item of a scenario, a row of a file or an element
//     of the literal given to Build, between its fields and against the
//     items before it: one check method a kind of item (checkCohort,
//     checkTerm, ...), which returns a fault that names the field at
//     fault by its column;
//   - the rules between parameters (Orders, CheckValues) and what needs
//     the whole scenario (checkDiscount, finish).
//
// Load checks names and ranges as it reads each cell, so that its message
// quotes the cell, and runs the check of an item once its row is read;
// Build runs the same checks on each element of the literal, in the order
// Load reads the files, and checks ranges as it names the parameters.
// What only text can get wrong (a number that does not parse, an unknown
// word, a cell for another basis) is the readers'.

var inf = math.Inf(1)

// A paramRule is the range of a kind of parameter and what it is.
type paramRule struct {
	lo, hi float64
	doc    string
	// above: the value must be above lo, not at it. A value at lo is
	// still read, for the item's check to explain (a step size of 0 is
	// "leave it empty"); the parameter's Min, which Set checks, is the
	// least float above lo.
	above bool
}

// The parameters' rules: each kind's range and what it is (the doc of
// its Param, and the words of its range errors).
var (
	ruleAvoidUnits         = paramRule{lo: -inf, hi: inf, doc: "units of the service avoided by one outcome"}
	ruleCommitment         = paramRule{lo: 0, hi: inf, doc: "the capital committed"}
	ruleCoupon             = paramRule{lo: 0, hi: 10, doc: "the target return a year, compounded"}
	ruleCouponFloor        = paramRule{lo: 0, hi: 10, doc: "the least coupon a year of a performance-linked coupon"}
	ruleTrancheCap         = paramRule{lo: 0, hi: inf, doc: "the cap on total receipts, as a multiple of the capital drawn"}
	ruleTrancheFloor       = paramRule{lo: 0, hi: inf, doc: "the floor on total receipts, as a multiple of the capital drawn, met by the guarantee"}
	ruleGuaranteeLimit     = paramRule{lo: 0, hi: inf, doc: "the most the guarantor pays"}
	ruleProtected          = paramRule{lo: 0, hi: 1, doc: "the share of the principal drawn repaid whatever the outcomes, met by the guarantee at maturity"}
	ruleCapRate            = paramRule{lo: -0.99, hi: 10, doc: "the cap on receipts as a return a year: the tranche's IRR does not exceed it"}
	ruleCommitmentFee      = paramRule{lo: 0, hi: 1, doc: "the fee a year on the undrawn commitment, paid by the bond to the tranche"}
	ruleCohortSize         = paramRule{lo: 0, hi: inf, doc: "the number of people referred"}
	ruleTakeUp             = paramRule{lo: 0, hi: 1, doc: "the share of those referred who take part"}
	ruleBandRate           = paramRule{lo: -0.5, hi: 1, doc: "the discount rate a year in this band"}
	ruleBaseline           = paramRule{lo: 0, hi: inf, doc: "the counterfactual level per participant"}
	ruleEffect             = paramRule{lo: -inf, hi: inf, doc: "the effect (improvement per participant)"}
	ruleDecay              = paramRule{lo: 0, hi: 1, doc: "the share of the effect lost each year after the first"}
	ruleCohortEffect       = paramRule{lo: -inf, hi: inf, doc: "the cohort's effect (improvement per participant)"}
	ruleDeadweight         = paramRule{lo: 0, hi: 1, doc: "the share of the measured outcomes that would have happened anyway, not counted in the state's savings"}
	ruleDisplacement       = paramRule{lo: 0, hi: 1, doc: "the share of the measured outcomes that merely moved the problem elsewhere, not counted in the state's savings"}
	ruleAttribution        = paramRule{lo: 0, hi: 1, doc: "the share of the rest due to this intervention rather than others, counted in the state's savings"}
	rulePrice              = paramRule{lo: 0, hi: inf, doc: "the price per outcome"}
	ruleShare              = paramRule{lo: 0, hi: 1, doc: "the share of measured savings paid"}
	ruleShareAfter         = paramRule{lo: 0, hi: 1, doc: "the share paid once investors are repaid with interest"}
	ruleInterest           = paramRule{lo: -0.99, hi: 10, doc: "the interest a year investors must earn before the share switches"}
	ruleUnitCost           = paramRule{lo: 0, hi: inf, doc: "the cost of one unit, in the price base"}
	ruleCashable           = paramRule{lo: 0, hi: 1, doc: "the share of the unit cost that leaves a budget when a unit is avoided"}
	ruleStepSize           = paramRule{lo: 0, hi: inf, doc: "units a year per step of capacity", above: true}
	ruleInflation          = paramRule{lo: -0.5, hi: 1, doc: "inflation a year, 0.02 for 2%"}
	ruleDiscountRate       = paramRule{lo: -0.5, hi: 1, doc: "the discount rate a year, 0.035 for 3.5%"}
	ruleHurdle             = paramRule{lo: -0.5, hi: 10, doc: "the investors' hurdle rate a year"}
	ruleDirectOverhead     = paramRule{lo: 0, hi: 10, doc: "the state's extra cost of commissioning directly, as a share of delivery costs"}
	ruleCapPeriod          = paramRule{lo: 0, hi: inf, doc: "the cap on all outcome payments in a period"}
	ruleCapTotal           = paramRule{lo: 0, hi: inf, doc: "the cap on all outcome payments over the deal"}
	ruleClosureLag         = paramRule{lo: 0, hi: 100, doc: "the years a fall in use must be sustained before a step of capacity is released (cashable), counted in whole periods rounded up; 0: at once"}
	ruleTierEffect         = paramRule{lo: -inf, hi: inf, doc: "the effect at which this tier starts"}
	ruleTierValue          = paramRule{lo: 0, hi: inf, doc: "the payment per participant at this tier"}
	ruleTierTotal          = paramRule{lo: 0, hi: inf, doc: "the payment for the whole deal at this tier"}
	ruleTierRelEffect      = paramRule{lo: -inf, hi: inf, doc: "the effect, as a share of the baseline, at which this tier starts"}
	ruleRelThreshold       = paramRule{lo: -inf, hi: inf, doc: "the effect, as a share of the baseline, a cohort must reach before its outcomes are paid"}
	ruleRelPooledThreshold = paramRule{lo: -inf, hi: inf, doc: "the effect of all cohorts together, as a share of their baseline, that pays what cohort tests held back"}
	ruleParticipantCap     = paramRule{lo: 0, hi: inf, doc: "the cap on payments per participant"}
	ruleThreshold          = paramRule{lo: -inf, hi: inf, doc: "the effect a cohort must reach before its outcomes are paid"}
	rulePooledThreshold    = paramRule{lo: -inf, hi: inf, doc: "the effect all cohorts together must reach; pays what cohort tests held back"}
	ruleTermCapPeriod      = paramRule{lo: 0, hi: inf, doc: "the cap on the term's payments in a period"}
	ruleTermCapTotal       = paramRule{lo: 0, hi: inf, doc: "the cap on the term's payments over the deal"}
	ruleCoPayerShare       = paramRule{lo: 0, hi: 1, doc: "the share of the term's payment this co-payer pays (the term's payer pays what the co-payers' shares leave)"}
	rulePayerCapPeriod     = paramRule{lo: 0, hi: inf, doc: "the cap on this payer's payments in a period, over every term it pays"}
	rulePayerCapTotal      = paramRule{lo: 0, hi: inf, doc: "the cap on this payer's payments over the deal, over every term it pays"}
	ruleAmount             = paramRule{lo: 0, hi: inf, doc: "the amount"}
	ruleFeeShare           = paramRule{lo: 0, hi: 1, doc: "the share of outcome payments"}
	ruleCostShare          = paramRule{lo: 0, hi: 1, doc: "the share of the delivery costs repaid"}
	rulePeriodThreshold    = paramRule{lo: -inf, hi: inf, doc: "the measured rate of all cohorts in a period or year (a year's rate per participant) that must be reached before that period's or year's amount is paid"}
	ruleRelPeriodThreshold = paramRule{lo: -inf, hi: inf, doc: "the measured rate of all cohorts in a period or year, as a share of the baseline, that must be reached before that period's or year's amount is paid"}
	// ruleDefaultRate is the discount rate of a scenario that gives none.
	ruleDefaultRate = paramRule{lo: -0.5, hi: 1, doc: "the discount rate a year (not given: 0)"}
	// ruleCostingUnitCost is a unit cost taken from a costing folder.
	ruleCostingUnitCost = paramRule{lo: 0, hi: inf, doc: "the cost of one unit, in the price base (fully loaded average)"}
)

// param returns a parameter of the rule's kind.
func (r paramRule) param(name string, v float64, source string) Param {
	lo := r.lo
	if r.above {
		lo = math.Nextafter(lo, inf)
	}
	return Param{Name: name, Value: v, Min: lo, Max: r.hi, Doc: r.doc, Source: source}
}

// holds reports whether v is a number in the rule's range, lo included.
func (r paramRule) holds(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= r.lo && v <= r.hi
}

// check tells whether v is in the parameter's range.
func (p *Param) check(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%w: %v is not a number", ErrRange, v)
	case v < p.Min || v > p.Max:
		return fmt.Errorf("%w: %s is outside %s", ErrRange, fmtFloat(v), rangeText(p.Min, p.Max))
	}
	return nil
}

// rangeError explains a value read from a file outside its range.
func rangeError(s string, lo, hi float64, doc string) error {
	switch {
	case lo == 0 && hi == 1:
		return fmt.Errorf("%w: %s is not a share between 0 and 1 (%s)%s", ErrRange, s, doc, percentHint(s))
	case lo == 0 && math.IsInf(hi, 1):
		return fmt.Errorf("%w: %s is below zero (%s must be zero or more)", ErrRange, s, doc)
	case lo == -1 && math.IsInf(hi, 1):
		return fmt.Errorf("%w: %s is not above −1 (%s is a rate: 0.05 for 5%%)", ErrRange, s, doc)
	}
	return fmt.Errorf("%w: %s is outside %s (%s)", ErrRange, s, rangeText(lo, hi), doc)
}

func percentHint(s string) string {
	if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 2 && v <= 100 {
		return fmt.Sprintf("; write %s%% as %s", s, strconv.FormatFloat(math.Round(v*1e8)/1e10, 'f', -1, 64))
	}
	return ""
}

func rangeText(lo, hi float64) string {
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		return "any number"
	case math.IsInf(hi, 1):
		return "[" + fmtFloat(lo) + ", ∞)"
	case math.IsInf(lo, -1):
		return "(−∞, " + fmtFloat(hi) + "]"
	}
	return "[" + fmtFloat(lo) + ", " + fmtFloat(hi) + "]"
}

func fmtFloat(v float64) string { return fmt.Sprint(v) }

// An intRule is the range of a whole number and what it is.
type intRule struct {
	lo, hi int
	what   string
}

// The whole numbers' rules; those of periods depend on the horizon.
var (
	rulePeriods   = intRule{1, 2400, "the horizon in periods"}
	rulePriceBase = intRule{1900, 2200, "the year whose prices real amounts are in"}
	rulePriority  = intRule{1, 1000, "the priority (1 is paid first)"}
	ruleLag       = intRule{0, 1200, "the measurement lag in periods"}
	ruleFromYear  = intRule{0, 1000, "the first year of the band, counted from the start (0 for the first)"}
	// ruleFiscalYearStart is fiscal_year_start's (0, not given, is 1).
	ruleFiscalYearStart = intRule{1, 12, "the fiscal year's first month, 1 = January to 12 = December"}
)

func ruleWindowFrom(periods int) intRule {
	return intRule{1, periods, "the first period of the window after entry (1 = the entry period)"}
}
func ruleWindowTo(periods int) intRule {
	return intRule{1, periods, "the last period of the window after entry"}
}
func ruleCostFrom(periods int) intRule { return intRule{1, periods, "the first period"} }
func ruleCostTo(periods int) intRule   { return intRule{1, periods, "the last period"} }
func ruleMaturity(periods int) intRule {
	return intRule{1, periods, "the period the tranche matures (empty: the horizon)"}
}
func ruleTerminate(periods int) intRule {
	return intRule{1, periods, "the last period of a contract terminated early (empty: the horizon)"}
}
func ruleAmortise(maturity int) intRule {
	return intRule{1, maturity, "the first period of equal principal instalments, at most the maturity"}
}

func ruleCouponFrom(periods int) intRule {
	return intRule{1, periods, "the first period of the coupon's range"}
}
func ruleCouponTo(periods int) intRule {
	return intRule{1, periods, "the last period of the coupon's range"}
}

func ruleTermFrom(periods int) intRule {
	return intRule{1, periods, "the first period the term measures and pays for"}
}
func ruleTermTo(periods int) intRule {
	return intRule{1, periods, "the last period the term measures and pays for"}
}

// check returns a fault of column col when n is outside the range.
func (r intRule) check(col string, n int) *fault {
	if n < r.lo || n > r.hi {
		return faultf(col, "%w: %d is outside [%d, %d] (%s)", ErrRange, n, r.lo, r.hi, r.what)
	}
	return nil
}

// ValidName reports whether s can name a term, a metric, a cohort or
// any other part of a parameter name: letters, digits, '_' and '-'.
func ValidName(s string) bool { return validName(s) }

// validName reports whether s can be part of a parameter name.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// nameError explains a name that cannot be part of parameter names; what
// says what it names ("a cohort name").
func nameError(what, s string) error {
	return fmt.Errorf("%w %q: expected %s of letters, digits, '_' or '-' (it becomes part of parameter names)", ErrInput, s, what)
}

// A fault is a broken rule of one item of a scenario: the field at
// fault, named by its column (or setting), and the error. Load positions
// it at the cell; Build at the element ("Terms[2]: share: ...").
type fault struct {
	col string
	err error
}

func faultf(col, format string, args ...any) *fault {
	return &fault{col, fmt.Errorf(format, args...)}
}

// missing is the fault of a parameter an item needs and does not have.
func missing(col string, r paramRule) *fault {
	return faultf(col, "%w: expected %s", csvio.ErrEmpty, r.doc)
}

// badName is the fault of a name that cannot be part of parameter names,
// or nil.
func badName(col, what, s string) *fault {
	if validName(s) {
		return nil
	}
	return &fault{col, nameError(what, s)}
}

// firstFault returns the first fault that is not nil.
func firstFault(fs ...*fault) *fault {
	for _, f := range fs {
		if f != nil {
			return f
		}
	}
	return nil
}

// none is the error of a scenario without any item of a required kind.
func none(what string) error { return fmt.Errorf("%w: no %s", ErrInput, what) }

func day(t time.Time) string { return t.Format(time.DateOnly) }

// The checks of each kind of item. Each checks an item before it joins
// s, against s's settings and the items of its kind already there;
// at(i) names the i-th of those in messages: "line 3" for Load, where
// it was read, and "Cohorts[0]" for Build.

// requiredSettings are the settings without a default.
const requiredSettings = "start, period, periods, price_base"

func settingMissing(key string) *fault {
	return faultf(key, "%w: setting %s is missing (required: %s)", ErrInput, key, requiredSettings)
}

// checkSettings checks the settings; its faults name the setting.
func (s *Scenario) checkSettings() *fault {
	st := &s.Settings
	switch {
	case st.Start.IsZero():
		return settingMissing("start")
	case st.Start.Day() != 1:
		return faultf("start", "%w: start %s: periods start on the first day of a month", ErrInput, day(st.Start))
	case st.Months == 0:
		return settingMissing("period")
	case st.Months != Month && st.Months != Quarter && st.Months != Year:
		return faultf("period", "%w: %d months a period: expected Month, Quarter or Year", ErrInput, st.Months)
	case st.Periods == 0:
		return settingMissing("periods")
	case st.PriceBase == 0:
		return settingMissing("price_base")
	}
	if st.Waterfall != ByTranche && st.Waterfall != InterestFirst {
		return faultf("waterfall", "%w: waterfall %d: expected ByTranche or InterestFirst", ErrInput, st.Waterfall)
	}
	if int(st.DayCount) >= len(dayCountNames) {
		return faultf("day_count", "%w: day_count %d: expected Act365F, Act360, Thirty360 or Thirty360E", ErrInput, st.DayCount)
	}
	if f := checkSchedule(st); f != nil {
		return f
	}
	if int(st.SavingMeasure) >= len(savingMeasureNames) {
		return faultf("saving_measure", "%w: saving_measure %d: expected CashableSaving or GrossSaving", ErrInput, st.SavingMeasure)
	}
	if st.FiscalYearStart != 0 {
		if f := ruleFiscalYearStart.check("fiscal_year_start", st.FiscalYearStart); f != nil {
			return f
		}
	}
	return firstFault(rulePeriods.check("periods", st.Periods), rulePriceBase.check("price_base", st.PriceBase),
		badName("residual", "a party name", st.Residual), checkDistribute(st), checkTermination(st))
}

// checkTermination checks the termination period and rule.
func checkTermination(st *Settings) *fault {
	if st.OnTermination != PayAccrued && st.OnTermination != PayMeasuredOnly {
		return faultf("on_termination", "%w: on_termination %d: expected PayAccrued or PayMeasuredOnly", ErrInput, st.OnTermination)
	}
	if st.Terminate == 0 {
		return nil
	}
	return ruleTerminate(st.Periods).check("terminate", st.Terminate)
}

// checkDistribute checks the distribution policy and its periods.
func checkDistribute(st *Settings) *fault {
	switch st.Distribute {
	case EveryPeriod, AtMaturity:
		if len(st.DistributeAt) > 0 {
			return faultf("distribute", "%w: periods to distribute in are given with distribute %s: use AtPeriods", ErrInput, []string{"every_period", "at_maturity"}[st.Distribute])
		}
		return nil
	case AtPeriods:
	default:
		return faultf("distribute", "%w: distribute %d: expected EveryPeriod, AtMaturity or AtPeriods", ErrInput, st.Distribute)
	}
	if len(st.DistributeAt) == 0 {
		return faultf("distribute", "%w: expected every_period, at_maturity or the periods to distribute in", csvio.ErrEmpty)
	}
	r := intRule{1, st.Periods, "a period to distribute in"}
	for i, n := range st.DistributeAt {
		if f := r.check("distribute", n); f != nil {
			return f
		}
		if i > 0 && n <= st.DistributeAt[i-1] {
			return faultf("distribute", "%w: period %d is not after period %d: list the periods to distribute in increasing", ErrOrder, n, st.DistributeAt[i-1])
		}
	}
	return nil
}

// checkBand checks a discount band; its messages name no other band.
func (s *Scenario) checkBand(b *Band, _ func(int) string) *fault {
	if f := ruleFromYear.check("from_year", b.From); f != nil {
		return f
	}
	n := len(s.Discount)
	switch {
	case n == 0 && b.From != 0:
		return faultf("from_year", "%w: the first band must start at year 0", ErrOrder)
	case n > 0 && b.From <= s.Discount[n-1].From:
		return faultf("from_year", "%w: bands must be in increasing order of from_year (%d after %d)", ErrOrder, b.From, s.Discount[n-1].From)
	case b.Rate == 0:
		return missing("rate", ruleBandRate)
	}
	return nil
}

func (s *Scenario) checkCohort(c *Cohort, at func(int) string) *fault {
	if f := badName("cohort", "a cohort name", c.Name); f != nil {
		return f
	}
	st := &s.Settings
	n := len(s.Cohorts)
	switch j := slices.IndexFunc(s.Cohorts, func(x Cohort) bool { return x.Name == c.Name }); {
	case j >= 0:
		return faultf("cohort", "%w: cohort %s is given twice (also %s)", ErrInput, c.Name, at(j))
	case c.Entry.Before(st.Start):
		return faultf("entry", "%w: entry %s is before the deal's start %s", ErrOrder, day(c.Entry), day(st.Start))
	case n > 0 && c.Entry.Before(s.Cohorts[n-1].Entry):
		return faultf("entry", "%w: entry %s is before the previous cohort's entry %s (%s); list cohorts by entry date", ErrOrder, day(c.Entry), day(s.Cohorts[n-1].Entry), at(n-1))
	case c.Period >= st.Periods:
		return faultf("entry", "%w: entry %s is after the horizon (%d periods from %s)", ErrOrder, day(c.Entry), st.Periods, day(st.Start))
	case c.Size == 0:
		return missing("size", ruleCohortSize)
	}
	return nil
}

func (s *Scenario) checkMetric(m *Metric, at func(int) string) *fault {
	if f := badName("metric", "a metric name", m.Name); f != nil {
		return f
	}
	P := s.Settings.Periods
	if j := slices.IndexFunc(s.Metrics, func(x Metric) bool { return x.Name == m.Name }); j >= 0 {
		return faultf("metric", "%w: metric %s is given twice (also %s)", ErrInput, m.Name, at(j))
	}
	if m.Per != PerYear && m.Per != Once {
		return faultf("per", "%w: accrual %d: expected PerYear or Once", ErrInput, m.Per)
	}
	if f := firstFault(ruleWindowFrom(P).check("from", m.From), ruleWindowTo(P).check("to", m.To)); f != nil {
		return f
	}
	switch {
	case m.To < m.From:
		return faultf("to", "%w: the window ends (period %d) before it begins (period %d)", ErrOrder, m.To, m.From)
	case m.Effect == 0:
		return missing("effect", ruleEffect)
	case len(m.CohortEffect) != len(s.Cohorts):
		return faultf("cohort", "%w: %d cohort effects for %d cohorts: give one a cohort (0 for none)", ErrInput, len(m.CohortEffect), len(s.Cohorts))
	}
	return nil
}

func (s *Scenario) checkService(sv *Service, at func(int) string) *fault {
	if f := badName("service", "a service name", sv.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Services, func(x Service) bool { return x.Name == sv.Name }); j >= 0 {
		return faultf("service", "%w: service %s is given twice (also %s); give one row per service", ErrInput, sv.Name, at(j))
	}
	if len(sv.Lines) == 0 {
		return faultf("agency", "%w: a service needs cost lines: ServiceLines gives those of one agency's budget", ErrInput)
	}
	for _, ln := range sv.Lines {
		if f := badName("agency", "an agency name", ln.Agency); f != nil {
			return f
		}
	}
	if sv.UnitCost == 0 {
		return missing("unit_cost", ruleUnitCost)
	}
	for _, ln := range sv.Lines {
		switch {
		case ln.StepParam != 0 && s.At(ln.StepParam).Value == 0,
			ln.StepParam == 0 && ln.Behaviour == costing.Step && !(ln.StepSize > 0):
			return faultf("step_size", "%w: a step size must be above zero (leave it empty for a variable cost)", ErrRange)
		case ln.Complement && ln.WeightParam == 0:
			return faultf("cashable", "%w: a complement line needs the weight parameter it complements", ErrInput)
		}
	}
	return nil
}

func (s *Scenario) checkAvoid(a *Avoid, at func(int) string) *fault {
	switch {
	case a.Metric < 0 || a.Metric >= len(s.Metrics):
		return faultf("metric", "%w: metric %d is not in the scenario", ErrUnknown, a.Metric)
	case a.Service < 0 || a.Service >= len(s.Services):
		return faultf("service", "%w: service %d is not in the scenario", ErrUnknown, a.Service)
	}
	if j := slices.IndexFunc(s.Avoids, func(x Avoid) bool { return x.Metric == a.Metric && x.Service == a.Service }); j >= 0 {
		return faultf("service", "%w: %s and %s are paired twice (also %s)", ErrInput, s.Metrics[a.Metric].Name, s.Services[a.Service].Name, at(j))
	}
	if a.Units == 0 {
		return missing("units", ruleAvoidUnits)
	}
	return nil
}

// checkTier checks a point of a tier schedule; the thresholds' order is
// one of the Orders.
func checkTier(effect, value ParamID) *fault {
	switch {
	case effect == 0:
		return missing("effect", ruleTierEffect)
	case value == 0:
		return missing("value", ruleTierValue)
	}
	return nil
}

func (s *Scenario) checkSchedule(sc *Schedule, at func(int) string) *fault {
	if f := badName("schedule", "a schedule name", sc.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Tiers, func(x Schedule) bool { return x.Name == sc.Name }); j >= 0 {
		return faultf("schedule", "%w: schedule %s is given twice (also %s)", ErrInput, sc.Name, at(j))
	}
	if len(sc.Effect) == 0 || len(sc.Effect) != len(sc.Value) {
		return faultf("value", "%w: schedule %s has %d effects and %d values: give at least one point, a value for each effect", ErrInput, sc.Name, len(sc.Effect), len(sc.Value))
	}
	for i := range sc.Effect {
		if f := checkTier(sc.Effect[i], sc.Value[i]); f != nil {
			return f
		}
	}
	return nil
}

// basisFields are the fields of a term only one basis may give, by
// their columns.
func (t *Term) basisFields() []struct {
	col         string
	given       bool
	basis, also Basis
} {
	return []struct {
		col         string
		given       bool
		basis, also Basis
	}{
		{"price", t.Price != 0, Outcomes, 0}, {"share", t.Share != 0, Savings, Costs}, {"share_after", t.ShareAfter != 0, Savings, 0},
		{"interest", t.Interest != 0, Savings, 0}, {"value", t.Cashable, Savings, 0}, {"switch", t.Switch != SwitchDefault, Savings, 0},
	}
}

func (s *Scenario) checkTerm(t *Term, at func(int) string) *fault {
	if f := badName("term", "a term name", t.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Terms, func(x Term) bool { return x.Name == t.Name }); j >= 0 {
		return faultf("term", "%w: term %s is given twice (also %s)", ErrInput, t.Name, at(j))
	}
	if t.Metric < 0 || t.Metric >= len(s.Metrics) {
		return faultf("metric", "%w: metric %d is not in the scenario", ErrUnknown, t.Metric)
	}
	if f := badName("payer", "the paying agency", t.Payer); f != nil {
		return f
	}
	if t.Basis < Outcomes || t.Basis > Costs {
		return faultf("basis", "%w: basis %d: expected Outcomes, Savings, Tiered or Costs", ErrInput, t.Basis)
	}
	for _, c := range t.basisFields() {
		if c.given && t.Basis != c.basis && t.Basis != c.also {
			return faultf(c.col, "%w: %s is for basis %s; this term's basis is %s", ErrInput, c.col, bases(c.basis, c.also), t.Basis)
		}
	}
	P := s.Settings.Periods
	switch {
	case t.Basis == Outcomes && t.Price == 0:
		return missing("price", rulePrice)
	case t.Basis == Savings && t.Share == 0:
		return missing("share", ruleShare)
	case t.Basis == Costs && t.Share == 0:
		return missing("share", ruleCostShare)
	case t.ShareAfter != 0 && t.Interest == 0:
		return missing("interest", ruleInterest)
	case t.Interest != 0 && t.ShareAfter == 0:
		return faultf("interest", "%w: interest is the condition for switching to share_after, which is empty: give share_after, or leave interest empty", ErrInput)
	case t.Schedule < 0 || int(t.Schedule) > len(s.Tiers):
		return faultf("schedule", "%w: schedule %d is not in the scenario", ErrUnknown, t.Schedule)
	case t.Schedule != 0 && t.Basis != Tiered:
		return faultf("schedule", "%w: a schedule is for basis tiered", ErrInput)
	case t.Schedule == 0 && t.Basis == Tiered:
		return faultf("schedule", "%w: basis tiered needs a schedule from %s", csvio.ErrEmpty, TiersFile)
	case t.Once && t.Basis != Outcomes:
		return faultf("claims", "%w: claims once limits the outcomes a rate card pays for; this term's basis is %s", ErrInput, t.Basis)
	}
	if f := checkSwitch(t); f != nil {
		return f
	}
	if err := s.checkOnceShare(t); err != nil {
		return &fault{"claims", err}
	}
	if f := s.checkCapGroupTerm(t); f != nil {
		return f
	}
	if f := s.checkSized(t); f != nil {
		return f
	}
	if f := s.checkMeasure(t); f != nil {
		return f
	}
	if f := s.checkPeriodic(t); f != nil {
		return f
	}
	if f := ruleLag.check("lag", t.Lag); f != nil {
		return f
	}
	if t.Lag >= P {
		return faultf("lag", "%w: the horizon (%d periods) is not longer than the measurement lag (%d periods): nothing could ever be paid", ErrRange, P, t.Lag)
	}
	return nil
}

// checkOnceShare checks a rate card claimable once a participant
// (claims once) on a metric counted once a participant (per once): its
// effect is a share of the participants, and an effect above 1, more
// outcomes than participants, would be capped in the payments (one claim
// a participant) but not in the state's savings. (A metric counted once
// may otherwise be a count of events, 1.55 reconvictions a person, paid
// per event with claims repeat.) Load and Build check it at the term;
// CheckValues after a change of the effect.
func (s *Scenario) checkOnceShare(t *Term) error {
	if !t.Once || t.Metric < 0 || t.Metric >= len(s.Metrics) {
		return nil
	}
	m := &s.Metrics[t.Metric]
	if m.Per != Once {
		return nil
	}
	for _, id := range append([]ParamID{m.Effect}, m.CohortEffect...) {
		if id == 0 {
			continue
		}
		if p := s.At(id); p.Value > 1 {
			return fmt.Errorf("%w: claims once pays each participant once at most, and %s = %s is more outcomes than participants (metric %s is counted once a participant): the state's savings would count them all, the payments one a participant; give the effect as a share of the participants (0.15 for 15%%), or claims repeat for a count of events", ErrRange, p.Name, fmtFloat(p.Value), m.Name)
		}
	}
	return nil
}

// checkSwitch checks when a savings term's share switches: when paid
// needs a share to switch to, and no cap per participant (what a cohort
// is paid is known only when it is paid, at the share then in force).
func checkSwitch(t *Term) *fault {
	switch {
	case t.Switch > SwitchWhenPaid:
		return faultf("switch", "%w: switch %d: expected SwitchWhenEarned or SwitchWhenPaid", ErrInput, t.Switch)
	case t.Switch == SwitchWhenPaid && t.ShareAfter == 0:
		return faultf("switch", "%w: switch says when the share switches to share_after, which is empty: give share_after and interest, or leave switch empty", ErrInput)
	case t.Switch == SwitchWhenPaid && t.ParticipantCap != 0:
		return faultf("participant_cap", "%w: a cap per participant limits what a cohort is paid, and with switch when_paid the share is known only at the payment, for the cohorts together: use cap_total or cap_period, or switch when_earned", ErrInput)
	}
	return nil
}

// checkMeasure checks what a term's tests and schedule compare: a
// threshold or a schedule relative to the baseline needs the metric's
// baseline, and a schedule of deal totals is read once at the pooled
// effect, with no cohort to test or cap.
func (s *Scenario) checkMeasure(t *Term) *fault {
	tested := t.CohortTested() || t.PooledTested()
	m := &s.Metrics[t.Metric]
	var sc *Schedule
	if t.Schedule != 0 {
		sc = &s.Tiers[t.Schedule.Index()]
	}
	switch {
	case t.Relative && !tested:
		return faultf("threshold_of", "%w: threshold_of says what threshold and pooled_threshold measure; this term has neither", ErrInput)
	case t.Strict && !tested:
		return faultf("boundary", "%w: boundary says how threshold and pooled_threshold are passed; this term has neither (a schedule's boundary is in %s)", ErrInput, TiersFile)
	case t.Relative && m.Baseline == 0:
		return faultf("threshold_of", "%w: thresholds relative to the baseline need metric %s's baseline (in %s, or from the outcomes folder)", csvio.ErrEmpty, m.Name, MetricsFile)
	case sc == nil:
		return nil
	case sc.Relative && m.Baseline == 0:
		return faultf("schedule", "%w: schedule %s's tiers are shares of the baseline, and metric %s has none (in %s, or from the outcomes folder)", csvio.ErrEmpty, sc.Name, m.Name, MetricsFile)
	case t.Measure != MeasureCohort:
		return nil // a periodic term reads its schedule on each period's or year's measure (checkPeriodic)
	case sc.PerDeal && t.CohortTested():
		return faultf("threshold", "%w: schedule %s pays deal totals at the pooled effect, with no cohort to test: its first tier is the threshold", ErrInput, sc.Name)
	case sc.PerDeal && t.PooledTested():
		return faultf("pooled_threshold", "%w: schedule %s pays deal totals at the pooled effect: its first tier is the pooled threshold", ErrInput, sc.Name)
	case sc.PerDeal && t.ParticipantCap != 0:
		return faultf("participant_cap", "%w: schedule %s pays deal totals, not per participant: use cap_total", ErrInput, sc.Name)
	}
	return nil
}

// checkPeriodic checks a term measured every period or year: its
// periods, and no test or limit that needs a cohort (a pooled test, a
// cap per participant, one claim a participant); a Costs term is
// periodic.
func (s *Scenario) checkPeriodic(t *Term) *fault {
	if t.Measure > MeasureYear {
		return faultf("measure", "%w: measure %d: expected MeasureCohort, MeasurePeriod or MeasureYear", ErrInput, t.Measure)
	}
	if t.Measure == MeasureCohort {
		switch {
		case t.Basis == Costs:
			return faultf("measure", "%w: a costs term pays each period's delivery costs: measure period or year, not cohort", ErrInput)
		case t.From != 0:
			return faultf("from", "%w: from bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window", ErrInput)
		case t.To != 0:
			return faultf("to", "%w: to bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window", ErrInput)
		}
		return nil
	}
	P := s.Settings.Periods
	if f := firstFault(ruleTermFrom(P).check("from", t.From), ruleTermTo(P).check("to", t.To)); f != nil {
		return f
	}
	switch {
	case t.To < t.From:
		return faultf("to", "%w: period %d is before the first period %d", ErrOrder, t.To, t.From)
	case t.PooledThreshold != 0:
		return faultf("pooled_threshold", "%w: a term measured every %s tests each %s's measure against threshold; there is no pooled test", ErrInput, t.Measure, t.Measure)
	case t.ParticipantCap != 0:
		return faultf("participant_cap", "%w: a term measured every %s pays on all cohorts together, not per participant: use cap_period or cap_total", ErrInput, t.Measure)
	case t.Once:
		return faultf("claims", "%w: a term measured every %s pays on all cohorts together, with no participant to count once", ErrInput, t.Measure)
	}
	return nil
}

// shareTol is how far above 1 the co-payers' shares of a term may sum:
// 0.1 + 0.2 + 0.7 is not 1 in binary.
const shareTol = 1e-9

// coShares returns the sum of the co-payers' shares of term j, and the
// co-payers, in s (for CheckValues, with the values set since).
func (s *Scenario) coShares(j int) float64 {
	sum := 0.0
	for _, c := range s.CoPayers {
		if c.Term == j && c.Share != 0 {
			sum += s.At(c.Share).Value
		}
	}
	return sum
}

// sharesError explains co-payers' shares of a term that sum above 1.
func (s *Scenario) sharesError(j int, sum float64) error {
	t := &s.Terms[j]
	return fmt.Errorf("%w: the co-payers' shares of term %s sum to %s, above 1 (the term's payer, %s, pays 1 − their sum)", ErrRange, t.Name, fmtFloat(sum), t.Payer)
}

// checkCoPayer checks a co-payer of a term: another agency than the
// term's payer, once a term, whose share and those of the term's
// co-payers before it sum to 1 at most.
func (s *Scenario) checkCoPayer(c *CoPayer, at func(int) string) *fault {
	if c.Term < 0 || c.Term >= len(s.Terms) {
		return faultf("term", "%w: term %d is not in the scenario", ErrUnknown, c.Term)
	}
	if f := badName("payer", "the co-paying agency", c.Payer); f != nil {
		return f
	}
	t := &s.Terms[c.Term]
	if c.Payer == t.Payer {
		return faultf("payer", "%w: %s is term %s's own payer (%s), which pays what the co-payers' shares leave: list only its co-payers", ErrInput, c.Payer, t.Name, PaymentsFile)
	}
	if j := slices.IndexFunc(s.CoPayers, func(x CoPayer) bool { return x.Term == c.Term && x.Payer == c.Payer }); j >= 0 {
		return faultf("payer", "%w: %s pays a share of term %s twice (also %s)", ErrInput, c.Payer, t.Name, at(j))
	}
	if c.Share == 0 {
		return missing("share", ruleCoPayerShare)
	}
	if sum := s.coShares(c.Term) + s.At(c.Share).Value; sum > 1+shareTol {
		return &fault{"share", s.sharesError(c.Term, sum)}
	}
	return nil
}

// checkPayerCap checks a payer's caps: an agency that pays a term, once,
// with a cap.
func (s *Scenario) checkPayerCap(c *PayerCap, at func(int) string) *fault {
	if f := badName("payer", "a paying agency", c.Payer); f != nil {
		return f
	}
	switch j := slices.IndexFunc(s.PayerCaps, func(x PayerCap) bool { return x.Payer == c.Payer }); {
	case j >= 0:
		return faultf("payer", "%w: payer %s is given twice (also %s)", ErrInput, c.Payer, at(j))
	case !s.pays(c.Payer):
		return faultf("payer", "%w: %s pays no term, in %s or %s (payers: %s)", ErrUnknown, c.Payer, PaymentsFile, PayersFile, s.payerNames())
	case c.CapPeriod == 0 && c.CapTotal == 0:
		return faultf("cap_total", "%w: expected cap_period, cap_total or both", csvio.ErrEmpty)
	}
	return nil
}

// costBases lists the bases of a delivery cost, or of a fee.
func costBases(fee bool) string {
	b := "per_participant, per_participant_period, per_period or upfront"
	if fee {
		b += ", or share_of_payments"
	}
	return b
}

// checkCost checks a delivery cost, or a fee; their first column is item,
// or fee.
func (s *Scenario) checkCost(c *CostItem, at func(int) string) *fault {
	kind, items := "item", s.Delivery
	if c.Fee {
		kind, items = "fee", s.Fees
	}
	if f := badName(kind, "a name", c.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(items, func(x CostItem) bool { return x.Name == c.Name }); j >= 0 {
		return faultf(kind, "%w: %s %s is given twice (also %s)", ErrInput, kind, c.Name, at(j))
	}
	if f := badName("party", "the party paid", c.Party); f != nil {
		return f
	}
	P := s.Settings.Periods
	switch {
	case c.Basis < PerParticipant || c.Basis > ShareOfPayments || c.Basis == ShareOfPayments && !c.Fee:
		return faultf("basis", "%w: basis %d: expected %s", ErrInput, c.Basis, costBases(c.Fee))
	case c.Amount == 0:
		return missing("amount", c.params()[0].rule)
	}
	if f := firstFault(ruleCostFrom(P).check("from", c.From), ruleCostTo(P).check("to", c.To)); f != nil {
		return f
	}
	if c.To < c.From {
		return faultf("to", "%w: period %d is before the first period %d", ErrOrder, c.To, c.From)
	}
	switch {
	case c.Subordinated && !c.Fee:
		return faultf("rank", "%w: a delivery cost is paid before the investors: only a fee can be subordinated", ErrInput)
	case c.OnceRepaid && !c.Subordinated:
		return faultf("when", "%w: a fee paid once the investors are repaid ranks below them: give rank subordinated, or leave when empty", ErrInput)
	case c.AfterTerm < 0 || c.AfterTerm > len(s.Terms):
		return faultf("when", "%w: AfterTerm %d: expected 0 (none) or one more than the index of a term (%d terms)", ErrUnknown, c.AfterTerm, len(s.Terms))
	case c.AfterTerm != 0 && !c.Subordinated:
		return faultf("when", "%w: a fee paid once a term's test passed is an incentive fee, paid from the surplus below the investors: give rank subordinated, or leave when empty", ErrInput)
	case c.AfterTerm != 0 && c.OnceRepaid:
		return faultf("when", "%w: a fee is paid once the investors are repaid or once a term's test passed, not both", ErrInput)
	}
	return nil
}

func (s *Scenario) checkTranche(t *Tranche, at func(int) string) *fault {
	if f := badName("tranche", "a tranche name", t.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Tranches, func(x Tranche) bool { return x.Name == t.Name }); j >= 0 {
		return faultf("tranche", "%w: tranche %s is given twice (also %s)", ErrInput, t.Name, at(j))
	}
	if f := firstFault(badName("investor", "an investor name", t.Investor), rulePriority.check("priority", t.Priority)); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Tranches, func(x Tranche) bool { return x.Priority == t.Priority }); j >= 0 {
		return faultf("priority", "%w: priority %d is also the priority of the tranche on %s: each tranche needs its own place in the waterfall", ErrInput, t.Priority, at(j))
	}
	if t.Commitment == 0 {
		return missing("commitment", ruleCommitment)
	}
	return firstFault(checkMaturity(t, s.Settings.Periods), checkGuarantee(t))
}

// checkMaturity checks a tranche's maturity and the start of its
// instalments, when given (0: not given), over a horizon of P periods.
func checkMaturity(t *Tranche, P int) *fault {
	if t.Maturity != 0 {
		if f := ruleMaturity(P).check("maturity", t.Maturity); f != nil {
			return f
		}
	}
	if t.Amortise != 0 {
		return ruleAmortise(t.MaturityPeriod(P)+1).check("amortise", t.Amortise)
	}
	return nil
}

// checkGuarantee checks that a tranche's guarantor has a promise to meet
// (a floor, a protected share) and the reverse.
func checkGuarantee(t *Tranche) *fault {
	promise := t.Floor != 0 || t.Protected != 0
	switch {
	case t.Guarantor != "" && !validName(t.Guarantor):
		return faultf("guarantor", "%w %q: expected a party name of letters, digits, '_' or '-'", ErrInput, t.Guarantor)
	case t.Floor != 0 && t.Guarantor == "":
		return faultf("guarantor", "%w: a floor needs a guarantor to meet it: give one, or leave floor empty", ErrInput)
	case t.Protected != 0 && t.Guarantor == "":
		return faultf("guarantor", "%w: a protected share needs a guarantor to meet it: give one, or leave protected empty", ErrInput)
	case t.Guarantor != "" && !promise:
		return faultf("floor", "%w: a guarantor needs a floor or a protected share to meet: give one, or leave guarantor empty", ErrInput)
	case t.GuaranteeLimit != 0 && t.Guarantor == "":
		return faultf("guarantee_limit", "%w: a guarantee limit needs a guarantor", ErrInput)
	}
	return nil
}

// An Order is a rule between two parameters: Lo's value must be below
// Hi's (Strict) or at most Hi's.
type Order struct {
	Lo, Hi ParamID
	Strict bool
	Rule   string // what the rule is, for messages
}

// Orders lists the rules between parameters: tier thresholds increase,
// no tranche's cap is below its floor or its protected share, and no
// metric's outcome window (outcome.M.from, outcome.M.to) ends before it
// begins. Load
// checks them on the files (at the cell that breaks one), Build with
// CheckValues; sensitivity analysis checks its ranges against them.
func (s *Scenario) Orders() []Order {
	var o []Order
	for _, sc := range s.Tiers {
		for i := 1; i < len(sc.Effect); i++ {
			o = append(o, Order{Lo: sc.Effect[i-1], Hi: sc.Effect[i], Strict: true, Rule: "tier thresholds must increase"})
		}
	}
	for _, t := range s.Tranches {
		if t.Cap != 0 && t.Floor != 0 {
			o = append(o, Order{Lo: t.Floor, Hi: t.Cap, Rule: "a tranche's cap must not be below its floor"})
		}
		if t.Cap != 0 && t.Protected != 0 {
			o = append(o, Order{Lo: t.Protected, Hi: t.Cap, Rule: "a tranche's cap must not be below its protected share"})
		}
	}
	return append(o, s.windowOrders()...)
}

// CheckValues checks the Orders, that the co-payers' shares of each
// term sum to 1 at most, and that a share claimable once a participant
// is not above 1 (checkOnceShare), for values changed since loading
// (Set).
func (s *Scenario) CheckValues() error {
	if len(s.CoPayers) > 0 {
		for j := range s.Terms {
			if sum := s.coShares(j); sum > 1+shareTol {
				return s.sharesError(j, sum)
			}
		}
	}
	for i := range s.Terms {
		if err := s.checkOnceShare(&s.Terms[i]); err != nil {
			return fmt.Errorf("term %s: %w", s.Terms[i].Name, err)
		}
	}
	for _, o := range s.Orders() {
		a, b := s.At(o.Lo), s.At(o.Hi)
		if b.Value < a.Value || o.Strict && b.Value == a.Value {
			if o.Strict {
				return fmt.Errorf("%w: %s: %s = %v is not above %s = %v", ErrOrder, o.Rule, b.Name, b.Value, a.Name, a.Value)
			}
			return fmt.Errorf("%w: %s: %s = %v is below %s = %v", ErrRange, o.Rule, b.Name, b.Value, a.Name, a.Value)
		}
	}
	return nil
}

// checkDiscount: discount bands and the discount_rate setting are two
// answers to one question.
func (s *Scenario) checkDiscount() error {
	if len(s.Discount) > 0 && s.Settings.DiscountSchedule != "" {
		return fmt.Errorf("%w: discount rates are given here and by discount_schedule %s: keep one", ErrInput, s.Settings.DiscountSchedule)
	}
	if len(s.Discount) > 0 && s.Settings.Discount != 0 {
		return fmt.Errorf("%w: discount rates are given here and as discount_rate at %s: keep one", ErrInput, s.At(s.Settings.Discount).Source)
	}
	return nil
}

// finish gives a scenario without discount rates the rate 0, and
// collects the warnings that need several files.
func (s *Scenario) finish() error {
	if err := s.scheduleBands(); err != nil {
		return err
	}
	if len(s.Discount) == 0 {
		r := s.Settings.Discount
		if r == 0 {
			var err error
			if r, err = s.addParam(ruleDefaultRate.param("setting.discount_rate", 0, "default")); err != nil {
				return err
			}
		}
		s.Discount = []Band{{From: 0, Rate: r}}
	}
	for mi, m := range s.Metrics {
		used := false
		for _, a := range s.Avoids {
			used = used || a.Metric == mi
		}
		for _, t := range s.Terms {
			used = used || t.Metric == mi
		}
		if !used {
			s.Warnings = append(s.Warnings, fmt.Sprintf("metric %s avoids no service and no term pays for it", m.Name))
		}
		last := 0
		for _, c := range s.Cohorts {
			last = max(last, c.Period+m.To)
		}
		for _, t := range s.Terms {
			if t.Metric == mi && t.Measure != MeasureCohort && t.To+t.Lag > s.Settings.Periods {
				s.Warnings = append(s.Warnings, fmt.Sprintf("term %s: the period %d is measured and paid %s later, after the horizon of %d periods; what falls after it is not paid", t.Name, t.To, plural(t.Lag, "period"), s.Settings.Periods))
			}
			if t.Metric == mi && t.Measure == MeasureCohort && last+t.Lag > s.Settings.Periods {
				s.Warnings = append(s.Warnings, fmt.Sprintf("term %s: the last cohort's outcomes are measured in period %d and paid %s later, after the horizon of %d periods; what falls after it is not paid", t.Name, last, plural(t.Lag, "period"), s.Settings.Periods))
			}
		}
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
