package costing

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// assertMoney compares amounts as values (1.10 equals 1.1).
func assertMoney(t *testing.T, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	if !d(want).Equal(got) {
		t.Errorf("%s: got %s, want %s", fmt.Sprint(msg...), got.StringFixed(2), want)
	}
}

// handModel is small enough to cost by hand. Deflator 2023 = 100,
// 2024 = 110; price base 2024.
//
//	2024 court  (200 units, 50 to the target group): judges 6000 step k=50,
//	     aid 2000 variable, building 2000 fixed, all agency "courts"
//	2024 prison (1000 units, 400 to the target group): guards 30000 step
//	     k=250, food 5000 variable, wing 15000 fixed, agency "prisons"
//	2023 court  (100 units, 40 to the target group): judges 5000 variable
//	pools 2024: "it" of the ministry, 1000 fixed, by staff FTE court 1,
//	     prison 3; "hq" of courts, 500 fixed, by direct cost
//	members: 20 in 2024, 25 in 2023
func handModel(t *testing.T) *Model {
	t.Helper()
	l := NewLedger()
	for _, e := range []Entry{
		{Service: "court", Agency: "courts", Item: "judges", Amount: d("6000"), PriceYear: 2024, Behaviour: Step, StepSize: d("50")},
		{Service: "court", Agency: "courts", Item: "aid", Amount: d("2000"), PriceYear: 2024, Behaviour: Variable},
		{Service: "court", Agency: "courts", Item: "building", Amount: d("2000"), PriceYear: 2024, Behaviour: Fixed},
		{Service: "prison", Agency: "prisons", Item: "guards", Amount: d("30000"), PriceYear: 2024, Behaviour: Step, StepSize: d("250")},
		{Service: "prison", Agency: "prisons", Item: "food", Amount: d("5000"), PriceYear: 2024, Behaviour: Variable},
		{Service: "prison", Agency: "prisons", Item: "wing", Amount: d("15000"), PriceYear: 2024, Behaviour: Fixed},
		{Service: "court", Agency: "courts", Item: "judges", Amount: d("5000"), PriceYear: 2023, Behaviour: Variable},
	} {
		require.NoError(t, l.Add(e))
	}
	return &Model{
		Ledger: l,
		Activity: []Activity{
			{Service: "court", Year: 2024, Units: d("200"), TargetUnits: d("50"), Members: d("20")},
			{Service: "prison", Year: 2024, Units: d("1000"), TargetUnits: d("400")},
			{Service: "court", Year: 2023, Units: d("100"), TargetUnits: d("40"), Members: d("25")},
		},
		Pools: []Pool{
			{Name: "it", Agency: "ministry", Amount: d("1000"), PriceYear: 2024, Behaviour: Fixed, Driver: "fte"},
			{Name: "hq", Agency: "courts", Amount: d("500"), PriceYear: 2024, Behaviour: Fixed, Driver: DirectCost},
		},
		Drivers: []DriverValue{
			{Driver: "fte", Service: "court", Year: 2024, Value: d("1")},
			{Driver: "fte", Service: "prison", Year: 2024, Value: d("3")},
		},
		Deflator: Deflator{2023: d("100"), 2024: d("110")},
	}
}

func service(t *testing.T, r *Result, name string, year int) ServiceCost {
	t.Helper()
	for _, s := range r.Services {
		if s.Service == name && s.Year == year {
			return s
		}
	}
	t.Fatalf("no service %s/%d", name, year)
	return ServiceCost{}
}

