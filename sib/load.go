package sib

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
)

// InputError is an input error with its position in a file.
type InputError = csvio.Error

// The files of a scenario folder. Scenario, cohorts, metrics, avoided,
// payments, delivery and capital are required; services.csv may be left
// out when the settings name a costing folder.
const (
	ScenarioFile = "scenario.csv"
	CohortsFile  = "cohorts.csv"
	MetricsFile  = "metrics.csv"
	ServicesFile = "services.csv"
	AvoidedFile  = "avoided.csv"
	PaymentsFile = "payments.csv"
	TiersFile    = "tiers.csv"
	DeliveryFile = "delivery.csv"
	FeesFile     = "fees.csv"
	CapitalFile  = "capital.csv"
	DiscountFile = "discount.csv"
)

var files = []string{ScenarioFile, CohortsFile, MetricsFile, ServicesFile, AvoidedFile, PaymentsFile, TiersFile, DeliveryFile, FeesFile, CapitalFile, DiscountFile}

var (
	settingCols  = []csvio.Column{{Name: "setting", Required: true}, {Name: "value", Required: true}}
	cohortCols   = []csvio.Column{{Name: "cohort", Required: true}, {Name: "entry", Required: true}, {Name: "size", Required: true}, {Name: "take_up"}}
	metricCols   = []csvio.Column{{Name: "metric", Required: true}, {Name: "cohort"}, {Name: "per"}, {Name: "from"}, {Name: "to"}, {Name: "baseline"}, {Name: "effect"}, {Name: "decay"}, {Name: "unit"}}
	serviceCols  = []csvio.Column{{Name: "service", Required: true}, {Name: "agency", Required: true}, {Name: "unit_cost", Required: true}, {Name: "cashable"}, {Name: "step_size"}, {Name: "unit"}}
	avoidCols    = []csvio.Column{{Name: "metric", Required: true}, {Name: "service", Required: true}, {Name: "units", Required: true}}
	paymentCols  = []csvio.Column{{Name: "term", Required: true}, {Name: "metric", Required: true}, {Name: "payer", Required: true}, {Name: "basis", Required: true}, {Name: "value"}, {Name: "price"}, {Name: "share"}, {Name: "share_after"}, {Name: "interest"}, {Name: "claims"}, {Name: "participant_cap"}, {Name: "threshold"}, {Name: "pooled_threshold"}, {Name: "schedule"}, {Name: "interpolation"}, {Name: "cap_period"}, {Name: "cap_total"}, {Name: "lag"}}
	tierCols     = []csvio.Column{{Name: "schedule", Required: true}, {Name: "effect", Required: true}, {Name: "value", Required: true}}
	costCols     = []csvio.Column{{Name: "item", Required: true}, {Name: "party", Required: true}, {Name: "basis", Required: true}, {Name: "amount", Required: true}, {Name: "from"}, {Name: "to"}}
	feeCols      = []csvio.Column{{Name: "fee", Required: true}, {Name: "party", Required: true}, {Name: "basis", Required: true}, {Name: "amount", Required: true}, {Name: "from"}, {Name: "to"}}
	trancheCols  = []csvio.Column{{Name: "tranche", Required: true}, {Name: "investor", Required: true}, {Name: "priority", Required: true}, {Name: "commitment", Required: true}, {Name: "coupon"}, {Name: "cap"}, {Name: "floor"}, {Name: "guarantor"}, {Name: "guarantee_limit"}}
	discountCols = []csvio.Column{{Name: "from_year", Required: true}, {Name: "rate", Required: true}}
)

var inf = math.Inf(1)

// Load reads a scenario folder (see docs/scenario.md). Any .csv file that
// is not one of the scenario's files is an error, because it is usually a
// misspelt name whose data would silently be left out. The costing and
// outcomes folders named in scenario.csv are read too. Error messages name
// files by the path built from dir.
func Load(dir string) (*Scenario, error) { return LoadWith(dir, LoadOptions{}) }

// LoadOptions are the settings of LoadWith.
type LoadOptions struct {
	// Limits bound each input file, here and in the costing and outcomes
	// folders; zero fields take csvio's defaults.
	Limits csvio.Limits
}

