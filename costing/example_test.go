package costing_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/costing"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// A model built in code: one court service, one prison service, a shared
// IT pool, and two years in one price base.
func exampleModel() *costing.Model {
	l := costing.NewLedger()
	for _, e := range []costing.Entry{
		{Service: "court_case", Agency: "courts", Item: "judges", Amount: dec("600000"), PriceYear: 2024, Behaviour: costing.Step, StepSize: dec("50")},
		{Service: "court_case", Agency: "courts", Item: "legal_aid", Amount: dec("200000"), PriceYear: 2024, Behaviour: costing.Variable},
		{Service: "court_case", Agency: "courts", Item: "building", Amount: dec("200000"), PriceYear: 2024, Behaviour: costing.Fixed},
		{Service: "custody_day", Agency: "prisons", Item: "guards", Amount: dec("3000000"), PriceYear: 2024, Behaviour: costing.Step, StepSize: dec("3650")},
		{Service: "custody_day", Agency: "prisons", Item: "food", Amount: dec("500000"), PriceYear: 2024, Behaviour: costing.Variable},
		{Service: "custody_day", Agency: "prisons", Item: "wing", Amount: dec("1500000"), PriceYear: 2024, Behaviour: costing.Fixed},
		{Service: "court_case", Agency: "courts", Item: "judges", Amount: dec("900000"), PriceYear: 2023, Behaviour: costing.Variable},
	} {
		if err := l.Add(e); err != nil {
			panic(err)
		}
	}
	return &costing.Model{
		Ledger: l,
		Activity: []costing.Activity{
			{Service: "court_case", Year: 2024, Units: dec("400"), TargetUnits: dec("100"), Members: dec("250")},
			{Service: "custody_day", Year: 2024, Units: dec("18250"), TargetUnits: dec("7300")},
			{Service: "court_case", Year: 2023, Units: dec("380"), TargetUnits: dec("90"), Members: dec("260")},
		},
		Pools: []costing.Pool{
			{Name: "it", Agency: "ministry", Amount: dec("100000"), PriceYear: 2024, Behaviour: costing.Fixed, Driver: "staff_fte"},
		},
		Drivers: []costing.DriverValue{
			{Driver: "staff_fte", Service: "court_case", Year: 2024, Value: dec("12")},
			{Driver: "staff_fte", Service: "custody_day", Year: 2024, Value: dec("36")},
		},
		Deflator: costing.Deflator{2023: dec("96.4"), 2024: dec("100")},
	}
}

func ExampleCompute() {
	res, err := costing.Compute(exampleModel(), costing.Options{PriceBase: 2024})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Services {
		fmt.Printf("%-11s %d  average %8s  marginal short-run %8s long-run %8s  per member %9s\n",
			s.Service, s.Year, s.Average.StringFixed(2), s.ShortRunMarginal.StringFixed(2), s.LongRunMarginal.StringFixed(2), s.PerMember.StringFixed(2))
	}
	for _, y := range res.Years {
		fmt.Printf("%d: a target-group member costs %s a year\n", y.Year, y.PerMember.StringFixed(2))
	}
	fmt.Println("unallocated:", res.Total.Difference.StringFixed(2))
	// By hand: court 2023 is 900000 x 100/96.4 = 933609.96 in 2024 prices,
	// 2456.87 a case; the target group's 90/380 is 221118.15, 850.45 for
	// each of 260 members. Custody 2024 is 5000000 plus 36/48 of the IT
	// pool, 75000: 5075000 / 18250 days = 278.08; short-run marginal (food
	// alone) 500000 / 18250 = 27.40, long-run marginal (food and guards)
	// 3500000 / 18250 = 191.78; the target's 0.4 is 2030000, 8120 for each
	// of 250 members. Court 2024: short-run 200000 / 400 = 500, long-run
	// 800000 / 400 = 2000.
	// Output:
	// court_case  2023  average  2456.87  marginal short-run  2456.87 long-run  2456.87  per member    850.45
	// court_case  2024  average  2562.50  marginal short-run   500.00 long-run  2000.00  per member   1025.00
	// custody_day 2024  average   278.08  marginal short-run    27.40 long-run   191.78  per member   8120.00
	// 2023: a target-group member costs 850.45 a year
	// 2024: a target-group member costs 9145.00 a year
	// unallocated: 0.00
}

