package main

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// The appraisal table of sib run (docs/appraisal.md): value for money for
// the state and for society, by value category, beneficiary and payer,
// before and after optimism bias, with the Green Book BCR and the GMCA
// returns on investment.

// appraisalTableName is the table's name in sib run.
const appraisalTableName = "appraisal"

func appraisalTable(m *sib.Model, r *sib.Result) *report.T {
	s := r.Scenario
	a := &r.Outputs.Appraisal
	t := &report.T{Name: appraisalTableName, Title: "Appraisal: value for money for the state and for society",
		Note: m.Discounting(s.Values()).String() + "; bias: the optimism bias of the confidence grades, which reduces a value and raises a commissioner's cost; " +
			"net public cost = outcome payments + commissioner's costs − cashable savings; social benefit = economic + social + non-cashable values" +
			map[bool]string{false: " + the investors' surplus (payments − delivery and fees: the payments are a transfer to domestic investors)", true: " (the investors are foreign: the payments are a cost)"}[a.Foreign] +
			"; NPSV = social benefit − net public cost; BCR = social benefit / net public cost (Green Book), one figure among several, not a pass or fail test; " +
			"returns (GMCA): cumulative values over payments + commissioner's costs",
		Columns: []report.Column{{Name: "line"}, {Name: "who"}, moneyColumn("pv_before_bias", "PV before bias"), {Name: "bias", Title: "bias %", Numeric: true, Text: pct},
			moneyColumn("pv", "PV"), {Name: "ratio", Numeric: true, Text: fixed4s}, {Name: "note"}}}
	row := func(line, who string, raw, pv decimal.Decimal, note string) {
		t.Add(line, who, money(raw), biasCell(raw, pv), money(pv), "", note)
	}
	f := func(x float64) decimal.Decimal { return decimal.NewFromFloat(x).Round(2) }
	var cr, ca, nr, na decimal.Decimal
	fiscal := slices.DeleteFunc(slices.Clone(r.Fiscal), func(x sib.FiscalRow) bool {
		return x.CashableRawPV.IsZero() && x.NonCashableRawPV.IsZero()
	})
	for _, x := range fiscal {
		if !x.CashableRawPV.IsZero() {
			row("fiscal cashable", x.Agency, x.CashableRawPV, x.CashablePV, "savings that leave the agency's budget")
		}
		cr, ca = cr.Add(x.CashableRawPV), ca.Add(x.CashablePV)
	}
	for _, x := range fiscal {
		if !x.NonCashableRawPV.IsZero() {
			row("fiscal non-cashable", x.Agency, x.NonCashableRawPV, x.NonCashablePV, "capacity freed: gross − cashable")
		}
		nr, na = nr.Add(x.NonCashableRawPV), na.Add(x.NonCashablePV)
	}
	row("fiscal", "all agencies", cr.Add(nr), ca.Add(na), "")
	for _, cat := range []scenario.ValueCategory{scenario.Economic, scenario.Social} {
		var raw, pv decimal.Decimal
		var order []string
		by := map[string][2]decimal.Decimal{}
		for _, v := range r.Values {
			if v.Category != cat {
				continue
			}
			if _, ok := by[v.Beneficiary]; !ok {
				order = append(order, v.Beneficiary)
			}
			x := by[v.Beneficiary]
			by[v.Beneficiary] = [2]decimal.Decimal{x[0].Add(v.RawPV), x[1].Add(v.PV)}
		}
		for _, who := range order {
			row(cat.String(), who, by[who][0], by[who][1], "")
			raw, pv = raw.Add(by[who][0]), pv.Add(by[who][1])
		}
		row(cat.String(), "all", raw, pv, map[scenario.ValueCategory]string{scenario.Economic: "income and output (values.csv)", scenario.Social: "wellbeing, victims' costs (values.csv)"}[cat])
	}
	pay := f(r.Outputs.PaymentsPV)
	payNote := "a transfer from the state to domestic investors"
	if a.Foreign {
		payNote = "a cost to society: the investors are foreign"
	}
	row("outcome payments", "investors", pay, pay, payNote)
	for _, c := range s.CommissionerCosts {
		var raw decimal.Decimal
		for _, x := range r.Commissioner {
			if x.Item == c.Name {
				raw = raw.Add(x.PV)
			}
		}
		row("commissioner's cost", c.Name, raw, raw.Mul(decimal.NewFromFloat(1+c.Adjustment)).Round(2), "paid by "+c.Payer)
	}
	if len(s.CommissionerCosts) > 0 {
		row("commissioner's costs", "all", f(a.CommissionerRawPV), f(a.CommissionerPV), "outside the bond; in the state's net saving")
	}
	res := f(a.ResourcePV)
	row("delivery costs and fees", "the bond", res, res, "the real resources the programme uses, deflated")
	result := func(line, pv, ratio, note string) { t.Add(line, "", "", "", pv, ratio, note) }
	result("net public cost", cash(a.NetPublicCostPV), "", "the Green Book's net public sector cost, after bias")
	result("social benefit", cash(a.SocialBenefitPV), "", "the BCR's numerator, after bias")
	result("NPSV", cash(a.NPSV), "", "net present social value")
	bcrNote := "Green Book benefit-cost ratio"
	if math.IsNaN(a.BCR) {
		bcrNote = "none: the net public cost is not positive (the deal saves the state more than it costs); read the NPSV"
	}
	result("BCR", "", num(a.BCR), bcrNote)
	result("fiscal return", "", num(a.FiscalROI), "fiscal values / (payments + commissioner's costs)")
	result("economic return", "", num(a.EconomicROI), "(fiscal + economic) / (payments + commissioner's costs)")
	result("social return", "", num(a.SocialROI), "(fiscal + economic + social) / (payments + commissioner's costs)")
	return t
}

// biasCell is the bias that took raw to pv, as a fraction (a reduction
// for a value, an uplift for a cost: |pv − raw| / |raw|); empty when raw
// is 0.
func biasCell(raw, pv decimal.Decimal) string {
	if raw.IsZero() {
		return ""
	}
	return num(math.Round(pv.Sub(raw).Abs().Div(raw.Abs()).InexactFloat64()*1e6) / 1e6)
}

// withCommissioner adds the commissioner's costs to the state table of a
// scenario that has them (commissioner_costs.csv): a column after the
// payments, nominal and PV, which net subtracts.
func withCommissioner(state *report.T, s *scenario.Scenario) {
	if len(s.CommissionerCosts) == 0 {
		return
	}
	c := state.Columns
	state.Columns = slices.Concat(c[:4], []report.Column{moneyColumn("commissioner", "commissioner")}, c[4:8],
		[]report.Column{moneyColumn("commissioner_pv", "commissioner PV")}, c[8:])
	state.Note += "; commissioner = the commissioner's own costs outside the bond (commissioner_costs.csv, before optimism bias), which net subtracts"
}

// commissionerCells puts an agency's commissioner's costs in its state
// row, as withCommissioner lays the columns out.
func commissionerCells(cells []string, s *scenario.Scenario, v sib.AgencyView) []string {
	if len(s.CommissionerCosts) == 0 {
		return cells
	}
	return slices.Concat(cells[:4], []string{money(v.Commissioner)}, cells[4:8], []string{money(v.CommissionerPV)}, cells[8:])
}

// commissionerTerm is what the state's net saving subtracts beside the
// payments when the scenario has commissioner's costs.
func commissionerTerm(o *sib.Outputs) string {
	if o.Appraisal.CommissionerRawPV == 0 {
		return ""
	}
	return " − commissioner's costs"
}