// LoadWith is Load with options.
func LoadWith(dir string, opt LoadOptions) (*Scenario, error) {
	if unknown := csvio.UnknownFiles(dir, files...); len(unknown) > 0 {
		return nil, &InputError{File: filepath.Join(dir, unknown[0]), Err: fmt.Errorf("%w: not an input file of a scenario folder (%s); rename it, or move it out of the folder", ErrUnknown, strings.Join(files, ", "))}
	}
	l := &loader{s: &Scenario{}, dir: dir, limits: opt.Limits}
	steps := []struct {
		file     string
		required bool
		read     func(*csvio.Reader) error
		cols     []csvio.Column
	}{
		{ScenarioFile, true, l.settings, settingCols},
		{DiscountFile, false, l.discount, discountCols},
		{CohortsFile, true, l.cohorts, cohortCols},
		{MetricsFile, true, l.metrics, metricCols},
		{ServicesFile, false, l.services, serviceCols},
		{AvoidedFile, true, l.avoided, avoidCols},
		{TiersFile, false, l.tiers, tierCols},
		{PaymentsFile, true, l.payments, paymentCols},
		{DeliveryFile, true, l.delivery, costCols},
		{FeesFile, false, l.fees, feeCols},
		{CapitalFile, true, l.capital, trancheCols},
	}
	for _, st := range steps {
		name := filepath.Join(dir, st.file)
		f, err := csvio.Open(name, opt.Limits)
		if errors.Is(err, fs.ErrNotExist) && !st.required {
			if st.file == ServicesFile && l.s.Settings.Costing == "" {
				// avoided.csv will say which service it cannot find.
				continue
			}
			continue
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &InputError{File: name, Err: fmt.Errorf("%w: a scenario folder needs it (see docs/scenario.md)", fs.ErrNotExist)}
		}
		if err != nil {
			return nil, err
		}
		err = func() error {
			defer f.Close()
			cr, err := csvio.NewReader(f, name, st.cols)
			if err != nil {
				return err
			}
			l.file = name
			if err := st.read(cr); err != nil {
				return err
			}
			return cr.Err()
		}()
		if err != nil {
			return nil, err
		}
	}
	if err := l.finish(); err != nil {
		return nil, err
	}
	return l.s, nil
}

type loader struct {
	s      *Scenario
	dir    string
	file   string
	limits csvio.Limits

	costing  *costing.Result
	effects  map[[2]string]float64 // (metric, cohort) → effect from the outcomes folder
	tierLine map[string]int
}

// num reads column col as parameter name. A blank optional cell gives −1.
func (l *loader) num(cr *csvio.Reader, col int, name, doc string, lo, hi float64, required bool) (int, error) {
	if cr.Field(col) == "" {
		if required {
			return -1, cr.Errorf(col, "%w: expected %s", csvio.ErrEmpty, doc)
		}
		return -1, nil
	}
	v, err := cr.Float(col)
	if err != nil {
		return -1, err
	}
	p := Param{Name: name, Value: v, Min: lo, Max: hi, Doc: doc}
	if err := p.check(v); err != nil {
		return -1, cr.Wrap(col, rangeError(cr.Field(col), lo, hi, doc))
	}
	line, c := cr.Pos(col)
	p.Source = fmt.Sprintf("%s:%d:%d", cr.Name(), line, c)
	i, err := l.s.addParam(p)
	if err != nil {
		return -1, cr.Wrap(col, err)
	}
	return i, nil
}

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

// integer reads column col as a whole number in [lo, hi]; def when blank.
func integer(cr *csvio.Reader, col int, what string, lo, hi, def int) (int, error) {
	s := cr.Field(col)
	if s == "" {
		if def == math.MinInt {
			return 0, cr.Errorf(col, "%w: expected %s", csvio.ErrEmpty, what)
		}
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		// Digits, too many for an int: out of range, not malformed.
		return 0, cr.Errorf(col, "%w: %s is outside [%d, %d] (%s)", ErrRange, s, lo, hi, what)
	}
	if err != nil {
		return 0, cr.Errorf(col, "%w %q: expected %s, a whole number", csvio.ErrNumber, s, what)
	}
	if n < lo || n > hi {
		return 0, cr.Errorf(col, "%w: %d is outside [%d, %d] (%s)", ErrRange, n, lo, hi, what)
	}
	return n, nil
}

const required = math.MinInt

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%w %q: expected a date as YYYY-MM-DD", ErrInput, s)
	}
	return t, nil
}

func yesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "1", "y":
		return true, nil
	case "no", "false", "0", "n", "":
		return false, nil
	}
	return false, fmt.Errorf("%w %q: expected yes or no", ErrInput, s)
}

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

func (l *loader) name(cr *csvio.Reader, col int, what string) (string, error) {
	s, err := cr.String(col, what)
	if err != nil {
		return "", err
	}
	if !validName(s) {
		return "", cr.Errorf(col, "%w %q: expected %s of letters, digits, '_' or '-' (it becomes part of parameter names)", ErrInput, s, what)
	}
	return s, nil
}

var settingNames = []string{"name", "start", "period", "periods", "currency", "price_base", "inflation", "discount_rate", "hurdle_rate", "direct_overhead", "cap_period", "cap_total", "costing", "outcomes", "recycle", "residual"}