func ExampleResult_Avoid() {
	res, err := costing.Compute(exampleModel(), costing.Options{PriceBase: 2024})
	if err != nil {
		fmt.Println(err)
		return
	}
	// 3650 fewer prisoner-days close one step of guards (one wing's staff).
	// By hand: gross 5075000 x 3650/18250 = 1015000; cashable one step of
	// 3650 x 3000000/18250 = 600000 plus food 500000 x 0.2 = 100000; in
	// the short run, the wing's staff kept, the food alone.
	a, err := res.Avoid("custody_day", 2024, dec("3650"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("gross %s, cashable %s (short run %s), non-cashable %s\n", a.Gross.StringFixed(2), a.Cashable.StringFixed(2), a.ShortRunCashable.StringFixed(2), a.NonCashable.StringFixed(2))
	for _, g := range a.ByAgency {
		fmt.Printf("  %-8s gross %10s  cashable %10s\n", g.Agency, g.Gross.StringFixed(2), g.Cashable.StringFixed(2))
	}
	// Output:
	// gross 1015000.00, cashable 700000.00 (short run 100000.00), non-cashable 315000.00
	//   ministry gross   15000.00  cashable       0.00
	//   prisons  gross 1000000.00  cashable  700000.00
}

func ExampleLedger_Add() {
	l := costing.NewLedger()
	e := costing.Entry{Service: "court_case", Agency: "courts", Item: "judges", Amount: dec("1000.50"), PriceYear: 2024, Behaviour: costing.Variable}
	fmt.Println(l.Add(e))
	e.Amount = dec("-1")
	fmt.Println(l.Add(e))
	e.Amount = dec("99.99")
	fmt.Println(l.Add(e)) // a repeated key is found by Check, which Compute calls
	fmt.Println(l.Check())
	// Output:
	// <nil>
	// costing: negative value: amount -1
	// <nil>
	// ledger:2:3: item: duplicate key: service "court_case", agency "courts", item "judges", price year 2024 was already given on line 1
}

func ExampleModel_ReadLedger() {
	m := &costing.Model{}
	err := m.ReadLedger(strings.NewReader("service,agency,item,amount,price_year,behaviour\ncourt_case,courts,judges,12.5.0,2024,variable\n"), "ledger.csv")
	fmt.Println(err)
	// Output:
	// ledger.csv:2:4: amount: invalid number "12.5.0": a second decimal point at character 5 (thousands separators are not allowed); expected a decimal number with a point, such as 1234.56
}

func ExampleLoad() {
	m, err := costing.Load("../testdata/estonia/costing")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := costing.Compute(m, costing.Options{PriceBase: 2024})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := res.Years[len(res.Years)-1]
	fmt.Printf("%d ledger lines; in %d a target-group member cost %s, of which:\n", m.Ledger.Len(), last.Year, last.PerMember.StringFixed(2))
	for _, a := range res.Agencies {
		if a.Year == last.Year {
			fmt.Printf("  %-20s %9s\n", a.Agency, a.PerMember.StringFixed(2))
		}
	}
	// Output:
	// 63 ledger lines; in 2024 a target-group member cost 19096.38, of which:
	//   courts                 1850.99
	//   education              4865.52
	//   ministry_of_justice     832.29
	//   municipalities         1467.81
	//   police                 2829.69
	//   prison_service         4613.01
	//   probation              1181.56
	//   prosecution            1455.51
}

func ExampleResult_Lines() {
	res, err := costing.Compute(exampleModel(), costing.Options{PriceBase: 2024})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range res.Lines("court_case", 2024) {
		fmt.Printf("%-8s %-4s %-8s %10s  target %9s\n", l.Agency, l.Pool, l.Behaviour, l.Cost.StringFixed(2), l.TargetCost.StringFixed(2))
	}
	// Output:
	// courts        variable  200000.00  target  50000.00
	// courts        step      600000.00  target 150000.00
	// courts        fixed     200000.00  target  50000.00
	// ministry it   fixed      25000.00  target   6250.00
}
