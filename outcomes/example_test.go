package outcomes_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sib-engine/sib/outcomes"
)

// Load a folder and estimate every metric's effect, per cohort and pooled.
func Example() {
	s, err := outcomes.Load("../testdata/estonia/outcomes", outcomes.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{Confidence: 0.95})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range res.Effects {
		if e.Cohort == outcomes.PooledCohort {
			fmt.Printf("%-14s %s: %.4f → %.4f, effect %.4f [%.4f, %.4f], p = %.4f\n",
				e.Metric, e.Method, e.Baseline, e.Observed, e.Effect, e.Low, e.High, e.P)
		}
	}
	// Output:
	// reoffend       comparison: 0.4861 → 0.4327, effect 0.0534 [-0.0125, 0.1186], p = 0.1126
	// reconvictions  comparison: 0.9676 → 0.8498, effect 0.1178 [-0.0084, 0.2440], p = 0.0708
	// custody_days   trend: 10.1849 → 9.1368, effect 1.0481 [-4.5545, 6.6507], p = 0.7137
	// school_dropout fixed: 0.2500 → 0.2227, effect 0.0273 [-0.0130, 0.0630], p = 0.1774
}

// A study built in code from group totals: 120 of 400 treated young people
// reoffended, against 160 of 410 in the control group (R: the Newcombe
// interval from prop.test's Wilson intervals is 0.02474 to 0.15460).
func ExampleStudy_Add() {
	s := &outcomes.Study{}
	err := s.AddMetric(outcomes.Metric{Name: "reoffend", Kind: outcomes.Binary, Direction: outcomes.LowerIsBetter,
		Method: outcomes.Comparison, Treatment: "treatment", Comparison: "control",
		Pre: outcomes.AllPeriods(), Post: outcomes.AllPeriods()})
	if err != nil {
		log.Fatal(err)
	}
	s.Add(outcomes.Cell{Metric: "reoffend", Group: "treatment", Cohort: "2024", Period: 2025}, outcomes.SummaryOf(ones(120, 400)...))
	s.Add(outcomes.Cell{Metric: "reoffend", Group: "control", Cohort: "2024", Period: 2025}, outcomes.SummaryOf(ones(160, 410)...))
	s.Adjustments = map[string]outcomes.Adjustment{"reoffend": {Deadweight: 0.1, Attribution: 0.8, DropOff: 0.25, Years: 3}}
	res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{})
	if err != nil {
		log.Fatal(err)
	}
	e := res.Effects[0]
	fmt.Printf("effect %.4f (relative %.1f%%), Newcombe 95%% interval [%.4f, %.4f]\n", e.Effect, 100*e.Relative, e.Low, e.High)
	for _, st := range res.Waterfall[:7] {
		fmt.Printf("%-12s year %d: %.4f\n", st.Name, st.Year, st.Effect)
	}
	// Output:
	// effect 0.0902 (relative 23.1%), Newcombe 95% interval [0.0247, 0.1546]
	// gross        year 1: 0.0902
	// deadweight   year 1: 0.0812
	// displacement year 1: 0.0812
	// attribution  year 1: 0.0650
	// net          year 1: 0.0650
	// drop-off     year 2: 0.0487
	// drop-off     year 3: 0.0365
}

// ones returns n values of which k are 1.
func ones(k, n int) []float64 {
	v := make([]float64, n)
	for i := range k {
		v[i] = 1
	}
	return v
}

// The smallest fall in a 42% reoffending rate that 400 participants per
// group detect with 80% power at the 5% level.
func ExampleDesign_MDE() {
	d := outcomes.Design{Kind: outcomes.Binary, Direction: outcomes.LowerIsBetter, Baseline: 0.42, Confidence: 0.95, Power: 0.8}
	mde, err := d.MDE(400, 400)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f: from 42%% to %.1f%%\n", mde, 100*(0.42-mde))
	// Output: 0.0956: from 42% to 32.4%
}

// Participants per group to detect a rise of 1,000 euros in earnings with
// a standard deviation of 4,000 (R: power.t.test(delta = 1000, sd = 4000,
// power = 0.8) gives n = 252.13).
func ExampleDesign_SampleSize() {
	d := outcomes.Design{Kind: outcomes.Continuous, Direction: outcomes.HigherIsBetter, SD: 4000}
	n, err := d.SampleSize(1000, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f per group\n", n)
	// Output: 252.13 per group
}

// Overdispersed counts: the Estonian reconvictions spread more than a
// Poisson variance allows (dispersion 1.54 pooled), so the quasi-Poisson
// variance widens the interval by √1.54, as R's glm(family = quasipoisson).
func ExampleCountVariance() {
	s, err := outcomes.Load("../testdata/estonia/outcomes", outcomes.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, cv := range []outcomes.CountVariance{outcomes.PoissonVariance, outcomes.QuasiVariance} {
		res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{CountVariance: cv})
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range res.Effects {
			if e.Metric == "reconvictions" && e.Cohort == outcomes.PooledCohort {
				fmt.Printf("%-7s dispersion %.2f: effect %.4f, se %.4f [%.4f, %.4f], p = %.4f\n",
					cv, e.Dispersion, e.Effect, e.SE, e.Low, e.High, e.P)
			}
		}
	}
	// Output:
	// poisson dispersion 1.54: effect 0.1178, se 0.0644 [-0.0084, 0.2440], p = 0.0708
	// quasi   dispersion 1.54: effect 0.1178, se 0.0800 [-0.0392, 0.2748], p = 0.1410
}