func (l *loader) settings(cr *csvio.Reader) error {
	st := &l.s.Settings
	*st = Settings{Inflation: -1, Discount: -1, Hurdle: -1, DirectOverhead: -1, CapPeriod: -1, CapTotal: -1, Residual: "intermediary"}
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
				if strings.HasPrefix(n, key) || strings.HasPrefix(key, n) {
					hint = "; did you mean " + n + "?"
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
		v := cr.Field(1)
		var err error
		param := func(lo, hi float64, doc string) (int, error) {
			return l.num(cr, 1, "setting."+key, doc, lo, hi, true)
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
			if st.Start.Day() != 1 {
				return cr.Errorf(1, "%w: start %s: periods start on the first day of a month", ErrInput, v)
			}
		case "period":
			switch strings.ToLower(v) {
			case "month":
				st.Months = Month
			case "quarter":
				st.Months = Quarter
			case "year":
				st.Months = Year
			default:
				return cr.Errorf(1, "%w %q: expected month, quarter or year", ErrInput, v)
			}
		case "periods":
			st.Periods, err = integer(cr, 1, "the horizon in periods", 1, 2400, required)
		case "price_base":
			st.PriceBase, err = cr.Year(1)
		case "recycle":
			if st.Recycle, err = yesNo(v); err != nil {
				return cr.Wrap(1, err)
			}
		case "inflation":
			st.Inflation, err = param(-0.5, 1, "inflation a year, 0.02 for 2%")
		case "discount_rate":
			st.Discount, err = param(-0.5, 1, "the discount rate a year, 0.035 for 3.5%")
		case "hurdle_rate":
			st.Hurdle, err = param(-0.5, 10, "the investors' hurdle rate a year")
		case "direct_overhead":
			st.DirectOverhead, err = param(0, 10, "the state's extra cost of commissioning directly, as a share of delivery costs")
		case "cap_period":
			st.CapPeriod, err = param(0, inf, "the cap on all outcome payments in a period")
		case "cap_total":
			st.CapTotal, err = param(0, inf, "the cap on all outcome payments over the deal")
		}
		if err != nil {
			return err
		}
	}
	if err := cr.Err(); err != nil {
		return err
	}
	for _, k := range []string{"start", "period", "periods", "price_base"} {
		if seen[k] == 0 {
			return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: setting %s is missing (required: start, period, periods, price_base)", ErrInput, k)}
		}
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

// folderKind checks that dir, named by setting key (costing or
// outcomes), holds a folder of that kind: given the scenario's own folder,
// say, the costing's loader would blame the first scenario file it does
// not know (avoided.csv) instead of the setting that named the folder.
func folderKind(key, dir, scenario string) error {
	kind, need := "a costing folder", []string{costing.LedgerFile, costing.ActivityFile, costing.DeflatorFile}
	files := strings.Join(need, ", ")
	if key == "outcomes" {
		kind, need = "an outcomes folder", []string{outcomes.ParticipantsFile, outcomes.AggregatesFile}
		files = need[0] + " or " + need[1]
	}
	what := fmt.Sprintf("%s names %s (with %s), relative to the scenario's", key, kind, files)
	if a, err := os.Stat(dir); err == nil {
		if b, err := os.Stat(scenario); err == nil && os.SameFile(a, b) {
			return fmt.Errorf("%w: %s is the scenario's own folder; %s", ErrInput, dir, what)
		}
	}
	for _, n := range need {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is not %s: it has none of its files; %s", ErrInput, dir, kind, what)
}

// settingError positions an error of the costing or outcomes folder at
// the scenario.csv setting at (line, column) that it comes from, unless
// it already names a file of its own: then the fault is in that file.
func settingError(file string, at [2]int, err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{File: file, Line: at[0], Column: at[1], Field: "value", Err: err}
}

func (l *loader) loadOutcomes(dir string) error {
	study, err := outcomes.Load(dir, outcomes.LoadOptions{Limits: l.limits})
	if err != nil {
		return err
	}
	res, err := outcomes.Estimate(context.Background(), study, outcomes.Options{})
	if err != nil {
		return err
	}
	l.effects = make(map[[2]string]float64)
	for _, e := range res.Effects {
		l.effects[[2]string{e.Metric, e.Cohort}] = e.Effect
	}
	// The net effect in year 1 (after deadweight, displacement and
	// attribution) is what the state gets, where adjustments are given.
	for _, st := range res.Waterfall {
		if st.Name == "net" && st.Year == 1 {
			l.effects[[2]string{st.Metric, st.Cohort}] = st.Effect
		}
	}
	return nil
}

func (l *loader) discount(cr *csvio.Reader) error {
	prev := -1
	for cr.Next() {
		from, err := integer(cr, 0, "the first year of the band, counted from the start (0 for the first)", 0, 1000, required)
		if err != nil {
			return err
		}
		if prev < 0 && from != 0 {
			return cr.Errorf(0, "%w: the first band must start at year 0", ErrOrder)
		}
		if from <= prev {
			return cr.Errorf(0, "%w: bands must be in increasing order of from_year (%d after %d)", ErrOrder, from, prev)
		}
		prev = from
		r, err := l.num(cr, 1, fmt.Sprintf("discount.%d.rate", from), "the discount rate a year in this band", -0.5, 1, true)
		if err != nil {
			return err
		}
		l.s.Discount = append(l.s.Discount, Band{From: from, Rate: r})
	}
	return nil
}

func (l *loader) cohorts(cr *csvio.Reader) error {
	st := &l.s.Settings
	if st.Periods > 0 {
		// A first pass counts the rows, so that a file of a million cohorts
		// fails in a fraction of a second and before any is registered.
		most := l.limits.OrDefault().MemoryBytes / (int64(st.Periods) * 8)
		line, err := csvio.RecordLine(l.file, l.limits, most+1)
		if err != nil {
			return err
		}
		if line > 0 {
			return &csvio.Error{File: l.file, Line: int(line), Column: 1, Field: "cohort", Err: csvio.LimitError(fmt.Sprintf("more than %d cohorts × %d periods need more than %s for one metric's outcomes alone", most, st.Periods, csvio.FormatSize(l.limits.OrDefault().MemoryBytes)), "memory", l.limits.OrDefault().MemoryBytes)}
		}
	}
	seen := map[string]int{}
	var prev time.Time
	prevLine := 0
	for cr.Next() {
		name, err := l.name(cr, 0, "a cohort name")
		if err != nil {
			return err
		}
		if line := seen[name]; line > 0 {
			return cr.Errorf(0, "%w: cohort %s is given twice (also line %d)", ErrInput, name, line)
		}
		seen[name] = cr.Line()
		c := Cohort{Name: name}
		if c.Entry, err = parseDate(cr.Field(1)); err != nil {
			return cr.Wrap(1, err)
		}
		if c.Entry.Before(st.Start) {
			return cr.Errorf(1, "%w: entry %s is before the deal's start %s", ErrOrder, cr.Field(1), st.Start.Format(time.DateOnly))
		}
		if prevLine > 0 && c.Entry.Before(prev) {
			return cr.Errorf(1, "%w: entry %s is before the previous cohort's entry %s (line %d); list cohorts by entry date", ErrOrder, cr.Field(1), prev.Format(time.DateOnly), prevLine)
		}
		prev, prevLine = c.Entry, cr.Line()
		months := (c.Entry.Year()-st.Start.Year())*12 + int(c.Entry.Month()-st.Start.Month())
		c.Period = months / st.Months
		if c.Period >= st.Periods {
			return cr.Errorf(1, "%w: entry %s is after the horizon (%d periods from %s)", ErrOrder, cr.Field(1), st.Periods, st.Start.Format(time.DateOnly))
		}
		if c.Size, err = l.num(cr, 2, "cohort."+name+".size", "the number of people referred", 0, inf, true); err != nil {
			return err
		}
		if cr.Field(3) == "" {
			c.TakeUp = -1
		} else if c.TakeUp, err = l.num(cr, 3, "cohort."+name+".take_up", "the share of those referred who take part", 0, 1, true); err != nil {
			return err
		}
		l.s.Cohorts = append(l.s.Cohorts, c)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Cohorts) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no cohorts", ErrInput)}
	}
	return nil
}

func (l *loader) cohortIndex(name string) int {
	return slices.IndexFunc(l.s.Cohorts, func(c Cohort) bool { return c.Name == name })
}

func (l *loader) metricIndex(name string) int {
	return slices.IndexFunc(l.s.Metrics, func(m Metric) bool { return m.Name == name })
}

func (l *loader) metrics(cr *csvio.Reader) error {
	const (
		cMetric = iota
		cCohort
		cPer
		cFrom
		cTo
		cBaseline
		cEffect
		cDecay
		cUnit
	)
	lines := map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, cMetric, "a metric name")
		if err != nil {
			return err
		}
		if ch := cr.Field(cCohort); ch != "" {
			// A cohort's own effect, overriding the metric's.
			mi := l.metricIndex(name)
			if mi < 0 {
				return cr.Errorf(cMetric, "%w: metric %s has no row of its own above this cohort row", ErrUnknown, name)
			}
			ci := l.cohortIndex(ch)
			if ci < 0 {
				return cr.Errorf(cCohort, "%w: cohort %q is not in %s", ErrUnknown, ch, CohortsFile)
			}
			for _, col := range []int{cPer, cFrom, cTo, cBaseline, cDecay, cUnit} {
				if cr.Field(col) != "" {
					return cr.Errorf(col, "%w: a cohort row gives the cohort's effect only; leave %s empty", ErrInput, metricCols[col].Name)
				}
			}
			m := &l.s.Metrics[mi]
			if m.CohortEffect[ci] >= 0 {
				return cr.Errorf(cCohort, "%w: cohort %s of metric %s is given twice", ErrInput, ch, name)
			}
			if m.CohortEffect[ci], err = l.num(cr, cEffect, "outcome."+name+"."+ch+".effect", "the cohort's effect (improvement per participant)", -inf, inf, true); err != nil {
				return err
			}
			continue
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(cMetric, "%w: metric %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		m := Metric{Name: name, Unit: cr.Field(cUnit), Per: PerYear, CohortEffect: make([]int, len(l.s.Cohorts))}
		for i := range m.CohortEffect {
			m.CohortEffect[i] = -1
		}
		switch strings.ToLower(cr.Field(cPer)) {
		case "", "year":
		case "once":
			m.Per = Once
		default:
			return cr.Errorf(cPer, "%w %q: expected year (outcomes a participant-year) or once (one outcome a participant)", ErrInput, cr.Field(cPer))
		}
		maxP := l.s.Settings.Periods
		if m.From, err = integer(cr, cFrom, "the first period of the window after entry (1 = the entry period)", 1, maxP, 1); err != nil {
			return err
		}
		if m.To, err = integer(cr, cTo, "the last period of the window after entry", 1, maxP, required); err != nil {
			return err
		}
		if m.To < m.From {
			return cr.Errorf(cTo, "%w: the window ends (period %d) before it begins (period %d)", ErrOrder, m.To, m.From)
		}
		if m.Baseline, err = l.num(cr, cBaseline, "outcome."+name+".baseline", "the counterfactual level per participant", 0, inf, false); err != nil {
			return err
		}
		if cr.Field(cEffect) == "" && l.effects != nil {
			e, ok := l.effects[[2]string{name, outcomes.PooledCohort}]
			if !ok {
				return cr.Errorf(cEffect, "%w: no effect given, and metric %s is not in the outcomes folder %s", ErrUnknown, name, l.s.Settings.Outcomes)
			}
			if m.Effect, err = l.s.addParam(Param{Name: "outcome." + name + ".effect", Value: e, Min: -inf, Max: inf, Doc: "the effect (improvement per participant)", Source: "outcomes: " + l.s.Settings.Outcomes + " (pooled)"}); err != nil {
				return cr.Wrap(cEffect, err)
			}
			for ci, c := range l.s.Cohorts {
				if e, ok := l.effects[[2]string{name, c.Name}]; ok {
					if m.CohortEffect[ci], err = l.s.addParam(Param{Name: "outcome." + name + "." + c.Name + ".effect", Value: e, Min: -inf, Max: inf, Doc: "the cohort's effect (improvement per participant)", Source: "outcomes: " + l.s.Settings.Outcomes + " (cohort " + c.Name + ")"}); err != nil {
						return cr.Wrap(cEffect, err)
					}
				}
			}
		} else if m.Effect, err = l.num(cr, cEffect, "outcome."+name+".effect", "the effect (improvement per participant)", -inf, inf, true); err != nil {
			return err
		}
		if m.Decay, err = l.num(cr, cDecay, "outcome."+name+".decay", "the share of the effect lost each year after the first", 0, 1, false); err != nil {
			return err
		}
		l.s.Metrics = append(l.s.Metrics, m)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Metrics) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no metrics", ErrInput)}
	}
	return nil
}

func (l *loader) serviceIndex(name string) int {
	return slices.IndexFunc(l.s.Services, func(s Service) bool { return s.Name == name })
}

func (l *loader) services(cr *csvio.Reader) error {
	lines := map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, 0, "a service name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(0, "%w: service %s is given twice (also line %d); give one row per service", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		agency, err := l.name(cr, 1, "an agency name")
		if err != nil {
			return err
		}
		sv := Service{Name: name, Unit: cr.Field(5)}
		line, col := cr.Pos(0)
		sv.Source = fmt.Sprintf("%s:%d:%d", cr.Name(), line, col)
		if sv.UnitCost, err = l.num(cr, 2, "cost."+name+".unit_cost", "the cost of one unit, in the price base", 0, inf, true); err != nil {
			return err
		}
		cash, err := l.num(cr, 3, "cost."+name+".cashable", "the share of the unit cost that leaves a budget when a unit is avoided", 0, 1, false)
		if err != nil {
			return err
		}
		step, err := l.num(cr, 4, "cost."+name+".step_size", "units a year per step of capacity", 0, inf, false)
		if err != nil {
			return err
		}
		if step >= 0 && l.s.Params[step].Value == 0 {
			return cr.Errorf(4, "%w: a step size must be above zero (leave it empty for a variable cost)", ErrRange)
		}
		if step >= 0 {
			l.s.Params[step].Min = math.SmallestNonzeroFloat64
		}
		b := costing.Variable
		if step >= 0 {
			b = costing.Step
		}
		if cash < 0 {
			// All of it is cashable.
			sv.Lines = []Line{{Agency: agency, Behaviour: b, Weight: 1, WeightParam: -1, StepParam: step}}
		} else {
			sv.Lines = []Line{
				{Agency: agency, Behaviour: b, WeightParam: cash, StepParam: step},
				{Agency: agency, Behaviour: costing.Fixed, WeightParam: cash, Complement: true, StepParam: -1},
			}
		}
		l.s.Services = append(l.s.Services, sv)
	}
	return nil
}

