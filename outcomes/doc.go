// Package outcomes measures an intervention's effects against a
// counterfactual baseline, with honest uncertainty: step 2 of the
// calculation chain in docs/domain.md. A social impact bond pays only when
// the intervention beat what would have happened anyway; this package says
// by how much, and how sure that is.
//
// # Data
//
// A Study holds the metrics (Metric: a kind, a direction and a
// counterfactual Method) and the data as Summary values per Cell (metric,
// group, cohort, period): the count, mean and sum of squared deviations of
// the values, and for binary and count metrics the exact number of events
// and the exposure. Every estimator works from summaries, so participant
// records (ReadParticipants) and group totals (ReadAggregates) give the
// same results. Load reads a folder of CSV files; docs/outcomes.md
// describes the files and every column.
//
// ReadParticipants streams: a file of ten million records is cut into
// chunks of whole records, parsed on every CPU, and reduced to running
// totals. What it keeps per record is an 8-byte hash of the participant's
// id and period, to find a participant recorded twice in one period (170 MB
// at the peak for 10 million records), and with LoadOptions.KeepValues the
// values for the bootstrap.
//
// # Estimates
//
// Estimate gives an Effect per metric and cohort, and pooled over all
// cohorts (PooledCohort), in the metric's units per participant. Effects
// are improvements: positive when the treatment group did better than the
// counterfactual, whichever way the metric runs. Intervals: Newcombe's
// hybrid score interval for differences of proportions, Welch's t for
// means, exact conditional intervals for Poisson rate ratios, the linear
// model for trends and difference-in-differences. They agree with R's
// prop.test, poisson.test, t.test and lm to 1e-6 or better
// (testdata/reference/outcomes). The adjustment waterfall (Step) applies
// deadweight, displacement, attribution and drop-off or decay, in that
// order.
//
// Counts under comparison, historical and fixed assume a Poisson variance
// by default. Effect.Dispersion gives the Pearson dispersion of the rate
// model (R glm(family = quasipoisson)'s), with a warning when the counts
// are overdispersed (the χ² test at OverdispersionLevel);
// Options.CountVariance = QuasiVariance scales their standard errors by
// √φ, with t intervals and p-values on the residual degrees of freedom
// (dispersion.go; R agrees to 1e-9, testdata/reference/overdispersion).
//
// Design answers the questions asked before a contract is signed: the
// minimum detectable effect of given group sizes (Design.MDE) and the group
// size an effect needs (Design.SampleSize), as R's power.prop.test and
// power.t.test compute them.
//
// # Matched comparison
//
// A Study with a matching (ReadWeights for weights.csv, SetMatching, or
// Load on a folder with matching.csv and covariates.csv, which runs
// package matching; LoadOptions.Unmatched ignores them) estimates each
// metric of method comparison or did between the matched groups as the
// effect on the treated (ATT): the coefficient of R lm(y ~ treat,
// weights) (did: lm(y ~ treat * post, weights)) on each cohort's matched
// rows, and on all cohorts' rows stacked with each cohort's pool weights
// rescaled to sum to its treated weights, so that the pooled effect
// averages over the treated (MatchIt scales them to the matched pool
// units; a cohort's own estimate does not depend on that scale). Standard
// errors take the matching as fixed: sandwich::vcovCL by matched set (HC1)
// without replacement, vcovHC HC3 with replacement (by participant for
// did); t intervals on the residual degrees of freedom (weighted.go; R
// MatchIt, sandwich and lmtest agree to 1e-9, testdata/reference/att).
// Matching here, a treated participant without covariates is an error at
// its participants.csv line. ReadParticipants keeps only the matched
// participants' values, so memory grows with the matched sample, not with
// the pool. The bootstrap of a matched effect resamples matched sets
// within cohorts (matched_bootstrap.go).
//
// # Undefined values
//
// A value that does not exist (a relative effect against a baseline of
// zero, a p-value against a contractual rate of 0) is NaN in an Effect and
// comes with a warning in Result.Warnings; the command line prints it
// empty. No estimate divides by zero: a group with no members, or values
// without any variance, is an error wrapping ErrNoMembers or ErrEstimate.
//
// # Errors
//
// Errors in input files are *InputError values that print
// file:line:column: column: message and wrap ErrInput, ErrRange,
// ErrNoMembers or ErrUnknown (or a csvio sentinel for malformed numbers).
// The one exception: a participant recorded twice in one period, read from
// an input that cannot be read again (a pipe), is reported without lines.
//
// # Reproducibility and concurrency
//
// Results do not depend on the number of workers: chunk boundaries are
// fixed and partial sums are merged in file order, and bootstrap replicate
// i of the effect of metric m in cohort c draws from its own stream,
// rand.NewPCG(seed ⊕ FNV-1a(m, c), i). A
// Study is not safe for concurrent modification; Estimate only reads it.
// Estimate takes a context: cancelling it stops the bootstrap, and
// Estimate returns ctx.Err().
package outcomes
