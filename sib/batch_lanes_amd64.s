#include "textflag.h"

// func addMulAsm(dst, x, y []float64): dst[i] += x[i]*y[i], len(dst) a multiple of 4.
TEXT ·addMulAsm(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	SHRQ $2, CX
	JZ   addmul_done

addmul_loop:
	MOVUPD (SI), X0
	MOVUPD 16(SI), X1
	MOVUPD (DX), X2
	MOVUPD 16(DX), X3
	MULPD  X2, X0
	MULPD  X3, X1
	MOVUPD (DI), X4
	MOVUPD 16(DI), X5
	ADDPD  X0, X4
	ADDPD  X1, X5
	MOVUPD X4, (DI)
	MOVUPD X5, 16(DI)
	ADDQ   $32, SI
	ADDQ   $32, DX
	ADDQ   $32, DI
	DECQ   CX
	JNZ    addmul_loop

addmul_done:
	RET

// func addAsm(dst, x []float64): dst[i] += x[i], len(dst) a multiple of 4.
TEXT ·addAsm(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	SHRQ $2, CX
	JZ   add_done

add_loop:
	MOVUPD (SI), X0
	MOVUPD 16(SI), X1
	MOVUPD (DI), X4
	MOVUPD 16(DI), X5
	ADDPD  X0, X4
	ADDPD  X1, X5
	MOVUPD X4, (DI)
	MOVUPD X5, 16(DI)
	ADDQ   $32, SI
	ADDQ   $32, DI
	DECQ   CX
	JNZ    add_loop

add_done:
	RET

// func addPairAsm(g, c, size, x, y []float64): g[i] += x[i], c[i] += y[i],
// size[i] += |x[i]| + |y[i]|, len(g) a multiple of 4.
TEXT ·addPairAsm(SB), NOSPLIT, $0-120
	MOVQ g_base+0(FP), DI
	MOVQ g_len+8(FP), CX
	MOVQ c_base+24(FP), R8
	MOVQ size_base+48(FP), R9
	MOVQ x_base+72(FP), SI
	MOVQ y_base+96(FP), DX
	// X15 is Go's zero register under ABIInternal, not here (ABI0): X7
	// holds the mask that clears the sign bits.
	MOVQ    $0x7fffffffffffffff, AX
	MOVQ    AX, X7
	PUNPCKLQDQ X7, X7
	SHRQ $2, CX
	JZ   pair_done

pair_loop:
	MOVUPD (SI), X0
	MOVUPD 16(SI), X1
	MOVUPD (DX), X2
	MOVUPD 16(DX), X3
	MOVUPD (DI), X4
	MOVUPD 16(DI), X5
	ADDPD  X0, X4
	ADDPD  X1, X5
	MOVUPD X4, (DI)
	MOVUPD X5, 16(DI)
	MOVUPD (R8), X4
	MOVUPD 16(R8), X5
	ADDPD  X2, X4
	ADDPD  X3, X5
	MOVUPD X4, (R8)
	MOVUPD X5, 16(R8)
	ANDPD  X7, X0
	ANDPD  X7, X1
	ANDPD  X7, X2
	ANDPD  X7, X3
	ADDPD  X2, X0
	ADDPD  X3, X1
	MOVUPD (R9), X4
	MOVUPD 16(R9), X5
	ADDPD  X0, X4
	ADDPD  X1, X5
	MOVUPD X4, (R9)
	MOVUPD X5, 16(R9)
	ADDQ   $32, SI
	ADDQ   $32, DX
	ADDQ   $32, DI
	ADDQ   $32, R8
	ADDQ   $32, R9
	DECQ   CX
	JNZ    pair_loop

pair_done:
	RET