// costingService adds a service from the costing folder, in the price
// base, and returns its index (−1 when the costing has no such service).
func (l *loader) costingService(name string) (int, error) {
	if l.costing == nil {
		return -1, nil
	}
	year := l.costing.PriceBase
	lines := l.costing.Lines(name, year)
	var sc *costing.ServiceCost
	for i := range l.costing.Services {
		if s := &l.costing.Services[i]; s.Service == name && s.Year == year {
			sc = s
		}
	}
	if sc == nil || len(lines) == 0 || sc.Units.IsZero() || sc.Total.IsZero() {
		return -1, nil
	}
	avg, _ := sc.Average.Float64()
	sv := Service{Name: name, Source: fmt.Sprintf("costing: %s (%d)", l.s.Settings.Costing, year)}
	var err error
	if sv.UnitCost, err = l.s.addParam(Param{Name: "cost." + name + ".unit_cost", Value: avg, Min: 0, Max: inf, Doc: "the cost of one unit, in the price base (fully loaded average)", Source: sv.Source}); err != nil {
		return -1, err
	}
	for _, ln := range lines {
		w, _ := ln.Cost.Div(sc.Total).Float64()
		step, _ := ln.StepSize.Float64()
		if ln.Behaviour == costing.Step {
			// The costing's step size is in units of the year's volume.
			step = ln.StepSize.InexactFloat64()
		}
		sv.Lines = append(sv.Lines, Line{Agency: ln.Agency, Behaviour: ln.Behaviour, Weight: w, WeightParam: -1, StepSize: step, StepParam: -1})
	}
	l.s.Services = append(l.s.Services, sv)
	return len(l.s.Services) - 1, nil
}

