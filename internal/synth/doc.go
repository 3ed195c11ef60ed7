// Package synth writes synthetic inputs of any size for benchmarks and
// memory measurements. The figures are random but deterministic for a seed.
package synth
