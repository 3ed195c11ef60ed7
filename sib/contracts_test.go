package sib

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Contracts as real deals write them (issue 14): maturity, protection of
// the principal, a cap on the return a year, the order of the waterfall
// and pure debt, on the hand scenario (TestHandScenario), worked out by
// hand.

// trancheRows checks r's rows of tranche k against want, by period (a
// period not in want is all zero).
func trancheRows(t *testing.T, r *Result, k int, want []TrancheRow) {
	t.Helper()
	K := len(r.Scenario.Tranches)
	for p := range len(r.Periods) {
		g := r.Tranches[p*K+k]
		w := TrancheRow{Period: p + 1}
		for _, x := range want {
			if x.Period == p+1 {
				w = x
			}
		}
		for _, x := range []struct {
			what      string
			want, got decimal.Decimal
		}{{"drawn", w.Drawn, g.Drawn}, {"return", w.Return, g.Return}, {"principal", w.Principal, g.Principal}, {"excess", w.Excess, g.Excess},
			{"guarantee", w.Guarantee, g.Guarantee}, {"flow", w.Flow, g.Flow}, {"outstanding", w.Outstanding, g.Outstanding}} {
			assert.True(t, x.want.Equal(x.got), "tranche %s, period %d: %s %s, want %s", g.Tranche, p+1, x.what, x.got, x.want)
		}
	}
}

// runHand runs the hand scenario with files replaced, checks that the
// float path agrees, and returns the ledger.
func runHand(t *testing.T, repl map[string]string) *Result {
	t.Helper()
	s, m := load(t, handFiles, repl)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	agree(t, m, s.Values())
	return r
}

const lowEffect = "metric,per,from,to,effect\nm,year,1,2,0.1\n" // pays 8000 in years 2 and 3

