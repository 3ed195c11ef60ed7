package sib

import (
	"math"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// appraisalFiles is a two-period toy deal for the appraisal, small
// enough to follow by hand: one cohort of 100, 50 outcomes in each of
// years 1 and 2 (effect 0.5 a year), each avoiding 2 units of a service
// at 1000 (cashable 60%), paid 1500 an outcome the same year, delivered
// for 30000 a year; no inflation, the discount rate 10% a year. The
// discount factors are 1/1.1 and 1/1.21, their sum S = 2.1/1.21 =
// 210/121 = 1.735537...
var appraisalFiles = map[string]string{
	scenario.ScenarioFile: "setting,value\nname,toy\nstart,2026-01-01\nperiod,year\nperiods,2\ncurrency,EUR\nprice_base,2026\ninflation,0\ndiscount_rate,0.1\nhurdle_rate,0\n",
	scenario.CohortsFile:  "cohort,entry,size,take_up\na,2026-01-01,100,1\n",
	scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,1,2,0.5\n",
	scenario.ServicesFile: "service,agency,unit_cost,cashable\ns,ag,1000,0.6\n",
	scenario.AvoidedFile:  "metric,service,units,confidence\nm,s,2,3\n",
	scenario.PaymentsFile: "term,metric,payer,basis,price,lag\nt,m,pay,outcomes,1500,0\n",
	scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_period,30000,1,2\n",
	scenario.CapitalFile:  "tranche,investor,priority,commitment,coupon\nsenior,inv,1,100000,0.10\n",
	scenario.ValuesFile: "metric,category,beneficiary,value,confidence,adjustment,source,note\n" +
		"m,social,victims,300,2,,a study,\n" +
		"m,economic,participant,200,,0.2,,\n",
	scenario.CommissionerCostsFile: "item,payer,basis,amount,from,to,confidence,note\n" +
		"management,pay,per_period,5000,1,2,4,\n" +
		"evaluation,pay,upfront,2000,2,,,\n",
}

// TestAppraisalByHand checks every figure of the appraisal of the toy
// deal, on both paths, against values worked out by hand (default GMCA
// grades: 2 → 5%, 3 → 10%, 4 → 15%):
//
// Fiscal: gross 50 × 2 × 1000 = 100000 a year, PV 100000·S = 173553.72;
// cashable 60000 a year, PV 104132.23; non-cashable 69421.49. Grade 3
// takes 10% off both: 93719.01 and 62479.34.
// Social: 50 × 300 = 15000 a year, PV 26033.06; grade 2 (5%): 24731.40.
// Economic: 50 × 200 = 10000 a year, PV 17355.37; adjustment 20%: 13884.30.
// Commissioner: management 5000 a year, PV 8677.69, grade 4 raises it
// 15% to 9979.34; evaluation 2000 in year 2, PV 2000/1.21 = 1652.89.
// Raw 10330.58, adjusted 11632.23.
// Payments 75000 a year, PV 130165.29; delivery 30000 a year, PV 52066.12.
// The state's net saving: 104132.23 − 130165.29 − 10330.58 = −36363.64.
// Net public cost: 130165.29 + 11632.23 − 93719.01 = 48078.51.
// Social benefit, investors domestic (payments a transfer: their surplus
// 130165.29 − 52066.12 = 78099.17 counts): 13884.30 + 24731.40 +
// 62479.34 + 78099.17 = 179194.21; BCR 179194.21 / 48078.51 = 3.72712;
// NPSV 131115.70 (= all value 13884.30 + 24731.40 + 156198.35 less the
// real resources 52066.12 + 11632.23).
// Foreign investors: social benefit 101095.04, BCR 2.10271, NPSV 53016.53.
// GMCA returns over the public cost 130165.29 + 11632.23 = 141797.52:
// fiscal 156198.35 / 141797.52 = 1.10156; economic (+13884.30) 1.19948;
// social (+24731.40) 1.37389.
func TestAppraisalByHand(t *testing.T) {
	S := 210.0 / 121
	for _, foreign := range []bool{false, true} {
		files := map[string]string{}
		if foreign {
			files[scenario.ScenarioFile] = appraisalFiles[scenario.ScenarioFile] + "investors,foreign\n"
		}
		s, m := load(t, appraisalFiles, files)
		require.True(t, m.HasAppraisal())
		o, err := m.Evaluate(s.Values(), m.NewWork())
		require.NoError(t, err)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		sb, bcr, npsv := 179194.21487603307, 3.7271164589600345, 131115.70247933886
		if foreign {
			sb, bcr, npsv = 101095.04132231403, 2.102707348517404, 53016.528925619816
		}
		for path, a := range map[string]Appraisal{"float": o.Appraisal, "cents": r.Outputs.Appraisal} {
			tol := 1e-6
			if path == "cents" {
				tol = 0.02 // each period's amounts rounded to the cent
			}
			for _, c := range []struct {
				name      string
				want, got float64
			}{
				{"cashable raw", 60000 * S, a.CashableRawPV},
				{"non-cashable raw", 40000 * S, a.NonCashableRawPV},
				{"cashable", 0.9 * 60000 * S, a.CashablePV},
				{"non-cashable", 0.9 * 40000 * S, a.NonCashablePV},
				{"social raw", 15000 * S, a.SocialRawPV},
				{"social", 0.95 * 15000 * S, a.SocialPV},
				{"economic raw", 10000 * S, a.EconomicRawPV},
				{"economic", 0.8 * 10000 * S, a.EconomicPV},
				{"commissioner raw", 10330.578512396694, a.CommissionerRawPV},
				{"commissioner", 11632.231404958677, a.CommissionerPV},
				{"resources", 30000 * S, a.ResourcePV},
				{"net public cost", 48078.51239669422, a.NetPublicCostPV},
				{"social benefit", sb, a.SocialBenefitPV},
				{"NPSV", npsv, a.NPSV},
				{"BCR", bcr, a.BCR},
				{"fiscal ROI", 1.1015590849482733, a.FiscalROI},
				{"economic ROI", 1.1994754480547865, a.EconomicROI},
				{"social ROI", 1.373888969838263, a.SocialROI},
			} {
				assert.InDelta(t, c.want, c.got, tol, "%s %s foreign=%v", path, c.name, foreign)
			}
			assert.Equal(t, foreign, a.Foreign)
		}
		assert.InDelta(t, -36363.63636363637, o.NetPV, 1e-6)
		// The ledger rounds each period's amount to the cent: the
		// commissioner's 4545.45 + 4132.23 + 1652.89 = 10330.57, and the
		// net saving 104132.23 − 130165.29 − 10330.57 = −36363.63.
		assert.InDelta(t, -36363.63, r.Outputs.NetPV, 1e-9)
		tot := r.State[len(r.State)-1]
		assertMoneyStr(t, "10330.57", tot.CommissionerPV.StringFixed(2))
		assertMoneyStr(t, "12000.00", tot.Commissioner.StringFixed(2))
	}
}

func assertMoneyStr(t *testing.T, want, got string) {
	t.Helper()
	assert.Equal(t, want, got)
}

// TestAppraisalNoFiles: without values, commissioner's costs or grades,
// the state's figures are today's and the appraisal values the fiscal
// savings alone. The hand scenario (no discounting): cashable 60000 and
// non-cashable 40000 in years 1 and 2; payments 40000 in years 2 and 3;
// delivery 30000 in years 1 and 2. Net public cost 80000 − 120000 =
// −40000: no BCR. Social benefit 80000 + (80000 − 60000) = 100000;
// NPSV 140000 (all savings 200000 less delivery 60000); fiscal ROI
// 200000 / 80000 = 2.5.
func TestAppraisalNoFiles(t *testing.T) {
	s, m := load(t, handFiles, nil)
	assert.False(t, m.HasAppraisal())
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.Equal(t, o.CashablePV-o.PaymentsPV, o.NetPV)
	a := o.Appraisal
	assert.InDelta(t, -40000, a.NetPublicCostPV, 1e-6)
	assert.True(t, math.IsNaN(a.BCR))
	assert.InDelta(t, 100000, a.SocialBenefitPV, 1e-6)
	assert.InDelta(t, 140000, a.NPSV, 1e-6)
	assert.InDelta(t, 2.5, a.FiscalROI, 1e-12)
	assert.Equal(t, a.FiscalROI, a.SocialROI)
}

// TestAppraisalNoPublicCost: when the cashable savings exceed the
// payments and the commissioner's costs, the net public cost is negative
// and the BCR is NaN, not a meaningless ratio. Priced at 500 an
// outcome: payments 25000·S = 43388.43, commissioner 11632.23, cashable
// 93719.01: net public cost −38698.35.
func TestAppraisalNoPublicCost(t *testing.T) {
	s, m := load(t, appraisalFiles, map[string]string{
		scenario.PaymentsFile: "term,metric,payer,basis,price,lag\nt,m,pay,outcomes,500,0\n",
	})
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, 25000*210.0/121+11632.231404958677-0.9*60000*210.0/121, o.Appraisal.NetPublicCostPV, 1e-6)
	assert.True(t, math.IsNaN(o.Appraisal.BCR))
}

