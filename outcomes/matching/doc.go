// Package matching builds a matched comparison group when no randomised
// control group exists: a propensity-score model of who was treated, a
// nearest-neighbour matching of each treated participant to comparable
// members of a pool, and the balance that shows whether it worked. Package
// outcomes then estimates the effect on the treated (ATT) with the
// matching weights. It is step 2 of the calculation chain, before the
// effects are measured. docs/outcomes.md ("Matched comparison groups") is
// the manual; each step agrees with R 4.2 and MatchIt 4.5.1
// (testdata/reference/psfit, nearest, cli).
//
// # Files and the chain
//
// ReadSpec reads matching.csv (setting,value[,note]; DefaultSpec for an
// empty file) and ReadData reads covariates.csv: id, group (the spec's
// treatment or pool label), cohort (empty for a pool unit that serves
// every cohort) and the covariates, numeric or categorical (levels in
// byte order, at most MaxLevels). Both stream and return *csvio.Error
// with file:line:column; a missing value, a duplicate (cohort, id) or a
// covariate named but absent is an error, never dropped silently. Memory:
// a row costs its id and 8 bytes a numeric covariate, 4 a categorical one.
//
// Run (RunWith for the cohorts' order) fits one propensity model over all
// rows, then matches each cohort's treated units against the pool units of
// that cohort or of none, within the cells of Spec.Exact, and tabulates the
// balance per cohort and pooled (the cohorts' rows stacked: a pool unit of
// every cohort counts in each). Subclasses are numbered across cohorts in
// cohort order. A cohort without pool units, or a matching that leaves no
// treated unit matched (ErrNoMatch), is an error; Result.Warnings gives the
// rest (separation, no convergence, unmatched treated units, no common
// support, |SMD| above 0.1). WriteWeights writes weights.csv, which package
// outcomes reads back.
//
// # Reading covariates.csv
//
// ReadData (ReadDataWith, to set the number of workers) reads a file that
// can seek on every core: the file is cut into 4 MiB chunks of whole
// records, parsed by workers and appended in file order; levels are sorted
// in byte order once every chunk is read. The data are the same whatever
// the number of workers. Errors come from the one-core reader: on anything
// it would refuse (or might, near a limit) the parallel reader rewinds and
// hands the whole file to it, so the first bad cell in file order is
// reported, positioned file:line:column, with one wording. A reader that
// cannot seek (a pipe) is read on one core. Ten million rows with ten
// covariates take about 13 s of CPU.
//
// # The propensity model
//
// NewDesign builds the model matrix as R's model.matrix does with treatment
// contrasts: "(Intercept)", each numeric covariate as it is, one 0/1
// indicator per level of a categorical covariate but the first (levels in
// byte order), named covariate + level ("offencetheft"). Errors:
// ErrUnknownCovariate, ErrNoRows, ErrOneLevel, ErrNotFinite, each naming
// the covariate.
//
// FitLogit fits P(treated) = 1/(1+exp(-Xb)) by IRLS step for step as R's
// glm(family = binomial()): start mu = (y+0.5)/2, weights mu(1-mu), stop
// when |dev - dev_old|/(|dev| + 0.1) < 1e-8, at most 25 iterations;
// standard errors from the inverse of the last iteration's X'WX. Each step
// is a Cholesky solve of X'WX scaled to a unit diagonal, so a covariate in
// euros beside 0/1 indicators costs no accuracy: coefficients, SEs and
// scores agree with R to 2e-15 (testdata/reference/psfit). A column the
// earlier ones explain (constant, collinear, a level without rows) is
// dropped as glm drops it: coefficient and SE NaN (R's NA; printed empty),
// with a warning; the limit is a residual norm below 1e-5 of the column's
// (R's 1e-11).
//
// Never silent. Errors: ErrOneGroup (every row treated, or none),
// ErrShape, ErrNotFinite, ctx's error. Warnings, the fit still returned as
// R returns it: no convergence; fitted probabilities within 10 machine
// epsilons of 0 or 1 (R's rule); separation, named: a level or 0/1
// covariate whose rows are all treated or all pool, the reference level
// likewise, a covariate that splits the groups. R says nothing of a level
// whose rows are all treated when its scores stop short of 1 - 10 eps, as
// they usually do. Score and Logit are never NaN.
//
// # Separation and pooling
//
// FitLogit names what makes the coefficients diverge. A covariate that
// splits the groups completely (a 0/1 column that is 1 in one group and 0
// in the other, a numeric one whose treated values all lie above or below
// the pool's, a categorical one whose every level is of one group) leaves
// no common support: RunWith fails with ErrSeparation naming it.
// Quasi-complete separation (a level or value of one group only) is a
// warning: those units cannot be matched, the others can. Any error of
// RunWith after the fit comes with a Result holding Spec, Data and Fit, so
// the caller can still show Fit.Warnings.
//
// Per cohort the weights are MatchIt's (the pool's sum to its number of
// matched pool units). Pooled over several cohorts, PooledWeights rescales
// each cohort's pool weights to sum to its number of matched treated
// units, as the pooled effect of package outcomes does, so that each
// cohort's pool stands for its treated units and a covariate matched
// exactly shows no pooled difference. Result.Warnings prefixes each
// cohort's warnings with "cohort C: ".
//
// # Nearest-neighbour matching
//
// Nearest matches each treated row to its K (1 to MaxK) nearest pool rows
// on the distance, greedily, as MatchIt's method = "nearest" does: rows
// sorted by (distance, row); a treated unit takes the nearer of the
// nearest free control below and above it, the one below on a tie; K > 1
// is filled in rounds (every unit's first match, then every unit's
// second); treated units pick in Options.Order (largest distance first by
// default, ties in row order; with replacement, row order). Without
// replacement a control serves one treated unit; with it, any number but
// never the same unit twice. The caliper is Options.Caliper standard
// deviations of the distance over the rows not discarded; common support
// (Options.Discard) is MatchIt's rule on the two groups' ranges; strata
// are exact-matching cells. Weights are MatchIt's ATT weights. Run
// matches each cohort separately, so the caliper's SD and the support
// ranges are the cohort's. MatchIt 4.5.1's two bugs fixed in 4.5.2
// (integer distance differences; an off-by-one check of earlier matches
// when K > 1) are not reproduced: the references call MatchIt so that they
// do not fire (testdata/reference/nearest/reference.R). Subclasses number
// the sets in the order of Matches.Treated; MatchIt numbers the same sets
// otherwise, and breaks ties between controls at the same distance its own
// way on its general (matrix) path, so the tests compare sets and tie
// classes there.
//
// # Balance
//
// NewBalance is MatchIt 4.5.1's summary(m) for the ATT (standardize =
// TRUE): rows "distance" then each covariate (a categorical one as one 0/1
// row per level with rows); Means Treated and Control, SMD, Var. Ratio,
// eCDF Mean and Max; Before (weights 1) and After (matching weights;
// unmatched and discarded rows weigh 0). A row is binary when every value
// is 0 or 1.
//
//   - SMD: difference of the weighted means over the treated rows' SD in
//     the full sample before matching, the same in both tables; a binary
//     row's SD is sqrt(p(1-p)), any other's the sample SD (n-1); below
//     1.5e-8 the pooled SD is used; a difference below 1.5e-8 is reported
//     raw (the CLI prints it as 0).
//   - SMDCobalt: cobalt's bal.tab default for the ATT (s.d.denom =
//     "treated", binary = "raw"): a binary row's raw difference in
//     proportions, a continuous one standardised as above. MatchIt
//     standardises binary rows, cobalt does not: tools disagree on exactly
//     this.
//   - Var. Ratio: weighted variances treated/control,
//     sum(w(x-m)^2)/(1-sum(w^2)) with w normalised to 1; NaN (empty) for a
//     binary row.
//   - eCDF Mean/Max: mean and largest gap between the weighted eCDFs at
//     every distinct value (zero-weight rows included); for a binary row
//     |difference|.
//
// Sample sizes ([0] treated, [1] control): All; Matched = effective sample
// size (sum w)^2/sum(w^2), MatchIt's "Matched (ESS)"; Unmatched = rows of
// weight 0; Discarded via MarkDiscarded. Warnings: |SMD| > 0.1 after
// matching, variance ratios outside [0.5, 2], a group without weight (its
// statistics NaN). Agreement with MatchIt's summary on six matchings:
// 1.5e-13.
//
// # The effect
//
// Package outcomes estimates with the matching: MatchingFromResult turns a
// Result into per-cohort units (id, group, weight, matched set; sets
// renumbered to be unique across cohorts), and its Load does this itself
// for an outcomes folder with matching.csv and covariates.csv, or reads
// the same units back from weights.csv. Metrics of method comparison or
// did between the matched groups are then the effect on the treated:
// lm(y ~ treat, weights) (did: lm(y ~ treat * post, weights)) per cohort
// and pooled, with cluster-robust standard errors by matched set
// (sandwich::vcovCL, HC1), HC3 after matching with replacement (did: by
// participant), and t intervals on the residual degrees of freedom, as
// MatchIt's vignette "Estimating Effects After Matching" does. The
// standard errors treat the matching as fixed. Matching assumes no
// unmeasured confounding (every covariate that drives both selection and
// the outcome is in covariates.csv), common support, and a propensity
// model that balances the covariates, which the balance table shows.
//
// # Performance and concurrency
//
// FitLogit reads the design once per iteration: 1,010,000 rows x 10
// covariates in 0.65 s of CPU, 10 million in 6.4 s; memory is the design
// plus 16 bytes a row. It sums X'WX over fixed chunks of 4,096 rows added
// in order: bit-identical for any Workers. Nearest costs one radix sort,
// then near-constant time a match: 10,000 treated against 1,000,000 at
// k = 10 in about 0.1 s, 10 million rows 1:1 in about 1.5 s of CPU.
// NewBalance sorts each continuous row once (a two-level bucket sort) and
// computes table rows on separate goroutines: 10 million rows x 11 table
// rows in 6.9 s of CPU. Every result is identical whatever the number of
// workers or GOMAXPROCS.
//
// BenchmarkRun is the whole chain (design, fit, matching without
// replacement with a caliper of 0.2 SD, balance): 10,000 treated against a
// pool of 1,000,000 with 10 covariates and k = 10 in about 1.7 s of CPU
// (0.9 s on two cores, 220 MB allocated); 10 million rows 1:1 in about 15 s
// of CPU (8 to 10 s on two cores, 3.3 GB at the peak). R's glm alone takes
// 7 and 63 s of CPU on the same rows; MatchIt 4.5.1's nearest-neighbour
// matching finishes neither in 15 minutes. With one cohort the balance is
// computed once, on the data in place. Figures: testdata/reference/matchbench.
package matching