func TestComputeByHand(t *testing.T) {
	res, err := Compute(handModel(t), Options{PriceBase: 2024})
	require.NoError(t, err)
	require.Empty(t, res.Warnings)

	// court 2024: it 1000 x 1/(1+3) = 250, hq 500 all to court (the only
	// courts service). Total 10000 + 750 = 10750; average 10750/200 = 53.75;
	// short-run marginal 2000/200 = 10 (variable only); long-run marginal
	// (2000 + 6000)/200 = 40 (variable and step). Target quarter (50/200) of each line:
	// 1500 + 500 + 500 + 62.50 + 125 = 2687.50; per member 2687.50/20 = 134.375.
	c := service(t, res, "court", 2024)
	assertMoney(t, "10000", c.Direct, "court direct")
	assertMoney(t, "750", c.Overhead, "court overhead")
	assertMoney(t, "10750", c.Total, "court total")
	assertMoney(t, "2000", c.Variable, "court variable")
	assertMoney(t, "6000", c.Step, "court step")
	assertMoney(t, "2750", c.Fixed, "court fixed")
	assertMoney(t, "53.75", c.Average, "court average")
	assertMoney(t, "10", c.ShortRunMarginal, "court short-run marginal")
	assertMoney(t, "40", c.LongRunMarginal, "court long-run marginal")
	assertMoney(t, "2687.50", c.TargetCost, "court target")
	assertMoney(t, "134.375", c.PerMember, "court per member")

	// prison 2024: it 750; total 50750; average 50.75; short-run marginal
	// 5000/1000 = 5; long-run marginal 35000/1000 = 35;
	// target 0.4 x 50750 = 20300; per member 20300/20 = 1015. Members come from
	// the court row of 2024 (the prison row leaves them empty).
	p := service(t, res, "prison", 2024)
	assertMoney(t, "50750", p.Total, "prison total")
	assertMoney(t, "50.75", p.Average, "prison average")
	assertMoney(t, "5", p.ShortRunMarginal, "prison short-run marginal")
	assertMoney(t, "35", p.LongRunMarginal, "prison long-run marginal")
	assertMoney(t, "20300", p.TargetCost, "prison target")
	assertMoney(t, "1015", p.PerMember, "prison per member")

	// court 2023 in 2024 prices: 5000 x 110/100 = 5500; average 55; all of
	// it variable, so both marginals are 55 too; target 40/100 x 5500 =
	// 2200; per member 2200/25 = 88.
	c23 := service(t, res, "court", 2023)
	assertMoney(t, "5500", c23.Total, "court 2023 total")
	assertMoney(t, "55", c23.Average, "court 2023 average")
	assertMoney(t, "55", c23.ShortRunMarginal, "court 2023 short-run marginal")
	assertMoney(t, "55", c23.LongRunMarginal, "court 2023 long-run marginal")
	assertMoney(t, "2200", c23.TargetCost, "court 2023 target")
	assertMoney(t, "88", c23.PerMember, "court 2023 per member")

	// Agencies 2024: courts 10000 + 500 (hq) = 10500, target 1500+500+500+125
	// = 2625, per member 131.25; ministry 1000, target 62.50 + 300 = 362.50,
	// per member 18.125; prisons 50000, target 20000, per member 1000.
	want := map[string][3]string{
		"courts":   {"10500", "2625", "131.25"},
		"ministry": {"1000", "362.50", "18.125"},
		"prisons":  {"50000", "20000", "1000"},
	}
	for _, a := range res.Agencies {
		if a.Year != 2024 {
			continue
		}
		w := want[a.Agency]
		assertMoney(t, w[0], a.Total, a.Agency, " total")
		assertMoney(t, w[1], a.TargetCost, a.Agency, " target")
		assertMoney(t, w[2], a.PerMember, a.Agency, " per member")
		delete(want, a.Agency)
	}
	assert.Empty(t, want, "agencies missing")

	// Reconciliation: nominal 66500 (61500 in 2024, 5000 in 2023); base
	// 61500 + 5500 = 67000; target 22987.50 + 2200 = 25187.50; other 41812.50.
	// A member cost 22987.50/20 = 1149.375 in 2024.
	assertMoney(t, "65000", res.Total.LedgerNominal, "ledger nominal")
	assertMoney(t, "1500", res.Total.PoolsNominal, "pools nominal")
	assertMoney(t, "67000", res.Total.Base, "base")
	assertMoney(t, "25187.50", res.Total.Target, "target")
	assertMoney(t, "41812.50", res.Total.Other, "other")
	assertMoney(t, "0", res.Total.Difference, "difference")
	assertMoney(t, "1.1", res.Years[0].Factor, "factor 2023")
	assertMoney(t, "1149.375", res.Years[1].PerMember, "per member 2024")
}

