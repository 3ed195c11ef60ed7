package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/names"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const breakevenHelp = `Usage: sib breakeven --param NAME [flags] <scenario-folder> [uncertainty-folder]

Finds the value of one parameter at which an output reaches a target, the
others at their base values: the range is scanned in 64 steps for a change
of side and each is refined by Brent's method. The range is --range LO,HI,
or else the parameter's allowed range when both ends are finite, or else
the 0.1st to 99.9th percentiles of its distribution in the uncertainty spec.
When the output stays on one side of the target, the report says so and
gives the output at both ends. Plug a value back with sib run --set.

Targets people ask for: the state breaks even (--target 0 on the
default output: the state's net saving on the measure the scenario's
saving_measure names, state.net or state.net_gross); investors get their capital back (--output
investors.multiple --target 1); an IRR of 5% (--output investors.irr
--target 0.05).

` + unitsHelp + `
Examples:
  sib breakeven --param outcome.reconvictions.effect testdata/estonia/scenario testdata/estonia/uncertainty
  sib breakeven --param outcome.reconvictions.effect --xlsx breakeven.xlsx testdata/estonia/scenario testdata/estonia/uncertainty
  sib breakeven --param outcome.reconvictions.effect --output investors.multiple --target 1 testdata/estonia/scenario testdata/estonia/uncertainty
  sib breakeven --param term.reconviction_rate.price --range 1000,12000 --output investors.irr --target 0.05 testdata/estonia/scenario