func (l *loader) avoided(cr *csvio.Reader) error {
	seen := map[[2]int]int{}
	for cr.Next() {
		mname, err := cr.String(0, "a metric")
		if err != nil {
			return err
		}
		mi := l.metricIndex(mname)
		if mi < 0 {
			return cr.Errorf(0, "%w: metric %q is not in %s", ErrUnknown, mname, MetricsFile)
		}
		sname, err := cr.String(1, "a service")
		if err != nil {
			return err
		}
		si := l.serviceIndex(sname)
		if si < 0 {
			if si, err = l.costingService(sname); err != nil {
				return cr.Wrap(1, err)
			}
		}
		if si < 0 {
			where := ServicesFile
			if l.s.Settings.Costing != "" {
				where += fmt.Sprintf(" or the costing folder's %d costs", l.s.Settings.PriceBase)
			}
			return cr.Errorf(1, "%w: service %q is not in %s", ErrUnknown, sname, where)
		}
		if line := seen[[2]int{mi, si}]; line > 0 {
			return cr.Errorf(1, "%w: %s and %s are paired twice (also line %d)", ErrInput, mname, sname, line)
		}
		seen[[2]int{mi, si}] = cr.Line()
		u, err := l.num(cr, 2, "avoid."+mname+"."+sname+".units", "units of the service avoided by one outcome", -inf, inf, true)
		if err != nil {
			return err
		}
		l.s.Avoids = append(l.s.Avoids, Avoid{Metric: mi, Service: si, Units: u})
	}
	return nil
}

