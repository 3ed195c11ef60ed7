package sib

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/names"
)

// Errors wrapped by the positioned *InputError values of the loaders, so
// that callers can test with errors.Is.
var (
	ErrInput   = errors.New("sib: invalid input")
	ErrUnknown = errors.New("sib: unknown name")
	ErrRange   = errors.New("sib: value out of range")
	ErrOrder   = errors.New("sib: out of order")
)

// Scenario is one deal as read from a scenario folder: its settings, the
// structure (cohorts, metrics, services, terms, costs, tranches), and the
// value of every numeric input as a named parameter. The structure refers
// to parameters by their index in Params, so that a sensitivity analysis
// can change any input by changing one number.
type Scenario struct {
	Settings Settings
	Params   []Param
	Cohorts  []Cohort
	Metrics  []Metric
	Services []Service
	Avoids   []Avoid
	Terms    []Term
	Tiers    []Schedule
	Delivery []CostItem
	Fees     []CostItem
	Tranches []Tranche
	Discount []Band // discount rates by year band; one band when a single rate is given
	// Warnings are findings that do not stop the evaluation.
	Warnings []string

	index     map[string]int
	periodsAt string // where Settings.Periods was read, "file:line:col", for messages
}

// Param is a numeric input with a stable name, for example
// outcome.reconviction.effect or cost.custody_day.unit_cost.
type Param struct {
	Name     string
	Value    float64
	Min, Max float64 // the allowed range, checked by Set
	Doc      string  // what the number is
	// Source is where the value came from: "file:line:col", or the
	// costing or outcomes result it was taken from.
	Source string
}

// Param returns the index of the named parameter, or −1.
func (s *Scenario) Param(name string) int {
	if i, ok := s.index[name]; ok {
		return i
	}
	return -1
}

// Values returns a copy of the parameters' values, the vector Model.Evaluate
// reads.
func (s *Scenario) Values() []float64 {
	v := make([]float64, len(s.Params))
	for i, p := range s.Params {
		v[i] = p.Value
	}
	return v
}

