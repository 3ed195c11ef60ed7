package sib

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Co-commissioning (issue 14, item 13), worked out by hand on the fixture
// cmd/sib/testdata/scenario-ok-payers: the Life Chances Fund pattern, a
// central fund (lcf) topping up each local payment.
//
// One cohort of 100, effect 0.5 a year in years 1 and 2: 50 outcomes a
// year. Two rate cards, each paid a year late (years 2 and 3):
//   - t1, paid by the council at 800: 40000 due a year, with the term's
//     own cap_period of 39000: 39000. lcf pays 20% of it: 7800, the
//     council the rest, 31200;
//   - t2, paid by the borough at 200.0106: 50 × 200.0106 = 10000.53 due
//     a year, no term cap. lcf pays 25%: 1000053 cents × 0.25 =
//     250013.25, the borough 1000053 × 0.75 = 750039.75; floors 250013 +
//     750039 leave one cent, which goes to the larger remainder (0.75,
//     the borough's): lcf 2500.13, the borough 7500.40.
//
// Then the payers' caps, across the terms in their order:
//   - council, cap_period 30000: its 31200 of t1 is cut to 30000 in both
//     years (1200 a year, 2400 in all, that lcf does not pick up): t1
//     pays 30000 + 7800 = 37800 a year, 75600 in all, of 80000 due;
//   - lcf, cap_total 20000: year 2, 7800 + 2500.13 = 10300.13; year 3,
//     7800 from t1 (9699.87 left), then 1899.87 of its 2500.13 from t2,
//     600.26 cut: t2 pays 7500.40 + 1899.87 = 9400.27 in year 3, and
//     lcf 20000.00 in all.
//
// The state's view by agency: council pays 60000 and saves 2 × 50 × 2 ×
// 1000 × 0.6 = 120000 cashable (net 60000); borough pays 2 × 7500.40 =
// 15000.80; lcf 20000.00. All payments 95000.80 (no inflation or
// discounting: PV equals nominal).
func TestCoCommissioning(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-payers")
	s, m := load(t, files, nil)
	r, err := m.Run(s.Values())
	require.NoError(t, err)

	type row struct{ due, paid string }
	want := map[[3]string]row{
		{"2", "t1", "council"}: {"32000", "30000"}, {"2", "t1", "lcf"}: {"8000", "7800"},
		{"2", "t2", "borough"}: {"7500.40", "7500.40"}, {"2", "t2", "lcf"}: {"2500.13", "2500.13"},
		{"3", "t1", "council"}: {"32000", "30000"}, {"3", "t1", "lcf"}: {"8000", "7800"},
		{"3", "t2", "borough"}: {"7500.40", "7500.40"}, {"3", "t2", "lcf"}: {"2500.13", "1899.87"},
	}
	require.Len(t, r.Payments, len(want))
	for _, p := range r.Payments {
		w, ok := want[[3]string{decimal.NewFromInt(int64(p.Period)).String(), p.Term, p.Payer}]
		if assert.True(t, ok, "%+v", p) {
			assert.True(t, d(w.due).Equal(p.Due), "%d %s %s due %s, want %s", p.Period, p.Term, p.Payer, p.Due, w.due)
			assert.True(t, d(w.paid).Equal(p.Paid), "%d %s %s paid %s, want %s", p.Period, p.Term, p.Payer, p.Paid, w.paid)
		}
	}
	// The rows of a term in a period add up to what the bond received.
	for i, c := range r.Cash {
		sum := decimal.Zero
		for _, p := range r.Payments {
			if p.Period == i+1 {
				sum = sum.Add(p.Paid)
			}
		}
		assert.True(t, sum.Equal(c.Payments), "period %d: payers paid %s, the bond received %s", i+1, sum, c.Payments)
	}
	views := map[string]AgencyView{}
	for _, v := range r.State {
		views[v.Agency] = v
	}
	for agency, w := range map[string][2]string{"council": {"60000", "60000"}, "borough": {"15000.80", "-15000.80"}, "lcf": {"20000", "-20000"}, "all agencies": {"95000.80", "24999.20"}} {
		v := views[agency]
		assert.True(t, d(w[0]).Equal(v.Payments), "%s pays %s, want %s", agency, v.Payments, w[0])
		assert.True(t, d(w[0]).Equal(v.PaymentsPV), "%s pays %s PV, want %s", agency, v.PaymentsPV, w[0])
		assert.True(t, d(w[1]).Equal(v.Net), "%s net %s, want %s", agency, v.Net, w[1])
	}
	assert.Equal(t, []string{
		"payer lcf: its caps (payer_caps.csv) cut 600.26 of its shares of the terms' payments, which no other payer pays",
		"payer council: its caps (payer_caps.csv) cut 2400.00 of its shares of the terms' payments, which no other payer pays",
	}, r.Warnings)
	assert.InDelta(t, 95000.80, r.Outputs.Payments, 1e-6)

	// The fast path pays the same, within a cent (it splits in
	// proportion, not to the cent: lcf's 2500.1325 of t2 leaves its cap
	// room for 1899.8675, and the total is 95000.795), without
	// allocating.
	w := m.NewWork()
	v := s.Values()
	o, err := m.Evaluate(v, w)
	require.NoError(t, err)
	assert.InDelta(t, 95000.795, o.Payments, 1e-6)
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = m.Evaluate(v, w) }))
}

