package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// rankFlags are simulate's correlation tornado: each varied parameter's
// rank correlation with the first output, from the draws.
type rankFlags struct {
	fs      *pflag.FlagSet
	tornado *bool
	plot    *string
	cols    *uncertainty.DrawColumns
}

const rankHelp = `--rank-tornado adds the table ranks, a correlation tornado: each varied
parameter's Spearman rank correlation with the first output over the
draws (ties get their average rank; draws where the output does not
exist, an IRR, are left out and counted), with a 95% interval by Fisher's
z, tanh(atanh(rho) ± 1.96/√(n−3)), and the partial rank correlation
(PRCC: the correlation of the output's and the parameter's ranks once
each is regressed on the other parameters' ranks), sorted by |rho|.
--rank-plot FILE draws it. It keeps every draw's parameters (8 bytes a
parameter a draw).
`

func addRankFlags(fs *pflag.FlagSet) *rankFlags {
	return &rankFlags{fs: fs,
		tornado: fs.Bool("rank-tornado", false, "each varied parameter's rank correlation with the first output, from the draws (table ranks)"),
		plot:    fs.String("rank-plot", "", "chart the rank correlations to FILE (.png or .svg); implies --rank-tornado"),
	}
}

// check turns the table on when --rank-plot or --table ranks asks for it:
// a usage problem, or "".
func (rf *rankFlags) check(table string) string {
	if *rf.plot != "" {
		*rf.tornado = true
		if _, err := chart.FormatOf(*rf.plot); err != nil {
			return fmt.Sprintf("--rank-plot: %v", err)
		}
	}
	if rf.fs.Changed("table") && table == "ranks" {
		*rf.tornado = true
	}
	return ""
}

// each returns opt.Each extended to keep the draws' parameters, when the
// table is asked for.
func (rf *rankFlags) each(sp *uncertainty.Spec, draws int, prev func(int, []float64, []float64) error) func(int, []float64, []float64) error {
	if !*rf.tornado {
		return prev
	}
	rf.cols = uncertainty.NewDrawColumns(sp, draws)
	if prev == nil {
		return rf.cols.Each
	}
	return func(i int, params, outputs []float64) error {
		rf.cols.Each(i, params, outputs) // never fails
		return prev(i, params, outputs)
	}
}

// add adds the table ranks to doc and its chart to plots.
func (rf *rankFlags) add(st *study, sim *uncertainty.Simulation, doc *report.Doc, plots map[string]chartWriter) error {
	if rf.cols == nil {
		return nil
	}
	rt, err := uncertainty.RankCorrelate(sim.Outputs[0], rf.cols.Names, rf.cols.Values, sim.Values[0])
	if err != nil {
		return err
	}
	doc.Tables = append(doc.Tables, rankTable(rt))
	if *rf.plot != "" && len(rt.Rows) > 0 {
		rb := chart.RankBars{Title: "Correlation tornado of " + rt.Output.Name,
			Subtitle: fmt.Sprintf("%d draws, seed %d; %d without a value left out", sim.Draws, sim.Seed, rt.Missing),
			XLabel:   "rank correlation with " + rt.Output.Name}
		for _, r := range rt.Rows {
			rb.Params = append(rb.Params, r.Param)
			rb.Rho = append(rb.Rho, r.Rho)
			rb.Lo = append(rb.Lo, r.Lo)
			rb.Hi = append(rb.Hi, r.Hi)
			rb.Partial = append(rb.Partial, r.Partial)
		}
		plots[*rf.plot] = rb
	}
	return nil
}

func rankTable(rt *uncertainty.RankTable) *report.T {
	t := &report.T{Name: "ranks", Title: "Correlation tornado: rank correlations with " + rt.Output.Name,
		Note: fmt.Sprintf("over %d draws (%d where %s does not exist left out); rho: Spearman's rank correlation (average ranks for ties), from −1 to 1, not in %%; lo, hi: its 95%% interval by Fisher's z, tanh(atanh(rho) ± 1.96/√(n−3)); prcc: the partial rank correlation, the correlation of the residuals of the output's and the parameter's ranks regressed on the other parameters' ranks; sorted by |rho|; empty: a parameter that does not vary, or too few draws",
			rt.N, rt.Missing, rt.Output.Name),
		Columns: []report.Column{{Name: "param"}, {Name: "rho", Numeric: true, TextPlaces: 4}, {Name: "lo", Numeric: true, TextPlaces: 4},
			{Name: "hi", Numeric: true, TextPlaces: 4}, {Name: "prcc", Numeric: true, TextPlaces: 4}, {Name: "n", Numeric: true}}}
	for _, r := range rt.Rows {
		t.Add(r.Param, num(r.Rho), num(r.Lo), num(r.Hi), num(r.Partial), strconv.Itoa(rt.N))
	}
	return t
}
