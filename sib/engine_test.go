package sib

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handFiles is a scenario small enough to follow by hand (see
// TestHandScenario): one cohort of 100, two years of outcomes, one
// service, one rate-card term, one tranche.
var handFiles = map[string]string{
	scenario.ScenarioFile: "setting,value\nname,hand\nstart,2026-01-01\nperiod,year\nperiods,4\ncurrency,EUR\nprice_base,2026\ninflation,0\ndiscount_rate,0\nhurdle_rate,0\n",
	scenario.CohortsFile:  "cohort,entry,size,take_up\na,2026-01-01,100,1\n",
	scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,1,2,0.5\n",
	scenario.ServicesFile: "service,agency,unit_cost,cashable\ns,ag,1000,0.6\n",
	scenario.AvoidedFile:  "metric,service,units\nm,s,2\n",
	scenario.PaymentsFile: "term,metric,payer,basis,price,lag\nt,m,pay,outcomes,800,1\n",
	scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_period,30000,1,2\n",
	scenario.CapitalFile:  "tranche,investor,priority,commitment,coupon\nsenior,inv,1,100000,0.10\n",
}

// writeScenario writes files (base, with replacements; "" removes a file)
// to a temporary folder.
func writeScenario(t testing.TB, base map[string]string, repl map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range base {
		if r, ok := repl[name]; ok {
			body = r
		}
		if body == "" {
			continue
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	for name, body := range repl {
		if _, ok := base[name]; !ok && body != "" {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
		}
	}
	return dir
}

// loadDir loads and compiles a scenario folder.
func loadDir(t testing.TB, dir string) (*scenario.Scenario, *Model) {
	t.Helper()
	s, err := scenario.Load(dir)
	require.NoError(t, err)
	m, err := Compile(s)
	require.NoError(t, err)
	return s, m
}

func load(t testing.TB, base, repl map[string]string) (*scenario.Scenario, *Model) {
	t.Helper()
	s, err := scenario.Load(writeScenario(t, base, repl))
	require.NoError(t, err)
	m, err := Compile(s)
	require.NoError(t, err)
	return s, m
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestHandScenario checks the hand scenario against values worked out by
// hand:
//
// Outcomes: 100 people × 0.5 a year = 50 in each of years 1 and 2, each
// avoiding 2 units at 1000: gross 100000 a year, cashable 60%: 60000.
// Payments: 50 × 800 = 40000, one year late: in years 2 and 3.
// Delivery: 30000 in years 1 and 2, drawn from the tranche (no recycling).
// Tranche (10% target return): year 1 draws 30000. Year 2: return accrues
// 3000 on 30000; 30000 more is drawn; the 40000 paid pays the 3000 return
// and 37000 of principal (23000 left). Year 3: 2300 accrues; 40000 pays
// 2300 + 23000, and the excess 14700 goes to the only tranche.
// Flows −30000, +10000, +40000: −3y² + y + 4 = 0 with y = 1+r gives
// y = 4/3, an IRR of 1/3. Multiple 80000/60000.
// State: cashable 120000 − payments 80000 = 40000 (no discounting or
// inflation); direct commissioning 60000, premium 20000.
func TestHandScenario(t *testing.T) {
	s, m := load(t, handFiles, nil)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	o := r.Outputs
	assert.InDelta(t, 200000, o.GrossPV, 1e-6)
	assert.InDelta(t, 120000, o.CashablePV, 1e-6)
	assert.InDelta(t, 80000, o.PaymentsPV, 1e-6)
	assert.InDelta(t, 40000, o.NetPV, 1e-6)
	assert.InDelta(t, 1.5, o.SavingsRatio, 1e-12)
	assert.InDelta(t, 60000, o.DirectPV, 1e-6)
	assert.InDelta(t, 20000, o.PremiumPV, 1e-6)
	assert.Equal(t, 0, o.StatePayback)
	tr := o.Tranches[0]
	assert.InDelta(t, 60000, tr.Drawn, 1e-9)
	assert.InDelta(t, 80000, tr.Received, 1e-9)
	assert.InDelta(t, 4.0/3, tr.Multiple, 1e-12)
	assert.Equal(t, OK, tr.IRR.Status)
	assert.InDelta(t, 1.0/3, tr.IRR.Rate, 1e-12)
	assert.Equal(t, 3, tr.Payback)
	// Outcomes bought by term t: 100 people × 0.5 a year × 2 years = 100,
	// at 80000 paid: 800 an outcome, the price.
	assert.Equal(t, []float64{100}, r.Outcomes)
	// The payer is not a party with returns (its flows are savings in,
	// payments out: no IRR); its figures are the state's, by agency.
	for _, p := range r.Parties {
		assert.NotEqual(t, RolePayer, p.Role, "payer %s has returns", p.Party)
	}
	want := []TrancheRow{
		{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
		{Period: 2, Drawn: d("30000"), Return: d("3000"), Principal: d("37000"), Flow: d("10000"), Outstanding: d("23000")},
		{Period: 3, Return: d("2300"), Principal: d("23000"), Excess: d("14700"), Flow: d("40000"), Outstanding: d("0")},
	}
	for i, w := range want {
		g := r.Tranches[i]
		assert.Equal(t, w.Period, g.Period)
		for _, pair := range [][2]decimal.Decimal{{w.Drawn, g.Drawn}, {w.Return, g.Return}, {w.Principal, g.Principal}, {w.Excess, g.Excess}, {w.Flow, g.Flow}, {w.Outstanding, g.Outstanding}} {
			assert.True(t, pair[0].Equal(pair[1]), "period %d: want %s, got %s", w.Period, pair[0], pair[1])
		}
	}
	// With recycling, year 2's payment pays its delivery: only 30000 is
	// drawn, and the flows to the investor are the same.
	s2, m2 := load(t, handFiles, map[string]string{scenario.ScenarioFile: handFiles[scenario.ScenarioFile] + "recycle,yes\n"})
	r2, err := m2.Run(s2.Values())
	require.NoError(t, err)
	assert.InDelta(t, 30000, r2.Outputs.Tranches[0].Drawn, 1e-9)
	assert.InDelta(t, 50000, r2.Outputs.Tranches[0].Received, 1e-9)
	assert.InDelta(t, 1.0/3, r2.Outputs.Tranches[0].IRR.Rate, 1e-12)
}

// agree checks that the float path and the ledger agree within a cent
// on every headline figure.
func agree(t *testing.T, m *Model, p []float64) {
	t.Helper()
	r, err := m.Run(p)
	require.NoError(t, err)
	o, err := m.Evaluate(p, m.NewWork())
	require.NoError(t, err)
	// The ledger rounds each term's payment in each period, each cost and
	// each accrual to the cent: a few cents over a deal's periods.
	tol := 0.01 * float64(m.periods*(len(m.s.Terms)+m.nItems+2))
	for _, c := range []struct {
		name    string
		f, l    float64
		tol     float64
		relOnly bool
	}{
		// The ledger's savings are the sums of rows rounded to the cent.
		{"GrossPV", o.GrossPV, r.Outputs.GrossPV, 0.005*float64(len(r.Savings)) + 1e-6, false},
		{"CashablePV", o.CashablePV, r.Outputs.CashablePV, 0.005*float64(len(r.Savings)) + 1e-6, false},
		{"PaymentsPV", o.PaymentsPV, r.Outputs.PaymentsPV, tol, false},
		{"Payments", o.Payments, r.Outputs.Payments, tol, false},
		{"Drawn", o.Investors.Drawn, r.Outputs.Investors.Drawn, tol, false},
		{"Received", o.Investors.Received, r.Outputs.Investors.Received, tol, false},
		{"NPV", o.Investors.NPV, r.Outputs.Investors.NPV, tol, false},
	} {
		assert.InDelta(t, c.f, c.l, c.tol, c.name)
	}
	if o.Investors.IRR.Exists() {
		assert.InDelta(t, o.Investors.IRR.Rate, r.Outputs.Investors.IRR.Rate, 1e-4, "IRR")
	}
}

func TestFloatAgreesWithLedger(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/preschool/scenario", "../testdata/employment/scenario"} {
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) {
			if _, err := os.Stat(dir); err != nil {
				t.Skip("no example yet")
			}
			s, m := loadDir(t, dir)
			agree(t, m, s.Values())
		})
	}
	s, m := load(t, handFiles, nil)
	agree(t, m, s.Values())
}

// TestConservation checks the bond's cash account to the cent in every
// period of the examples, and under random parameter changes.
func TestConservation(t *testing.T) {
	s, m := loadDir(t, "../testdata/estonia/scenario")
	p := s.Values()
	rng := newTestRand(7)
	for i := range 200 {
		q := perturb(s, p, rng, i > 0)
		r, err := m.Run(q)
		require.NoError(t, err)
		for _, c := range r.Cash {
			in := c.Payments.Add(c.Drawn).Add(c.Guarantee)
			out := c.Costs.Add(c.Distributed).Add(c.Residual)
			require.True(t, in.Equal(out), "draw %d period %d: in %s out %s", i, c.Period, in, out)
		}
		// The tranches' rows add up to the account's.
		var dist, drawn decimal.Decimal
		for _, tr := range r.Tranches {
			dist = dist.Add(tr.Return).Add(tr.Principal).Add(tr.Excess).Add(tr.Guarantee)
			drawn = drawn.Add(tr.Drawn)
		}
		var cdist, cdrawn decimal.Decimal
		for _, c := range r.Cash {
			cdist = cdist.Add(c.Distributed)
			cdrawn = cdrawn.Add(c.Drawn)
		}
		require.True(t, dist.Equal(cdist) && drawn.Equal(cdrawn))
		// Payments never exceed a cap.
		checkCaps(t, m, q, r)
	}
}

// checkCaps checks every cap of the terms and the deal.
func checkCaps(t *testing.T, m *Model, p []float64, r *Result) {
	t.Helper()
	s := m.s
	totals := map[string]decimal.Decimal{}
	perPeriod := map[int]decimal.Decimal{}
	for _, row := range r.Payments {
		tm := s.Terms[termIndex(s, row.Term)]
		if tm.CapPeriod != 0 {
			require.LessOrEqual(t, row.Paid.InexactFloat64(), tm.CapPeriod.In(p)+0.005, "term %s period %d", row.Term, row.Period)
		}
		totals[row.Term] = totals[row.Term].Add(row.Paid)
		perPeriod[row.Period] = perPeriod[row.Period].Add(row.Paid)
		require.True(t, row.Paid.LessThanOrEqual(row.Due))
		require.True(t, row.Paid.Sign() >= 0)
	}
	var all decimal.Decimal
	for name, v := range totals {
		tm := s.Terms[termIndex(s, name)]
		if tm.CapTotal != 0 {
			require.LessOrEqual(t, v.InexactFloat64(), tm.CapTotal.In(p)+0.005, "term %s", name)
		}
		all = all.Add(v)
	}
	if i := s.Settings.CapTotal; i != 0 {
		require.LessOrEqual(t, all.InexactFloat64(), i.In(p)+0.005)
	}
	if i := s.Settings.CapPeriod; i != 0 {
		for _, v := range perPeriod {
			require.LessOrEqual(t, v.InexactFloat64(), i.In(p)+0.005)
		}
	}
	for k, tr := range s.Tranches {
		o := r.Outputs.Tranches[k]
		if tr.Cap != 0 {
			require.LessOrEqual(t, o.Received, tr.Cap.In(p)*o.Drawn+0.01, "tranche %s", tr.Name)
		}
	}
}

func termIndex(s *scenario.Scenario, name string) int {
	for j, t := range s.Terms {
		if t.Name == name {
			return j
		}
	}
	return -1
}

// testRand is a small deterministic generator for perturbations.
type testRand struct{ x uint64 }

func newTestRand(seed uint64) *testRand { return &testRand{x: seed*0x9E3779B97F4A7C15 + 1} }

func (r *testRand) float() float64 {
	r.x ^= r.x << 13
	r.x ^= r.x >> 7
	r.x ^= r.x << 17
	return float64(r.x>>11) / (1 << 53)
}

// perturb returns p with every parameter moved randomly within its range
// (up to ±60% of its value, and effects anywhere from −50% to +200%).
func perturb(s *scenario.Scenario, p []float64, rng *testRand, on bool) []float64 {
	q := append([]float64(nil), p...)
	if !on {
		return q
	}
	for i, pa := range s.Params {
		f := 0.4 + 1.2*rng.float()
		if len(pa.Name) > 7 && pa.Name[:8] == "outcome." {
			f = -0.5 + 2.5*rng.float()
		}
		v := p[i] * f
		q[i] = math.Min(math.Max(v, pa.Min), pa.Max)
	}
	return q
}

// TestZeroEffectPaysNothing: with no effect there is nothing to pay for.
func TestZeroEffectPaysNothing(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/preschool/scenario", "../testdata/employment/scenario"} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		s, err := scenario.Load(dir)
		require.NoError(t, err)
		for i, pa := range s.Params {
			if len(pa.Name) > 8 && pa.Name[:8] == "outcome." && pa.Name[len(pa.Name)-7:] == ".effect" {
				s.Params[i].Value = 0
			}
		}
		m, err := Compile(s)
		require.NoError(t, err)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		assert.Zero(t, r.Outputs.Payments, dir)
		assert.Zero(t, r.Outputs.GrossPV, dir)
		for _, row := range r.Payments {
			assert.True(t, row.Paid.IsZero())
		}
	}
}

// TestPaymentsMonotone: under schedules that rise with the effect,
// payments do not fall when the effect rises (from 0 to 3 times the
// example's effects, in 61 steps).
func TestPaymentsMonotone(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/preschool/scenario", "../testdata/employment/scenario"} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		s, m := loadDir(t, dir)
		w := m.NewWork()
		p := s.Values()
		var effects []int
		for i, pa := range s.Params {
			if len(pa.Name) > 8 && pa.Name[:8] == "outcome." && pa.Name[len(pa.Name)-7:] == ".effect" {
				effects = append(effects, i)
			}
		}
		// A share that switches down once investors are repaid is not a
		// monotone schedule (a bigger effect repays them sooner): hold it.
		for _, tm := range s.Terms {
			if tm.ShareAfter != 0 {
				p[tm.ShareAfter.Index()] = tm.Share.In(p)
			}
		}
		base := append([]float64(nil), p...)
		prev := -1.0
		for k := 0; k <= 60; k++ {
			f := float64(k) / 20 // 0 to 3 times the effects
			for _, i := range effects {
				p[i] = base[i] * f
			}
			o, err := m.Evaluate(p, w)
			require.NoError(t, err)
			require.GreaterOrEqual(t, o.Payments, prev-1e-6, "%s: effects × %.2f", dir, f)
			prev = o.Payments
		}
	}
}

