package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/names"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// ErrOutput is returned for an output name that is not in the catalogue.
var ErrOutput = errors.New("uncertainty: unknown output")

// An Output is one figure of an evaluation that the analyses follow.
type Output struct {
	Name string
	Doc  string
	Unit string // "EUR" style currency amounts are "money"; "rate", "ratio", "periods"
	// get reads the figure; tranche is the tranche's index for tranche.*
	// outputs.
	get     func(o *sib.Outputs, tranche int) float64
	tranche int
	irr     bool // needs the IRR of a tranche (not all investors')
	// investorsIRR: needs all investors' IRR; appraisal: needs
	// sib.Outputs.Appraisal beyond CommissionerRawPV.
	investorsIRR, appraisal bool
	payback                 bool // reads a payback
	npv                     bool // reads an NPV at the hurdle rate
}

// Value reads the output from an evaluation's outputs. An IRR that does
// not exist (no root, nothing invested) is NaN, and so is a payback that
// never comes (sib's −1): a draw's "never" is counted as missing, not
// averaged as a period of −1.
func (out Output) Value(o *sib.Outputs) float64 { return out.get(o, out.tranche) }

// neverMissing wraps a payback's reader: −1 (never) is NaN. A wrapper,
// not a test in Value, so that the other outputs' reads cost nothing more.
func neverMissing(get func(o *sib.Outputs, k int) float64) func(o *sib.Outputs, k int) float64 {
	return func(o *sib.Outputs, k int) float64 {
		if v := get(o, k); v >= 0 {
			return v
		}
		return math.NaN()
	}
}

// Units of outputs.
const (
	Money   = "money"
	Rate    = "rate"
	Ratio   = "ratio"
	Periods = "periods"
)

type outputDef struct {
	name, doc, unit string
	get             func(o *sib.Outputs, k int) float64
}

func irrRate(r sib.IRR) float64 {
	if !r.Exists() {
		return math.NaN()
	}
	return r.Rate
}