`

func runBreakeven(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("breakeven", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net", "")
	param := fs.String("param", "", "the parameter to move (sib params lists them)")
	target := fs.String("target", "0", "the output's target value (rates as fractions: 0.05 = 5%)")
	rng := fs.String("range", "", "LO,HI to search (default: see above)")
	if code, done := parseFlags(fs, args, breakevenHelp, stdout, stderr); done {
		return code
	}
	if *param == "" {
		return usageError(stderr, "breakeven", "--param names the parameter to move")
	}
	tgt, err := csvio.ParseFloat(*target, false)
	if err != nil {
		return usageError(stderr, "breakeven", "--target: %v", err)
	}
	st, code, done := prepare("breakeven", fs, f, false, stderr)
	if done {
		return code
	}
	out, code, done := st.oneOutput("breakeven", *f.output, stderr)
	if done {
		return code
	}
	id, ok := st.s.Param(*param)
	if !ok {
		return usageError(stderr, "breakeven", "--param: unknown parameter %q%s (sib params lists them)", *param, names.Hint(st.s.Suggest(*param)))
	}
	var lo, hi float64
	bounds := "--range"
	if *rng != "" {
		if lo, hi, err = parseRange(*rng); err != nil {
			return usageError(stderr, "breakeven", "--range %v", err)
		}
		if !(lo < hi) {
			return usageError(stderr, "breakeven", "--range %s: expected LO < HI", *rng)
		}
	}
	switch p := st.s.At(id); {
	case *rng != "":
	case !math.IsInf(p.Min, 0) && !math.IsInf(p.Max, 0):
		lo, hi, bounds = p.Min, p.Max, "the parameter's allowed range"
	default:
		var ok bool
		if lo, hi, ok = st.distRange(*param); !ok {
			return usageError(stderr, "breakeven", "--param %s: give --range LO,HI (its allowed range is unbounded and it has no distribution in an uncertainty spec)", *param)
		}
		bounds = "the 0.1st to 99.9th percentiles of its distribution"
	}
	be, err := uncertainty.Breakeven(st.m, st.base, *param, lo, hi, out, tgt)
	if errors.Is(err, uncertainty.ErrRange) && *rng != "" {
		return usageError(stderr, "breakeven", "--range: %v", err)
	}
	if err != nil {
		return libError(stderr, "breakeven", err)
	}
	// The output's values by its unit: money to the cent, a rate with its %.
	at := func(x float64) string { return outputValue(out, x) }
	if out.Unit == uncertainty.Rate {
		at = func(x float64) string { return numText(x) + " (" + pct(num(x)) + "%)" }
	}
	result := fmt.Sprintf("no break-even within [%s, %s]: %s is %s at %s and %s at %s", numText(lo), numText(hi), out.Name, at(be.AtLo), numText(lo), at(be.AtHi), numText(hi))
	var warnings []string
	if len(be.Crossings) > 0 {
		c := be.Crossings[0]
		result = fmt.Sprintf("%s reaches %s at %s = %s", out.Name, at(tgt), *param, strconv.FormatFloat(c.Value, 'g', -1, 64))
		switch {
		case be.Whole && !c.Flat:
			result = fmt.Sprintf("%s reaches or passes %s first at %s = %s (%s there), the smallest whole number of periods at which it does", out.Name, at(tgt), *param, numText(c.Value), at(c.Output))
		case c.Jump:
			result = fmt.Sprintf("%s jumps across %s at %s = %s (from one side to the other: a threshold, not a break-even point)", out.Name, at(tgt), *param, strconv.FormatFloat(c.Value, 'g', -1, 64))
		case c.Flat:
			result = fmt.Sprintf("%s equals %s for %s from %s to %s (at every scan point in between)", out.Name, at(tgt), *param, numText(c.Value), numText(c.To))
		}
		if len(be.Crossings) > 1 {
			warnings = append(warnings, fmt.Sprintf("the output crosses the target %d times within the range: see the table", len(be.Crossings)))
		}
	} else {
		warnings = append(warnings, result)
	}
	cross := &report.T{Name: "breakeven", Title: "Where " + out.Name + " reaches the target",
		Note: fmt.Sprintf("%s: %s; value: the parameter's value, in full precision for sib run --set", out.Name, unitNote(out)),
		Columns: []report.Column{{Name: "param"}, {Name: "value", Numeric: true, Text: func(s string) string { return s }},
			outputColumn("output", "output there", out), {Name: "kind"}, {Name: "check"}}}
	for _, c := range be.Crossings {
		kind := "reaches the target"
		switch {
		case be.Whole && !c.Flat:
			kind = "reached or passed first at this whole value"
		case c.Jump:
			kind = "jumps across the target"
		case c.Flat:
			kind = "equals the target up to " + strconv.FormatFloat(c.To, 'g', -1, 64)
		}
		v := strconv.FormatFloat(c.Value, 'g', -1, 64)
		// The check runs the same base as the search: the --set changes too.
		var check strings.Builder
		check.WriteString("sib run")
		for _, kv := range *f.sets {
			if name, _, _ := strings.Cut(kv, "="); strings.TrimSpace(name) != *param {
				fmt.Fprintf(&check, " --set %s", kv)
			}
		}
		fmt.Fprintf(&check, " --set %s=%s %s", *param, v, st.dir)
		cross.Add(*param, v, outputValue(out, c.Output), kind, check.String())
	}
	ends := &report.T{Name: "ends", Title: "The output at the ends of the range and at the base value",
		Columns: []report.Column{{Name: "point"}, {Name: "value", Numeric: true, Text: sig4}, outputColumn("output", "output", out)}}
	ends.Add("low end", num(lo), outputValue(out, be.AtLo))
	ends.Add("base", num(be.Base), outputValue(out, be.AtBase))
	ends.Add("high end", num(hi), outputValue(out, be.AtHi))
	doc := &report.Doc{Title: "Break-even: " + out.Doc,
		Meta: st.meta(report.Meta{Key: "param", Value: *param}, report.Meta{Key: "output", Value: out.Name},
			outputMeta("target", out, tgt),
			report.Meta{Key: "range", Value: fmt.Sprintf("[%s, %s] (%s)", numText(lo), numText(hi), bounds)},
			report.Meta{Key: "result", Value: result}),
		Tables: []*report.T{cross, ends}}
	if *f.ff.format == report.Table && len(be.Crossings) == 0 {
		doc.Tables = doc.Tables[1:] // the result line says there is none
	}
	return st.finish(stdout, stderr, "breakeven", doc, *f.ff.format, "breakeven", warnings, nil)
}

// distRange is the 0.1st to 99.9th percentiles of a parameter's
// distribution in the spec.
func (st *study) distRange(name string) (lo, hi float64, ok bool) {
	if st.spec == nil {
		return 0, 0, false
	}
	for _, u := range st.spec.Params {
		if u.Name == name && u.Varies() {
			return u.Dist.Quantile(0.001), u.Dist.Quantile(0.999), true
		}
	}
	return 0, 0, false
}
