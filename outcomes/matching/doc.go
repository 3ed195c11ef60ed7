// Package matching builds a matched comparison group when no randomised
// control group exists: a propensity-score model of who was treated, a
// nearest-neighbour matching of each treated participant to comparable
// members of a pool, and the balance that shows whether it worked. Package
// outcomes then estimates the effect on the treated (ATT) with the
// matching weights. It is step 2 of the calculation chain, before the
// effects are measured.
//
// The steps, each in its own file: Load reads covariates.csv and
// matching.csv (load.go); NewDesign builds the model matrix (design.go);
// FitLogit fits the propensity model by IRLS (logit.go); Nearest matches
// (nearest.go); NewBalance tabulates balance (balance.go); Run chains them
// per cohort (run.go). docs/outcomes.md is the manual.
package matching
