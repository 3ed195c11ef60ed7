package sib

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/money"
	"github.com/sib-engine/sib/scenario"
)

// Result is the full evaluation of a scenario in the ledger: every amount
// of money that changes hands in whole cents, with the tables behind the
// headline outputs. Savings are estimates, rounded to cents for display
// row by row, and their totals are the sums of the rows.
type Result struct {
	Scenario *scenario.Scenario
	Outputs  Outputs // from the ledger's cents
	Periods  []Period
	Savings  []SavingRow  // by period, service, agency
	Payments []PaymentRow // by period, term and payer
	Costs    []CostRow    // by period, item
	Cash     []CashRow    // by period: the bond's cash account
	Tranches []TrancheRow // by period, tranche
	Flows    []FlowRow    // by period, party
	State    []AgencyView // by agency, then the total ("all agencies")
	Parties  []PartyReturns
	// Unpaid are amounts released for payment after the horizon, by term:
	// earned, but not paid within the deal (the terms table's unpaid).
	// Costs that no cash could pay are Outputs.Unfunded.
	Unpaid []decimal.Decimal
	// Outcomes are, by term, the outcomes its metric counts over the
	// horizon, all cohorts (in the metric's unit: reconvictions avoided,
	// years in work): what the payer's money bought, for a cost per outcome.
	Outcomes []float64
	// HeldBack is the cashable saving, nominal, that the closure lag
	// (Settings.ClosureLag) holds back: what the step lines would have
	// released at once, less what they release once the fall has lasted
	// the lag; HeldBackPV is the same, real and discounted. Zero without
	// a lag. Cashable savings (Savings, State) are net of it.
	HeldBack, HeldBackPV decimal.Decimal
	// ClosureLag is the closure lag in whole periods (0: none).
	ClosureLag int
	// Commissioner is the commissioner's own costs (commissioner_costs.csv)
	// by period and item, before optimism bias; Values the present value
	// of each value beyond the budgets (values.csv), before and after it.
	Commissioner []CommissionerRow
	Values       []ValueRow
	Fiscal       []FiscalRow // by agency
	Warnings     []string
}

// Period is one period of the deal.
type Period struct {
	N          int // 1-based
	Start, End time.Time
	Discount   float64 // discount factor of the period's end
	Index      float64 // price index against the price base
}

// SavingRow is the use of one service avoided in a period and what it
// saves one agency.
type SavingRow struct {
	Period                        int
	Service, Agency               string
	Units                         float64
	Gross, Cashable               decimal.Decimal // real (price base)
	GrossNominal, CashableNominal decimal.Decimal
	GrossPV, CashablePV           decimal.Decimal // real, discounted
}

// PaymentRow is what one term pays in a period; with co-payers
// (payers.csv), what one payer pays of it: its share of what was due, and
// what it paid after the term's, the deal's and its own caps.
type PaymentRow struct {
	Period      int
	Term, Payer string
	Due, Paid   decimal.Decimal // before and after caps
}

// CostRow is a delivery cost or fee in a period.
type CostRow struct {
	Period      int
	Item, Party string
	Fee         bool
	// Subordinated: a fee paid after the tranches, from what is left;
	// Due − Paid is forgone.
	Subordinated bool
	Due, Paid    decimal.Decimal
}

// CashRow is the bond's cash account in a period: money in equals money
// out plus the change in the cash the bond holds, to the cent.
type CashRow struct {
	Period                       int
	Payments, Drawn, Guarantee   decimal.Decimal // in
	Costs, Distributed, Residual decimal.Decimal // out (Distributed includes guarantee top-ups and commitment fees)
	Unfunded                     decimal.Decimal // costs due that no cash could pay
	// Held is the cash the bond holds at the period's end, to distribute
	// later (0 when it distributes every period).
	Held decimal.Decimal
}

// TrancheRow is one tranche's money in a period.
type TrancheRow struct {
	Period                                      int
	Tranche, Investor                           string
	Drawn, Return, Principal, Excess, Guarantee decimal.Decimal
	// CommitmentFee is the fee on its undrawn commitment the bond paid.
	CommitmentFee decimal.Decimal
	Flow          decimal.Decimal // to the investor: received − drawn
	// Outstanding is what the bond still owes the tranche after the
	// period: the principal drawn less the principal repaid and any
	// guarantee top-up, and in the period it matures (the last, when not
	// given) the unpaid target return (less what a top-up paid beyond the
	// principal), which is lost; after it, 0.
	Outstanding decimal.Decimal
}

// FlowRow is a party's net cash flow in a period (positive: received).
type FlowRow struct {
	Period      int
	Party, Role string
	Flow        decimal.Decimal
}