// TestAvoidStepBoundaries checks the step rule at and around step
// boundaries on the court of handModel (U = 200; judges 6000 step k = 50,
// aid 2000 variable; building 2000, hq 500, it 250 fixed; gross per unit
// 10750/200 = 53.75).
func TestAvoidStepBoundaries(t *testing.T) {
	res, err := Compute(handModel(t), Options{PriceBase: 2024})
	require.NoError(t, err)
	for _, tc := range []struct {
		n                      string
		steps                  string
		gross, cashable, court string // court = courts agency gross
		short                  string // short-run cashable: the aid (variable) alone, 2000 x N/200
	}{
		// N = 0: nothing.
		{"0", "0", "0", "0", "0", "0"},
		// N = 49: no whole step; cashable = aid 2000 x 49/200 = 490; gross 49 x 53.75 = 2633.75.
		{"49", "0", "2633.75", "490", "2572.50", "490"},
		// N = 49.99: still no step; aid 2000 x 49.99/200 = 499.90; gross 2687.0....
		// 10750 x 49.99 / 200 = 2686.9625 -> 2686.96.
		{"49.99", "0", "2686.96", "499.90", "2624.47", "499.90"},
		// N just under 50 by 10^-20: still no step (caught in review: a
		// rounded quotient used to count one). Cashable is the aid only.
		{"49.99999999999999999999", "0", "2687.50", "500", "2625", "500"},
		// N = 50: one step of judges 6000 x 50/200 = 1500, plus aid 500 = 2000; gross 2687.50.
		// Short-run: the aid's 500 only; the step of judges is kept.
		{"50", "1", "2687.50", "2000", "2625", "500"},
		// N = 51: still one step 1500, aid 510 -> 2010; gross 2741.25.
		{"51", "1", "2741.25", "2010", "2677.50", "510"},
		// N = 99: one step 1500, aid 990 -> 2490; gross 5321.25.
		{"99", "1", "5321.25", "2490", "5197.50", "990"},
		// N = 100: two steps 3000, aid 1000 -> 4000; gross 5375.
		{"100", "2", "5375", "4000", "5250", "1000"},
		// N = 200: everything but fixed: 6000 + 2000 = 8000; gross 10750;
		// short-run the aid's 2000 (= 200 x the short-run marginal 10).
		{"200", "4", "10750", "8000", "10500", "2000"},
	} {
		t.Run(tc.n, func(t *testing.T) {
			a, err := res.Avoid("court", 2024, d(tc.n))
			require.NoError(t, err)
			assertMoney(t, tc.gross, a.Gross, "gross")
			assertMoney(t, tc.cashable, a.Cashable, "cashable")
			assertMoney(t, tc.short, a.ShortRunCashable, "short-run cashable")
			assert.True(t, a.Gross.Equal(a.Cashable.Add(a.NonCashable)))
			for _, l := range a.Lines {
				if l.Behaviour == Step {
					assert.Equal(t, tc.steps, l.StepsClosed.String())
				}
				assert.True(t, l.Cashable.LessThanOrEqual(l.Gross), "cashable above gross on a line")
			}
			var sum decimal.Decimal
			for _, g := range a.ByAgency {
				sum = sum.Add(g.Gross)
				if g.Agency == "courts" {
					assertMoney(t, tc.court, g.Gross, "courts gross")
					assertMoney(t, tc.short, g.ShortRunCashable, "courts short-run cashable")
				}
				if g.Agency == "ministry" {
					assert.True(t, g.Cashable.IsZero(), "a fixed pool is not cashable")
				}
			}
			assert.True(t, sum.Equal(a.Gross), "agencies add up")
		})
	}
}

// TestAvoidZeroUnits: a service may have zero units and zero costs;
// avoiding none of them saves nothing, as for any other service, with no
// division by zero (caught in review; an error until FuzzLoad found that
// callers could not tell it from a real failure).
func TestAvoidZeroUnits(t *testing.T) {
	m := handModel(t)
	m.Activity = append(m.Activity, Activity{Service: "idle", Year: 2024, Units: d("0"), TargetUnits: d("0")})
	require.NoError(t, m.Ledger.Add(Entry{Service: "idle", Agency: "courts", Item: "x", Amount: d("0"), PriceYear: 2024, Behaviour: Variable}))
	res, err := Compute(m, Options{})
	require.NoError(t, err)
	a, err := res.Avoid("idle", 2024, d("0"))
	require.NoError(t, err)
	assert.True(t, a.Gross.IsZero() && a.Cashable.IsZero() && a.NonCashable.IsZero() && a.ShortRunCashable.IsZero(), "%+v", a)
	require.Len(t, a.Lines, 1)
	assert.True(t, a.Lines[0].Gross.IsZero())
	_, err = res.Avoid("idle", 2024, d("1"))
	assert.ErrorIs(t, err, ErrUnitsExceed)
}

