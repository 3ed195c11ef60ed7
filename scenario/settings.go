package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
)

// Period lengths, in months.
const (
	Month   = 1
	Quarter = 3
	Year    = 12
)

// Settings are the deal-wide settings of scenario.csv. The numeric ones
// are parameters (the zero ParamID when not given).
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
	// Waterfall is the order in which the tranches are repaid.
	Waterfall Waterfall
	// Distribute is when the bond distributes its cash down the
	// waterfall; DistributeAt lists the periods (1-based, increasing) of
	// AtPeriods.
	Distribute   Distribution
	DistributeAt []int
	// Terminate is the last period (1-based) of a contract terminated
	// early: delivery and fees stop after it, every tranche matures in it
	// and outcomes are paid by OnTermination. 0: not given (no
	// termination, and no parameter); Periods: the parameter
	// setting.terminate at the horizon, which terminates nothing.
	Terminate int
	// OnTermination is what is paid, on termination, for the cohorts
	// whose outcomes are not yet measured.
	OnTermination Termination
	// DayCount turns dates into years for the XIRR of tranches and
	// parties (day_count; Act365F, Excel's and Calc's, when not given).
	DayCount DayCount
	// SavingMeasure is the state's saving the contract names
	// (saving_measure; CashableSaving when not given): the headline of a
	// report and the default output of a sensitivity analysis.
	SavingMeasure SavingMeasure
	// FiscalYearStart is the first month (1-12) of the payers' fiscal
	// year (fiscal_year_start; 0 when not given, which is 1: the calendar
	// year). 4 is the UK's April year. A period's payments fall in the
	// fiscal year of the period's last day, the day its cash is dated.
	FiscalYearStart int

	// DiscountSchedule names a published schedule of discount rates
	// (discount_schedule: "greenbook-2026:standard"; LookupSchedule), in
	// place of discount_rate and discount.csv; "" when not given.
	DiscountSchedule string
	// DiscountTiming is when in a period its flows are discounted from
	// (discount_timing; EndOfPeriod when not given).
	DiscountTiming DiscountTiming
	// ForeignInvestors (investors = foreign; domestic when not given):
	// the appraisal counts the outcome payments as a cost to society,
	// not a transfer between the state and investors at home.
	ForeignInvestors bool

	Inflation, Discount, Hurdle, DirectOverhead, CapPeriod, CapTotal ParamID
	// ClosureLag is the time, in years, a fall in the use of a service
	// must be sustained before its step costs are cashable (closure_lag;
	// the zero ParamID, or 0: at once, as before the setting existed).
	// The engine counts it in whole periods, rounded up: in period t a
	// step line releases the steps that the annualised units avoided
	// reached in each of periods t−L, ..., t (L = ⌈lag × periods a
	// year⌉), none before the first period; a released step stays
	// released only while the fall holds.
	ClosureLag ParamID
}

// Waterfall is the order in which the waterfall repays the tranches.
type Waterfall uint8

const (
	// ByTranche pays each tranche, in priority order, its target return
	// then its principal, before the next (waterfall = by_tranche, the
	// default).
	ByTranche Waterfall = iota
	// InterestFirst pays every tranche its target return, in priority
	// order, before any principal (waterfall = interest_first).
	InterestFirst
)

// Distribution is when the bond pays what is left of the outcome
// payments, after costs, down the waterfall. Between distributions it
// holds the cash, which pays the costs of the following periods before
// capital is called; a tranche's maturity and the last period always
// distribute.
type Distribution uint8

const (
	// EveryPeriod sweeps the cash every period (distribute =
	// every_period, the default).
	EveryPeriod Distribution = iota
	// AtMaturity distributes only in the periods a tranche matures and
	// in the last (distribute = at_maturity).
	AtMaturity
	// AtPeriods distributes in the periods of Settings.DistributeAt, and
	// at maturities and in the last (distribute = a list of periods,
	// "8;12;16").
	AtPeriods
)

// Termination is the rule that pays, on early termination, for the
// cohorts not yet measured (on_termination in scenario.csv).
type Termination uint8

const (
	// PayAccrued pays them on the outcomes accrued up to termination:
	// their tests are taken then, a tier value in proportion to the part
	// of the outcome window elapsed (pay_accrued, the default).
	PayAccrued Termination = iota
	// PayMeasuredOnly pays only the cohorts measured by termination; the
	// others are paid nothing (pay_measured_only).
	PayMeasuredOnly
)

// Terminated reports whether the contract is terminated before the
// horizon, and its last period, 0-based (the horizon's when not).
func (st *Settings) Terminated() (bool, int) {
	if st.Terminate > 0 && st.Terminate < st.Periods {
		return true, st.Terminate - 1
	}
	return false, st.Periods - 1
}