// TestAppraisalGradeTable: confidence.csv replaces the default grades.
// With grade 3 at 50%, the cashable PV is half of 104132.23.
func TestAppraisalGradeTable(t *testing.T) {
	s, m := load(t, appraisalFiles, map[string]string{
		scenario.ConfidenceFile: "grade,adjustment,description\n2,0.05,\n3,0.5,\n4,0.15,\n",
	})
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, 0.5*60000*210.0/121, o.Appraisal.CashablePV, 1e-6)
}

// TestCommissionerPerParticipantPeriod: a cost per participant and period
// follows each cohort's periods after entry, as a delivery cost does. 100
// participants × 10 in years 1 and 2, at 10%: 1000·S = 1735.54; raised
// 40% by grade 6: 2429.75.
func TestCommissionerPerParticipantPeriod(t *testing.T) {
	s, m := load(t, appraisalFiles, map[string]string{
		scenario.ValuesFile:            "",
		scenario.AvoidedFile:           "metric,service,units\nm,s,2\n",
		scenario.CommissionerCostsFile: "item,payer,basis,amount,from,to,confidence\nsupport,pay,per_participant_period,10,1,2,6\n",
	})
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	S := 210.0 / 121
	assert.InDelta(t, 1000*S, o.Appraisal.CommissionerRawPV, 1e-9)
	assert.InDelta(t, 1.4*1000*S, o.Appraisal.CommissionerPV, 1e-9)
	assert.InDelta(t, 60000*S-75000*S-1000*S, o.NetPV, 1e-6)
	assert.Equal(t, o.Appraisal.CashableRawPV, o.Appraisal.CashablePV, "no grades on the savings: no bias")
}