// TestCoCommissioningVariants: without the payers' caps each payer pays
// its share of what the term pays after its own caps; a share --set moves
// the rest to the term's payer; without payers.csv each term is its
// payer's alone, as before.
func TestCoCommissioningVariants(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-payers")
	payments := func(r *Result) map[string]string {
		got := map[string]string{}
		for _, p := range r.Payments {
			k := p.Term + "/" + p.Payer
			x := p.Paid
			if s, ok := got[k]; ok {
				x = x.Add(d(s))
			}
			got[k] = x.StringFixed(2)
		}
		return got
	}
	for _, c := range []struct {
		name string
		repl map[string]string
		set  map[string]float64
		want map[string]string // term/payer → paid over the deal
	}{
		// t1: 39000 a year, lcf 7800, council 31200; t2 as above.
		{"no payer caps", map[string]string{scenario.PayerCapsFile: ""}, nil,
			map[string]string{"t1/council": "62400.00", "t1/lcf": "15600.00", "t2/borough": "15000.80", "t2/lcf": "5000.26"}},
		// lcf 45% of t1: 17550 a year, the council 21450; of t2 25%.
		{"a share set", map[string]string{scenario.PayerCapsFile: ""}, map[string]float64{"payer.t1.lcf.share": 0.45},
			map[string]string{"t1/council": "42900.00", "t1/lcf": "35100.00", "t2/borough": "15000.80", "t2/lcf": "5000.26"}},
		// lcf's cap of 20000 with no council cap: year 2, 7800 + 2500.13;
		// year 3, 7800, then 1899.87 of t2's 2500.13.
		{"lcf's cap only", map[string]string{scenario.PayerCapsFile: "payer,cap_total\nlcf,20000\n"}, nil,
			map[string]string{"t1/council": "62400.00", "t1/lcf": "15600.00", "t2/borough": "15000.80", "t2/lcf": "4400.00"}},
		// Each term its payer's alone: the council's cap still binds.
		{"no co-payers", map[string]string{scenario.PayersFile: "", scenario.PayerCapsFile: "payer,cap_period\ncouncil,30000\n"}, nil,
			map[string]string{"t1/council": "60000.00", "t2/borough": "20001.06"}},
		{"neither file", map[string]string{scenario.PayersFile: "", scenario.PayerCapsFile: ""}, nil,
			map[string]string{"t1/council": "78000.00", "t2/borough": "20001.06"}},
	} {
		for f, body := range c.repl {
			if body == "" {
				delete(files, f)
			}
		}
		repl := map[string]string{}
		for f, body := range c.repl {
			if body != "" {
				repl[f] = body
			}
		}
		s, err := scenario.Load(writeScenario(t, files, repl))
		require.NoError(t, err, c.name)
		for name, x := range c.set {
			require.NoError(t, s.Set(name, x))
		}
		m, err := Compile(s)
		require.NoError(t, err, c.name)
		r, err := m.Run(s.Values())
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, payments(r), c.name)
		files = fixtureFiles(t, "scenario-ok-payers")
	}
}
