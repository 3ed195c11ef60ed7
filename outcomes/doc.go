// Package outcomes will measure an intervention's effects against a
// counterfactual baseline (control or comparison group, historical trend,
// contractual rate, difference-in-differences), with standard errors,
// confidence intervals and the deadweight, displacement, attribution and
// drop-off adjustments: step 2 of the calculation chain in docs/domain.md.
//
// It has no code yet; it is specified by the project's outcomes issue and
// builds on the conventions of package costing (positional input errors,
// streaming loaders, decimal money at the edges).
package outcomes