// PerYear returns the number of periods in a year.
func (st *Settings) PerYear() int { return 12 / st.Months }

// PeriodStart returns the first day of period t (0-based).
func (st *Settings) PeriodStart(t int) time.Time { return st.Start.AddDate(0, t*st.Months, 0) }

// PeriodEnd returns the last day of period t (0-based), the date its cash
// flows are dated.
func (st *Settings) PeriodEnd(t int) time.Time { return st.PeriodStart(t+1).AddDate(0, 0, -1) }

// scenario.csv: one setting a row.
var settingCols = []csvio.Column{{Name: "setting", Required: true}, {Name: "value", Required: true}}

// The settings scenario.csv may give.
var settingNames = []string{"name", "start", "period", "periods", "currency", "price_base", "inflation", "discount_rate", "hurdle_rate", "direct_overhead", "cap_period", "cap_total", "costing", "outcomes", "recycle", "residual", "waterfall", "distribute", "terminate", "on_termination", "day_count", "saving_measure", "fiscal_year_start", "discount_schedule", "discount_timing", "closure_lag", "investors"}

// params are the numeric settings, by their keys in scenario.csv.
func (st *Settings) params() []paramField {
	const p = "setting."
	return []paramField{
		field(&st.Inflation, p, "inflation", ruleInflation),
		field(&st.Discount, p, "discount_rate", ruleDiscountRate),
		field(&st.Hurdle, p, "hurdle_rate", ruleHurdle),
		field(&st.DirectOverhead, p, "direct_overhead", ruleDirectOverhead),
		field(&st.CapPeriod, p, "cap_period", ruleCapPeriod),
		field(&st.CapTotal, p, "cap_total", ruleCapTotal),
		field(&st.ClosureLag, p, "closure_lag", ruleClosureLag),
	}
}