func (l *loader) tiers(cr *csvio.Reader) error {
	l.tierLine = map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, 0, "a schedule name")
		if err != nil {
			return err
		}
		si := slices.IndexFunc(l.s.Tiers, func(s Schedule) bool { return s.Name == name })
		if si < 0 {
			l.s.Tiers = append(l.s.Tiers, Schedule{Name: name})
			si = len(l.s.Tiers) - 1
			l.tierLine[name] = cr.Line()
		}
		sc := &l.s.Tiers[si]
		n := len(sc.Effect) + 1
		e, err := l.num(cr, 1, fmt.Sprintf("tier.%s.%d.effect", name, n), "the effect at which this tier starts", -inf, inf, true)
		if err != nil {
			return err
		}
		if n > 1 {
			if prev := l.s.Params[sc.Effect[n-2]].Value; l.s.Params[e].Value <= prev {
				return cr.Errorf(1, "%w: tier thresholds must increase: %s is not above the previous tier's %s", ErrOrder, cr.Field(1), fmtFloat(prev))
			}
		}
		v, err := l.num(cr, 2, fmt.Sprintf("tier.%s.%d.value", name, n), "the payment per participant at this tier", 0, inf, true)
		if err != nil {
			return err
		}
		sc.Effect = append(sc.Effect, e)
		sc.Value = append(sc.Value, v)
	}
	return nil
}