// AgencyView is the state's view of one agency: what it saves, what it
// pays, and the difference, nominal and in present value (real).
type AgencyView struct {
	Agency                                 string
	Gross, Cashable, Payments, Net         decimal.Decimal
	GrossPV, CashablePV, PaymentsPV, NetPV decimal.Decimal
	// Commissioner is the commissioner's own costs the agency bears
	// outside the bond (commissioner_costs.csv), before optimism bias;
	// Net and NetPV subtract them.
	Commissioner, CommissionerPV decimal.Decimal
}

// PartyReturns are a party's results over the deal.
type PartyReturns struct {
	Party, Role    string
	Paid, Received decimal.Decimal
	Returns        Returns
}

// Roles of parties.
const (
	RoleTranche   = "tranche"
	RoleInvestor  = "investor"
	RoleGuarantor = "guarantor"
	RoleProvider  = "paid by the bond"
	RoleResidual  = "residual"
	RolePayer     = "outcome payer"
)

func cents(c int64) decimal.Decimal { return money.Decimal(c) }

func roundCents(x float64) decimal.Decimal {
	return decimal.NewFromFloat(halfAway(x * 100)).Shift(-2)
}

// Run evaluates the scenario on its parameter values in the ledger: the
// same payment terms and waterfall as Evaluate, in int64 cents, rounded
// where a contract rounds. It checks that the bond's cash account balances
// to the cent in every period.
func (m *Model) Run(v []float64) (*Result, error) {
	if len(v) != len(m.s.Params) {
		return nil, ErrParams
	}
	p := make(byID, 0, len(v)+1).fill(v)
	if err := m.check("the model and the ledger's tables", addBytes(m.foot.Model, m.foot.Run)); err != nil {
		return nil, err
	}
	s := m.s
	pr := m.newProjection()
	m.project(p, pr)
	b := newBook[int64](m)
	b.run(m, p, pr)
	if b.overflow {
		return nil, tooLarge(m, p, pr, b)
	}
	if !m.savingsFit(pr) {
		return nil, tooLarge(m, p, pr, b)
	}
	r := &Result{Scenario: s, Warnings: slices.Clone(s.Warnings)}
	r.Outputs.Tranches = make([]Returns, len(s.Tranches))
	P := m.periods
	outputsOf(m, p, pr, b, &r.Outputs, make([]float64, P), make([]float64, P), skips{})
	for t := range P {
		r.Periods = append(r.Periods, Period{N: t + 1, Start: s.Settings.PeriodStart(t), End: m.dates[t], Discount: pr.df[t], Index: pr.infl[t]})
	}
	m.savingRows(p, pr, r)
	m.stateView(p, pr, b, r)
	m.appraisalRows(p, pr, r)
	// The headline figures are the state table's totals, which add up the
	// rows as shown (each rounded to the cent).
	tot := r.State[len(r.State)-1]
	o := &r.Outputs
	o.GrossPV, o.CashablePV, o.PaymentsPV = tot.GrossPV.InexactFloat64(), tot.CashablePV.InexactFloat64(), tot.PaymentsPV.InexactFloat64()
	o.NetPV, o.NetGrossPV = tot.NetPV.InexactFloat64(), tot.GrossPV.Sub(tot.PaymentsPV).Sub(tot.CommissionerPV).InexactFloat64()
	m.ledgerAppraisal(tot, o)
	o.PremiumPV = o.PaymentsPV + o.Appraisal.CommissionerRawPV - o.DirectPV
	if o.PaymentsPV > 0 {
		o.SavingsRatio = o.CashablePV / o.PaymentsPV
	}
	for t := range P {
		for j := range s.Terms {
			if b.payDue[j*P+t] != 0 || b.pay[j*P+t] != 0 {
				m.paymentRows(b, r, j, t)
			}
		}
		for i := range m.nItems {
			c := m.item(i)
			if b.cost[i*P+t] != 0 {
				r.Costs = append(r.Costs, CostRow{Period: t + 1, Item: c.Name, Party: c.Party, Fee: c.Fee, Subordinated: c.Subordinated, Due: cents(b.cost[i*P+t]), Paid: cents(b.costPaid[i*P+t])})
			}
		}
	}
	C := len(s.Cohorts)
	for j, tm := range s.Terms {
		var n float64
		for _, x := range pr.outc[tm.Metric*C*P : (tm.Metric+1)*C*P] {
			n += x
		}
		r.Outcomes = append(r.Outcomes, n)
		lost := roundCents(b.lost[j])
		r.Unpaid = append(r.Unpaid, lost)
		if lost.Sign() > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("term %s: %s released for payment after the horizon is not paid", tm.Name, lost.StringFixed(2)))
		}
		var held float64
		for c := range s.Cohorts {
			held += b.held[j*len(s.Cohorts)+c]
		}
		if h := roundCents(held); h.Sign() > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("term %s: %s earned but held back by unmet thresholds is not paid", tm.Name, h.StringFixed(2)))
		}
	}
	m.payerWarnings(b, r)
	if err := m.cashRows(b, r); err != nil {
		return nil, err
	}
	m.partyRows(p, pr, b, r)
	if u := r.Outputs.Unfunded; u > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the tranches' commitments ran out: %.2f of delivery costs and fees could not be paid", u))
	}
	return r, nil
}

