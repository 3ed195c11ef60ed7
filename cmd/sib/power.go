package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/errprefix"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes"
)

const powerHelp = `Usage: sib power [flags]

Design questions before a contract is signed, for a treatment group against
a comparison group (equal sizes unless --n2 or --n2-ratio says otherwise):

  with --n:      the minimum detectable effect of these group sizes;
  with --effect: the group size that detects this effect.

Binary metrics need --baseline (the comparison group's rate), counts
--baseline (events per participant) and, when they vary more than a
Poisson count, --dispersion (the variance over the mean, as sib outcomes
prints it), durations and continuous metrics --sd.
Effects are improvements in the metric's units, in the --direction that is
better (a fall, by default). The method follows R's power.prop.test and
power.t.test (see docs/outcomes.md).

` + unitsHelp + `
Examples:
  sib power --kind binary --baseline 0.42 --n 200,400,800
  sib power --kind binary --baseline 0.42 --effect 0.05,0.10 --power 0.9
  sib power --kind continuous --direction higher --sd 4000 --effect 1000 --n2-ratio 2
  sib power --kind count --baseline 0.9 --n 300 --n2 600 --one-sided
  sib power --kind count --baseline 0.97 --dispersion 1.54 --n 450
`

func runPower(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("power", pflag.ContinueOnError)
	kind := fs.String("kind", "binary", "metric kind: binary, count, duration or continuous")
	direction := fs.String("direction", "lower", "which is better: lower or higher")
	baseline := fs.Float64("baseline", 0, "binary: the comparison group's rate; count: its events per participant")
	sd := fs.Float64("sd", 0, "duration, continuous: the standard deviation of the metric")
	disp := fs.Float64("dispersion", 1, "count: the variance over the mean (the dispersion sib outcomes prints); 1 is Poisson")
	ns := fs.Float64Slice("n", nil, "treatment group `sizes`, comma-separated: report the minimum detectable effect")
	n2 := fs.Float64("n2", 0, "comparison group size with --n (default: the same as n)")
	ratio := fs.Float64("n2-ratio", 1, "comparison group size as a multiple of the treatment group's, with --effect")
	effects := fs.Float64Slice("effect", nil, "`effects` to detect, comma-separated: report the group size needed")
	conf := fs.Float64("confidence", 0.95, "1 − the significance level")
	pow := fs.Float64("power", 0.8, "the power wanted")
	oneSided := fs.Bool("one-sided", false, "a one-sided test in the better direction (default: two-sided)")
	// The tables depend on what is asked for: --table is checked against them once they are made.
	ff := addFormatFlags(fs).withTable("", "with --format csv, the table to write: mde or sample_size (default: the one asked for)", nil)
	format, table := ff.format, ff.table
	if code, done := parseFlags(fs, args, powerHelp, stdout, stderr); done {
		return code
	}
	usage := func(format string, a ...any) int { return usageError(stderr, "power", format, a...) }
	keyword(kind)
	keyword(direction)
	k, err := outcomes.ParseKind(*kind)
	if err != nil {
		return usage("--kind %q: expected binary, count, duration or continuous", *kind)
	}
	dir, err := outcomes.ParseDirection(*direction)
	if err != nil {
		return usage("--direction %q: expected lower or higher", *direction)
	}
	if fs.NArg() > 0 {
		return usage("takes flags only, not %q", fs.Arg(0))
	}
	if msg := ff.formatProblem(); msg != "" {
		return usage("%s", msg)
	}
	switch {
	case len(*ns) == 0 && len(*effects) == 0:
		return usage("give --n (for the minimum detectable effect) or --effect (for the group size)")
	case (k == outcomes.Binary || k == outcomes.Count) && !fs.Changed("baseline"):
		return usage("a %s metric needs --baseline", k)
	case (k == outcomes.Duration || k == outcomes.Continuous) && !fs.Changed("sd"):
		return usage("a %s metric needs --sd", k)
	case (k == outcomes.Binary || k == outcomes.Count) && fs.Changed("sd"):
		return usage("--sd is for duration and continuous metrics; a %s metric's spread follows from --baseline", k)
	case (k == outcomes.Duration || k == outcomes.Continuous) && fs.Changed("baseline"):
		return usage("--baseline is for binary and count metrics; a %s metric needs --sd", k)
	case k != outcomes.Count && fs.Changed("dispersion"):
		return usage("--dispersion is for count metrics; a %s metric's spread follows from --baseline or --sd", k)
	case !(*disp >= 1 && *disp <= 1e3):
		// Checked here as well as by the design, which reads 0 as "not given".
		return usage("value out of range: dispersion %v: expected a count's variance over its mean, from 1 (Poisson) to 1000", *disp)
	case fs.Changed("n2") && len(*ns) == 0:
		return usage("--n2 goes with --n")
	case fs.Changed("n2-ratio") && len(*effects) == 0:
		return usage("--n2-ratio goes with --effect")
	}
	if msg := ff.tableProblem(); msg != "" {
		return usage("%s", msg)
	}
	switch {
	case !(*conf > 0 && *conf < 1):
		return usage("--confidence %v: expected a level between 0 and 1, such as 0.95", *conf)
	case !(*pow > 0 && *pow < 1):
		return usage("--power %v: expected a probability between 0 and 1, such as 0.8", *pow)
	case fs.Changed("n2") && !(*n2 >= 2 && *n2 <= 1e12 && *n2 == math.Trunc(*n2)):
		return usage("--n2 %v: expected a whole number from 2 to 10^12", *n2)
	case !(*ratio > 0 && *ratio < 1e6):
		return usage("--n2-ratio %v: expected a positive number", *ratio)
	}
	for _, e := range *effects {
		if !(e > 0) || math.IsInf(e, 0) {
			return usage("--effect %v: expected a positive improvement in the metric's units (the direction is --direction)", e)
		}
	}
	d := outcomes.Design{Kind: k, Direction: dir, Baseline: *baseline, SD: *sd, Confidence: *conf, Power: *pow, OneSided: *oneSided}
	if k == outcomes.Count {
		d.Dispersion = *disp
	}
	if _, err := d.PowerAt(1e-9, 100, 100); err != nil && !errors.Is(err, outcomes.ErrNoSolution) {
		return usage("%s", errprefix.Strip(err.Error()))
	}
	sides := "2"
	if *oneSided {
		sides = "1"
	}
	doc := &report.Doc{
		Title: "Design: minimum detectable effect and group size",
		Meta: []report.Meta{
			{Key: "kind", Value: k.String()}, {Key: "better", Value: dir.String()},
			{Key: "confidence", Value: num(*conf), Numeric: true}, {Key: "power", Value: num(*pow), Numeric: true},
			{Key: "sides", Value: sides, Numeric: true},
		},
	}
	if k == outcomes.Binary || k == outcomes.Count {
		doc.Meta = append(doc.Meta, report.Meta{Key: "baseline", Value: num(*baseline), Numeric: true})
		if k == outcomes.Count {
			doc.Meta = append(doc.Meta, report.Meta{Key: "dispersion", Value: num(*disp), Numeric: true})
		}
	} else {
		doc.Meta = append(doc.Meta, report.Meta{Key: "sd", Value: num(*sd), Numeric: true})
	}
	if len(*ns) > 0 {
		t := &report.T{
			Name: "mde", Title: "Minimum detectable effect",
			Note: "the smallest improvement the test detects with the power asked for; relative = effect / baseline",
			Columns: []report.Column{
				{Name: "n_treatment", Title: "n treated", Numeric: true}, {Name: "n_comparison", Title: "n comparison", Numeric: true},
				{Name: "mde", Title: "effect", Numeric: true, Text: sig4}, {Name: "level", Title: "level after", Numeric: true, Text: sig4},
				{Name: "relative", Title: "relative %", Numeric: true, Text: percent1},
			},
		}
		for _, n := range *ns {
			m2 := n
			if *n2 > 0 {
				m2 = *n2
			}
			if !(n >= 2 && m2 >= 2) || n > 1e12 || m2 > 1e12 || n != math.Trunc(n) || m2 != math.Trunc(m2) {
				return usage("group sizes %v and %v: expected whole numbers from 2 to 10^12", n, m2)
			}
			e, err := d.MDE(n, m2)
			if err != nil {
				return dataError(stderr, "power", fmt.Errorf("n = %v and %v: %w", n, m2, err))
			}
			level, rel := "", ""
			if k == outcomes.Binary || k == outcomes.Count {
				sign := 1.0
				if dir == outcomes.LowerIsBetter {
					sign = -1
				}
				level, rel = num(*baseline+sign*e), num(e / *baseline)
			}
			t.Add(num(n), num(m2), num(e), level, rel)
		}
		doc.Tables = append(doc.Tables, t)
	}
	if len(*effects) > 0 {
		t := &report.T{
			Name: "sample_size", Title: "Group size needed",
			Note: "participants needed to detect the effect with the power asked for; n comparison is the ratio times the exact n treated, each rounded up",
			Columns: []report.Column{
				{Name: "effect", Numeric: true}, {Name: "n_treatment", Title: "n treated", Numeric: true},
				{Name: "n_comparison", Title: "n comparison", Numeric: true}, {Name: "total", Numeric: true},
				{Name: "n_exact", Title: "n treated (exact)", Numeric: true, TextPlaces: 2},
			},
		}
		for _, e := range *effects {
			n, err := d.SampleSize(e, *ratio)
			if errors.Is(err, outcomes.ErrRange) {
				return usage("--effect %v: %s", e, errprefix.Strip(err.Error()))
			}
			if err != nil {
				return dataError(stderr, "power", fmt.Errorf("effect %v: %w", e, err))
			}
			n1 := math.Ceil(n - 1e-9)
			c := math.Ceil(n**ratio - 1e-9)
			t.Add(num(e), num(n1), num(c), num(n1+c), num(n))
		}
		doc.Tables = append(doc.Tables, t)
	}
	withProvenance(doc, fs, nil, nil)
	csvTable := *table
	if csvTable == "" {
		csvTable = doc.Tables[0].Name
	}
	var out bytes.Buffer
	if err := report.Write(&out, doc, *format, csvTable); err != nil {
		return usage("--table %q: expected one of the tables asked for (mde with --n, sample_size with --effect)", csvTable)
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return dataError(stderr, "power", err)
	}
	return exitOK
}
