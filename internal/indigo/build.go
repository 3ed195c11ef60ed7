package indigo

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Bond is the organisation id sib gives the bond itself (the special
// purpose vehicle that receives the outcome payments and the investors'
// capital): a scenario names its payers, investors and parties but not
// the vehicle between them.
const Bond = "bond"

// Options are the choices a record does not take from the scenario.
type Options struct {
	// Status is every leaf's and item's status: Public (the zero value
	// means Public), Private or Disputed.
	Status string
	// Notes is the project's notes (say how the record was made: sib's
	// provenance).
	Notes string
}

// Build maps a scenario's run (sib.Model.Run) to an INDIGO project
// record: planned figures, as the model projects them on the scenario's
// parameter values.
func Build(res *sib.Result, o Options) (*Project, error) {
	st := o.Status
	if st == "" {
		st = Public
	}
	if st != Public && st != Private && st != Disputed {
		return nil, fmt.Errorf("indigo: status %q: expected %s, %s or %s", st, Public, Private, Disputed)
	}
	s := res.Scenario
	b := &builder{res: res, s: s, v: s.Values(), st: st}
	p := &Project{Status: st, Name: b.text(s.Settings.Name)}
	if o.Notes != "" {
		p.Notes = b.text(o.Notes)
	}
	b.dates(p)
	b.finance(p)
	b.investments(p)
	b.metrics(p)
	b.pricings(p)
	b.payments(p)
	b.transactions(p)
	return p, nil
}

type builder struct {
	res *sib.Result
	s   *scenario.Scenario
	v   []float64
	st  string
}

func (b *builder) text(s string) *Text { return &Text{Value: s, Status: b.st} }

// money is an amount of money: two decimals.
func (b *builder) money(d decimal.Decimal) *Number {
	return &Number{Value: json.Number(d.StringFixed(2)), Status: b.st}
}

// moneyF is a parameter's amount of money, rounded to the cent.
func (b *builder) moneyF(x float64) *Number { return b.money(decimal.NewFromFloat(x).Round(2)) }

// count is a number that is not money: at most two decimals, none when
// whole.
func (b *builder) count(x float64) *Number {
	return &Number{Value: json.Number(num(x)), Status: b.st}
}

// num writes x with at most two decimals (a fraction: at most six), no
// trailing zeros.
func num(x float64) string {
	places := int32(2)
	if math.Abs(x) < 1 {
		places = 6
	}
	return decimal.NewFromFloat(x).Round(places).String()
}

func (b *builder) currency() *Text { return b.text(b.s.Settings.Currency) }

func (b *builder) date(t time.Time) *Text { return b.text(t.Format(time.DateOnly)) }

func (b *builder) period(n int) sib.Period { return b.res.Periods[n-1] }

func (b *builder) dates(p *Project) {
	first, last := 0, 0
	for _, c := range b.res.Costs {
		if c.Fee || c.Due.IsZero() {
			continue
		}
		if first == 0 || c.Period < first {
			first = c.Period
		}
		last = max(last, c.Period)
	}
	if first > 0 {
		p.Dates.StartDateOfServiceProvision = b.date(b.period(first).Start)
		p.Dates.AnticipatedEndDateOfServiceProvision = b.date(b.period(last).End)
		p.Dates.AnticipatedDurationOfServiceProvision = b.count(float64((last - first + 1) * b.s.Settings.Months))
	}
	if n := b.lastPayment(); n > 0 {
		p.Dates.AnticipatedCompletionDate = b.date(b.period(n).End)
	}
	p.Dates.Notes = "Service provision: the periods with delivery costs (delivery.csv); completion: the end of the last period with an outcome payment, as modelled."
}

func (b *builder) lastPayment() int {
	n := 0
	for _, r := range b.res.Payments {
		if r.Paid.IsPositive() {
			n = max(n, r.Period)
		}
	}
	return n
}

func (b *builder) finance(p *Project) {
	total := decimal.Zero
	for _, t := range b.s.Tranches {
		total = total.Add(decimal.NewFromFloat(t.Commitment.Or(b.v, 0)).Round(2))
	}
	if len(b.s.Tranches) > 0 {
		p.OverallProjectFinance.TotalInvestmentCommitment = &Commitment{Currency: b.currency(), Amount: Range{Exact: b.money(total)}}
	}
	if c, ok := b.maxPayment(); ok {
		p.OverallProjectFinance.MaximumPotentialOutcomePayment = &Money{Currency: b.currency(), Amount: b.money(c)}
	}
	p.OverallProjectFinance.Notes = "Total investment commitment: the tranches' commitments (capital.csv). Maximum potential outcome payment: the least of the deal's cap_total (scenario.csv), the sum of the terms' cap_total when every term has one (payments.csv) and the sum of the payers' cap_total when every agency that pays has one (payer_caps.csv); absent when payments are not capped."
}

// maxPayment is the most the payers can pay: the least of the deal's cap,
// the sum of the terms' caps when every term has one, and the sum of the
// payers' caps when every agency that pays has one (a deal whose payers
// each cap what they pay, and that has no cap of its own, as MHEP Enfield).
func (b *builder) maxPayment() (decimal.Decimal, bool) {
	var bounds []decimal.Decimal
	if id := b.s.Settings.CapTotal; id != 0 {
		bounds = append(bounds, b.cents(id))
	}
	caps := make([]scenario.ParamID, len(b.s.Terms))
	for j := range b.s.Terms {
		caps[j] = b.s.Terms[j].CapTotal
	}
	if sum, ok := b.sumCaps(caps); ok {
		bounds = append(bounds, sum)
	}
	if sum, ok := b.sumCaps(b.payerCaps()); ok {
		bounds = append(bounds, sum)
	}
	if len(bounds) == 0 {
		return decimal.Zero, false
	}
	return decimal.Min(bounds[0], bounds[1:]...), true
}

// cents is a parameter's amount of money, rounded to the cent.
func (b *builder) cents(id scenario.ParamID) decimal.Decimal {
	return decimal.NewFromFloat(id.In(b.v)).Round(2)
}

// sumCaps adds up caps, when there are some and none is missing (zero).
func (b *builder) sumCaps(caps []scenario.ParamID) (decimal.Decimal, bool) {
	sum := decimal.Zero
	for _, c := range caps {
		if c == 0 {
			return sum, false
		}
		sum = sum.Add(b.cents(c))
	}
	return sum, len(caps) > 0
}

// payers lists the agencies that pay a term, as its payer or as a
// co-payer, each once, in the order of the terms.
func (b *builder) payers() []string {
	var out []string
	for j := range b.s.Terms {
		for _, a := range b.s.TermPayers(j) {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// payerCaps is the cap_total of each agency that pays (payer_caps.csv),
// zero for one without.
func (b *builder) payerCaps() []scenario.ParamID {
	payers := b.payers()
	caps := make([]scenario.ParamID, len(payers))
	for i, a := range payers {
		for _, c := range b.s.PayerCaps {
			if c.Payer == a {
				caps[i] = c.CapTotal
			}
		}
	}
	return caps
}

// Investment types (investment_type) and the transaction types of drawing
// each (transaction_type).
const (
	Debt        = "Debt"
	Equity      = "Equity"
	Combination = "Combination"
)

// InvestmentType maps a tranche to INDIGO's investment type: Debt when it
// takes no share of the excess (excess = no: a loan, paid its coupon and
// principal), Equity when it takes the excess without a coupon, and
// Combination when it has both a target return and a share of the
// excess (mezzanine).
func InvestmentType(t *scenario.Tranche, v []float64) string {
	switch {
	case t.NoExcess:
		return Debt
	case t.Coupon.Or(v, 0) == 0:
		return Equity
	default:
		return Combination
	}
}

func drawType(kind string) string {
	if kind == Combination {
		return "Debt and Equity"
	}
	return kind
}

func (b *builder) investments(p *Project) {
	p.Investments = []Investment{}
	for i := range b.s.Tranches {
		t := &b.s.Tranches[i]
		var notes []string
		notes = append(notes, fmt.Sprintf("tranche %s, priority %d", t.Name, t.Priority))
		if c := t.Coupon.Or(b.v, 0); c != 0 {
			notes = append(notes, "target return "+num(c)+" a year")
		}
		if t.Cap != 0 {
			notes = append(notes, "receipts capped at "+num(t.Cap.In(b.v))+" times the capital drawn")
		}
		if t.CapRate != 0 {
			notes = append(notes, "return capped at "+num(t.CapRate.In(b.v))+" a year")
		}
		if t.Guarantor != "" {
			notes = append(notes, "guaranteed by "+t.Guarantor)
		}
		if i < len(b.res.Outputs.Tranches) {
			r := b.res.Outputs.Tranches[i]
			notes = append(notes, "modelled: drawn "+decimal.NewFromFloat(r.Drawn).Round(2).StringFixed(2)+", received "+decimal.NewFromFloat(r.Received).Round(2).StringFixed(2))
		}
		p.Investments = append(p.Investments, Investment{
			ID:             t.Name,
			OrganisationID: b.text(t.Investor),
			InvestmentCommitment: &Commitment{Currency: b.currency(),
				Amount: Range{Exact: b.moneyF(t.Commitment.Or(b.v, 0))}},
			InvestmentType: b.text(InvestmentType(t, b.v)),
			Notes:          strings.Join(notes, "; "),
			Status:         b.st,
		})
	}
}

// participants is the deal's participants: each cohort's size times its
// take-up.
func (b *builder) participants() float64 {
	n := 0.0
	for _, c := range b.s.Cohorts {
		n += c.Size.Or(b.v, 0) * c.TakeUp.Or(b.v, 1)
	}
	return n
}

func (b *builder) metrics(p *Project) {
	p.OutcomeMetrics = []OutcomeMetric{}
	n := b.participants()
	for i := range b.s.Metrics {
		m := &b.s.Metrics[i]
		def := m.Name
		if m.Unit != "" {
			def += ": " + m.Unit
		}
		var targets []string
		for j := range b.s.Terms {
			if b.s.Terms[j].Metric == i {
				targets = append(targets, "term "+b.s.Terms[j].Name+": "+b.target(&b.s.Terms[j]))
			}
		}
		om := OutcomeMetric{
			ID:             m.Name,
			Definition:     b.text(def),
			TargetedNumber: b.count(n),
			UnitType:       b.text("Individual"),
			Notes:          fmt.Sprintf("per %s, in periods %d to %d after entry", m.Per, m.From, m.To),
			Status:         b.st,
		}
		if len(targets) > 0 {
			om.OutcomeMetricTarget = b.text(strings.Join(targets, "; "))
		}
		p.OutcomeMetrics = append(p.OutcomeMetrics, om)
	}
}

// target says when a term pays: its thresholds (fractions of the
// baseline when relative, else in the metric's unit).
func (b *builder) target(t *scenario.Term) string {
	of := "in the metric's unit"
	if t.Relative {
		of = "of the baseline"
	}
	var s []string
	switch {
	case t.ThresholdBands != 0:
		s = append(s, "a cohort's effect must reach the threshold of schedule "+b.s.SizeSchedules[t.ThresholdBands.Index()].Name+" at the participants tested")
	case t.Threshold != 0:
		s = append(s, "a cohort's effect must reach "+num(t.Threshold.In(b.v))+" "+of)
	}
	if t.PooledThreshold != 0 {
		s = append(s, "or the pooled effect "+num(t.PooledThreshold.In(b.v))+" "+of)
	}
	if t.Basis == scenario.Tiered {
		sc := &b.s.Tiers[t.Schedule.Index()]
		s = append(s, "paid by tier of effect, the first at "+num(sc.Effect[0].In(b.v)))
	}
	if len(s) == 0 {
		return "paid on every outcome, without a threshold"
	}
	return strings.Join(s, ", ")
}

func (b *builder) pricings(p *Project) {
	p.OutcomePricings = []OutcomePricing{}
	cur := b.s.Settings.Currency
	for j := range b.s.Terms {
		t := &b.s.Terms[j]
		m := &b.s.Metrics[t.Metric]
		op := OutcomePricing{
			OutcomeMetricID: b.text(m.Name),
			Currency:        b.currency(),
			Notes:           "term " + t.Name + ", paid by " + strings.Join(b.s.TermPayers(j), ", "),
			Status:          b.st,
		}
		var d []string
		switch t.Basis {
		case scenario.Outcomes:
			op.PricePerUnit = &Price{Amount: b.moneyF(t.Price.In(b.v))}
			unit := ""
			if m.Unit != "" {
				unit = " (" + m.Unit + ")"
			}
			d = append(d, decimal.NewFromFloat(t.Price.In(b.v)).Round(2).StringFixed(2)+" "+cur+" per outcome"+unit)
		case scenario.Tiered:
			sc := &b.s.Tiers[t.Schedule.Index()]
			per := "per participant"
			if sc.PerDeal {
				per = "for the deal"
			}
			var tiers []string
			for k := range sc.Effect {
				tiers = append(tiers, decimal.NewFromFloat(sc.Value[k].In(b.v)).Round(2).StringFixed(2)+" at an effect of "+num(sc.Effect[k].In(b.v)))
			}
			how := "stepped"
			if t.Linear {
				how = "linear between the tiers"
			}
			d = append(d, cur+" "+per+" by tier ("+how+"): "+strings.Join(tiers, ", "))
			top := sc.Value[len(sc.Value)-1].In(b.v)
			op.MaximumPrice = &MaxPrice{Amount: b.text(decimal.NewFromFloat(top).Round(2).StringFixed(2))}
		case scenario.Savings:
			d = append(d, "a share "+num(t.Share.In(b.v))+" of the metric's savings")
		case scenario.Costs:
			d = append(d, "a share "+num(t.Share.In(b.v))+" of the bond's delivery costs")
		}
		if t.ParticipantCap != 0 {
			c := decimal.NewFromFloat(t.ParticipantCap.In(b.v)).Round(2).StringFixed(2)
			d = append(d, "at most "+c+" "+cur+" per participant")
			if op.MaximumPrice == nil {
				op.MaximumPrice = &MaxPrice{Amount: b.text(c)}
			}
		}
		if t.Once {
			d = append(d, "claimable once a participant")
		}
		if t.Requires != 0 {
			d = append(d, "only after term "+b.s.Terms[t.Requires.Index()].Name)
		}
		if t.CapGroup != 0 {
			d = append(d, b.capGroup(t.CapGroup))
		}
		d = append(d, b.target(t))
		if t.CapPeriod != 0 {
			d = append(d, "at most "+decimal.NewFromFloat(t.CapPeriod.In(b.v)).Round(2).StringFixed(2)+" "+cur+" a period")
		}
		if t.CapTotal != 0 {
			d = append(d, "at most "+decimal.NewFromFloat(t.CapTotal.In(b.v)).Round(2).StringFixed(2)+" "+cur+" in total")
		}
		if t.Lag != 0 {
			d = append(d, "paid "+plural(t.Lag, "period")+" after the outcome")
		}
		op.PriceDescription = b.text(strings.Join(d, "; "))
		p.OutcomePricings = append(p.OutcomePricings, op)
	}
}

// capGroup describes a cap group (cap_groups.csv): a cap on what one
// participant earns over all its terms, shared by them.
func (b *builder) capGroup(id scenario.CapGroupID) string {
	g := &b.s.CapGroups[id.Index()]
	var terms []string
	for j := range b.s.Terms {
		if b.s.Terms[j].CapGroup == id {
			terms = append(terms, b.s.Terms[j].Name)
		}
	}
	return "cap group " + g.Name + ": at most " + b.cents(g.Cap).StringFixed(2) + " " + b.s.Settings.Currency +
		" per participant over the outcomes of terms " + strings.Join(terms, ", ") + " together"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func planID(payer string) string { return "plan-" + payer }

func (b *builder) payments(p *Project) {
	p.OutcomePaymentPlans = []PaymentPlan{}
	p.OutcomePayments = []OutcomePayment{}
	termIndex := map[string]int{}
	for j := range b.s.Terms {
		termIndex[b.s.Terms[j].Name] = j
	}
	// Payments of the terms with actuals (actuals.csv), up to the last
	// period that has one, were made: type Actual; the rest are Planned.
	through, actual := b.s.ActualsThrough(), b.s.ActualTerms()
	span := map[string][2]int{}
	var order []string
	for _, r := range b.res.Payments {
		if !r.Paid.IsPositive() {
			continue
		}
		sp, ok := span[r.Payer]
		if !ok {
			order = append(order, r.Payer)
			sp = [2]int{r.Period, r.Period}
		}
		sp[0], sp[1] = min(sp[0], r.Period), max(sp[1], r.Period)
		span[r.Payer] = sp
		per := b.period(r.Period)
		j := termIndex[r.Term]
		m := b.s.Metrics[b.s.Terms[j].Metric]
		typ := "Planned"
		if actual[j] && r.Period <= through {
			typ = "Actual"
		}
		p.OutcomePayments = append(p.OutcomePayments, OutcomePayment{
			OutcomePaymentPlanID:    b.text(planID(r.Payer)),
			OutcomeMetricID:         b.text(m.Name),
			Period:                  Period{StartDate: b.date(per.Start), EndDate: b.date(per.End)},
			PayerOrganisationID:     b.text(r.Payer),
			RecipientOrganisationID: b.text(Bond),
			Type:                    b.text(typ),
			Money:                   Money{Currency: b.currency(), Amount: b.money(r.Paid)},
			Status:                  b.st,
			Notes:                   "term " + r.Term + ", period " + strconv.Itoa(r.Period),
		})
	}
	for _, payer := range order {
		sp := span[payer]
		p.OutcomePaymentPlans = append(p.OutcomePaymentPlans, PaymentPlan{
			ID:     b.text(planID(payer)),
			Period: Period{StartDate: b.date(b.period(sp[0]).Start), EndDate: b.date(b.period(sp[1]).End)},
			Status: b.st,
			Notes:  "the outcome payments " + payer + " makes (outcome_payments: Actual as actuals.csv gives them, Planned as modelled)",
		})
	}
}

func (b *builder) transactions(p *Project) {
	p.Transactions = []Transaction{}
	kind := map[string]string{}
	guarantor := map[string]string{}
	for i := range b.s.Tranches {
		t := &b.s.Tranches[i]
		kind[t.Name] = InvestmentType(t, b.v)
		guarantor[t.Name] = t.Guarantor
	}
	termMetric := map[string]string{}
	for j := range b.s.Terms {
		termMetric[b.s.Terms[j].Name] = b.s.Metrics[b.s.Terms[j].Metric].Name
	}
	add := func(period int, from, to, typ string, amt decimal.Decimal, inv, metric, note string) {
		if !amt.IsPositive() {
			return
		}
		tx := Transaction{
			Date:                    b.date(b.period(period).End),
			SendingOrganisationID:   b.text(from),
			ReceivingOrganisationID: b.text(to),
			TransactionType:         b.text(typ),
			Money:                   Money{Currency: b.currency(), Amount: b.money(amt)},
			Notes:                   note,
			Status:                  b.st,
		}
		if inv != "" {
			tx.InvestmentID = b.text(inv)
		}
		if metric != "" {
			tx.OutcomeMetricID = b.text(metric)
		}
		p.Transactions = append(p.Transactions, tx)
	}
	pay, tr, cash := b.res.Payments, b.res.Tranches, b.res.Cash
	for n := 1; n <= len(b.res.Periods); n++ {
		for ; len(pay) > 0 && pay[0].Period == n; pay = pay[1:] {
			r := pay[0]
			add(n, r.Payer, Bond, "Outcome Payment", r.Paid, "", termMetric[r.Term], "term "+r.Term)
		}
		for ; len(tr) > 0 && tr[0].Period == n; tr = tr[1:] {
			r := tr[0]
			add(n, r.Investor, Bond, drawType(kind[r.Tranche]), r.Drawn, r.Tranche, "", "capital drawn")
			add(n, Bond, r.Investor, "Interest Payment", r.Return, r.Tranche, "", "target return")
			add(n, Bond, r.Investor, "Capital Repayment", r.Principal, r.Tranche, "", "principal repaid")
			add(n, Bond, r.Investor, "Other", r.Excess, r.Tranche, "", "share of the excess")
			add(n, guarantor[r.Tranche], r.Investor, "Other", r.Guarantee, r.Tranche, "", "guarantee top-up")
			add(n, Bond, r.Investor, "Other", r.CommitmentFee, r.Tranche, "", "commitment fee on the undrawn commitment")
		}
		for ; len(cash) > 0 && cash[0].Period == n; cash = cash[1:] {
			add(n, Bond, b.s.Settings.Residual, "Other", cash[0].Residual, "", "", "residual: cash above the tranches' caps")
		}
	}
}
