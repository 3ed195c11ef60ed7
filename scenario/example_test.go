package scenario_test

import (
	"fmt"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A small rate-card deal built in Go code: its parameters can be found,
// changed and suggested as a loaded scenario's.
func ExampleBuilder() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	price := b.Value(4000)
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "example", Start: start, Months: scenario.Year, Periods: 3, Currency: "EUR", PriceBase: 2026, Discount: b.Value(0.035)},
		Cohorts:  []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100), TakeUp: b.Value(0.8)}},
		Metrics:  []scenario.Metric{{Name: "jobs", Per: scenario.Once, To: 1, Effect: b.Value(0.25)}},
		Services: []scenario.Service{{Name: "benefit_year", UnitCost: b.Value(6000), Lines: scenario.ServiceLines("welfare", 0, 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},                                                      // jobs avoid benefit years
		Terms:    []scenario.Term{{Name: "rate_card", Metric: 0, Payer: "welfare", Basis: scenario.Outcomes, Price: price, Lag: 1}}, // paid per job
		Delivery: []scenario.CostItem{{Name: "coaching", Party: "provider", Basis: scenario.PerParticipant, Amount: b.Value(1000)}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "fund", Priority: 1, Commitment: b.Value(100000)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	id, ok := s.Param("term.rate_card.price")
	fmt.Println(ok, id == price, s.At(id).Value)
	fmt.Println(s.Suggest("cohort.c1.sise"))
	if err := s.Set("outcome.jobs.effect", 0.3); err != nil {
		fmt.Println(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := m.Evaluate(s.Values(), m.NewWork())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("payments %.0f, investors' multiple %.2f\n", out.Payments, out.Investors.Multiple)
	// Output:
	// true true 4000
	// [cohort.c1.size]
	// payments 96000, investors' multiple 1.20
}
