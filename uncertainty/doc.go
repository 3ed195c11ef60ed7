// Package uncertainty shows how a deal's results move when its inputs are
// uncertain, and which inputs matter: one-way (tornado) and two-way (grid)
// sensitivity, break-even values, Monte Carlo simulation and Sobol'
// variance-based indices, all on a compiled sib.Model's float path.
//
// # The spec
//
// An uncertainty spec names parameters of a scenario (the names sib params
// lists) and gives each a distribution, in a CSV file with the columns
//
//	param, dist, arg1, arg2, arg3, arg4, low, high, note
//
// The families and their arguments, in order:
//
//	fixed        value
//	uniform      min, max
//	triangular   min, mode, max
//	pert         min, mode, max          (beta on [min, max], λ = 4)
//	normal       mean, sd
//	truncnormal  mean, sd, min, max      (mean and sd before truncation)
//	lognormal    mean, sd                (of the value itself, not of its log)
//	beta         alpha, beta[, min, max] (default [0, 1])
//	gamma        shape, scale            (mean shape·scale)
//
// low and high are the values of one-way and two-way analysis; when empty,
// the distribution's 10th and 90th percentiles. One-way and two-way
// analysis start from the scenario's values; Monte Carlo and Sobol' draws
// set every parameter of the spec, a fixed one to its value (which may
// differ from the scenario's). A fixed parameter with a low and high takes
// part in one-way analysis only. The parameters a spec leaves out keep
// their scenario values.
//
// A distribution must keep its parameter within its allowed range (a
// normal share would draw shares below 0), and the spec must not let a
// draw break a rule between parameters (tier thresholds increase; a cap
// is not below its floor): both are refused when the spec is read.
//
// # Correlations
//
// An optional second file gives Spearman rank correlations between
// parameters of the spec, with the columns param_a, param_b and
// rank_correlation. Draws are made dependent through a Gaussian copula,
// which keeps each parameter's distribution and reproduces the rank
// correlations: the normal-scale correlation is 2·sin(πρ/6). A matrix that
// is not positive semi-definite is refused, naming a minimal set of
// parameters whose correlations cannot hold together. Sobol' indices
// assume independent inputs and leave correlations out.
//
// # The folder
//
// Load reads an uncertainty folder: the spec as uncertainty.csv (SpecFile)
// and the correlations, if any, as correlations.csv (CorrelationsFile).
// Any other .csv file in it is refused, since it is usually a misspelt
// name. Load also takes the path of a spec file alone; Read takes readers.
//
// # The state's appraisal
//
// With SimOptions.Appraise, Simulate keeps each draw's costs and saving
// to the state, drawn parameters and payers' payments a fiscal year
// (Simulation.Appraisal), and three analyses read them:
//
//   - Comparator, the public sector comparator in expectation: the bond's
//     cost to the state (its outcome payments, real, PV) against direct
//     delivery's (the delivery costs with direct_overhead, paid whatever
//     happens), their difference, the premium, draw by draw, and p*, the
//     probability of success (an outcome payment is triggered) at which
//     the two cost the same in expectation.
//   - Exposures, each payer's outcome payments a fiscal year, nominal:
//     mean, 95th percentile and most over the draws. A period's payments
//     fall in the fiscal year of its last day; the year starts in the
//     scenario's fiscal_year_start month.
//   - EVPI, the expected value of perfect information between the bond,
//     direct delivery and doing nothing, on the contract's measure of
//     saving, and the partial EVPI of each drawn parameter (binning) and
//     of groups of them (regression).
//
// The bond's cost in a draw is written once, in bondCost, which all three
// read.
//
// # Reproducibility
//
// Draw i of a Monte Carlo run has its own random stream, PCG(seed, i), so
// results are identical for a given seed whatever the number of workers,
// and draw i is the same in a run of any length. Sobol' designs come from
// an unscrambled Sobol' sequence (or PCG from the seed), and their
// bootstrap from the seed.
//
// # Sobol' in shards
//
// A Sobol' analysis's bootstrap is a Poisson(1) bootstrap: each base row
// of the design (its f(A), f(B) and f(A_B^(i)) together) has a Poisson(1)
// weight in each resample, drawn from the row's own stream, so every
// estimate, point and resample, comes from sums over rows (see
// internal/sobol's Sums). SobolShard evaluates one shard of the design,
// whole blocks of 256 base rows, and returns its sums (a SobolPart, which
// encoding/json writes and reads back exactly); MergeSobol adds the parts
// of the K shards, in any order, and gives the SobolResult that Sobol
// gives in one run, bit for bit, convergence steps included. Each shard
// also evaluates row 0 of A, whose output shifts every sum.
//
// # Measurement noise
//
// A contract pays on the effect an evaluator measures on finite cohorts.
// With SimOptions.Noise, each draw's contract tests, tiers and prices read
// the effect measured on each cohort and pooled, drawn around the draw's
// true effect from the metric's evaluation design (scenario.Design:
// binomial and Poisson counts drawn exactly by inversion, normal means
// from their standard error; Measurement), while the state's savings keep
// the true effect. Draw i's noise has its own stream, PCG(seed ^ salt, i),
// so the parameters drawn are those of a run without noise, and the
// results do not depend on the number of workers. The simulation then
// reports each test's chance of passing, the chances of a payment not
// earned and of a denial not deserved, the operating characteristic over
// the draws (Simulation.Tests) and each term's payment (Simulation.Terms).
// ExactTests and PassChance give the chances exactly at given inputs
// (binomial and Poisson sums, the normal CDF), and the operating
// characteristic on a grid of true effects. Drawing the measured effects
// allocates nothing: each worker keeps a table of log-factorials and the
// comparison group's setups (the mode and its probability, whose size and
// baseline recur from draw to draw), so the counts and the stream are
// those of the plain inversion, bit for bit.
//
// # Correlation tornado
//
// RankCorrelate reads which inputs drive an output from the Monte Carlo
// draws: each varied parameter's Spearman rank correlation with it (ties
// share their average rank; draws where the output is NaN are left out
// and counted), a 95% interval by Fisher's z, tanh(atanh(ρ) ± 1.96/√(n−3)),
// and the partial rank correlation (PRCC), sorted by |ρ|. DrawColumns
// keeps the draws' parameters in draw order as a SimOptions.Each, without
// allocating per draw. Both depend only on the draws in draw order, so
// the table is the same for any number of workers.
//
// # Shapley effects
//
// Shapley shares an output's variance among the varied parameters with
// their correlations (Song, Nelson and Staum 2016), as R's sensitivity
// package computes it: ShapleyRandom is shapleyPermRand (m random
// permutations), ShapleyExact shapleyPermEx (all d! of them, at most
// MaxShapleyExact parameters); the model is evaluated
// Nv + m·(d−1)·No·Ni times. A parameter's effect is its average reduction,
// over the permutations, of E[Var(Y | the parameters not yet known)], with
// Var(Y) from the Nv draws: the effects sum to 1. The conditional draws
// are exact for the Gaussian copula: in normal scores Z ~ N(0, R), Z_J
// given Z_−J = z is normal with mean R_J,−J·R_−J,−J⁺·z and covariance
// R_JJ − R_J,−J·R_−J,−J⁺·R_−J,J. The standard errors are R's. Row r of the
// design draws from PCG(seed, r), so the result does not depend on the
// workers; a draw allocates nothing, and the design's outputs (8 bytes an
// evaluation) are checked against the model's memory budget first.
//
// # Accuracy
//
// Distributions whose exact quantile is slow (beta, PERT, gamma) are drawn
// through a table built and checked when the run starts: within 1e−10 of
// the distribution's spread, exact in the far tails. Everything else is
// drawn by its exact quantile.
//
// # Performance
//
// The analyses evaluate the model's float path (sib.Model.Evaluate), which
// does not allocate; a Monte Carlo draw allocates nothing either. Workers
// each have their own scratch space; the model and the spec are shared
// read-only.
//
// Sampling can go a block of draws at a time: parameter by parameter over
// the block, each draw i still on its own stream PCG(seed, i), so a block
// holds bit for bit the draws one at a time would give (the sampler's
// drawBlock and drawCols, for a model evaluated in blocks). Parameters
// with the same distribution share one table, and tables are built on
// every core. A Sobol' analysis turns each coordinate of its two base
// samples into a value once, not once a row.
//
// # Shards and merge
//
// A Monte Carlo run can be cut into shards that run apart (on the nodes of
// a batch cluster) and be put together again exactly. SimOptions.First and
// Draws make Simulate compute draws First … First+Draws−1 of a run, each
// with the stream it has in the whole run; First is a multiple of
// BlockDraws (4,096). Simulation.Part keeps what a merge needs: counts of
// the events, each output's moments block by block (Moments), least and
// greatest values, and every draw's values, or, with SimOptions.Sketch, a
// DDSketch in their place; with measurement noise, each draw's tests and
// term payments. Merge puts parts together, in any order, and gives the
// Simulation the run in one piece gives, to the last bit: counts and
// probabilities are integer sums, means and standard deviations fold the
// blocks' moments in block order by Chan, Golub and LeVeque's update (a
// whole run does the same), percentiles come from the values in draw
// order or from the sketches' added counts. It refuses parts with a gap,
// an overlap, another seed or other outputs (ErrShard). A DDSketch's
// percentiles are within its relative accuracy of the value of the draw
// at their rank. The appraisal (Comparator, Exposure, EVPI) needs every
// draw in one process and is not kept by parts.
//
// # Errors
//
// Errors in the files are *InputError values, which print as
// file:line:col: column: message and wrap one of the package's sentinels
// (ErrUnknown, ErrDist, ErrArgs, ErrRange, ErrLowHigh, ErrOrder,
// ErrCorrelation, ErrNotPSD, ErrDuplicate, ErrEmpty). The analyses return ErrDraws, ErrSteps, ErrOutput, ErrNoAppraisal,
// ErrGroup, ErrShapleyExact, ErrShapleyFew or the model's own errors.
package uncertainty
