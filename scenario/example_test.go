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
	b := scenario.NewBuilder(scenario.Settings{Name: "example", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Months: scenario.Year, Periods: 3, Currency: "EUR", PriceBase: 2026})
	b.Setting("discount_rate", 0.035)
	b.Cohort("c1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 100, scenario.Some(0.8))
	b.Metric(scenario.MetricSpec{Name: "jobs", Per: scenario.Once, To: 1, Effect: 0.25})
	b.Service(scenario.ServiceSpec{Name: "benefit_year", Agency: "welfare", UnitCost: 6000})
	b.Avoid("jobs", "benefit_year", 1)
	b.Term(scenario.TermSpec{Name: "rate_card", Metric: "jobs", Payer: "welfare", Basis: scenario.Outcomes, Price: scenario.Some(4000), Lag: 1})
	b.Delivery(scenario.CostSpec{Name: "coaching", Party: "provider", Basis: scenario.PerParticipant, Amount: 1000})
	b.Tranche(scenario.TrancheSpec{Name: "senior", Investor: "fund", Priority: 1, Commitment: 100000})
	s, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	id, ok := s.Param("term.rate_card.price")
	fmt.Println(ok, s.At(id).Value)
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
	// true 4000
	// [cohort.c1.size]
	// payments 96000, investors' multiple 1.20
}
