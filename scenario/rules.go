package scenario

import (
	"fmt"
	"math"
	"strconv"
)

// The rules a scenario's values obey, in one place: each parameter's
// range (checked as it is read and by Set), the names that become part of
// parameter names, the orders between parameters (Orders, CheckValues),
// and the checks that need several files (finish). The readers check the
// rules of one row as they read it, beside its columns.

var inf = math.Inf(1)

// minStep is the least step size: above zero, which would make a step
// cost's capacity infinite.
const minStep = math.SmallestNonzeroFloat64

// A paramRule is the range of a kind of parameter and what it is.
type paramRule struct {
	lo, hi float64
	doc    string
}

// The parameters' rules: each kind's range and what it is (the doc of
// its Param, and the words of its range errors).
var (
	ruleAvoidUnits      = paramRule{-inf, inf, "units of the service avoided by one outcome"}
	ruleCommitment      = paramRule{0, inf, "the capital committed"}
	ruleCoupon          = paramRule{0, 10, "the target return a year, compounded"}
	ruleTrancheCap      = paramRule{0, inf, "the cap on total receipts, as a multiple of the capital drawn"}
	ruleTrancheFloor    = paramRule{0, inf, "the floor on total receipts, as a multiple of the capital drawn, met by the guarantee"}
	ruleGuaranteeLimit  = paramRule{0, inf, "the most the guarantor pays"}
	ruleCohortSize      = paramRule{0, inf, "the number of people referred"}
	ruleTakeUp          = paramRule{0, 1, "the share of those referred who take part"}
	ruleBandRate        = paramRule{-0.5, 1, "the discount rate a year in this band"}
	ruleBaseline        = paramRule{0, inf, "the counterfactual level per participant"}
	ruleEffect          = paramRule{-inf, inf, "the effect (improvement per participant)"}
	ruleDecay           = paramRule{0, 1, "the share of the effect lost each year after the first"}
	ruleCohortEffect    = paramRule{-inf, inf, "the cohort's effect (improvement per participant)"}
	rulePrice           = paramRule{0, inf, "the price per outcome"}
	ruleShare           = paramRule{0, 1, "the share of measured savings paid"}
	ruleShareAfter      = paramRule{0, 1, "the share paid once investors are repaid with interest"}
	ruleInterest        = paramRule{-0.99, 10, "the interest a year investors must earn before the share switches"}
	ruleUnitCost        = paramRule{0, inf, "the cost of one unit, in the price base"}
	ruleCashable        = paramRule{0, 1, "the share of the unit cost that leaves a budget when a unit is avoided"}
	ruleStepSize        = paramRule{0, inf, "units a year per step of capacity"}
	ruleInflation       = paramRule{-0.5, 1, "inflation a year, 0.02 for 2%"}
	ruleDiscountRate    = paramRule{-0.5, 1, "the discount rate a year, 0.035 for 3.5%"}
	ruleHurdle          = paramRule{-0.5, 10, "the investors' hurdle rate a year"}
	ruleDirectOverhead  = paramRule{0, 10, "the state's extra cost of commissioning directly, as a share of delivery costs"}
	ruleCapPeriod       = paramRule{0, inf, "the cap on all outcome payments in a period"}
	ruleCapTotal        = paramRule{0, inf, "the cap on all outcome payments over the deal"}
	ruleTierEffect      = paramRule{-inf, inf, "the effect at which this tier starts"}
	ruleTierValue       = paramRule{0, inf, "the payment per participant at this tier"}
	ruleParticipantCap  = paramRule{0, inf, "the cap on payments per participant"}
	ruleThreshold       = paramRule{-inf, inf, "the effect a cohort must reach before its outcomes are paid"}
	rulePooledThreshold = paramRule{-inf, inf, "the effect all cohorts together must reach; pays what cohort tests held back"}
	ruleTermCapPeriod   = paramRule{0, inf, "the cap on the term's payments in a period"}
	ruleTermCapTotal    = paramRule{0, inf, "the cap on the term's payments over the deal"}
	ruleAmount          = paramRule{0, inf, "the amount"}
	ruleFeeShare        = paramRule{0, 1, "the share of outcome payments"}
)

// param returns a parameter of the rule's kind.
func (r paramRule) param(name string, v float64) Param {
	return Param{Name: name, Value: v, Min: r.lo, Max: r.hi, Doc: r.doc}
}

// from returns a parameter of the rule's kind with its source.
func (r paramRule) from(name string, v float64, source string) Param {
	p := r.param(name, v)
	p.Source = source
	return p
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

// An Order is a rule between two parameters: Lo's value must be below
// Hi's (Strict) or at most Hi's.
type Order struct {
	Lo, Hi ParamID
	Strict bool
	Rule   string // what the rule is, for messages
}

// Orders lists the rules between parameters that the loader checks on the
// files: tier thresholds increase, and no tranche's cap is below its
// floor. Sensitivity analysis checks its ranges against them.
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
	}
	return o
}

// CheckValues checks the Orders for values changed since loading (Set).
func (s *Scenario) CheckValues() error {
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

// finish checks what needs several files, and gives a scenario without
// discount rates the rate 0.
func (s *Scenario) finish(discountFile string) error {
	if len(s.Discount) > 0 && s.Settings.Discount != 0 {
		return &InputError{File: discountFile, Err: fmt.Errorf("%w: discount rates are given here and as discount_rate at %s: keep one", ErrInput, s.At(s.Settings.Discount).Source)}
	}
	if len(s.Discount) == 0 {
		r := s.Settings.Discount
		if r == 0 {
			var err error
			if r, err = s.addParam(Param{Name: "setting.discount_rate", Value: 0, Min: -0.5, Max: 1, Doc: "the discount rate a year (not given: 0)", Source: "default"}); err != nil {
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
			if t.Metric == mi && last+t.Lag > s.Settings.Periods {
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
