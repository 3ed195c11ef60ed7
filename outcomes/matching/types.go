package matching

// The types every step of the matching shares. Each step (design, logit,
// nearest, balance, load, run) lives in its own file.

// Data is the units a matching works on: the treated participants and
// the pool of candidate comparisons, one row each, with their covariates
// (covariates.csv). Row order is the file's order; every result indexes
// rows in that order.
type Data struct {
	IDs     []string
	Treated []bool
	// Cohort is each row's cohort; "" for a pool unit that serves every
	// cohort. Treated units of cohort c are matched to pool units of
	// cohort c or "".
	Cohort  []string
	Columns []Column
	// Source names the file the rows came from, for messages; Line[i] is
	// row i's line in it (0 when built in memory).
	Source string
	Line   []int
}

// Len is the number of rows.
func (d *Data) Len() int { return len(d.IDs) }

// Column is one covariate, numeric or categorical.
type Column struct {
	Name        string
	Categorical bool
	// Values holds a numeric covariate's values, one per row.
	Values []float64
	// Codes and Levels hold a categorical covariate: row i has level
	// Levels[Codes[i]]. Levels are sorted in byte order (R sorts a
	// factor's levels by locale; for ASCII labels in the C locale the two
	// agree), and the first level is the reference category.
	Codes  []int32
	Levels []string
}

// Design is the propensity model's model matrix, as R's model.matrix
// builds it: an intercept, each numeric covariate, and for each
// categorical covariate one 0/1 indicator per level but the first.
type Design struct {
	Names []string // "(Intercept)", "age", "offencetheft", ...
	// Cols[j][i] is column j of row i (column-major: the IRLS loops run
	// down columns).
	Cols [][]float64
	// Of[j] is the index in Data.Columns of the covariate column j comes
	// from; -1 for the intercept.
	Of []int
}

// Link says what the nearest-neighbour distance is measured on.
type Link int

const (
	// LinearLogit matches on the logit of the propensity score (MatchIt's
	// link = "linear.logit"); the default, as the caliper is in standard
	// deviations of the logit.
	LinearLogit Link = iota
	// Score matches on the propensity score itself (MatchIt's default
	// distance = "glm" with link = "logit").
	Score
)

// Order is the order in which treated units pick their matches
// (MatchIt's m.order), which matters without replacement.
type Order int

const (
	Largest   Order = iota // highest distance first: MatchIt's default for a propensity score
	Smallest               // lowest distance first
	DataOrder              // the order of the rows in covariates.csv
)

// Discard is the common-support rule (MatchIt's discard): units outside
// the other group's range of the distance are dropped before matching.
type Discard int

const (
	DiscardNone    Discard = iota
	DiscardTreated         // treated units outside the pool's range
	DiscardControl         // pool units outside the treated range
	DiscardBoth
)

// Spec is a matching as matching.csv writes it: the groups, the
// covariates and the options.
type Spec struct {
	Treatment string // the treated group's label in covariates.csv
	Pool      string // the pool's label
	// Covariates are the propensity model's covariates (empty: every
	// covariate column); Categorical the ones read as categories.
	Covariates  []string
	Categorical []string
	// Exact are covariates matched exactly (units are matched only within
	// cells of equal values), besides the cohort.
	Exact   []string
	Link    Link
	Options Options
	// Source and Line locate each setting in matching.csv for messages.
	Source string
	Line   map[string]int
}

// Options are the nearest-neighbour matching's options.
type Options struct {
	K       int  // controls per treated unit, 1..10 (MatchIt's ratio)
	Replace bool // a control may be matched to several treated units
	// Caliper is the largest distance allowed, in standard deviations of
	// the distance (MatchIt's std.caliper = TRUE; the SD is sd() over the
	// units not discarded, as MatchIt computes it); 0 means none.
	Caliper float64
	Order   Order
	Discard Discard
	// Workers bounds the goroutines; 0 means one per CPU. Results do not
	// depend on it.
	Workers int
}

// Fit is a fitted propensity model.
type Fit struct {
	Names     []string  // the design's column names
	Coef      []float64 // coefficients, in Names' order
	SE        []float64 // their standard errors (from the inverse information)
	Iter      int       // IRLS iterations taken
	Converged bool
	Deviance  float64
	// Score is each row's fitted propensity score; Logit its linear
	// predictor.
	Score, Logit []float64
	// Warnings say what the caller must show: no convergence, fitted
	// probabilities of 0 or 1 (separation), a covariate that is
	// constant or collinear and was dropped.
	Warnings []string
}

// Matches is the result of a nearest-neighbour matching.
type Matches struct {
	// Treated lists the treated rows in the order they were matched;
	// Controls[t] the rows matched to Treated[t], nearest first (fewer
	// than K, or none, when the caliper or the pool ran out).
	Treated  []int32
	Controls [][]int32
	// Weights are MatchIt's ATT matching weights, one per row: 1 for a
	// matched treated unit, for a control the sum over the treated units
	// it serves of 1/(their number of matches), rescaled so that the
	// controls' weights sum to the number of controls matched; 0 for rows
	// not matched.
	Weights []float64
	// Subclass is each row's matched set (1-based, in the order of
	// Treated; 0 for rows not in a set). Without replacement every
	// matched row is in exactly one set; with replacement a control can
	// serve several sets and Subclass is 0 for controls (use Controls).
	Subclass []int32
	// Discarded marks rows dropped by the common-support rule.
	Discarded []bool
	// Unmatched counts treated rows left without any match.
	Unmatched int
	Warnings  []string
}

// BalanceRow is one covariate's balance, as MatchIt's summary() and
// cobalt's bal.tab() report it. A statistic that does not exist (a
// variance ratio for a binary covariate) is NaN here and empty in every
// output.
type BalanceRow struct {
	Name   string // "distance", a numeric covariate, or R's covariate + level ("offencedrugs")
	Binary bool
	// Means of the treated and the (weighted) comparison rows.
	MeanTreated, MeanControl float64
	// SMD is the standardised mean difference (MatchIt: divided by the
	// treated group's standard deviation for the ATT, before matching, in
	// both tables); SMDCobalt as cobalt computes it by default (a binary
	// covariate's raw difference in proportions).
	SMD, SMDCobalt float64
	VarRatio       float64 // weighted variance ratio treated/control (NaN for binary)
	ECDFMean       float64 // mean and largest difference of the eCDFs
	ECDFMax        float64
}

// Balance is the balance table before and after matching.
type Balance struct {
	Before, After []BalanceRow
	// Sample sizes: all, matched (effective for weighted controls),
	// unmatched and discarded, treated and control.
	All, Matched, Unmatched, Discarded [2]float64
	Warnings                           []string // |SMD| > 0.1 after matching, and the like
}

// CohortMatch is the matching of one cohort's treated units to the pool
// units of that cohort or of none.
type CohortMatch struct {
	Cohort string
	// Rows are the rows of Data taking part, in Data order; Matches and
	// Balance index into Rows (Matches.Weights[j] is row Rows[j]'s).
	Rows    []int32
	Matches *Matches
	Balance *Balance
}

// Result is everything a matching gives: the propensity model (one model
// over all rows), each cohort's matched sets (subclasses numbered across
// cohorts in cohort order) and the balance per cohort and pooled.
type Result struct {
	Spec    *Spec
	Data    *Data
	Fit     *Fit
	Cohorts []CohortMatch
	Pooled  *Balance
}