func TestAvoidErrors(t *testing.T) {
	res, err := Compute(handModel(t), Options{PriceBase: 2024})
	require.NoError(t, err)
	_, err = res.Avoid("court", 2024, d("201"))
	assert.ErrorIs(t, err, ErrUnitsExceed)
	_, err = res.Avoid("court", 2024, d("-1"))
	assert.ErrorIs(t, err, ErrNegative)
	_, err = res.Avoid("nowhere", 2024, d("1"))
	assert.ErrorIs(t, err, ErrUnknown)
	_, err = res.Avoid("prison", 2023, d("1"))
	assert.ErrorIs(t, err, ErrUnknown)
}

// TestReconcileMessy costs a ledger built to produce repeating fractions
// everywhere (thirds of cents, a deflator factor of 100/97.3, pools split
// three ways, target shares of 1/3 and 2/7) over many services and years,
// and checks that every split balances to the cent.
func TestReconcileMessy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	l := NewLedger()
	m := &Model{Ledger: l, Deflator: Deflator{}}
	years := []int{2019, 2020, 2021, 2022, 2023}
	idx := []string{"97.3", "99.1", "100", "107.7", "113.3"}
	const services = 137
	for i, y := range years {
		m.Deflator[y] = d(idx[i])
		for s := 0; s < services; s++ {
			svc := fmt.Sprintf("s%03d", s)
			for item, b := range []Behaviour{Variable, Step, Fixed} {
				e := Entry{Service: svc, Agency: fmt.Sprintf("a%d", s%7), Item: fmt.Sprint(item),
					Amount: decimal.New(rng.Int64N(10_000_000)+1, -2), PriceYear: y, Behaviour: b}
				if b == Step {
					e.StepSize = d("3")
				}
				require.NoError(t, l.Add(e))
			}
			units := decimal.NewFromInt(int64(3 + rng.IntN(1000)*3))
			target := units.Div(d("3"))
			if s%2 == 1 {
				units = decimal.NewFromInt(int64(7 + rng.IntN(100)*7))
				target = units.Mul(d("2")).Div(d("7"))
			}
			m.Activity = append(m.Activity, Activity{Service: svc, Year: y, Units: units, TargetUnits: target, Members: d("333")})
			m.Drivers = append(m.Drivers, DriverValue{Driver: "thirds", Service: svc, Year: y, Value: d("1")})
		}
		m.Pools = append(m.Pools,
			Pool{Name: "shared", Agency: "ministry", Amount: d("1000.00"), PriceYear: y, Behaviour: Fixed, Driver: "thirds"},
			Pool{Name: "hq", Agency: "a3", Amount: d("777.77"), PriceYear: y, Behaviour: Variable, Driver: DirectCost},
		)
	}
	res, err := Compute(m, Options{PriceBase: 2021})
	require.NoError(t, err)

	for _, yt := range res.Years {
		// The year's base total is the nominal total deflated and rounded once.
		nominal := yt.LedgerNominal.Add(yt.PoolsNominal)
		assertMoney(t, nominal.Mul(d("100")).Div(m.Deflator[yt.Year]).Round(2).String(), yt.Base, "base ", yt.Year)
		var svcTotal, svcTarget, agTotal, agTarget decimal.Decimal
		for _, s := range res.Services {
			if s.Year == yt.Year {
				svcTotal, svcTarget = svcTotal.Add(s.Total), svcTarget.Add(s.TargetCost)
				assert.True(t, s.Total.Equal(s.Variable.Add(s.Step).Add(s.Fixed)))
				assert.True(t, s.Total.Equal(s.Direct.Add(s.Overhead)))
			}
		}
		for _, a := range res.Agencies {
			if a.Year == yt.Year {
				agTotal, agTarget = agTotal.Add(a.Total), agTarget.Add(a.TargetCost)
			}
		}
		assertMoney(t, yt.Base.String(), svcTotal, "services add up to the base ", yt.Year)
		assertMoney(t, yt.Base.String(), agTotal, "agencies add up to the base ", yt.Year)
		assertMoney(t, yt.Target.String(), svcTarget, "service targets ", yt.Year)
		assertMoney(t, yt.Target.String(), agTarget, "agency targets ", yt.Year)
		assertMoney(t, yt.Base.String(), yt.Target.Add(yt.Other), "target + other ", yt.Year)
	}
	assert.True(t, res.Total.Difference.IsZero())
	assertMoney(t, l.Total().String(), res.Total.LedgerNominal, "ledger nominal")
	assertMoney(t, "8888.85", res.Total.PoolsNominal, "pools nominal") // 5 x (1000 + 777.77)

	// The same model costs to the same cents every time, and whatever the
	// order of its rows: thirds everywhere make ties, so a tie broken by
	// row order would show here.
	again, err := Compute(m, Options{PriceBase: 2021})
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(res.Services), fmt.Sprint(again.Services))
	shuffled := shuffledModel(t, m, rand.New(rand.NewPCG(7, 7)))
	other, err := Compute(shuffled, Options{PriceBase: 2021})
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(res.Services), fmt.Sprint(other.Services), "services after shuffling rows")
	assert.Equal(t, fmt.Sprint(res.Agencies), fmt.Sprint(other.Agencies), "agencies after shuffling rows")
	assert.Equal(t, fmt.Sprint(res.Years), fmt.Sprint(other.Years), "years after shuffling rows")
	for _, s := range res.Services {
		a, err := res.Avoid(s.Service, s.Year, s.Units.Div(d("3")).Round(0))
		require.NoError(t, err)
		b, err := other.Avoid(s.Service, s.Year, s.Units.Div(d("3")).Round(0))
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint(a.ByAgency), fmt.Sprint(b.ByAgency), "avoided %s/%d after shuffling rows", s.Service, s.Year)
	}
}

