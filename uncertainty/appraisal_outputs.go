package uncertainty

import "github.com/sib-engine/sib/sib"

// The appraisal's outputs (sib.Appraisal, docs/appraisal.md): present
// values after optimism bias, real, discounted as the state's figures.
var appraisalOutputs = []outputDef{
	{"state.bcr", "the Green Book benefit-cost ratio: social benefit over net public cost (none when the net public cost is not positive)", Ratio, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.BCR }},
	{"state.npsv", "net present social value: all values less the real resources (payments too when the investors are foreign), PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.NPSV }},
	{"state.net_public_cost", "outcome payments + commissioner's costs − cashable savings, after optimism bias, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.NetPublicCostPV }},
	{"state.commissioner_pv", "the commissioner's own costs outside the bond, before optimism bias, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.CommissionerRawPV }},
	{"fiscal.pv", "fiscal values (cashable and non-cashable savings) after optimism bias, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.CashablePV + o.Appraisal.NonCashablePV }},
	{"economic.pv", "economic values (values.csv) after optimism bias, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.EconomicPV }},
	{"social.pv", "social values (values.csv) after optimism bias, real, PV", Money, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.SocialPV }},
	{"state.social_return", "the GMCA public value return: fiscal + economic + social values over payments + commissioner's costs", Ratio, func(o *sib.Outputs, _ int) float64 { return o.Appraisal.SocialROI }},
}