func (m *Model) item(i int) *scenario.CostItem {
	if i < m.nDelivery {
		return &m.s.Delivery[i]
	}
	return &m.s.Fees[i-m.nDelivery]
}

// paymentRows lists what term j pays in period t: a row, or with
// co-payers a row a payer, its share of what was due (by largest
// remainder, as the payment was split) and what it paid after its caps.
// A payer with nothing due and nothing paid has no row.
func (m *Model) paymentRows(b *book[int64], r *Result, j, t int) {
	P, tm := m.periods, &m.s.Terms[j]
	if b.co == nil {
		r.Payments = append(r.Payments, PaymentRow{Period: t + 1, Term: tm.Name, Payer: tm.Payer, Due: cents(b.payDue[j*P+t]), Paid: cents(b.pay[j*P+t])})
		return
	}
	s0, s1 := m.pays.slots(j)
	due := make([]int64, s1-s0)
	money.SplitFloat(b.payDue[j*P+t], b.co.w[s0:s1], make([]float64, s1-s0), due)
	for sl := s0; sl < s1; sl++ {
		d, x := due[sl-s0], b.paidBy(m, j, sl, t)
		if d != 0 || x != 0 {
			r.Payments = append(r.Payments, PaymentRow{Period: t + 1, Term: tm.Name, Payer: m.agencies[m.pays.agency[sl]], Due: cents(d), Paid: cents(x)})
		}
	}
}

// payerWarnings says what each payer's caps cut of its shares.
func (m *Model) payerWarnings(b *book[int64], r *Result) {
	if b.co == nil {
		return
	}
	for _, a := range m.pays.capped {
		if x := b.co.cut[a]; x > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("payer %s: its caps (%s) cut %s of its shares of the terms' payments, which no other payer pays", m.agencies[a], scenario.PayerCapsFile, cents(x).StringFixed(2)))
		}
	}
}

// savingRows lists the savings by period, service and agency, and what
// the closure lag holds back (Result.HeldBack).
func (m *Model) savingRows(p byID, pr *projection, r *Result) {
	s := m.s
	P := m.periods
	lag := m.closureLag(p)
	r.ClosureLag = lag
	tooLarge := false
	for t := range P {
		for si := range s.Services {
			sv := &s.Services[si]
			units := pr.units[si*P : (si+1)*P]
			u := units[t]
			if u == 0 {
				continue
			}
			var order []int
			sums := map[int][2]float64{}
			held := 0.0 // the cashable saving the lag holds back, real
			for li := range sv.Lines {
				ln := &sv.Lines[li]
				rl := m.lineRule(p, ln, p[sv.UnitCost], lag)
				g, c := rl.savingAt(units, t)
				if lag > 0 && ln.Behaviour == costing.Step {
					rl.lag = 0
					_, c0 := rl.savingAt(units, t)
					if d := c0 - c; math.Abs(d) <= maxMoney {
						held += d
					} else if !tooLarge {
						// A step size so small that whole steps overflow:
						// no figure to show.
						tooLarge = true
						r.Warnings = append(r.Warnings, fmt.Sprintf("service %s: what the closure lag holds back is too large to show (step size %g)", sv.Name, rl.step))
					}
				}
				a := m.lineAgency[si][li]
				if _, ok := sums[a]; !ok {
					order = append(order, a)
				}
				x := sums[a]
				sums[a] = [2]float64{x[0] + g, x[1] + c}
			}
			if held != 0 {
				r.HeldBack = r.HeldBack.Add(roundCents(held * pr.infl[t]))
				r.HeldBackPV = r.HeldBackPV.Add(roundCents(held * pr.df[t]))
			}
			for _, a := range order {
				x := sums[a]
				r.Savings = append(r.Savings, SavingRow{
					Period: t + 1, Service: sv.Name, Agency: m.agencies[a], Units: u,
					Gross: roundCents(x[0]), Cashable: roundCents(x[1]),
					GrossNominal: roundCents(x[0] * pr.infl[t]), CashableNominal: roundCents(x[1] * pr.infl[t]),
					GrossPV: roundCents(x[0] * pr.df[t]), CashablePV: roundCents(x[1] * pr.df[t]),
				})
			}
		}
	}
}