// shuffledModel rebuilds m with its ledger entries, activity, pools and
// drivers in a random order.
func shuffledModel(t *testing.T, m *Model, rng *rand.Rand) *Model {
	t.Helper()
	// The ledger is rebuilt from its groups, each split into two entries,
	// which also checks that splitting a line changes nothing.
	l := m.Ledger
	out := &Model{Ledger: NewLedger(), Deflator: m.Deflator}
	var adds []Entry
	for i, g := range l.groups {
		half := g.cents / 2
		for j, c := range []int64{half, g.cents - half} {
			adds = append(adds, Entry{
				Service: l.services.names[g.service], Agency: l.agencies.names[g.agency],
				Item: fmt.Sprintf("g%d-%d", i, j), Amount: decimal.New(c, -2), PriceYear: int(g.year),
				Behaviour: g.behaviour, StepSize: l.steps[g.step],
			})
		}
	}
	rng.Shuffle(len(adds), func(i, j int) { adds[i], adds[j] = adds[j], adds[i] })
	for _, e := range adds {
		require.NoError(t, out.Ledger.Add(e))
	}
	out.Activity = slices.Clone(m.Activity)
	rng.Shuffle(len(out.Activity), func(i, j int) { out.Activity[i], out.Activity[j] = out.Activity[j], out.Activity[i] })
	out.Pools = slices.Clone(m.Pools)
	rng.Shuffle(len(out.Pools), func(i, j int) { out.Pools[i], out.Pools[j] = out.Pools[j], out.Pools[i] })
	out.Drivers = slices.Clone(m.Drivers)
	rng.Shuffle(len(out.Drivers), func(i, j int) { out.Drivers[i], out.Drivers[j] = out.Drivers[j], out.Drivers[i] })
	return out
}

func TestComputeDefaultsToLatestYear(t *testing.T) {
	res, err := Compute(handModel(t), Options{})
	require.NoError(t, err)
	assert.Equal(t, 2024, res.PriceBase)
}

