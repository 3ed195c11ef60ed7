//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// func dot4(x, w0, w1, w2, w3 *float64, n int, out *[4]float64)
//
// out[r] = gonum's f64.DotUnitary(w_r, x) bit for bit (see dot4.go): each
// dot product keeps that routine's four partial sums (lanes 0 and 1 in one
// register, 2 and 3 in another, the tail in lane 0) and combines them as
// it does, (s1+s3) + (s0+s2). The four products share the loads of x and
// their eight chains of additions overlap, where one dot product waits on
// the latency of two.
TEXT ·dot4(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), R8
	MOVQ w0+8(FP), R9
	MOVQ w1+16(FP), R10
	MOVQ w2+24(FP), R11
	MOVQ w3+32(FP), R12
	MOVQ n+40(FP), DI

	XORPS X0, X0 // w0: lanes 0, 1
	XORPS X1, X1 // w0: lanes 2, 3
	XORPS X2, X2 // w1
	XORPS X3, X3
	XORPS X4, X4 // w2
	XORPS X5, X5
	XORPS X6, X6 // w3
	XORPS X7, X7

	MOVQ $0, SI
	SUBQ $4, DI
	JL   tail

loop:
	MOVUPD 0(R8)(SI*8), X8
	MOVUPD 16(R8)(SI*8), X9

	MOVUPD 0(R9)(SI*8), X10
	MOVUPD 16(R9)(SI*8), X11
	MULPD  X8, X10
	MULPD  X9, X11
	ADDPD  X10, X0
	ADDPD  X11, X1

	MOVUPD 0(R10)(SI*8), X12
	MOVUPD 16(R10)(SI*8), X13
	MULPD  X8, X12
	MULPD  X9, X13
	ADDPD  X12, X2
	ADDPD  X13, X3

	MOVUPD 0(R11)(SI*8), X14
	MOVUPD 16(R11)(SI*8), X15
	MULPD  X8, X14
	MULPD  X9, X15
	ADDPD  X14, X4
	ADDPD  X15, X5

	MOVUPD 0(R12)(SI*8), X10
	MOVUPD 16(R12)(SI*8), X11
	MULPD  X8, X10
	MULPD  X9, X11
	ADDPD  X10, X6
	ADDPD  X11, X7

	ADDQ $4, SI
	SUBQ $4, DI
	JGE  loop

tail:
	ADDQ $4, DI
	JLE  end

onemore:
	MOVSD 0(R8)(SI*8), X8

	MOVSD 0(R9)(SI*8), X10
	MULSD X8, X10
	ADDSD X10, X0

	MOVSD 0(R10)(SI*8), X11
	MULSD X8, X11
	ADDSD X11, X2

	MOVSD 0(R11)(SI*8), X12
	MULSD X8, X12
	ADDSD X12, X4

	MOVSD 0(R12)(SI*8), X13
	MULSD X8, X13
	ADDSD X13, X6

	ADDQ $1, SI
	SUBQ $1, DI
	JNZ  onemore

end:
	MOVQ out+48(FP), R13

	ADDPD    X1, X0
	MOVSD    X0, X8
	UNPCKHPD X0, X0
	ADDSD    X8, X0
	MOVSD    X0, 0(R13)

	ADDPD    X3, X2
	MOVSD    X2, X8
	UNPCKHPD X2, X2
	ADDSD    X8, X2
	MOVSD    X2, 8(R13)

	ADDPD    X5, X4
	MOVSD    X4, X8
	UNPCKHPD X4, X4
	ADDSD    X8, X4
	MOVSD    X4, 16(R13)

	ADDPD    X7, X6
	MOVSD    X6, X8
	UNPCKHPD X6, X6
	ADDSD    X8, X6
	MOVSD    X6, 24(R13)
	RET
