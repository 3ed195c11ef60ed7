package uncertainty_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/sib-engine/sib/uncertainty"
)

// estonia loads the bundled Estonian scenario and its uncertainty folder.
func estonia() (*scenario.Scenario, *sib.Model, *uncertainty.Spec) {
	s, err := scenario.Load("../testdata/estonia/scenario")
	if err != nil {
		log.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	sp, err := uncertainty.Load("../testdata/estonia/uncertainty", s)
	if err != nil {
		log.Fatal(err)
	}
	return s, m, sp
}

func ExampleRead() {
	s, _, _ := estonia()
	spec := `param,dist,arg1,arg2,arg3,arg4,low,high
outcome.reconvictions.effect,normal,0.10,0.03,,,,
cohort.c1.take_up,beta,17,3,,,0.7,0.95
`
	sp, err := uncertainty.Read(strings.NewReader(spec), "uncertainty.csv", nil, "", s)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range sp.Params {
		fmt.Printf("%s %v: one-way from %.4f to %.4f\n", u.Name, u.Dist, u.Low, u.High)
	}
	// A share cannot be normal: the spec is refused where it says so.
	_, err = uncertainty.Read(strings.NewReader("param,dist,arg1,arg2\ncohort.c1.take_up,normal,0.85,0.1\n"), "uncertainty.csv", nil, "", s)
	fmt.Println(err)
	// Output:
	// outcome.reconvictions.effect normal(mean=0.1, sd=0.03): one-way from 0.0616 to 0.1384
	// cohort.c1.take_up beta(alpha=17, beta=3, min=0, max=1): one-way from 0.7000 to 0.9500
	// uncertainty.csv:2:2: dist: outside the parameter's allowed range: normal(mean=0.85, sd=0.1) can give values in [−∞, ∞], but cohort.c1.take_up must lie in [0, 1]; choose a distribution bounded within it (e.g. truncnormal, beta or pert)
}

func ExampleOneWay() {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	t, err := uncertainty.OneWay(m, s.Values(), sp, out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("base %.0f\n", t.Base)
	for _, b := range t.Bars[:3] {
		fmt.Printf("%-30s %9.0f %9.0f  swing %.0f\n", b.Param, b.OutLow, b.OutHigh, b.Swing)
	}
	// Output:
	// base 390350
	// outcome.custody_days.effect      -749207   1445062  swing 2194269
	// outcome.reconvictions.effect      281620    548591  swing 266972
	// cost.police_case.unit_cost        352828    430481  swing 77653
}

func ExampleGrid() {
	s, m, _ := estonia()
	out, _ := uncertainty.ParseOutput(s, "investors.multiple")
	x, _ := uncertainty.NewAxis(s, "outcome.reconvictions.effect", 0, 0.2, 3)
	y, _ := uncertainty.NewAxis(s, "term.reconviction_rate.price", 3000, 4500, 3)
	g, err := uncertainty.Grid(m, s.Values(), x, y, out)
	if err != nil {
		log.Fatal(err)
	}
	for i, price := range y.Values {
		fmt.Printf("price %.0f:", price)
		for j := range x.Values {
			fmt.Printf(" %.3f", g.At(i, j))
		}
		fmt.Println()
	}
	// Output:
	// price 3000: 0.157 0.953 1.748
	// price 3750: 0.157 1.151 2.006
	// price 4500: 0.157 1.350 2.004
}

func ExampleBreakeven() {
	s, m, _ := estonia()
	out, _ := uncertainty.ParseOutput(s, "investors.irr")
	be, err := uncertainty.Breakeven(m, s.Values(), "outcome.reconvictions.effect", 0.06, 0.3, out, 0.05)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range be.Crossings {
		fmt.Printf("investors' IRR is %.4f at a fall of %.6f reconvictions a person a year\n", c.Output, c.Value)
	}
	// Output:
	// investors' IRR is 0.0500 at a fall of 0.093865 reconvictions a person a year
}

func ExampleSimulate() {
	s, m, sp := estonia()
	outs, _ := uncertainty.ParseOutputs(s, "state.net_gross,investors.irr")
	sim, err := uncertainty.Simulate(context.Background(), m, s.Values(), sp, outs, uncertainty.SimOptions{Draws: 2000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range sim.Summaries {
		fmt.Printf("%-13s mean %10.3g  p5 %10.3g  p95 %10.3g\n", x.Output.Name, x.Mean, x.P5, x.P95)
	}
	for _, c := range sim.Chances {
		fmt.Printf("%s: %.1f%%\n", c.Event, 100*c.P)
	}
	// Output:
	// state.net_gross mean    3.7e+05  p5  -1.31e+06  p95   1.93e+06
	// investors.irr mean     0.0148  p5         -1  p95      0.302
	// investors lose money: 36.5%
	// an outcome payment is triggered: 92.8%
	// the state saves money net of payments, cashable: 0.1%
	// the state saves net of payments, gross (capacity freed counted as saved): 68.2%
}

func ExampleSobol() {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	r, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, uncertainty.SobolOptions{N: 256, Seed: 1, Boot: 200, Conf: 0.95})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Evaluations, "evaluations")
	for i, name := range r.Params[:3] {
		x := r.Indices[i]
		fmt.Printf("%-30s first %.2f total %.2f\n", name, x.First, x.Total)
	}
	// Output:
	// 4352 evaluations
	// outcome.reconvictions.effect   first 0.02 total 0.03
	// outcome.custody_days.effect    first 0.99 total 1.00
	// outcome.school_dropout.effect  first 0.00 total 0.00
}

func ExampleOutputs() {
	s, _, _ := estonia()
	for _, o := range uncertainty.Outputs(s)[:3] {
		fmt.Printf("%-16s %s\n", o.Name, o.Unit)
	}
	// Output:
	// state.net        money
	// state.net_gross  money
	// state.gross      money
}