// TestBooksAgreeByPeriod compares the float path's book with the ledger's
// period by period: a payment or cost is the float amount rounded to the
// cent (within half a cent); waterfall flows carry the rounding of the
// accruals and splits before them (within 5 cents).
func TestBooksAgreeByPeriod(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/preschool/scenario", "../testdata/employment/scenario"} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		s, m := loadDir(t, dir)
		p := make(byID, 0, len(s.Params)+1).fill(s.Values())
		pr := m.newProjection()
		m.project(p, pr)
		bf := newBook[float64](m)
		bf.run(m, p, pr)
		bc := newBook[int64](m)
		bc.run(m, p, pr)
		for _, c := range []struct {
			name string
			f    []float64
			c    []int64
			tol  float64
		}{
			{"payments", bf.pay, bc.pay, 0.005 + 1e-9}, {"costs", bf.cost, bc.cost, 0.005 + 1e-9},
			{"drawn", bf.draw, bc.draw, 0.05}, {"return", bf.ret, bc.ret, 0.05}, {"principal", bf.prin, bc.prin, 0.05},
			{"excess", bf.excess, bc.excess, 0.05}, {"guarantee", bf.topup, bc.topup, 0.05}, {"residual", bf.residual, bc.residual, 0.05},
		} {
			for i := range c.f {
				require.InDelta(t, c.f[i], float64(c.c[i])/100, c.tol, "%s: %s[%d]", dir, c.name, i)
			}
		}
	}
}

