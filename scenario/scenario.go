package scenario

import "errors"

// Errors wrapped by the positioned *InputError values of the loader and
// returned by Set and CheckValues, so that callers can test with
// errors.Is. Their text keeps the module's "sib: " prefix, so that
// messages read as they did before the deal's data had a package.
var (
	ErrInput   = errors.New("sib: invalid input")
	ErrUnknown = errors.New("sib: unknown name")
	ErrRange   = errors.New("sib: value out of range")
	ErrOrder   = errors.New("sib: out of order")
)

// Scenario is one deal: its settings, the structure (cohorts, metrics,
// services, terms, costs, tranches), and the value of every numeric input
// as a named parameter. The structure refers to parameters by ParamID, so
// that a sensitivity analysis can change any input by changing one number
// of the vector Values returns.
//
// A Scenario comes from a folder (Load) or from Go code (Builder). Its
// parameters are registered as it is read or built: a Scenario literal
// that no Builder built has none that Param can find.
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

	// CoPayers pay shares of terms beside the terms' payers, and
	// PayerCaps cap what an agency pays over every term it pays
	// (co-commissioning: payers.csv, payer_caps.csv).
	CoPayers  []CoPayer
	PayerCaps []PayerCap

	// Coupons set tranches' coupons by range of periods, fixed or read
	// from a band table each year (coupons.csv).
	Coupons []Coupon

	// CapGroups are caps per participant shared by rate-card terms
	// (cap_groups.csv; Term.CapGroup).
	CapGroups []CapGroup

	// Actuals are outcome payments already made (actuals.csv): they
	// replace the modelled payments of their terms up to the last
	// period that has one (ActualsThrough).
	Actuals []Actual

	// SizeSchedules are thresholds that scale with the participants
	// tested (threshold_bands.csv; Term.ThresholdBands, Term.PooledBands).
	SizeSchedules []SizeSchedule
	// Benefits are what outcomes bring beyond the state's budgets
	// (values.csv); CommissionerCosts the commissioner's own costs
	// outside the bond (commissioner_costs.csv); Grades the confidence
	// grades (confidence.csv; nil: DefaultGrades). See appraisal.go.
	Benefits          []Value
	CommissionerCosts []CommissionerCost
	Grades            []Grade

	index     map[string]ParamID
	periodsAt string // where Settings.Periods was read, "file:line:col", for messages
}

// PeriodsSource returns where the horizon was read, as "file:line:col",
// or "" for a scenario built in code.
func (s *Scenario) PeriodsSource() string { return s.periodsAt }
