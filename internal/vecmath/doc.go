// Package vecmath works out elementary functions for many lanes at once,
// bit for bit as package math does for each: the batched kernels of the
// Monte Carlo (the sampler's lognormal values in internal/dist, the
// batched IRR's variables e^±u in sib) take their exponentials here.
//
// Exp(x) sets x[i] = math.Exp(x[i]) for every i. On amd64 with AVX2 and
// FMA it repeats archExp's fused path (math's own assembly on such a
// processor) four lanes at a time; the lanes that path does not finish
// (a value not finite or past the overflow bound, a result outside the
// normal range) and every lane elsewhere go to math.Exp itself.
//
//	x := []float64{0, 1, -2.5}
//	vecmath.Exp(x) // x[i] == math.Exp of what it held, bit for bit
package vecmath