// stateView sums savings and payments by agency.
func (m *Model) stateView(p byID, pr *projection, b *book[int64], r *Result) {
	s := m.s
	P := m.periods
	views := make([]AgencyView, len(m.agencies))
	for a := range views {
		views[a].Agency = m.agencies[a]
	}
	for _, row := range r.Savings {
		a, _ := slices.BinarySearch(m.agencies, row.Agency)
		v := &views[a]
		v.Gross = v.Gross.Add(row.GrossNominal)
		v.Cashable = v.Cashable.Add(row.CashableNominal)
		v.GrossPV = v.GrossPV.Add(row.GrossPV)
		v.CashablePV = v.CashablePV.Add(row.CashablePV)
	}
	for j := range s.Terms {
		s0, s1 := m.pays.slots(j)
		for sl := s0; sl < s1; sl++ {
			v := &views[m.pays.agency[sl]]
			for t := range P {
				x := b.paidBy(m, j, sl, t)
				if x == 0 {
					continue
				}
				v.Payments = v.Payments.Add(cents(x))
				v.PaymentsPV = v.PaymentsPV.Add(roundCents(float64(x) / 100 / pr.infl[t] * pr.df[t]))
			}
		}
	}
	m.commissionerViews(pr, views)
	total := AgencyView{Agency: "all agencies"}
	for i := range views {
		v := &views[i]
		v.Net = v.Cashable.Sub(v.Payments).Sub(v.Commissioner)
		v.NetPV = v.CashablePV.Sub(v.PaymentsPV).Sub(v.CommissionerPV)
		total.Commissioner = total.Commissioner.Add(v.Commissioner)
		total.CommissionerPV = total.CommissionerPV.Add(v.CommissionerPV)
		total.Gross = total.Gross.Add(v.Gross)
		total.Cashable = total.Cashable.Add(v.Cashable)
		total.Payments = total.Payments.Add(v.Payments)
		total.Net = total.Net.Add(v.Net)
		total.GrossPV = total.GrossPV.Add(v.GrossPV)
		total.CashablePV = total.CashablePV.Add(v.CashablePV)
		total.PaymentsPV = total.PaymentsPV.Add(v.PaymentsPV)
		total.NetPV = total.NetPV.Add(v.NetPV)
	}
	r.State = append(views, total)
}

// cashRows lists the bond's cash account and the tranches' money, and
// checks that every period balances to the cent.
func (m *Model) cashRows(b *book[int64], r *Result) error {
	s := m.s
	P, K := m.periods, len(s.Tranches)
	out := make([]int64, K) // principal outstanding
	var held int64          // the cash the bond holds
	for t := range P {
		var pay, costs, dist, topup, draw int64
		for j := range s.Terms {
			pay += b.pay[j*P+t]
		}
		for i := range m.nItems {
			costs += b.costPaid[i*P+t]
		}
		for k := range s.Tranches {
			row := trancheRow(m, b, k, t, &out[k])
			draw += b.draw[k*P+t]
			dist += b.ret[k*P+t] + b.prin[k*P+t] + b.excess[k*P+t] + b.topup[k*P+t] + b.cfee[k*P+t]
			topup += b.topup[k*P+t]
			r.Tranches = append(r.Tranches, row)
		}
		res, now := b.residual[t], b.heldAt[t]
		if in, o := pay+draw+topup, costs+dist+res+now-held; in != o {
			return fmt.Errorf("sib: internal error: the bond's cash does not balance in period %d: %s in, %s out, %s more held", t+1, cents(in).StringFixed(2), cents(costs+dist+res).StringFixed(2), cents(now-held).StringFixed(2))
		}
		held = now
		r.Cash = append(r.Cash, CashRow{
			Period: t + 1, Payments: cents(pay), Drawn: cents(draw), Guarantee: cents(topup),
			Costs: cents(costs), Distributed: cents(dist), Residual: cents(res), Unfunded: cents(b.shortfall[t]),
			Held: cents(now),
		})
	}
	return nil
}