func TestLedgerAdd(t *testing.T) {
	l := NewLedger()
	ok := Entry{Service: "s", Agency: "a", Item: "i", Amount: d("1.5"), PriceYear: 2024, Behaviour: Variable}
	require.NoError(t, l.Add(ok))
	require.NoError(t, l.Check())
	bad := ok
	bad.Item = "j"
	bad.Amount = d("-1")
	assert.ErrorIs(t, l.Add(bad), ErrNegative)
	bad.Amount = d("1.005")
	assert.ErrorIs(t, l.Add(bad), ErrInput)
	bad.Amount = d("1")
	bad.Behaviour = Step
	assert.ErrorIs(t, l.Add(bad), ErrStepSize)
	bad.Behaviour = Fixed
	bad.StepSize = d("3")
	assert.ErrorIs(t, l.Add(bad), ErrStepSize)
	bad.Behaviour = 0
	bad.StepSize = decimal.Decimal{}
	assert.ErrorIs(t, l.Add(bad), ErrBehaviour)
	bad.Behaviour = Variable
	bad.Service = " "
	assert.ErrorIs(t, l.Add(bad), ErrInput)
	assert.Equal(t, 1, l.Len())
	assertMoney(t, "1.50", l.Total(), "total")

	// A repeated key is found by Check (and so by Compute), at the
	// earliest repetition.
	for _, item := range []string{"j", "k", "j", "i", "k"} {
		e := ok
		e.Item = item
		require.NoError(t, l.Add(e))
	}
	err := l.Check()
	assert.ErrorIs(t, err, ErrDuplicate)
	assert.EqualError(t, err, `ledger:4:3: item: duplicate key: service "s", agency "a", item "j", price year 2024 was already given on line 2`)
	_, err = Compute(&Model{Ledger: l}, Options{})
	assert.ErrorIs(t, err, ErrDuplicate)
}

func TestBehaviour(t *testing.T) {
	for _, s := range []string{"variable", "Step", "FIXED"} {
		b, err := ParseBehaviour(s)
		require.NoError(t, err)
		assert.Equal(t, s, map[Behaviour]string{Variable: "variable", Step: "Step", Fixed: "FIXED"}[b])
	}
	_, err := ParseBehaviour("semi-fixed")
	assert.ErrorIs(t, err, ErrBehaviour)
	assert.Equal(t, "Behaviour(9)", Behaviour(9).String())
}

// TestLedgerWideKeys covers keys that do not pack into 64 bits (here a
// year past 2923): their repeats are reported by Check too, the earliest
// of either kind first (caught in review: they used to fail Add at once).
func TestLedgerWideKeys(t *testing.T) {
	l := NewLedger()
	e := Entry{Service: "s", Agency: "a", Item: "i", Amount: d("1"), PriceYear: 3000, Behaviour: Fixed}
	require.NoError(t, l.Add(e)) // line 1, wide
	e.PriceYear = 2024
	require.NoError(t, l.Add(e)) // line 2, packed
	require.NoError(t, l.Check())
	require.NoError(t, l.Add(e)) // line 3 repeats line 2
	e.PriceYear = 3000
	require.NoError(t, l.Add(e)) // line 4 repeats line 1
	assert.EqualError(t, l.Check(), `ledger:3:3: item: duplicate key: service "s", agency "a", item "i", price year 2024 was already given on line 2`)

	l = NewLedger()
	require.NoError(t, l.Add(e))
	require.NoError(t, l.Add(e)) // a wide repeat alone
	assert.EqualError(t, l.Check(), `ledger:2:3: item: duplicate key: service "s", agency "a", item "i", price year 3000 was already given on line 1`)
}

// TestRowOrderTies: two services of 0.01 each in 2023, deflated by 3/2 to
// 2024 prices, make 0.03 to share with an exact tie (0.015 each). The tie
// goes to the first in the canonical order, service "a", whatever the
// order of the ledger's rows.
func TestRowOrderTies(t *testing.T) {
	for _, order := range [][]string{{"a", "b"}, {"b", "a"}} {
		l := NewLedger()
		for _, s := range order {
			require.NoError(t, l.Add(Entry{Service: s, Agency: "x", Item: "i", Amount: d("0.01"), PriceYear: 2023, Behaviour: Variable}))
		}
		m := &Model{Ledger: l, Deflator: Deflator{2023: d("2"), 2024: d("3")},
			Activity: []Activity{
				{Service: "a", Year: 2023, Units: d("1"), TargetUnits: d("1"), Members: d("1")},
				{Service: "b", Year: 2023, Units: d("1"), TargetUnits: d("1")},
			}}
		res, err := Compute(m, Options{PriceBase: 2024})
		require.NoError(t, err)
		assertMoney(t, "0.02", service(t, res, "a", 2023).Total, "a, rows ", order)
		assertMoney(t, "0.01", service(t, res, "b", 2023).Total, "b, rows ", order)
	}
}
