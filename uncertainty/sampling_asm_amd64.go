//go:build !noasm && !gccgo && !safe

package uncertainty

import "golang.org/x/sys/cpu"

// The sampler's assembly (sampling_*_amd64.s) runs where the processor
// has what it needs; every kernel has its Go loop beside it, which gives
// the same values bit for bit and does the lanes the assembly leaves.
var (
	// hasAVX reports whether the processor and the system support AVX:
	// cubicsAVX, phisAVX, mulLanesAVX and addMulLanesAVX.
	hasAVX = cpu.X86.HasAVX
	// hasAVX2 reports whether they support AVX2: uniformsAVX2 and
	// normalsAVX2.
	hasAVX2 = cpu.X86.HasAVX2
)