func (l *loader) payments(cr *csvio.Reader) error {
	const (
		cTerm = iota
		cMetric
		cPayer
		cBasis
		cValue
		cPrice
		cShare
		cShareAfter
		cInterest
		cClaims
		cParticipantCap
		cThreshold
		cPooled
		cSchedule
		cInterp
		cCapPeriod
		cCapTotal
		cLag
	)
	lines := map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, cTerm, "a term name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(cTerm, "%w: term %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		t := Term{Name: name, Schedule: -1, Price: -1, Share: -1, ShareAfter: -1, Interest: -1}
		mname, err := cr.String(cMetric, "a metric")
		if err != nil {
			return err
		}
		if t.Metric = l.metricIndex(mname); t.Metric < 0 {
			return cr.Errorf(cMetric, "%w: metric %q is not in %s (metrics: %s)", ErrUnknown, mname, MetricsFile, l.metricNames())
		}
		if t.Payer, err = l.name(cr, cPayer, "the paying agency"); err != nil {
			return err
		}
		p := "term." + name + "."
		switch b := strings.ToLower(cr.Field(cBasis)); b {
		case "outcomes":
			t.Basis = Outcomes
			if t.Price, err = l.num(cr, cPrice, p+"price", "the price per outcome", 0, inf, true); err != nil {
				return err
			}
		case "savings":
			t.Basis = Savings
			if t.Share, err = l.num(cr, cShare, p+"share", "the share of measured savings paid", 0, 1, true); err != nil {
				return err
			}
			if t.ShareAfter, err = l.num(cr, cShareAfter, p+"share_after", "the share paid once investors are repaid with interest", 0, 1, false); err != nil {
				return err
			}
			if t.Interest, err = l.num(cr, cInterest, p+"interest", "the interest a year investors must earn before the share switches", -0.99, 10, t.ShareAfter >= 0); err != nil {
				return err
			}
			if t.Interest >= 0 && t.ShareAfter < 0 {
				return cr.Errorf(cInterest, "%w: interest is the condition for switching to share_after, which is empty: give share_after, or leave interest empty", ErrInput)
			}
			switch v := strings.ToLower(cr.Field(cValue)); v {
			case "", "gross":
			case "cashable":
				t.Cashable = true
			default:
				return cr.Errorf(cValue, "%w %q: expected gross or cashable", ErrInput, cr.Field(cValue))
			}
		case "tiered":
			t.Basis = Tiered
		default:
			return cr.Errorf(cBasis, "%w %q: expected outcomes (a price per outcome), savings (a share of measured savings) or tiered (a schedule in %s)", ErrInput, cr.Field(cBasis), TiersFile)
		}
		for _, c := range []struct {
			col   int
			basis Basis
		}{{cPrice, Outcomes}, {cShare, Savings}, {cShareAfter, Savings}, {cInterest, Savings}, {cValue, Savings}} {
			if t.Basis != c.basis && cr.Field(c.col) != "" {
				return cr.Errorf(c.col, "%w: %s is for basis %s; this term's basis is %s", ErrInput, paymentCols[c.col].Name, c.basis, t.Basis)
			}
		}
		if s := cr.Field(cSchedule); s != "" {
			if t.Schedule = slices.IndexFunc(l.s.Tiers, func(x Schedule) bool { return x.Name == s }); t.Schedule < 0 {
				return cr.Errorf(cSchedule, "%w: schedule %q is not in %s", ErrUnknown, s, TiersFile)
			}
			if t.Basis != Tiered {
				return cr.Errorf(cSchedule, "%w: a schedule is for basis tiered", ErrInput)
			}
		} else if t.Basis == Tiered {
			return cr.Errorf(cSchedule, "%w: basis tiered needs a schedule from %s", csvio.ErrEmpty, TiersFile)
		}
		switch v := strings.ToLower(cr.Field(cInterp)); v {
		case "", "step":
		case "linear":
			t.Linear = true
		default:
			return cr.Errorf(cInterp, "%w %q: expected step or linear", ErrInput, cr.Field(cInterp))
		}
		switch v := strings.ToLower(cr.Field(cClaims)); v {
		case "", "repeat":
		case "once":
			if t.Basis != Outcomes {
				return cr.Errorf(cClaims, "%w: claims once limits the outcomes a rate card pays for; this term's basis is %s", ErrInput, t.Basis)
			}
			t.Once = true
		default:
			return cr.Errorf(cClaims, "%w %q: expected once (one claim a participant) or repeat", ErrInput, cr.Field(cClaims))
		}
		if t.ParticipantCap, err = l.num(cr, cParticipantCap, p+"participant_cap", "the cap on payments per participant", 0, inf, false); err != nil {
			return err
		}
		if t.Threshold, err = l.num(cr, cThreshold, p+"threshold", "the effect a cohort must reach before its outcomes are paid", -inf, inf, false); err != nil {
			return err
		}
		if t.PooledThreshold, err = l.num(cr, cPooled, p+"pooled_threshold", "the effect all cohorts together must reach; pays what cohort tests held back", -inf, inf, false); err != nil {
			return err
		}
		if t.CapPeriod, err = l.num(cr, cCapPeriod, p+"cap_period", "the cap on the term's payments in a period", 0, inf, false); err != nil {
			return err
		}
		if t.CapTotal, err = l.num(cr, cCapTotal, p+"cap_total", "the cap on the term's payments over the deal", 0, inf, false); err != nil {
			return err
		}
		if t.Lag, err = integer(cr, cLag, "the measurement lag in periods", 0, 1200, 0); err != nil {
			return err
		}
		if t.Lag >= l.s.Settings.Periods {
			return cr.Errorf(cLag, "%w: the horizon (%d periods) is not longer than the measurement lag (%d periods): nothing could ever be paid", ErrRange, l.s.Settings.Periods, t.Lag)
		}
		l.s.Terms = append(l.s.Terms, t)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Terms) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no payment terms", ErrInput)}
	}
	return nil
}

func (l *loader) metricNames() string {
	var n []string
	for _, m := range l.s.Metrics {
		n = append(n, m.Name)
	}
	return strings.Join(n, ", ")
}

func (l *loader) delivery(cr *csvio.Reader) error { return l.costItems(cr, false) }
func (l *loader) fees(cr *csvio.Reader) error     { return l.costItems(cr, true) }

func (l *loader) costItems(cr *csvio.Reader, fee bool) error {
	lines := map[string]int{}
	kind, prefix := "item", "delivery."
	if fee {
		kind, prefix = "fee", "fee."
	}
	for cr.Next() {
		name, err := l.name(cr, 0, "a name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(0, "%w: %s %s is given twice (also line %d)", ErrInput, kind, name, line)
		}
		lines[name] = cr.Line()
		c := CostItem{Name: name, Fee: fee}
		if c.Party, err = l.name(cr, 1, "the party paid"); err != nil {
			return err
		}
		b := strings.ToLower(cr.Field(2))
		i := slices.Index(costBasisNames, b)
		c.Basis = CostBasis(max(i, 0))
		if i <= 0 || (c.Basis == ShareOfPayments && !fee) {
			allowed := "per_participant, per_participant_period, per_period or upfront"
			if fee {
				allowed += ", or share_of_payments"
			}
			return cr.Errorf(2, "%w %q: expected %s", ErrInput, cr.Field(2), allowed)
		}
		hi, doc := inf, "the amount"
		if c.Basis == ShareOfPayments {
			hi, doc = 1, "the share of outcome payments"
		}
		if c.Amount, err = l.num(cr, 3, prefix+name+".amount", doc, 0, hi, true); err != nil {
			return err
		}
		maxP := l.s.Settings.Periods
		if c.From, err = integer(cr, 4, "the first period", 1, maxP, 1); err != nil {
			return err
		}
		def := maxP
		if c.Basis == Upfront {
			def = c.From
		}
		if c.To, err = integer(cr, 5, "the last period", 1, maxP, def); err != nil {
			return err
		}
		if c.To < c.From {
			return cr.Errorf(5, "%w: period %d is before the first period %d", ErrOrder, c.To, c.From)
		}
		if fee {
			l.s.Fees = append(l.s.Fees, c)
		} else {
			l.s.Delivery = append(l.s.Delivery, c)
		}
	}
	return nil
}