// settings reads scenario.csv, then the costing and outcomes folders it
// names.
func (l *loader) settings(cr *csvio.Reader) error {
	st := &l.s.Settings
	*st = Settings{Residual: "intermediary"}
	seen := map[string]int{}
	pos := map[string][2]int{} // the value's line and column, for errors found after the loop
	for cr.Next() {
		key := strings.ToLower(cr.Field(0))
		if key == "" {
			return cr.Errorf(0, "%w: expected a setting name", csvio.ErrEmpty)
		}
		if !slices.Contains(settingNames, key) {
			hint := ""
			for _, n := range settingNames {
				if hint == "" && (strings.HasPrefix(n, key) || strings.HasPrefix(key, n)) {
					hint = "; did you mean " + n + "?" // the first: discount_rate before discount_schedule
				}
			}
			return cr.Errorf(0, "%w: no setting %q%s (the settings are %s)", ErrUnknown, cr.Field(0), hint, strings.Join(settingNames, ", "))
		}
		if line := seen[key]; line > 0 {
			return cr.Errorf(0, "%w: setting %s is given twice (also line %d)", ErrInput, key, line)
		}
		seen[key] = cr.Line()
		if line, col := cr.Pos(1); line > 0 {
			pos[key] = [2]int{line, col}
		}
		if err := l.setting(cr, key); err != nil {
			return err
		}
		if err := l.commit(cr); err != nil {
			return err
		}
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if st.Terminate == blankTerminate {
		st.Terminate = st.Periods
	}
	if f := l.s.checkSettings(); f != nil {
		err := &InputError{File: cr.Name(), Err: f.err}
		if at, ok := pos[f.col]; ok {
			err.Line, err.Column, err.Field = at[0], at[1], settingCols[1].Name
		}
		return err
	}
	if at, ok := pos["periods"]; ok {
		l.s.periodsAt = fmt.Sprintf("%s:%d:%d", cr.Name(), at[0], at[1])
	}
	if st.Costing != "" {
		m, err := costing.LoadWith(st.Costing, costing.LoadOptions{Limits: l.limits})
		if err != nil {
			return err
		}
		res, err := costing.Compute(m, costing.Options{PriceBase: st.PriceBase})
		if err != nil {
			at := pos["costing"]
			if errors.Is(err, costing.ErrNoDeflator) {
				at = pos["price_base"] // the price base is not in the costing's deflator
			}
			return settingError(cr.Name(), at, err)
		}
		l.costing = res
	}
	if st.Outcomes != "" {
		if err := l.loadOutcomes(st.Outcomes); err != nil {
			return settingError(cr.Name(), pos["outcomes"], err)
		}
	}
	return nil
}

// setting reads the value of one setting, key.
func (l *loader) setting(cr *csvio.Reader, key string) error {
	st := &l.s.Settings
	v := cr.Field(1)
	var err error
	if l.discSchedule != "" && (key == "discount_rate" || key == "discount_schedule") {
		return nil // LoadOptions.DiscountSchedule replaces the folder's rates
	}
	if i := slices.IndexFunc(st.params(), func(f paramField) bool { return f.col == key }); i >= 0 {
		f := st.params()[i]
		*f.id, err = l.num(cr, 1, f, true)
		return err
	}
	switch key {
	case "name":
		st.Name = v
	case "currency":
		st.Currency = v
	case "residual":
		st.Residual, err = l.name(cr, 1, "a party name")
	case "costing", "outcomes":
		if v == "" {
			return cr.Errorf(1, "%w: expected a folder", csvio.ErrEmpty)
		}
		if l.fsys != nil {
			return cr.Errorf(1, "%w: %s: LoadFS reads no %s folder; give the values in the scenario's own files, or use Load", ErrInput, v, key)
		}
		p := v
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.dir, filepath.FromSlash(p))
		}
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			return cr.Errorf(1, "%w: %s is not a folder (a %s folder, relative to the scenario's)", fs.ErrNotExist, p, key)
		}
		if err := folderKind(key, p, l.dir); err != nil {
			return cr.Wrap(1, err)
		}
		if key == "costing" {
			st.Costing = p
		} else {
			st.Outcomes = p
		}
	case "start":
		if st.Start, err = parseDate(v); err != nil {
			return cr.Wrap(1, err)
		}
	case "period":
		st.Months, err = keyword(cr, v, []string{"month", "quarter", "year"}, []int{Month, Quarter, Year})
	case "periods":
		st.Periods, err = integer(cr, 1, rulePeriods, required)
	case "price_base":
		st.PriceBase, err = cr.Year(1)
	case "recycle":
		if st.Recycle, err = yesNo(v); err != nil {
			return cr.Wrap(1, err)
		}
	case "waterfall":
		st.Waterfall, err = keyword(cr, v, []string{"by_tranche", "interest_first"}, []Waterfall{ByTranche, InterestFirst})
	case "distribute":
		return l.distribute(cr, v)
	case "terminate":
		// A blank value is the horizon (no termination, but a parameter
		// to vary); the range is checked once periods is known.
		l.timingCell(cr, 1, "setting.terminate")
		st.Terminate, err = integer(cr, 1, intRule{1, rulePeriods.hi, ruleTerminate(0).what}, blankTerminate)
	case "day_count":
		if st.DayCount, err = ParseDayCount(v); err != nil {
			return cr.Wrap(1, err)
		}
	case "saving_measure":
		if st.SavingMeasure, err = ParseSavingMeasure(v); err != nil {
			return cr.Wrap(1, err)
		}
	case "fiscal_year_start":
		st.FiscalYearStart, err = integer(cr, 1, ruleFiscalYearStart, required)
	case "on_termination":
		st.OnTermination, err = keyword(cr, v, []string{"pay_accrued", "pay_measured_only"}, []Termination{PayAccrued, PayMeasuredOnly})
	case "discount_schedule":
		return l.discountSchedule(cr, v)
	case "discount_timing":
		st.DiscountTiming, err = keyword(cr, v, discountTimingNames[:], []DiscountTiming{EndOfPeriod, GreenBook})
	case "investors":
		st.ForeignInvestors, err = keyword(cr, v, []string{"domestic", "foreign"}, []bool{false, true})
	}
	return err
}

// blankTerminate marks a blank terminate until periods is known.
const blankTerminate = -1

// distribute reads the distribution policy: every_period, at_maturity,
// or a list of periods separated by semicolons or spaces.
func (l *loader) distribute(cr *csvio.Reader, v string) error {
	st := &l.s.Settings
	switch strings.ToLower(v) {
	case "every_period":
		st.Distribute = EveryPeriod
		return nil
	case "at_maturity":
		st.Distribute = AtMaturity
		return nil
	}
	st.Distribute = AtPeriods
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return cr.Errorf(1, "%w %q: expected every_period, at_maturity or periods separated by semicolons (4;8;12)", ErrInput, v)
		}
		st.DistributeAt = append(st.DistributeAt, n)
	}
	return nil
}

// keyword reads a setting's value v (column 1), one of names in any case,
// as the value beside it: "expected a, b or c" otherwise.
func keyword[T any](cr *csvio.Reader, v string, names []string, values []T) (T, error) {
	if i := slices.Index(names, strings.ToLower(v)); i >= 0 {
		return values[i], nil
	}
	list := names[len(names)-1]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + list
	}
	var zero T
	return zero, cr.Errorf(1, "%w %q: expected %s", ErrInput, v, list)
}