// TestMaturityBullet: a tranche maturing in year 2 takes what is owed
// from year 2's cash, its guarantor tops up its protected principal in
// year 2, and it takes nothing after: year 3's 40000 goes to the residual
// party, and year 3's delivery cannot be drawn from it (its commitment
// has lapsed).
//
// Year 1 draws 30000. Year 2: 3000 accrues, 30000 is drawn, 40000 pays
// 3000 and 37000 of principal (23000 left). Protected 0.8 of 60000 is
// 48000 of principal: the guarantor pays 11000, and 12000 is lost.
func TestMaturityBullet(t *testing.T) {
	r := runHand(t, map[string]string{
		scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_period,30000,1,3\n",
		scenario.CapitalFile:  "tranche,investor,priority,commitment,coupon,maturity,protected,guarantor\nsenior,inv,1,100000,0.10,2,0.8,g\n",
	})
	trancheRows(t, r, 0, []TrancheRow{
		{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
		{Period: 2, Drawn: d("30000"), Return: d("3000"), Principal: d("37000"), Guarantee: d("11000"), Flow: d("21000"), Outstanding: d("12000")},
	})
	c := r.Cash[2]
	assert.True(t, c.Drawn.IsZero() && c.Costs.IsZero() && c.Unfunded.Equal(d("30000")) && c.Residual.Equal(d("40000")), "year 3: %+v", c)
	assert.InDelta(t, 30000, r.Outputs.Unfunded, 1e-9)
}

// TestMaturityGuarantee: a floor is met at maturity, not at the horizon.
// With 8000 paid in years 2 and 3 (TestOutstandingAfterGuarantee) the
// tranche has received 16000 of 60000 at the end of year 3, and owes
// 52500 of principal. Maturing in year 3, floor 1 tops up 44000 (8500
// lost) and year 4's return never accrues; protection of the whole
// principal counts only the 7500 of principal repaid: 52500 (nothing
// lost), or 50000 under a limit of 50000 (2500 lost).
func TestMaturityGuarantee(t *testing.T) {
	for _, c := range []struct {
		cols, terms, topup, lost string
	}{
		{"floor", "1,", "44000", "8500"},
		{"protected", "1,", "52500", "0"},
		{"protected,guarantee_limit", "1,50000,", "50000", "2500"},
		{"floor,protected", "1,1,", "52500", "0"},
		{"floor,protected", "1.1,0.8,", "50000", "2500"}, // 66000 − 16000 > 48000 − 7500
	} {
		t.Run(fmt.Sprint(c.cols, c.terms), func(t *testing.T) {
			r := runHand(t, map[string]string{
				scenario.MetricsFile: lowEffect,
				scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,maturity," + c.cols + ",guarantor\nsenior,inv,1,100000,0.10,3," + c.terms + "g\n",
			})
			trancheRows(t, r, 0, []TrancheRow{
				{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
				{Period: 2, Drawn: d("30000"), Return: d("3000"), Principal: d("5000"), Flow: d("-22000"), Outstanding: d("55000")},
				{Period: 3, Return: d("5500"), Principal: d("2500"), Guarantee: d(c.topup), Flow: d("8000").Add(d(c.topup)), Outstanding: d(c.lost)},
			})
		})
	}
}

// TestMaturityHorizon: a maturity at the horizon is no maturity.
func TestMaturityHorizon(t *testing.T) {
	capital := "tranche,investor,priority,commitment,coupon,floor,guarantor%s\nsenior,inv,1,100000,0.10,1,g%s\n"
	a := runHand(t, map[string]string{scenario.MetricsFile: lowEffect, scenario.CapitalFile: fmt.Sprintf(capital, "", "")})
	b := runHand(t, map[string]string{scenario.MetricsFile: lowEffect, scenario.CapitalFile: fmt.Sprintf(capital, ",maturity", ",4")})
	assert.Equal(t, a.Tranches, b.Tranches)
	assert.Equal(t, a.Cash, b.Cash)
}

// TestCapRate: receipts capped at a return of 20% a year. The hand
// scenario's flows are −30000, +10000 (40000 received less 30000
// drawn), +40000: an IRR of 1/3. The room of year 2 is 30000 × 1.2 +
// 30000 = 66000, of which 40000 is taken; year 3's is 26000 × 1.2 =
// 31200: 2300 of return, 23000 of principal and 5900 of excess, and the
// 8800 left goes to the residual party. The IRR is 20%: −30000 +
// 10000/1.2 + 31200/1.44 = 0.
func TestCapRate(t *testing.T) {
	r := runHand(t, map[string]string{
		scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,cap_rate\nsenior,inv,1,100000,0.10,0.2\n",
	})
	trancheRows(t, r, 0, []TrancheRow{
		{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
		{Period: 2, Drawn: d("30000"), Return: d("3000"), Principal: d("37000"), Flow: d("10000"), Outstanding: d("23000")},
		{Period: 3, Return: d("2300"), Principal: d("23000"), Excess: d("5900"), Flow: d("31200"), Outstanding: d("0")},
	})
	assert.True(t, r.Cash[2].Residual.Equal(d("8800")), "residual %s", r.Cash[2].Residual)
	irr := r.Outputs.Tranches[0].IRR
	require.Equal(t, OK, irr.Status)
	assert.InDelta(t, 0.2, irr.Rate, 1e-9)

	// Quarterly, the rate a year is compounded as a coupon's: the IRR,
	// annualised, is the cap.
	s, m := load(t, handFiles, map[string]string{
		scenario.ScenarioFile: "setting,value\nstart,2026-01-01\nperiod,quarter\nperiods,16\nprice_base,2026\n",
		scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,1,8,0.5\n",
		scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_period,7500,1,8\n",
		scenario.CapitalFile:  "tranche,investor,priority,commitment,coupon,cap_rate\nsenior,inv,1,100000,0.10,0.15\n",
	})
	q, err := m.Run(s.Values())
	require.NoError(t, err)
	agree(t, m, s.Values())
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, 0.15, o.Tranches[0].IRR.Rate, 1e-12)
	// The ledger rounds the room down to the cent: within a cent of the
	// cap's IRR (5.7e-6 a year on these small net flows), never above it.
	irr = q.Outputs.Tranches[0].IRR
	require.Equal(t, OK, irr.Status)
	assert.InDelta(t, 0.15, irr.Rate, 1e-5)
	assert.LessOrEqual(t, irr.Rate, 0.15)
}

// TestInterestFirst: two tranches of 50000, senior at 10% and junior at
// 20%, each drawn 15000 in years 1 and 2. Year 2 accrues 1500 and 3000
// and pays 8000: by tranche, the senior's 1500 and 6500 of its principal;
// interest first, both returns, then 3500 of the senior's principal.
func TestInterestFirst(t *testing.T) {
	capital := "tranche,investor,priority,commitment,coupon\nsenior,inv,1,50000,0.10\njunior,inv,2,50000,0.20\n"
	byTranche := runHand(t, map[string]string{scenario.MetricsFile: lowEffect, scenario.CapitalFile: capital})
	first := runHand(t, map[string]string{scenario.MetricsFile: lowEffect, scenario.CapitalFile: capital,
		scenario.ScenarioFile: handFiles[scenario.ScenarioFile] + "waterfall,interest_first\n"})
	year2 := func(r *Result, k int) TrancheRow { return r.Tranches[1*2+k] }
	for _, c := range []struct {
		r                          *Result
		senior, seniorP, junior    string
		seniorOut, juniorOut, name string
	}{
		{byTranche, "1500", "6500", "0", "23500", "30000", "by tranche"},
		{first, "1500", "3500", "3000", "26500", "30000", "interest first"},
	} {
		s, j := year2(c.r, 0), year2(c.r, 1)
		assert.True(t, s.Return.Equal(d(c.senior)) && s.Principal.Equal(d(c.seniorP)) && j.Return.Equal(d(c.junior)) && j.Principal.IsZero(),
			"%s: senior %s + %s, junior %s + %s", c.name, s.Return, s.Principal, j.Return, j.Principal)
		assert.True(t, s.Outstanding.Equal(d(c.seniorOut)) && j.Outstanding.Equal(d(c.juniorOut)), "%s: outstanding %s, %s", c.name, s.Outstanding, j.Outstanding)
	}
}

// TestPureDebt: a tranche with excess = no takes none of the excess:
// year 3's 14700 goes to the other tranche, or with none, to the residual
// party.
func TestPureDebt(t *testing.T) {
	r := runHand(t, map[string]string{scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,excess\nsenior,inv,1,100000,0.10,no\n"})
	assert.True(t, r.Tranches[2].Excess.IsZero() && r.Cash[2].Residual.Equal(d("14700")), "excess %s, residual %s", r.Tranches[2].Excess, r.Cash[2].Residual)

	r = runHand(t, map[string]string{scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,excess\nsenior,inv,1,50000,0.10,no\nequity,inv,2,50000,,yes\n"})
	var senior, equity decimal.Decimal
	for p := range 4 {
		senior = senior.Add(r.Tranches[p*2].Excess)
		equity = equity.Add(r.Tranches[p*2+1].Excess)
	}
	assert.True(t, senior.IsZero() && equity.IsPositive() && r.Cash[2].Residual.IsZero(), "excess %s and %s, residual %s", senior, equity, r.Cash[2].Residual)
}

// TestAmortise: principal repaid by instalments, not as the cash allows;
// the tranche is pure debt, so what it may not take goes to the residual
// party.
//   - A bullet (amortise = maturity = 4): years 2 and 3 pay the target
//     return only (3000 on 30000, then 6000 on 60000); year 4 accrues
//     6000 more and pays nothing: 60000 of principal and 6000 of return
//     are lost.
//   - Three equal instalments from year 2: by year 2, a third of the
//     60000 drawn (20000) may be repaid; by year 3 two thirds (40000:
//     20000 more, after 4000 of return on 40000); year 4 accrues 2000 and
//     pays nothing: 22000 lost, or with the principal protected, the
//     guarantor pays the last 20000 and 2000 of return is lost.
func TestAmortise(t *testing.T) {
	const head = "tranche,investor,priority,commitment,coupon,excess,maturity,amortise,protected,guarantor\n"
	bullet := runHand(t, map[string]string{scenario.CapitalFile: head + "senior,inv,1,100000,0.10,no,4,4,,\n"})
	trancheRows(t, bullet, 0, []TrancheRow{
		{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
		{Period: 2, Drawn: d("30000"), Return: d("3000"), Flow: d("-27000"), Outstanding: d("60000")},
		{Period: 3, Return: d("6000"), Flow: d("6000"), Outstanding: d("60000")},
		{Period: 4, Outstanding: d("66000")},
	})
	assert.True(t, bullet.Cash[1].Residual.Equal(d("37000")) && bullet.Cash[2].Residual.Equal(d("34000")), "residuals %s, %s", bullet.Cash[1].Residual, bullet.Cash[2].Residual)

	for _, c := range []struct{ protected, guarantor, topup, lost string }{{"", "", "0", "22000"}, {"1", "g", "20000", "2000"}} {
		r := runHand(t, map[string]string{scenario.CapitalFile: head + "senior,inv,1,100000,0.10,no,4,2," + c.protected + "," + c.guarantor + "\n"})
		trancheRows(t, r, 0, []TrancheRow{
			{Period: 1, Drawn: d("30000"), Flow: d("-30000"), Outstanding: d("30000")},
			{Period: 2, Drawn: d("30000"), Return: d("3000"), Principal: d("20000"), Flow: d("-7000"), Outstanding: d("40000")},
			{Period: 3, Return: d("4000"), Principal: d("20000"), Flow: d("24000"), Outstanding: d("20000")},
			{Period: 4, Guarantee: d(c.topup), Flow: d(c.topup), Outstanding: d(c.lost)},
		})
		assert.True(t, r.Cash[1].Residual.Equal(d("17000")) && r.Cash[2].Residual.Equal(d("16000")), "residuals %s, %s", r.Cash[1].Residual, r.Cash[2].Residual)
	}
}