// Set changes a parameter's value after checking its range.
func (s *Scenario) Set(name string, v float64) error {
	i := s.Param(name)
	if i < 0 {
		return fmt.Errorf("%w: no parameter %q%s (sib params lists them)", ErrUnknown, name, s.Suggest(name))
	}
	p := &s.Params[i]
	if err := p.check(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p.Value = v
	p.Source = "set"
	return nil
}

// Suggest names the parameters closest to a misspelt name, as
// "; did you mean a or b?", or returns "".
func (s *Scenario) Suggest(name string) string {
	all := make([]string, len(s.Params))
	for i, p := range s.Params {
		all[i] = p.Name
	}
	return names.Suggest(name, all)
}

func (p *Param) check(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%w: %v is not a number", ErrRange, v)
	case v < p.Min || v > p.Max:
		return fmt.Errorf("%w: %s is outside %s", ErrRange, fmtFloat(v), rangeText(p.Min, p.Max))
	}
	return nil
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

// Period lengths, in months.
const (
	Month   = 1
	Quarter = 3
	Year    = 12
)

// Settings are the deal-wide settings of scenario.csv. The numeric ones
// are parameters: the fields hold their indices in Scenario.Params (−1
// when not given).
type Settings struct {
	Name      string
	Start     time.Time // the first day of period 1
	Months    int       // months per period: Month, Quarter or Year
	Periods   int       // the horizon, in periods
	Currency  string
	PriceBase int // the year whose prices real amounts are in
	// Costing and Outcomes are the folders the scenario takes unit costs
	// and effects from ("" when given directly), joined to the scenario's.
	Costing, Outcomes string
	// Recycle lets outcome payments received pay the period's delivery
	// costs and fees before new capital is drawn.
	Recycle bool
	// Residual is the party that receives cash no tranche can take (all
	// paid, and capped).
	Residual string

	Inflation, Discount, Hurdle, DirectOverhead, CapPeriod, CapTotal int
}

// PerYear returns the number of periods in a year.
func (st *Settings) PerYear() int { return 12 / st.Months }

// PeriodStart returns the first day of period t (0-based).
func (st *Settings) PeriodStart(t int) time.Time { return st.Start.AddDate(0, t*st.Months, 0) }

// PeriodEnd returns the last day of period t (0-based), the date its cash
// flows are dated.
func (st *Settings) PeriodEnd(t int) time.Time { return st.PeriodStart(t+1).AddDate(0, 0, -1) }

// Cohort is a group of participants who enter in one period.
type Cohort struct {
	Name   string
	Entry  time.Time
	Period int // 0-based period of entry
	// Size and TakeUp are parameters: participants = size × take-up.
	Size, TakeUp int
}

// Accrual says how a metric's outcomes fall over time.
type Accrual uint8

// Accruals.
const (
	// PerYear outcomes accrue evenly in every period of the window, at
	// the effect's rate per participant per year (avoided reconvictions
	// a year, custody days a year).
	PerYear Accrual = iota + 1
	// Once outcomes happen once per participant, at the end of the
	// window (in work at 12 months, school-ready at entry to school).
	Once
)

func (a Accrual) String() string {
	if a == Once {
		return "once"
	}
	return "year"
}

// Metric is an outcome and its effect: the improvement per participant
// against the counterfactual, positive when better.
type Metric struct {
	Name string
	Unit string
	Per  Accrual
	// From and To bound the window of periods after entry (1 = the entry
	// period) in which outcomes accrue, and To is when they are measured.
	From, To int
	// Baseline, Effect and Decay (the share of the effect lost each year
	// after the first) are parameters; Baseline is for reports and
	// relative thresholds only.
	Baseline, Effect, Decay int
	// CohortEffect[c] overrides Effect for cohort c (−1: use Effect).
	CohortEffect []int
}

// Service is a state service whose use an outcome avoids, valued at its
// unit cost and split into cost lines by agency and behaviour.
type Service struct {
	Name     string
	Unit     string
	UnitCost int // parameter: the fully loaded cost of one unit, real
	Lines    []Line
	Source   string
}

// Line is the part of a service's unit cost in one agency's budget with
// one cost behaviour.
type Line struct {
	Agency    string
	Behaviour costing.Behaviour
	// Weight is the line's share of the unit cost: a constant when
	// WeightParam < 0, else the parameter's value (Complement: one minus it).
	Weight      float64
	WeightParam int
	Complement  bool
	// StepSize is the number of units a year in one step of capacity
	// (Step lines): a constant, or the parameter StepParam when ≥ 0.
	StepSize  float64
	StepParam int
}

// Avoid says how many units of a service one outcome of a metric avoids.
type Avoid struct {
	Metric, Service int
	Units           int // parameter
}

// Basis is what a payment term pays for.
type Basis uint8

// Payment bases.
const (
	// Outcomes pays a price per outcome (a rate card).
	Outcomes Basis = iota + 1
	// Savings pays a share of the metric's measured savings.
	Savings
	// Tiered pays each participant an amount read from a schedule at the
	// cohort's effect, when the cohort is measured.
	Tiered
)

var basisNames = []string{"", "outcomes", "savings", "tiered"}

func (b Basis) String() string { return basisNames[b] }

// Term is one payment term of the contract.
type Term struct {
	Name   string
	Metric int
	Payer  string
	Basis  Basis
	// Cashable: a Savings term values savings at the cashable (marginal)
	// rate instead of the gross unit cost.
	Cashable bool
	// Once: an outcome is claimable once per participant (a cohort's
	// claims are capped at its participants).
	Once bool
	// Linear interpolates a tier schedule between its points; otherwise
	// it steps.
	Linear   bool
	Schedule int // index in Scenario.Tiers, −1 for none
	Lag      int // periods from the outcome (or test) to the payment
	// Parameters (−1 when not given).
	Price, Share, ShareAfter, Interest, ParticipantCap int
	Threshold, PooledThreshold, CapPeriod, CapTotal    int
}

// Schedule is a tier table: points of (effect, value), with effects
// strictly increasing.
type Schedule struct {
	Name   string
	Effect []int // parameters
	Value  []int // parameters
}

// CostBasis is how a delivery cost or fee is incurred.
type CostBasis uint8

// Cost bases.
const (
	PerParticipant       CostBasis = iota + 1 // once per participant, at entry
	PerParticipantPeriod                      // per participant, every period of the window after entry
	PerPeriod                                 // every period of the window of the deal
	Upfront                                   // once, in the window's first period of the deal
	ShareOfPayments                           // fees only: a share of the outcome payments received
)

var costBasisNames = []string{"", "per_participant", "per_participant_period", "per_period", "upfront", "share_of_payments"}

func (b CostBasis) String() string { return costBasisNames[b] }

// CostItem is a delivery cost or a fee paid by the bond.
type CostItem struct {
	Name   string
	Party  string
	Basis  CostBasis
	Amount int // parameter
	// From and To bound the periods (1-based, of the deal for PerPeriod
	// and Upfront, after entry for the per-participant bases).
	From, To int
	Fee      bool
}

// Tranche is a class of investors with its own priority and terms.
type Tranche struct {
	Name     string
	Investor string
	Priority int
	// Parameters: the commitment, the target return a year (compounded),
	// the cap and floor on total receipts as multiples of the capital
	// drawn, and the guarantee's limit (−1 when not given).
	Commitment, Coupon, Cap, Floor, GuaranteeLimit int
	Guarantor                                      string
}

// Band is a discount rate that applies from a year after the start on.
type Band struct {
	From int // years after the start
	Rate int // parameter
}

// addParam registers a parameter and returns its index.
func (s *Scenario) addParam(p Param) (int, error) {
	if s.index == nil {
		s.index = make(map[string]int)
	}
	if i, ok := s.index[p.Name]; ok {
		return -1, fmt.Errorf("%w: parameter %s is defined twice (also at %s)", ErrInput, p.Name, s.Params[i].Source)
	}
	s.index[p.Name] = len(s.Params)
	s.Params = append(s.Params, p)
	return len(s.Params) - 1, nil
}

// value returns a parameter's value in p, or def for an absent one.
func value(p []float64, i int, def float64) float64 {
	if i < 0 {
		return def
	}
	return p[i]
}

// Parties returns the names of every party in the deal, sorted: investors,
// guarantors, the parties paid for delivery and fees, the residual party,
// and the paying agencies.
func (s *Scenario) Parties() []string {
	var out []string
	for _, t := range s.Tranches {
		out = append(out, t.Investor)
		if t.Guarantor != "" {
			out = append(out, t.Guarantor)
		}
	}
	for _, c := range s.Delivery {
		out = append(out, c.Party)
	}
	for _, c := range s.Fees {
		out = append(out, c.Party)
	}
	for _, t := range s.Terms {
		out = append(out, t.Payer)
	}
	out = append(out, s.Settings.Residual)
	slices.Sort(out)
	return slices.Compact(out)
}