func (l *loader) capital(cr *csvio.Reader) error {
	const (
		cTranche = iota
		cInvestor
		cPriority
		cCommitment
		cCoupon
		cCap
		cFloor
		cGuarantor
		cLimit
	)
	lines := map[string]int{}
	prio := map[int]int{}
	for cr.Next() {
		name, err := l.name(cr, cTranche, "a tranche name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(cTranche, "%w: tranche %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		t := Tranche{Name: name}
		if t.Investor, err = l.name(cr, cInvestor, "an investor name"); err != nil {
			return err
		}
		if t.Priority, err = integer(cr, cPriority, "the priority (1 is paid first)", 1, 1000, required); err != nil {
			return err
		}
		if line := prio[t.Priority]; line > 0 {
			return cr.Errorf(cPriority, "%w: priority %d is also the priority of the tranche on line %d: each tranche needs its own place in the waterfall", ErrInput, t.Priority, line)
		}
		prio[t.Priority] = cr.Line()
		p := "tranche." + name + "."
		if t.Commitment, err = l.num(cr, cCommitment, p+"commitment", "the capital committed", 0, inf, true); err != nil {
			return err
		}
		// A coupon is a target return that the waterfall pays before
		// principal. Below zero it would "pay" a negative return, that is
		// take cash back from the investors and spend it on principal in
		// periods with no cash: investors lose money through the outcomes,
		// not through their coupon, so a negative one is refused.
		if v, err := cr.Float(cCoupon); err == nil && cr.Field(cCoupon) != "" && v < 0 {
			return cr.Errorf(cCoupon, "%w: %s is below zero: a coupon is the target return a year that investors are owed before their principal; give 0 (or leave it empty) for none", ErrRange, cr.Field(cCoupon))
		}
		if t.Coupon, err = l.num(cr, cCoupon, p+"coupon", "the target return a year, compounded", 0, 10, false); err != nil {
			return err
		}
		if t.Cap, err = l.num(cr, cCap, p+"cap", "the cap on total receipts, as a multiple of the capital drawn", 0, inf, false); err != nil {
			return err
		}
		if t.Floor, err = l.num(cr, cFloor, p+"floor", "the floor on total receipts, as a multiple of the capital drawn, met by the guarantee", 0, inf, false); err != nil {
			return err
		}
		t.Guarantor = cr.Field(cGuarantor)
		if t.Guarantor != "" && !validName(t.Guarantor) {
			return cr.Errorf(cGuarantor, "%w %q: expected a party name of letters, digits, '_' or '-'", ErrInput, t.Guarantor)
		}
		if t.GuaranteeLimit, err = l.num(cr, cLimit, p+"guarantee_limit", "the most the guarantor pays", 0, inf, false); err != nil {
			return err
		}
		if (t.Floor >= 0) != (t.Guarantor != "") {
			col := cGuarantor
			if t.Guarantor != "" {
				col = cFloor
			}
			return cr.Errorf(col, "%w: a floor needs a guarantor to meet it, and a guarantor a floor to meet: give both or neither", ErrInput)
		}
		if t.GuaranteeLimit >= 0 && t.Guarantor == "" {
			return cr.Errorf(cLimit, "%w: a guarantee limit needs a guarantor", ErrInput)
		}
		if t.Cap >= 0 && t.Floor >= 0 && l.s.Params[t.Cap].Value < l.s.Params[t.Floor].Value {
			return cr.Errorf(cCap, "%w: the cap %s is below the floor %s", ErrRange, cr.Field(cCap), cr.Field(cFloor))
		}
		l.s.Tranches = append(l.s.Tranches, t)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Tranches) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no tranches", ErrInput)}
	}
	// The waterfall pays in priority order.
	slices.SortStableFunc(l.s.Tranches, func(a, b Tranche) int { return a.Priority - b.Priority })
	return nil
}

// finish checks what needs several files.
func (l *loader) finish() error {
	s := l.s
	if len(s.Discount) > 0 && s.Settings.Discount >= 0 {
		return &InputError{File: filepath.Join(l.dir, DiscountFile), Err: fmt.Errorf("%w: discount rates are given here and as discount_rate at %s: keep one", ErrInput, s.Params[s.Settings.Discount].Source)}
	}
	if len(s.Discount) == 0 {
		r := s.Settings.Discount
		if r < 0 {
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
