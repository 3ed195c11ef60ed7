package uncertainty

import (
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Appraisal is what a Monte Carlo keeps of each draw, when
// SimOptions.Appraise asks for it, to appraise the bond from the state's
// side: against direct delivery (Comparator), each payer's budget a
// fiscal year (Exposure), and what learning the uncertain parameters
// before signing would be worth (EVPI). Slices are indexed by draw.
type Appraisal struct {
	// Measure is the contract's measure of the state's saving
	// (saving_measure); Saving is the saving on it, real, PV.
	Measure scenario.SavingMeasure
	Saving  []float64
	// BondCost is what the bond costs the state (bondCost), DirectCost
	// what commissioning the same delivery directly would (Outputs.
	// DirectPV: delivery costs with direct_overhead), both real, PV.
	BondCost, DirectCost []float64
	// Success marks the draws in which the programme succeeds: an
	// outcome payment is triggered (EventPayment).
	Success []bool
	// Params[k][i] is the spec's parameter k in draw i, drawn or fixed.
	Params [][]float64
	// Names are the spec's parameters' names, Varies whether each is drawn.
	Names  []string
	Varies []bool
	// Payers are the parties that pay outcome payments (sib.Model.Payers)
	// and Years the fiscal years the deal's periods fall in (the
	// calendar year each starts in; scenario.Settings.FiscalYear), with
	// their labels. Paid[k·len(Years)+y][i] is what payer k paid in
	// fiscal year y in draw i, nominal.
	Payers []string
	Years  []int
	Labels []string
	Paid   [][]float64
	// Currency names the money's currency ("" when not given).
	Currency string
}

// bondCost is what the bond costs the state in a draw, real, PV: the
// outcome payments and the commissioner's own costs outside the bond
// (commissioner_costs.csv: contract management, validation, evaluation;
// as the state's net saving counts them, before optimism bias), which
// direct delivery replaces with its overhead (direct_overhead). It is the
// one place that says so: the comparator and the value of information
// read it.
func bondCost(o *sib.Outputs) float64 { return o.PaymentsPV + o.Appraisal.CommissionerRawPV }

// directCost is what commissioning the same delivery directly costs the
// state in a draw, real, PV: it pays for delivery whatever the outcomes.
func directCost(o *sib.Outputs) float64 { return o.DirectPV }

// stateSaving is the state's saving in a draw on the contract's measure,
// real, PV. Direct delivery gets the same true effect, so the same
// saving, as the bond.
func stateSaving(o *sib.Outputs, measure scenario.SavingMeasure) float64 {
	if measure == scenario.GrossSaving {
		return o.GrossPV
	}
	return o.CashablePV
}

// appraiser fills an Appraisal from the draws. Each worker has its own
// row of periods, so record does not allocate.
type appraiser struct {
	a       *Appraisal
	ids     []scenario.ParamID
	fy      []int       // [period] → index of its fiscal year
	scratch [][]float64 // [worker][period]
}

// appraiseCols is the number of float64 an appraisal keeps a draw (0
// when not asked for), for the memory check: saving, the two costs, the
// flag (counted whole), the parameters and the payers' fiscal years.
func appraiseCols(m *sib.Model, sp *Spec, on bool) int {
	if !on {
		return 0
	}
	st := &m.Scenario().Settings
	years := 0
	for t := range st.Periods {
		if t == 0 || st.FiscalYear(t) != st.FiscalYear(t-1) {
			years++
		}
	}
	return 4 + len(sp.Params) + len(m.Payers())*years
}

func newAppraiser(m *sib.Model, sp *Spec, n, workers int) *appraiser {
	s := m.Scenario()
	st := &s.Settings
	a := &Appraisal{Measure: st.SavingMeasure, Currency: st.Currency,
		Saving: make([]float64, n), BondCost: make([]float64, n), DirectCost: make([]float64, n), Success: make([]bool, n),
		Payers: m.Payers()}
	ap := &appraiser{a: a, fy: make([]int, st.Periods)}
	for _, u := range sp.Params {
		a.Names = append(a.Names, u.Name)
		a.Varies = append(a.Varies, u.Varies())
		a.Params = append(a.Params, make([]float64, n))
		ap.ids = append(ap.ids, u.ID)
	}
	for t := range st.Periods {
		y := st.FiscalYear(t)
		if len(a.Years) == 0 || a.Years[len(a.Years)-1] != y {
			a.Years = append(a.Years, y)
			a.Labels = append(a.Labels, st.FiscalYearLabel(y))
		}
		ap.fy[t] = len(a.Years) - 1
	}
	a.Paid = make([][]float64, len(a.Payers)*len(a.Years))
	for k := range a.Paid {
		a.Paid[k] = make([]float64, n)
	}
	ap.scratch = make([][]float64, workers)
	for w := range ap.scratch {
		ap.scratch[w] = make([]float64, st.Periods)
	}
	return ap
}

// record keeps draw i, evaluated by worker w on parameter values p.
func (ap *appraiser) record(w, i int, p []float64, o *sib.Outputs, wk *sib.Work) {
	a := ap.a
	a.Saving[i] = stateSaving(o, a.Measure)
	a.BondCost[i] = bondCost(o)
	a.DirectCost[i] = directCost(o)
	a.Success[i] = eventBits(o)&2 != 0
	for k, id := range ap.ids {
		a.Params[k][i] = id.In(p)
	}
	row, Y := ap.scratch[w], len(a.Years)
	for k := range a.Payers {
		clear(row)
		wk.PaidBy(k, row)
		for t, x := range row {
			a.Paid[k*Y+ap.fy[t]][i] += x
		}
	}
}