// TestPayback: a running total of whole cents that comes back to exactly
// zero has paid back, though its float sum may be −4.5e-13 (caught in
// review).
func TestPositionPayback(t *testing.T) {
	assert.Equal(t, 3, payback([]float64{-1000, -2000.14, 3000.14}))
	assert.Equal(t, -1, payback([]float64{-1000, 500, 400}))
	assert.Equal(t, -1, payback([]float64{100, 50}))
	assert.Equal(t, 2, payback([]float64{-100, 120, -10, 0}))
	assert.Equal(t, 4, payback([]float64{-100, 120, -30, 20}))
	assert.Equal(t, -1, payback(nil))
}

// TestEvaluateTooLarge: the fast path refuses what the ledger cannot hold
// rather than zeroing it (caught in review).
func TestEvaluateTooLarge(t *testing.T) {
	s, m := load(t, handFiles, nil)
	p := s.Values()
	p[index(t, s, "tranche.senior.commitment")] = 2e13
	_, err := m.Evaluate(p, m.NewWork())
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = m.Run(p)
	assert.ErrorIs(t, err, ErrTooLarge)
}

// TestSetThenCompile: values changed with Set obey the rules the loader
// checks between cells.
func TestSetThenCompile(t *testing.T) {
	s, _ := load(t, handFiles, map[string]string{scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,cap,floor,guarantor\nsenior,inv,1,100000,0.10,1.5,1,g\n"})
	require.NoError(t, s.Set("tranche.senior.cap", 0.5))
	_, err := Compile(s)
	assert.ErrorIs(t, err, scenario.ErrRange)
	assert.EqualError(t, err, "sib: value out of range: a tranche's cap must not be below its floor: tranche.senior.cap = 0.5 is below tranche.senior.floor = 1")
}

// TestClaimsOnceIsForRateCards: claims once limits outcomes counted, so
// it means nothing on a share of savings, and is refused (caught in
// review).
func TestClaimsOnceIsForRateCards(t *testing.T) {
	dir := writeScenario(t, handFiles, map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,share,claims,lag\nt,m,pay,savings,0.5,once,1\n"})
	_, err := scenario.Load(dir)
	require.Error(t, err)
	assert.ErrorIs(t, err, scenario.ErrInput)
	assert.Contains(t, err.Error(), "payments.csv:2:6: claims: ")
}

// A term's parameters that its basis does not use are zero (none), as
// Term's documentation says: the engine must not read a price, a share or
// an interest rate from another parameter.
func TestTermUnusedParams(t *testing.T) {
	s, _ := loadDir(t, "../testdata/estonia/scenario")
	for _, tm := range s.Terms {
		used := map[scenario.Basis][4]bool{scenario.Outcomes: {true, false, false, false}, scenario.Savings: {false, true, true, true}, scenario.Tiered: {}}[tm.Basis]
		for i, id := range [4]scenario.ParamID{tm.Price, tm.Share, tm.ShareAfter, tm.Interest} {
			if !used[i] && id != 0 {
				t.Errorf("term %s (%s): parameter %d is %d, want none", tm.Name, tm.Basis, i, id)
			}
		}
	}
}

// TestWorkReuse: a Work carries nothing from one evaluation to the next
// (Evaluate clears only the cells it can write): a sequence of parameter
// vectors gives, with one Work, exactly what a fresh Work gives for each.
func TestWorkReuse(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/preschool/scenario", "../testdata/employment/scenario"} {
		s, m := loadDir(t, dir)
		w := m.NewWork()
		base := s.Values()
		for i := -1; i < len(base); i++ {
			for _, f := range []float64{0, 0.5, 1.7} {
				p := append([]float64(nil), base...)
				if i >= 0 {
					p[i] *= f
				} else {
					for k := range p {
						p[k] *= f
					}
				}
				got, err1 := m.Evaluate(p, w)
				want, err2 := m.Evaluate(p, m.NewWork())
				require.Equal(t, err2, err1)
				if err1 == nil {
					require.Equal(t, fmt.Sprintf("%#v", *want), fmt.Sprintf("%#v", *got), "%s: parameter %d × %v", dir, i, f)
				}
			}
		}
	}
}

// TestTinyStepRefused: a step cost whose step size is the smallest
// positive float (allowed: above 0) makes the cashable saving overflow;
// Run and Evaluate refuse it with ErrTooLarge instead of panicking in the
// decimal conversion (found by a review).
func TestTinyStepRefused(t *testing.T) {
	s, m := loadDir(t, "../testdata/preschool/scenario")
	p := s.Values()
	i := index(t, s, "cost.grade_repetition_year.step_size")
	p[i] = math.SmallestNonzeroFloat64
	_, err := m.Run(p)
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = m.Evaluate(p, m.NewWork())
	require.ErrorIs(t, err, ErrTooLarge)
}

// index returns the index of the named parameter in a value vector,
// failing the test when there is none.
func index(t testing.TB, s *scenario.Scenario, name string) int {
	t.Helper()
	id, ok := s.Param(name)
	require.True(t, ok, "no parameter %s", name)
	return id.Index()
}

// TestWorkOfAnotherModel: a Work is sized for the model that made it;
// Evaluate with another model's panics with a message that says so.
func TestWorkOfAnotherModel(t *testing.T) {
	s, m := load(t, handFiles, nil)
	_, other := load(t, handFiles, nil)
	w := other.NewWork()
	assert.PanicsWithValue(t, "sib: Evaluate with a Work made by another Model's NewWork; each Model needs its own Works", func() {
		_, _ = m.Evaluate(s.Values(), w)
	})
}
