//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// func dot8AVX(x *float64, w *[8][BlockRows]float64, n int, out *[8]float64)
//
// out[r] = gonum's f64.DotUnitary(w[r][:n], x[:n]) bit for bit, for n a
// multiple of 4 (no tail; see dot8). DotUnitary keeps four partial sums,
// s0 … s3 for the elements 4i … 4i+3, in two SSE registers and returns
// (s1+s3) + (s0+s2); here one AVX register holds the four, one register
// for each of the eight resamples, whose chains of additions overlap,
// and the combination at the end is DotUnitary's.

// COMBINE writes (s1+s3) + (s0+s2) of the sums in Y (whose lower half is
// X) to OFF(DX).
#define COMBINE(Y, X, OFF) \
	VEXTRACTF128 $1, Y, X9 \
	VADDPD       X9, X, X  \
	VUNPCKHPD    X, X, X10 \
	VADDSD       X, X10, X10 \
	VMOVSD       X10, OFF(DX)

// STEP adds w[r][i … i+3]·x[i … i+3] (x in Y8) to the sums Y.
#define STEP(OFF, Y) \
	VMOVUPD OFF(R9)(SI*8), Y9 \
	VMULPD  Y8, Y9, Y9        \
	VADDPD  Y9, Y, Y

TEXT ·dot8AVX(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), R8
	MOVQ w+8(FP), R9
	MOVQ n+16(FP), DI
	MOVQ out+24(FP), DX

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

	MOVQ $0, SI
	SUBQ $4, DI
	JL   end

loop:
	VMOVUPD 0(R8)(SI*8), Y8
	STEP(0, Y0)
	STEP(2048, Y1)
	STEP(4096, Y2)
	STEP(6144, Y3)
	STEP(8192, Y4)
	STEP(10240, Y5)
	STEP(12288, Y6)
	STEP(14336, Y7)
	ADDQ $4, SI
	SUBQ $4, DI
	JGE  loop

end:
	COMBINE(Y0, X0, 0)
	COMBINE(Y1, X1, 8)
	COMBINE(Y2, X2, 16)
	COMBINE(Y3, X3, 24)
	COMBINE(Y4, X4, 32)
	COMBINE(Y5, X5, 40)
	COMBINE(Y6, X6, 48)
	COMBINE(Y7, X7, 56)
	VZEROUPPER
	RET