// The state's and the deal's outputs.
var dealOutputs = []outputDef{
	{"state.net", "the state's saving net of outcome payments and the commissioner's own costs, cashable, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.NetPV }},
	{"state.net_gross", "the state's saving net of outcome payments and the commissioner's own costs, gross (capacity freed counts as saved), real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.NetGrossPV }},
	{"state.gross", "the gross saving, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.GrossPV }},
	{"state.cashable", "the cashable saving, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.CashablePV }},
	{"state.savings_ratio", "cashable saving over outcome payments (PV)", Ratio, func(o *sib.Outputs, _ int) float64 { return o.SavingsRatio }},
	{"state.payback", "periods until the state's discounted net saving stays non-negative (missing: never)", Periods, func(o *sib.Outputs, _ int) float64 { return float64(o.StatePayback) }},
	{"state.premium", "outcome payments and the commissioner's own costs less the cost of commissioning directly, PV: the price of the risk transfer", Money, func(o *sib.Outputs, _ int) float64 { return o.PremiumPV }},
	{"payments.total", "outcome payments, nominal total", Money, func(o *sib.Outputs, _ int) float64 { return o.Payments }},
	{"payments.pv", "outcome payments, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.PaymentsPV }},
	// "unpaid" is the terms table's word for payments released after the
	// horizon; the delivery costs and fees no cash could pay are
	// "unfunded", as in the cash table.
	{"costs.unfunded", "delivery costs and fees no cash could pay (the commitments ran out), nominal total", Money, func(o *sib.Outputs, _ int) float64 { return o.Unfunded }},
}

// StateNet returns the name of the output that is the state's saving net
// of outcome payments on the measure the scenario's contract names
// (Settings.SavingMeasure): state.net for the cashable measure, the
// default, and state.net_gross for the gross one. It is the default
// output of the sensitivity analyses.
func StateNet(s *scenario.Scenario) string {
	if s.Settings.SavingMeasure == scenario.GrossSaving {
		return "state.net_gross"
	}
	return "state.net"
}

// renamed maps outputs' former names to their names now, for the message.
var renamed = map[string]string{"payments.unpaid": "costs.unfunded"}

// The outputs of a position: all investors (investors.*) or one tranche
// (tranche.NAME.*).
var positionOutputs = []outputDef{
	{"irr", "IRR a year", Rate, nil},
	{"multiple", "money multiple: received over drawn", Ratio, nil},
	{"npv", "NPV at the hurdle rate", Money, nil},
	{"net", "received less drawn, nominal", Money, nil},
	{"drawn", "capital drawn, nominal", Money, nil},
	{"received", "received, nominal", Money, nil},
	{"payback", "periods until the running total stays non-negative (missing: never)", Periods, nil},
}

func positionValue(r *sib.Returns, what string) float64 {
	switch what {
	case "irr":
		return irrRate(r.IRR)
	case "multiple":
		return r.Multiple
	case "npv":
		return r.NPV
	case "net":
		return r.Received - r.Drawn
	case "drawn":
		return r.Drawn
	case "received":
		return r.Received
	}
	return float64(r.Payback)
}

// Outputs lists every output of a scenario, by name.
func Outputs(s *scenario.Scenario) []Output {
	var outs []Output
	for _, d := range dealOutputs {
		out := Output{Name: d.name, Doc: d.doc, Unit: d.unit, get: d.get, payback: d.name == "state.payback"}
		if out.payback {
			out.get = neverMissing(out.get)
		}
		outs = append(outs, out)
	}
	for _, d := range appraisalOutputs {
		outs = append(outs, Output{Name: d.name, Doc: d.doc, Unit: d.unit, get: d.get, appraisal: d.name != "state.commissioner_pv"})
	}
	for _, d := range positionOutputs {
		what := d.name
		outs = append(outs, Output{Name: "investors." + what, Doc: "all investors' " + d.doc, Unit: d.unit,
			get: func(o *sib.Outputs, _ int) float64 { return positionValue(&o.Investors, what) }, investorsIRR: what == "irr", payback: what == "payback", npv: what == "npv"})
	}
	for k, t := range s.Tranches {
		for _, d := range positionOutputs {
			what := d.name
			outs = append(outs, Output{Name: "tranche." + t.Name + "." + what, Doc: t.Name + " tranche's " + d.doc, Unit: d.unit,
				get:     func(o *sib.Outputs, k int) float64 { return positionValue(&o.Tranches[k], what) },
				tranche: k, irr: what == "irr", payback: what == "payback", npv: what == "npv"})
		}
	}
	for i := range outs {
		if outs[i].payback && outs[i].Name != "state.payback" {
			outs[i].get = neverMissing(outs[i].get)
		}
	}
	return outs
}

// ParseOutput finds an output of scenario s by name.
func ParseOutput(s *scenario.Scenario, name string) (Output, error) {
	name = strings.TrimSpace(name)
	outs := Outputs(s)
	for _, o := range outs {
		if o.Name == name {
			return o, nil
		}
	}
	all := make([]string, len(outs))
	for i, o := range outs {
		all[i] = o.Name
	}
	hint := names.Suggest(name, all)
	if now, ok := renamed[name]; ok {
		hint = "; it is now " + now
	}
	if hint == "" {
		// A short name such as "irr" ends several.
		var near []string
		for _, o := range outs {
			if strings.HasSuffix(o.Name, "."+name) {
				near = append(near, o.Name)
			}
		}
		if len(near) > 0 && len(near) <= 6 {
			hint = "; did you mean " + strings.Join(near, " or ") + "?"
		}
	}
	return Output{}, fmt.Errorf("%w %q%s (sib outputs lists them)", ErrOutput, name, hint)
}

// ParseOutputs reads a comma-separated list of output names.
func ParseOutputs(s *scenario.Scenario, names string) ([]Output, error) {
	var outs []Output
	for n := range strings.SplitSeq(names, ",") {
		o, err := ParseOutput(s, n)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(outs, func(p Output) bool { return p.Name == o.Name }) {
			return nil, fmt.Errorf("%q given twice", o.Name)
		}
		outs = append(outs, o)
	}
	return outs, nil
}

// needsTrancheIRR reports whether any output reads a tranche's IRR.
func needsTrancheIRR(outs []Output) bool {
	for _, o := range outs {
		if o.irr {
			return true
		}
	}
	return false
}

// needsPayback reports whether any output reads a payback.
func needsPayback(outs []Output) bool {
	for _, o := range outs {
		if o.payback {
			return true
		}
	}
	return false
}

// needsNPV reports whether any output reads an NPV at the hurdle rate.
func needsNPV(outs []Output) bool {
	for _, o := range outs {
		if o.npv {
			return true
		}
	}
	return false
}

// skipsOf sets the Skip fields of w to leave out what none of outs reads:
// a tranche's IRR, all investors' IRR, the appraisal (kept when appraise,
// for Simulation.Appraisal).
func skipsOf(w *sib.Work, outs []Output, appraise bool) {
	w.SkipTrancheIRR, w.SkipInvestorsIRR, w.SkipAppraisal = true, true, !appraise
	for _, o := range outs {
		w.SkipTrancheIRR = w.SkipTrancheIRR && !o.irr
		w.SkipInvestorsIRR = w.SkipInvestorsIRR && !o.investorsIRR
		w.SkipAppraisal = w.SkipAppraisal && !o.appraisal
	}
}
