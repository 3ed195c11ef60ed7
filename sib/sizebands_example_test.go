package sib_test

import (
	"fmt"
	"log"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A rate card whose cohort and pooled tests read a threshold that falls
// with the participants tested, as Medicare's minimum savings rate does:
// 20% of the baseline at 100 participants, 10% at 500, 5% at 2000 and
// more, linear between (the deal of the command's size-bands fixture,
// built in Go).
func ExampleModel_SizedThresholds() {
	var b scenario.Builder
	v := b.Value
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Start: year(2026), Months: scenario.Year, Periods: 4, PriceBase: 2026},
		Cohorts: []scenario.Cohort{
			{Name: "a", Entry: year(2026), Size: v(150), TakeUp: v(0.8)},
			{Name: "b", Entry: year(2027), Size: v(500)},
		},
		Metrics:  []scenario.Metric{{Name: "m", To: 1, Baseline: v(0.5), Effect: v(0.06), CohortEffect: []scenario.ParamID{v(0.09)}}},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("ag", v(0.6), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(2)}},
		SizeSchedules: []scenario.SizeSchedule{{Name: "bands", Size: []float64{100, 500, 2000},
			Threshold: []scenario.ParamID{v(0.20), v(0.10), v(0.05)}}},
		Terms: []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: v(1000),
			Relative: true, ThresholdBands: 1, PooledBands: 1, Lag: 1}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(5000), To: 2}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(50000)}},
	})
	if err != nil {
		log.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range m.SizedThresholds(s.Values()) {
		cohort := x.Cohort
		if cohort == "" {
			cohort = "pooled"
		}
		fmt.Printf("%s %s: %.0f participants, threshold %.2f%% of the baseline\n", x.Term, cohort, x.Participants, 100*x.Threshold)
	}
	r, err := m.Run(s.Values())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("payments:", r.Outputs.Payments)
	// Output:
	// t a: 120 participants, threshold 19.50% of the baseline
	// t b: 500 participants, threshold 10.00% of the baseline
	// t pooled: 620 participants, threshold 9.60% of the baseline
	// payments: 40800
}
