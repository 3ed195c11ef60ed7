package main

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

const schedulesHelp = `Usage: sib schedules [flags]

Lists the published discount schedules sib knows, by the names a
scenario's discount_schedule setting and the --discount-schedule flag of
sib run take: the HM Treasury Green Book's standard, health and (February
2026) lower-rate sensitivity schedules, rates by year band. A band's rate
discounts the year-long steps from its from_year to the next band's: from
year 30 to 75 is the Green Book's "years 31-75". See docs/appraisal.md.

Rates are in % a year in the text table, fractions a year in CSV and JSON.

Examples:
  sib schedules --format csv
  sib run --discount-schedule greenbook-2026:lower testdata/preschool/scenario
`

func runSchedules(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("schedules", pflag.ContinueOnError)
	ff := addFormatFlags(fs)
	if code, done := parseFlags(fs, args, schedulesHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "schedules", "%s", msg)
	}
	if fs.NArg() != 0 {
		return usageError(stderr, "schedules", "expected no arguments, got %d", fs.NArg())
	}
	t := &report.T{Name: "schedules", Title: "The rates of each schedule, band by band",
		Note: "the rate a year from from_year to to_year (the years after the start; empty: on); the Green Book's years 0-30 are from_year 0 to 30, its years 31-75 from 30 to 75",
		Columns: []report.Column{{Name: "schedule"}, {Name: "from_year", Numeric: true}, {Name: "to_year", Numeric: true},
			{Name: "rate", Title: "rate %", Numeric: true, Text: func(s string) string { return percentText(s, 2) }}, {Name: "source"}}}
	for _, s := range scenario.DiscountSchedules() {
		for i, b := range s.Bands {
			to := ""
			if i+1 < len(s.Bands) {
				to = strconv.Itoa(s.Bands[i+1].From)
			}
			t.Add(s.Name, strconv.Itoa(b.From), to, decimal.NewFromFloat(b.Rate).String(), s.Source)
		}
	}
	doc := withProvenance(&report.Doc{Title: "Discount schedules", Tables: []*report.T{t}}, fs, nil, nil)
	var out bytes.Buffer
	if err := report.Write(&out, doc, *ff.format, "schedules"); err != nil {
		return dataError(stderr, "schedules", err)
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return dataError(stderr, "schedules", err)
	}
	return exitOK
}

// discountFlags are --discount-schedule and --discount-timing, of the
// commands that load a scenario and show present values.
type discountFlags struct{ schedule, timing *string }

func addDiscountFlags(fs *pflag.FlagSet) discountFlags {
	return discountFlags{
		schedule: fs.String("discount-schedule", "", "discount the state's flows under a published schedule in place of the scenario's rates (sib schedules lists them: greenbook-2026:standard, greenbook-2026:lower, ...)"),
		timing:   fs.String("discount-timing", "", "end_of_period or green_book (year 0 not discounted), in place of the scenario's discount_timing"),
	}
}

// check checks the flags: a known schedule and timing, or a usage error
// that lists them.
func (f discountFlags) check(stderr io.Writer, cmd string) (code int, done bool) {
	if name := *f.schedule; name != "" {
		if _, err := scenario.LookupSchedule(name); err != nil {
			return usageError(stderr, cmd, "--discount-schedule %s: unknown schedule: expected one of %s (sib schedules lists them)", name, strings.Join(scenario.ScheduleNames(), ", ")), true
		}
	}
	if *f.timing != "" {
		if _, err := scenario.ParseDiscountTiming(*f.timing); err != nil {
			return usageError(stderr, cmd, "--discount-timing %s: expected end_of_period or green_book", *f.timing), true
		}
	}
	return exitOK, false
}

// apply sets the timing of a loaded scenario (the schedule is a
// LoadOptions field: it replaces rates before they are read).
func (f discountFlags) apply(s *scenario.Scenario) {
	if *f.timing != "" {
		s.Settings.DiscountTiming, _ = scenario.ParseDiscountTiming(*f.timing)
	}
}

// discountingMeta states the discounting of a report's present values.
func discountingMeta(m *sib.Model, p []float64) report.Meta {
	return report.Meta{Key: "discounting", Value: m.Discounting(p).String()}
}
