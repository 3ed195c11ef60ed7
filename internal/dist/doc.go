// Package dist holds the probability distributions that an uncertainty spec
// assigns to model parameters, with quantile functions accurate to about
// 1e-11 relative across the whole of (0, 1) that do not allocate, for inverse
// transform sampling in the Monte Carlo inner loop.
//
// # Arguments
//
// New(kind, args...) takes the arguments in the order of Kind.Params. All
// must be finite; a min must be below its max, and max - min must not
// overflow.
//
//	fixed        value                  always value (variance 0)
//	uniform      min, max               min < max
//	triangular   min, mode, max         min ≤ mode ≤ max, min < max
//	pert         min, mode, max         as triangular; beta on [min, max] with
//	                                    α = 1 + 4(mode-min)/(max-min),
//	                                    β = 1 + 4(max-mode)/(max-min)
//	normal       mean, sd               sd > 0
//	truncnormal  mean, sd, min, max     the normal(mean, sd) restricted to
//	                                    [min, max]; sd > 0, min < max, and the
//	                                    window must hold at least 1e-300 of the
//	                                    normal's probability
//	lognormal    mean, sd               mean > 0, sd > 0 (see below)
//	beta         alpha, beta[, min, max]  0 < alpha, beta ≤ 1e8; [min, max]
//	                                    defaults to [0, 1]
//	gamma        shape, scale           0 < shape ≤ 1e8, scale > 0;
//	                                    mean shape·scale
//
// (Beyond shapes of 1e8 the incomplete beta and gamma functions lose accuracy
// and the distribution is a normal to within rounding: use normal.)
//
// The lognormal is given by the mean and standard deviation of the variable
// itself, on its natural scale, not of its logarithm: lognormal(100, 30) has
// mean 100 and sd 30. Its log has σ² = ln(1 + sd²/mean²) and
// μ = ln(mean) - σ²/2. R's meanlog and sdlog are μ and σ; to use them, pass
// mean = exp(μ + σ²/2) and sd = mean·sqrt(exp(σ²) - 1).
//
// # Errors
//
// New returns an *ArgError, which wraps ErrArgs, naming the offending
// argument by its 0-based index and its name, and saying what was expected:
//
//	max: must be above min (2), got 1
//	mode: must lie within [min, max] = [1, 3], got 5
//	pert: takes 3 arguments (min, mode, max), got 2      (Index -1)
//
// The methods of a Dist never fail: Quantile returns NaN for p outside
// [0, 1] and CDF returns NaN for NaN.
//
// # Accuracy
//
// Quantiles agree with scipy.stats 1.10 to 1e-10 relative (the largest
// differences are 5e-12 for the truncnormal, 1e-12 for the beta and below
// 1e-13 for the others), except where the
// quantile of a shifted distribution is near 0 and so the difference of two
// much larger numbers; see testdata/reference/dist. A truncnormal window far
// in a tail (mean 0, sd 1 on [30, 31]) keeps full accuracy: it is computed
// from tail probabilities, not from Φ near 1. A window narrower than 1e-5
// standard deviations, where differences of Φ cancel, is an exponential
// density in the window (its log density is linear to within w²/8) with
// closed-form quantile and CDF, checked against quad integrals to 1e-10 of
// the window; its quantiles never go backwards, even a window one ulp wide.
// The mean and variance of a window narrower than 0.05 standard deviations
// come from Gauss–Legendre quadrature of the density in the window (the
// general formulas lose the variance to cancellation there), to 1e-9.
//
// # Performance
//
// Quantile does not allocate. Uniform, triangular, normal, truncnormal and
// lognormal quantiles are closed forms (5 to 30 ns); beta, PERT and gamma
// quantiles take a few Halley steps on the incomplete beta or gamma function
// (about 0.6 to 1 µs). New does the per-distribution work once.
// Quantiles takes a block of probabilities at once, with the same values bit
// for bit: the formula is chosen once for the block and the closed forms run
// as one loop (a uniform or triangular quantile then costs 2 to 5 ns).
//
// # Concurrency
//
// A Dist is an immutable value, safe for concurrent use; copy it freely. The
// package has no mutable state and no randomness of its own: to sample, pass
// uniform draws in (0, 1) from the caller's own source to Quantile.
package dist