// trancheRow is tranche k's row of period t; out is its principal
// outstanding, which it brings up to date.
func trancheRow(m *Model, b *book[int64], k, t int, out *int64) TrancheRow {
	tr := &m.s.Tranches[k]
	i := k*b.P + t
	d, ret, prin, ex, g, cf := b.draw[i], b.ret[i], b.prin[i], b.excess[i], b.topup[i], b.cfee[i]
	*out += d - prin
	// A guarantee's top-up pays what the bond still owes: the principal
	// first, then the unpaid target return. A floor is a multiple of the
	// capital drawn, so the guarantee protects principal before returns.
	cover := min(g, max(*out, 0))
	*out -= cover
	owed := *out
	switch mat := b.maturity[k]; {
	case t == mat:
		// At maturity what is owed includes the unpaid target return
		// (after the rest of the top-up); it is not paid after.
		owed += max(b.accrued[k]-(g-cover), 0)
	case t > mat:
		owed = 0
	}
	return TrancheRow{
		Period: t + 1, Tranche: tr.Name, Investor: tr.Investor,
		Drawn: cents(d), Return: cents(ret), Principal: cents(prin), Excess: cents(ex), Guarantee: cents(g),
		CommitmentFee: cents(cf), Flow: cents(ret + prin + ex + g + cf - d), Outstanding: cents(owed),
	}
}

// partyRows works out each party's cash flows and returns.
func (m *Model) partyRows(pv []float64, pr *projection, b *book[int64], r *Result) {
	s := m.s
	P := m.periods
	at := m.hurdle(pv)
	type party struct {
		name, role string
		flow       []int64
		paid, got  int64
	}
	var parties []*party
	find := func(name, role string) *party {
		for _, p := range parties {
			if p.name == name && p.role == role {
				return p
			}
		}
		p := &party{name: name, role: role, flow: make([]int64, P)}
		parties = append(parties, p)
		return p
	}
	add := func(p *party, t int, x int64) {
		p.flow[t] += x
		if x < 0 {
			p.paid -= x
		} else {
			p.got += x
		}
	}
	for k, tr := range s.Tranches {
		tp := find(tr.Name, RoleTranche)
		ip := find(tr.Investor, RoleInvestor)
		var gp *party
		if tr.Guarantor != "" {
			gp = find(tr.Guarantor, RoleGuarantor)
		}
		for t := range P {
			in := b.ret[k*P+t] + b.prin[k*P+t] + b.excess[k*P+t] + b.topup[k*P+t] + b.cfee[k*P+t]
			for _, p := range []*party{tp, ip} {
				add(p, t, -b.draw[k*P+t])
				add(p, t, in)
			}
			if gp != nil {
				add(gp, t, -b.topup[k*P+t])
			}
		}
	}
	for i := range m.nItems {
		p := find(m.item(i).Party, RoleProvider)
		for t := range P {
			add(p, t, b.costPaid[i*P+t])
		}
	}
	rp := find(s.Settings.Residual, RoleResidual)
	for t := range P {
		add(rp, t, b.residual[t])
	}
	// A paying agency's flows are its payments, and its own cashable
	// savings (nominal): its return on paying for outcomes.
	for j := range s.Terms {
		s0, s1 := m.pays.slots(j)
		for sl := s0; sl < s1; sl++ {
			p := find(m.agencies[m.pays.agency[sl]], RolePayer)
			for t := range P {
				add(p, t, -b.paidBy(m, j, sl, t))
			}
		}
	}
	for _, p := range parties {
		if p.role != RolePayer {
			continue
		}
		a, _ := slices.BinarySearch(m.agencies, p.name)
		for t := range P {
			add(p, t, int64(halfAway(pr.cash[a*P+t]*pr.infl[t]*100)))
		}
	}
	flows := make([]float64, P)
	for _, p := range parties {
		if p.paid == 0 && p.got == 0 && p.role == RoleResidual {
			continue
		}
		for t, x := range p.flow {
			flows[t] = float64(x) / 100
			if x != 0 {
				r.Flows = append(r.Flows, FlowRow{Period: t + 1, Party: p.name, Role: p.role, Flow: cents(x)})
			}
		}
		if p.role == RolePayer {
			// A payer's flows are savings in, then payments out: an IRR
			// would read as a borrowing rate. Its figures are the state's
			// (State: NPV at the state's discount schedule, by agency).
			continue
		}
		pr := PartyReturns{Party: p.name, Role: p.role, Paid: cents(p.paid), Received: cents(p.got)}
		m.returns(flows, float64(p.paid)/100, float64(p.got)/100, at, true, true, &pr.Returns)
		r.Parties = append(r.Parties, pr)
	}
	slices.SortStableFunc(r.Flows, func(a, b FlowRow) int { return a.Period - b.Period })
}
