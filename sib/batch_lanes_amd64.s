//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// func addMulSSE2(dst, x, y []float64): dst[i] += x[i]*y[i], len(dst) a multiple of 4.
TEXT ·addMulSSE2(SB), NOSPLIT, $0-72
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

// func addSSE2(dst, x []float64): dst[i] += x[i], len(dst) a multiple of 4.
TEXT ·addSSE2(SB), NOSPLIT, $0-48
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

// func mulSSE2(dst, x, y []float64): dst[i] = x[i]*y[i], len(dst) a multiple of 4.
TEXT ·mulSSE2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	SHRQ $2, CX
	JZ   mul_done

mul_loop:
	MOVUPD (SI), X0
	MOVUPD 16(SI), X1
	MOVUPD (DX), X2
	MOVUPD 16(DX), X3
	MULPD  X2, X0
	MULPD  X3, X1
	MOVUPD X0, (DI)
	MOVUPD X1, 16(DI)
	ADDQ   $32, SI
	ADDQ   $32, DX
	ADDQ   $32, DI
	DECQ   CX
	JNZ    mul_loop

mul_done:
	RET

// func addPairSSE2(g, c, size, x, y []float64): g[i] += x[i], c[i] += y[i],
// size[i] += |x[i]| + |y[i]|, len(g) a multiple of 4.
TEXT ·addPairSSE2(SB), NOSPLIT, $0-120
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

// The same with AVX2, on lengths that are multiples of 8: four lanes an
// instruction (VMULPD, VADDPD, VANDPD round as MULSD and ADDSD do).

// func addMulAVX2(dst, x, y []float64)
TEXT ·addMulAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	SHRQ $3, CX
	JZ   addmul8_done

addmul8_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMULPD  (DX), Y0, Y0
	VMULPD  32(DX), Y1, Y1
	VADDPD  (DI), Y0, Y0
	VADDPD  32(DI), Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	DECQ    CX
	JNZ     addmul8_loop
	VZEROUPPER

addmul8_done:
	RET

// func mulAVX2(dst, x, y []float64)
TEXT ·mulAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	SHRQ $3, CX
	JZ   mul8_done

mul8_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMULPD  (DX), Y0, Y0
	VMULPD  32(DX), Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	DECQ    CX
	JNZ     mul8_loop
	VZEROUPPER

mul8_done:
	RET

// func scaleAVX2(dst, x []float64, c float64): dst[i] = x[i]*c.
TEXT ·scaleAVX2(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSD c+48(FP), Y2
	SHRQ         $3, CX
	JZ           scale8_done

scale8_loop:
	VMULPD  (SI), Y2, Y0
	VMULPD  32(SI), Y2, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     scale8_loop

scale8_done:
	VZEROUPPER
	RET

// func addAVX2(dst, x []float64)
TEXT ·addAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	SHRQ $3, CX
	JZ   add8_done

add8_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VADDPD  (DI), Y0, Y0
	VADDPD  32(DI), Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     add8_loop
	VZEROUPPER

add8_done:
	RET

// func addPairAVX2(g, c, size, x, y []float64)
TEXT ·addPairAVX2(SB), NOSPLIT, $0-120
	MOVQ g_base+0(FP), DI
	MOVQ g_len+8(FP), CX
	MOVQ c_base+24(FP), R8
	MOVQ size_base+48(FP), R9
	MOVQ x_base+72(FP), SI
	MOVQ y_base+96(FP), DX
	SHRQ $3, CX
	JZ   pair8_done
	MOVQ         $0x7fffffffffffffff, AX
	MOVQ         AX, X7
	VPBROADCASTQ X7, Y7

pair8_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD (DX), Y2
	VMOVUPD 32(DX), Y3
	VADDPD  (DI), Y0, Y4
	VADDPD  32(DI), Y1, Y5
	VMOVUPD Y4, (DI)
	VMOVUPD Y5, 32(DI)
	VADDPD  (R8), Y2, Y4
	VADDPD  32(R8), Y3, Y5
	VMOVUPD Y4, (R8)
	VMOVUPD Y5, 32(R8)
	VANDPD  Y7, Y0, Y0
	VANDPD  Y7, Y1, Y1
	VANDPD  Y7, Y2, Y2
	VANDPD  Y7, Y3, Y3
	VADDPD  Y2, Y0, Y0
	VADDPD  Y3, Y1, Y1
	VADDPD  (R9), Y0, Y0
	VADDPD  32(R9), Y1, Y1
	VMOVUPD Y0, (R9)
	VMOVUPD Y1, 32(R9)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	ADDQ    $64, R8
	ADDQ    $64, R9
	DECQ    CX
	JNZ     pair8_loop
	VZEROUPPER

pair8_done:
	RET

// func clampPaidAVX2(amt, paid []float64): x = max(amt[i], 0) as Go's
// max (a NaN stays, −0 becomes +0), paid[i] += x, amt[i] = x.
TEXT ·clampPaidAVX2(SB), NOSPLIT, $0-48
	MOVQ amt_base+0(FP), SI
	MOVQ amt_len+8(FP), CX
	MOVQ paid_base+24(FP), DI
	SHRQ $3, CX
	JZ   clamp8_done
	VXORPD Y6, Y6, Y6

clamp8_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	// Y0 = 0 > amt ? 0 : amt (a NaN amt stays), then + 0: −0 to +0.
	VMAXPD  Y0, Y6, Y0
	VMAXPD  Y1, Y6, Y1
	VADDPD  Y6, Y0, Y0
	VADDPD  Y6, Y1, Y1
	VADDPD  (DI), Y0, Y2
	VADDPD  32(DI), Y1, Y3
	VMOVUPD Y2, (DI)
	VMOVUPD Y3, 32(DI)
	VMOVUPD Y0, (SI)
	VMOVUPD Y1, 32(SI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     clamp8_loop
	VZEROUPPER

clamp8_done:
	RET

// GOMIN(a, b, r1, r2, dst) is Go's min(a, b) (a NaN wins; min(−0, +0) is
// −0), as the compiler builds it from MINSD: r1 = a < b ? a : b,
// r2 = r1 < a ? r1 : a, dst = r1 | r2.
#define GOMIN(a, b, r1, r2, dst) \
	VMINPD b, a, r1 \
	VMINPD a, r1, r2 \
	VORPD  r1, r2, dst

// func trancheStepAVX2(ce, got, ac, pr, avail, ret, prin []float64, capped int):
// waterfall's target return and principal of one tranche for four lanes
// an iteration (see Batch.waterfall).
TEXT ·trancheStepAVX2(SB), NOSPLIT, $0-176
	MOVQ ce_base+0(FP), R8
	MOVQ ce_len+8(FP), CX
	MOVQ got_base+24(FP), R9
	MOVQ ac_base+48(FP), R10
	MOVQ pr_base+72(FP), R11
	MOVQ avail_base+96(FP), R12
	MOVQ ret_base+120(FP), R13
	MOVQ prin_base+144(FP), R14
	MOVQ capped+168(FP), AX
	SHRQ $2, CX
	JZ   tranche_done
	VXORPD Y15, Y15, Y15

tranche_loop:
	VMOVUPD (R8), Y0 // room = ce
	VMOVUPD (R9), Y1 // got
	TESTQ   AX, AX
	JZ      tranche_room
	// room = max(room − got, 0): 0 > v ? 0 : v, then + 0 (−0 to +0).
	VSUBPD  Y1, Y0, Y0
	VMAXPD  Y0, Y15, Y0
	VADDPD  Y15, Y0, Y0

tranche_room:
	VMOVUPD (R10), Y2 // ac
	VMOVUPD (R12), Y3 // avail
	GOMIN(Y2, Y3, Y4, Y5, Y6)
	GOMIN(Y6, Y0, Y4, Y5, Y7) // x
	VSUBPD  Y7, Y2, Y2
	VMOVUPD Y2, (R10)
	VSUBPD  Y7, Y3, Y3
	VSUBPD  Y7, Y0, Y0
	VMOVUPD (R11), Y8 // pr
	GOMIN(Y8, Y3, Y4, Y5, Y6)
	GOMIN(Y6, Y0, Y4, Y5, Y9) // y
	VSUBPD  Y9, Y8, Y8
	VMOVUPD Y8, (R11)
	VSUBPD  Y9, Y3, Y3
	VMOVUPD Y3, (R12)
	VMOVUPD Y7, (R13)
	VMOVUPD Y9, (R14)
	VADDPD  Y9, Y7, Y10
	VADDPD  Y10, Y1, Y1
	VMOVUPD Y1, (R9)
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	ADDQ    $32, R12
	ADDQ    $32, R13
	ADDQ    $32, R14
	DECQ    CX
	JNZ     tranche_loop
	VZEROUPPER

tranche_done:
	RET

// func trancheFlowsAVX2(ret, prin, exc, top, dr, d, r, fl, sum []float64, tol float64):
// outputs' flows of one tranche's period for four lanes an iteration (see
// trancheFlows). netFlow's test, |x| ≤ tol·in or |x| ≤ tol·dr (false for
// a NaN), is two VCMPPD LE_OS masks; a flow within it is +0 (VANDNPD).
TEXT ·trancheFlowsAVX2(SB), NOSPLIT, $0-224
	MOVQ ret_base+0(FP), AX
	MOVQ ret_len+8(FP), CX
	MOVQ prin_base+24(FP), BX
	MOVQ exc_base+48(FP), DX
	MOVQ top_base+72(FP), SI
	MOVQ dr_base+96(FP), DI
	MOVQ d_base+120(FP), R8
	MOVQ r_base+144(FP), R9
	MOVQ fl_base+168(FP), R10
	MOVQ sum_base+192(FP), R11
	SHRQ $2, CX
	JZ   flows_done
	VXORPD       Y15, Y15, Y15
	VBROADCASTSD tol+216(FP), Y14
	MOVQ         $0x7fffffffffffffff, R12
	MOVQ         R12, X13
	VPBROADCASTQ X13, Y13

flows_loop:
	VMOVUPD (AX), Y0
	VADDPD  (BX), Y0, Y0
	VADDPD  (DX), Y0, Y0
	VADDPD  (SI), Y0, Y0
	VADDPD  Y15, Y0, Y0 // in
	VMOVUPD (DI), Y1    // dr
	VADDPD  (R8), Y1, Y2
	VMOVUPD Y2, (R8)
	VADDPD  (R9), Y0, Y3
	VMOVUPD Y3, (R9)
	VSUBPD  Y1, Y0, Y4   // x = in − dr
	VANDPD  Y13, Y4, Y5  // |x|
	VMULPD  Y14, Y0, Y6  // tol·in
	VMULPD  Y14, Y1, Y7  // tol·dr
	VCMPPD  $2, Y6, Y5, Y8
	VCMPPD  $2, Y7, Y5, Y9
	VORPD   Y9, Y8, Y8
	VANDNPD Y4, Y8, Y4
	VMOVUPD Y4, (R10)
	VADDPD  (R11), Y4, Y10
	VMOVUPD Y10, (R11)
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	DECQ    CX
	JNZ     flows_loop
	VZEROUPPER

flows_done:
	RET

// func periodPVAVX2(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum []float64):
// outputs' sums of one period for four lanes an iteration (see periodPV),
// each product and quotient as the Go loop takes them.
TEXT ·periodPVAVX2(SB), NOSPLIT, $0-240
	MOVQ pay_base+0(FP), AX
	MOVQ pay_len+8(FP), CX
	MOVQ infl_base+24(FP), BX
	MOVQ df_base+48(FP), DX
	MOVQ direct_base+72(FP), SI
	MOVQ overhead_base+96(FP), DI
	MOVQ c_base+120(FP), R8
	MOVQ comm_base+144(FP), R9
	MOVQ payPV_base+168(FP), R10
	MOVQ directPV_base+192(FP), R11
	MOVQ sum_base+216(FP), R12
	SHRQ $2, CX
	JZ   pv_done

pv_loop:
	VMOVUPD (BX), Y1     // infl
	VMOVUPD (AX), Y0
	VDIVPD  Y1, Y0, Y0   // payReal = pay / infl
	VMOVUPD (DX), Y2     // df
	VMULPD  Y2, Y0, Y3
	VADDPD  (R10), Y3, Y3
	VMOVUPD Y3, (R10)    // payPV += payReal·df
	VMOVUPD (SI), Y4
	VDIVPD  Y1, Y4, Y4
	VMULPD  Y2, Y4, Y4
	VMULPD  (DI), Y4, Y4
	VADDPD  (R11), Y4, Y4
	VMOVUPD Y4, (R11)    // directPV += direct / infl · df · overhead
	VMOVUPD (R8), Y5
	VSUBPD  Y0, Y5, Y5
	VSUBPD  (R9), Y5, Y5
	VMULPD  Y2, Y5, Y5
	VMOVUPD Y5, (R12)    // sum = (c − payReal − comm)·df
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	ADDQ    $32, R12
	DECQ    CX
	JNZ     pv_loop
	VZEROUPPER

pv_done:
	RET

// func callForAVX2(rc, costs, undrawn, use, draw, short, avail []float64, recycle int) bool:
// waterfall's head for four lanes an iteration (see callFor), min as
// Go's (GOMIN); a draw that is not 0 (NEQ_UQ: a NaN too) sets the result.
TEXT ·callForAVX2(SB), NOSPLIT, $0-177
	MOVQ rc_base+0(FP), AX
	MOVQ rc_len+8(FP), CX
	MOVQ costs_base+24(FP), BX
	MOVQ undrawn_base+48(FP), DX
	MOVQ use_base+72(FP), SI
	MOVQ draw_base+96(FP), DI
	MOVQ short_base+120(FP), R8
	MOVQ avail_base+144(FP), R9
	MOVQ recycle+168(FP), R10
	VXORPD Y15, Y15, Y15
	VXORPD Y12, Y12, Y12 // the draws' NEQ masks, ORed
	SHRQ $2, CX
	JZ   call_done

call_loop:
	VMOVUPD (AX), Y0 // rc
	VMOVUPD (BX), Y1 // costs
	VXORPD  Y2, Y2, Y2
	TESTQ   R10, R10
	JZ      call_use
	GOMIN(Y0, Y1, Y4, Y5, Y2)

call_use:
	VMOVUPD Y2, (SI)     // use
	VSUBPD  Y2, Y1, Y3   // costs − use
	VMOVUPD (DX), Y6     // undrawn
	GOMIN(Y3, Y6, Y4, Y5, Y7)
	VMOVUPD Y7, (DI)     // draw
	VCMPPD  $4, Y15, Y7, Y8
	VORPD   Y8, Y12, Y12
	VSUBPD  Y7, Y3, Y9
	VMOVUPD Y9, (R8)     // short = costs − use − draw
	VSUBPD  Y2, Y0, Y10
	VMOVUPD Y10, (R9)    // avail = rc − use
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	ADDQ    $32, R9
	DECQ    CX
	JNZ     call_loop

call_done:
	VMOVMSKPD Y12, R11
	VZEROUPPER
	TESTQ     R11, R11
	SETNE     called+176(FP)
	RET

// func callShareAVX2(draw, undrawn, u, dr, dk []float64, dust2 float64):
// callShare for four lanes an iteration, as masks: m = draw != 0
// (NEQ_UQ), d = draw·u/undrawn where undrawn > 0 (GT_OQ) else +0; where
// m, dk = d, dr += d and u −= d, then +0 where u·u < dust2 (LT_OS);
// elsewhere all stay (VBLENDVPD).
TEXT ·callShareAVX2(SB), NOSPLIT, $0-128
	MOVQ draw_base+0(FP), AX
	MOVQ draw_len+8(FP), CX
	MOVQ undrawn_base+24(FP), BX
	MOVQ u_base+48(FP), DX
	MOVQ dr_base+72(FP), SI
	MOVQ dk_base+96(FP), DI
	SHRQ $2, CX
	JZ   share_done
	VXORPD       Y15, Y15, Y15
	VBROADCASTSD dust2+120(FP), Y14

share_loop:
	VMOVUPD   (AX), Y0           // x
	VMOVUPD   (BX), Y1           // undrawn
	VMOVUPD   (DX), Y2           // u
	VCMPPD    $4, Y15, Y0, Y3    // m = x != 0
	VCMPPD    $0x1e, Y15, Y1, Y4 // undrawn > 0
	VMULPD    Y2, Y0, Y5
	VDIVPD    Y1, Y5, Y5         // x·u/undrawn
	VANDPD    Y4, Y5, Y5         // d
	VMOVUPD   (DI), Y6
	VBLENDVPD Y3, Y5, Y6, Y6
	VMOVUPD   Y6, (DI)           // dk
	VSUBPD    Y5, Y2, Y7         // u − d
	VMULPD    Y7, Y7, Y8
	VCMPPD    $1, Y14, Y8, Y9    // (u − d)² < dust²
	VANDNPD   Y7, Y9, Y7
	VBLENDVPD Y3, Y7, Y2, Y2
	VMOVUPD   Y2, (DX)           // u
	VMOVUPD   (SI), Y10
	VADDPD    Y5, Y10, Y11       // dr + d
	VBLENDVPD Y3, Y11, Y10, Y10
	VMOVUPD   Y10, (SI)          // dr
	ADDQ      $32, AX
	ADDQ      $32, BX
	ADDQ      $32, DX
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       share_loop
	VZEROUPPER

share_done:
	RET

// func accrueAVX2(g, pr, ac, dr, xs []float64, max2 float64) (over bool):
// accrue for four lanes an iteration, as masks: m = g != 0 (NEQ_UQ),
// x = (pr + ac)·g, ac = m ? ac + x : ac (VBLENDVPD), pr += dr; xs = x
// where m, else +0; over is whether some lane of m has !(x·x <= max2)
// (NLE_UQ: a NaN too).
TEXT ·accrueAVX2(SB), NOSPLIT, $0-129
	MOVQ g_base+0(FP), AX
	MOVQ g_len+8(FP), CX
	MOVQ pr_base+24(FP), BX
	MOVQ ac_base+48(FP), DX
	MOVQ dr_base+72(FP), SI
	MOVQ xs_base+96(FP), DI
	VXORPD       Y15, Y15, Y15
	VXORPD       Y12, Y12, Y12 // the overs, ORed
	VBROADCASTSD max2+120(FP), Y14
	SHRQ $2, CX
	JZ   accrue_done

accrue_loop:
	VMOVUPD   (AX), Y0        // g
	VMOVUPD   (BX), Y1        // pr
	VMOVUPD   (DX), Y2        // ac
	VCMPPD    $4, Y15, Y0, Y3 // m
	VADDPD    Y2, Y1, Y4
	VMULPD    Y0, Y4, Y4      // x
	VADDPD    Y4, Y2, Y5
	VBLENDVPD Y3, Y5, Y2, Y2
	VMOVUPD   Y2, (DX)        // ac
	VANDPD    Y3, Y4, Y6
	VMOVUPD   Y6, (DI)        // xs
	VMULPD    Y4, Y4, Y7
	VCMPPD    $6, Y14, Y7, Y8 // !(x·x <= max2)
	VANDPD    Y3, Y8, Y8
	VORPD     Y8, Y12, Y12
	VADDPD    (SI), Y1, Y1
	VMOVUPD   Y1, (BX)        // pr += dr
	ADDQ      $32, AX
	ADDQ      $32, BX
	ADDQ      $32, DX
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       accrue_loop

accrue_done:
	VMOVMSKPD Y12, R11
	VZEROUPPER
	TESTQ     R11, R11
	SETNE     over+128(FP)
	RET

// func claimAVX2(o, cl, price, amt []float64): claim for four lanes an
// iteration.
TEXT ·claimAVX2(SB), NOSPLIT, $0-96
	MOVQ o_base+0(FP), AX
	MOVQ o_len+8(FP), CX
	MOVQ cl_base+24(FP), BX
	MOVQ price_base+48(FP), DX
	MOVQ amt_base+72(FP), SI
	SHRQ $2, CX
	JZ   claim_done

claim_loop:
	VMOVUPD (AX), Y0
	VADDPD  (BX), Y0, Y1
	VMOVUPD Y1, (BX)     // cl += o
	VMULPD  (DX), Y0, Y2
	VMOVUPD Y2, (SI)     // amt = price·o
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	DECQ    CX
	JNZ     claim_loop
	VZEROUPPER

claim_done:
	RET

// func capPayAVX2(due, pay, capT, cum []float64, total int, max2 float64) (over bool):
// capPay for four lanes an iteration: pay = min(due, max(capT − cum, 0))
// as Go's min and max (GOMIN; VMAXPD with 0 first keeps a NaN, then +0
// turns −0 to +0) when total, else due; over is whether some due has
// !(due·due <= max2) (NLE_UQ).
TEXT ·capPayAVX2(SB), NOSPLIT, $0-113
	MOVQ due_base+0(FP), AX
	MOVQ due_len+8(FP), CX
	MOVQ pay_base+24(FP), BX
	MOVQ capT_base+48(FP), DX
	MOVQ cum_base+72(FP), SI
	MOVQ total+96(FP), R8
	VXORPD       Y15, Y15, Y15
	VXORPD       Y12, Y12, Y12
	VBROADCASTSD max2+104(FP), Y14
	SHRQ $2, CX
	JZ   cap_done

cap_loop:
	VMOVUPD (AX), Y0 // due
	VMULPD  Y0, Y0, Y1
	VCMPPD  $6, Y14, Y1, Y2
	VORPD   Y2, Y12, Y12
	VMOVAPD Y0, Y3
	TESTQ   R8, R8
	JZ      cap_pay
	VMOVUPD (DX), Y4
	VSUBPD  (SI), Y4, Y4 // capT − cum
	VMAXPD  Y4, Y15, Y4
	VADDPD  Y15, Y4, Y4  // max(·, 0)
	GOMIN(Y0, Y4, Y5, Y6, Y3)

cap_pay:
	VMOVUPD Y3, (BX)
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	DECQ    CX
	JNZ     cap_loop

cap_done:
	VMOVMSKPD Y12, R11
	VZEROUPPER
	TESTQ     R11, R11
	SETNE     over+112(FP)
	RET

// func pastBoundAVX2(x []float64, max2 float64) (past bool): whether some
// x has !(x·x <= max2) (NLE_UQ), four lanes an iteration.
TEXT ·pastBoundAVX2(SB), NOSPLIT, $0-33
	MOVQ x_base+0(FP), AX
	MOVQ x_len+8(FP), CX
	VXORPD       Y12, Y12, Y12
	VBROADCASTSD max2+24(FP), Y14
	SHRQ $2, CX
	JZ   past_done

past_loop:
	VMOVUPD (AX), Y0
	VMULPD  Y0, Y0, Y1
	VCMPPD  $6, Y14, Y1, Y2
	VORPD   Y2, Y12, Y12
	ADDQ    $32, AX
	DECQ    CX
	JNZ     past_loop

past_done:
	VMOVMSKPD Y12, R11
	VZEROUPPER
	TESTQ     R11, R11
	SETNE     past+32(FP)
	RET

// func addMulRowsAVX2(dst, x, y []float64): dst[i] += x[i]·y[i mod len(y)]
// for every i of dst, eight lanes an iteration; len(y) a multiple of 8,
// len(dst) a multiple of len(y).
TEXT ·addMulRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), R8
	MOVQ y_len+56(FP), R9
	SHRQ $3, CX
	JZ   rows_done
	SHRQ $3, R9

rows_row:
	MOVQ R8, DX
	MOVQ R9, R10

rows_loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMULPD  (DX), Y0, Y0
	VMULPD  32(DX), Y1, Y1
	VADDPD  (DI), Y0, Y0
	VADDPD  32(DI), Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	DECQ    CX
	JZ      rows_end
	DECQ    R10
	JNZ     rows_loop
	JMP     rows_row

rows_end:
	VZEROUPPER

rows_done:
	RET

// func releaseAVX2(pass []bool, held, due []float64) (holds bool): release
// for four lanes an iteration (len(held) a multiple of 4): pass's bytes
// widened to lanes (VPMOVZXBQ) and compared with 0 give keep, where the
// lane does not pass; due = keep ? due : due + held; held = held where
// keep, else +0; holds is whether some held != 0 (NEQ_UQ) after.
TEXT ·releaseAVX2(SB), NOSPLIT, $0-73
	MOVQ pass_base+0(FP), AX
	MOVQ held_base+24(FP), BX
	MOVQ held_len+32(FP), CX
	MOVQ due_base+48(FP), DX
	VXORPD Y15, Y15, Y15
	VXORPD Y12, Y12, Y12
	SHRQ $2, CX
	JZ   release_done

release_loop:
	VPMOVZXBQ (AX), Y0
	VPCMPEQQ  Y15, Y0, Y1 // keep: pass is false
	VMOVUPD   (BX), Y2    // held
	VMOVUPD   (DX), Y3    // due
	VADDPD    Y2, Y3, Y4
	VBLENDVPD Y1, Y3, Y4, Y3
	VMOVUPD   Y3, (DX)
	VANDPD    Y1, Y2, Y2
	VMOVUPD   Y2, (BX)
	VCMPPD    $4, Y15, Y2, Y5
	VORPD     Y5, Y12, Y12
	ADDQ      $4, AX
	ADDQ      $32, BX
	ADDQ      $32, DX
	DECQ      CX
	JNZ       release_loop

release_done:
	VMOVMSKPD Y12, R11
	VZEROUPPER
	TESTQ     R11, R11
	SETNE     holds+72(FP)
	RET

// func shapesAVX2(x []float64, B, P, n int, fo []float64, io []int64):
// shapeLane for lanes [0, n), four at a time (n a multiple of 4, P > 0).
// Pass 1 takes the periods forward: abs += |f|; bad |= (f − f != 0);
// where f != 0, changes += 1 if seen (first > −1) and f's sign bit is not
// tail's, first and lead are set if not seen, last and tail always.
// Pass 2 takes the running totals forward (a1 from row 0) and back (a2
// from row P−1): where the flow is not 0, unsure |= |a| <= 1e-12·abs, the
// count goes up where a's sign bit is not that of the last such total
// (from lead and tail), which becomes a. Sign bits are compared as
// integers (0 > a XOR s). Masks are stored as −1 and 0.
TEXT ·shapesAVX2(SB), NOSPLIT, $0-96
	MOVQ x_base+0(FP), SI
	MOVQ B+24(FP), R11
	SHLQ $3, R11          // a row's bytes
	MOVQ P+32(FP), R9
	MOVQ n+40(FP), R10
	MOVQ fo_base+48(FP), DI
	MOVQ io_base+72(FP), DX
	MOVQ R9, R12
	DECQ R12
	IMULQ R11, R12        // the last row's offset
	MOVQ $0x7fffffffffffffff, AX
	MOVQ AX, X10
	VPBROADCASTQ X10, Y10 // clears sign bits
	VXORPD Y11, Y11, Y11  // 0
	XORQ BX, BX           // the group's first lane's offset, bytes
	SHLQ $3, R10

shape_group:
	LEAQ (SI)(BX*1), AX
	MOVQ R9, CX
	VXORPD   Y1, Y1, Y1   // abs
	VXORPD   Y2, Y2, Y2   // bad
	VPCMPEQQ Y9, Y9, Y9   // −1
	VMOVDQU  Y9, Y3       // first
	VMOVDQU  Y9, Y4       // last
	VPXOR    Y5, Y5, Y5   // changes
	VXORPD   Y6, Y6, Y6   // lead
	VXORPD   Y7, Y7, Y7   // tail
	VPXOR    Y8, Y8, Y8   // t

shape_p1:
	VMOVUPD   (AX), Y0
	VSUBPD    Y0, Y0, Y12
	VCMPPD    $4, Y11, Y12, Y12 // f − f != 0 (NEQ_UQ)
	VORPD     Y12, Y2, Y2
	VANDPD    Y10, Y0, Y13
	VADDPD    Y13, Y1, Y1
	VCMPPD    $4, Y11, Y0, Y12 // nz: f != 0
	VPCMPGTQ  Y9, Y3, Y13      // seen: first > −1
	VXORPD    Y0, Y7, Y14
	VPCMPGTQ  Y14, Y11, Y14    // signs differ
	VPAND     Y13, Y14, Y14
	VPAND     Y12, Y14, Y14
	VPSUBQ    Y14, Y5, Y5
	VPANDN    Y12, Y13, Y15    // nz and not seen
	VBLENDVPD Y15, Y8, Y3, Y3
	VBLENDVPD Y15, Y0, Y6, Y6
	VBLENDVPD Y12, Y8, Y4, Y4
	VBLENDVPD Y12, Y0, Y7, Y7
	VPSUBQ    Y9, Y8, Y8       // t++
	ADDQ      R11, AX
	DECQ      CX
	JNZ       shape_p1

	// fo: abs, lead, tail; io: first, last, changes, and bad at row 5.
	LEAQ    (DI)(BX*1), AX
	VMOVUPD Y1, (AX)
	ADDQ    R11, AX
	VMOVUPD Y6, (AX)
	ADDQ    R11, AX
	VMOVUPD Y7, (AX)
	LEAQ    (DX)(BX*1), AX
	VMOVDQU Y3, (AX)
	ADDQ    R11, AX
	VMOVDQU Y4, (AX)
	ADDQ    R11, AX
	VMOVDQU Y5, (AX)
	ADDQ    R11, AX
	ADDQ    R11, AX
	ADDQ    R11, AX
	VMOVDQU Y2, (AX)

	// Pass 2: eps = 1e-12·abs; s1 = lead (Y6), s2 = tail (Y7).
	MOVQ         $0x3d719799812dea11, R13
	VMOVQ        R13, X4
	VPBROADCASTQ X4, Y4
	VMULPD       Y1, Y4, Y4
	VXORPD       Y2, Y2, Y2 // a1
	VXORPD       Y3, Y3, Y3 // a2
	VXORPD       Y5, Y5, Y5 // unsure
	VPXOR        Y8, Y8, Y8 // fwd
	VPXOR        Y9, Y9, Y9 // back
	LEAQ         (SI)(BX*1), AX
	LEAQ         (AX)(R12*1), R13
	MOVQ         R9, CX

shape_p2:
	VMOVUPD   (AX), Y0
	VMOVUPD   (R13), Y1
	VADDPD    Y0, Y2, Y2
	VADDPD    Y1, Y3, Y3
	VCMPPD    $4, Y11, Y0, Y12 // nz1
	VCMPPD    $4, Y11, Y1, Y13 // nz2
	VANDPD    Y10, Y2, Y14
	VCMPPD    $2, Y4, Y14, Y14 // |a1| <= eps
	VANDPD    Y12, Y14, Y14
	VORPD     Y14, Y5, Y5
	VANDPD    Y10, Y3, Y15
	VCMPPD    $2, Y4, Y15, Y15 // |a2| <= eps
	VANDPD    Y13, Y15, Y15
	VORPD     Y15, Y5, Y5
	VXORPD    Y2, Y6, Y14
	VPCMPGTQ  Y14, Y11, Y14
	VPAND     Y12, Y14, Y14
	VPSUBQ    Y14, Y8, Y8
	VBLENDVPD Y12, Y2, Y6, Y6
	VXORPD    Y3, Y7, Y15
	VPCMPGTQ  Y15, Y11, Y15
	VPAND     Y13, Y15, Y15
	VPSUBQ    Y15, Y9, Y9
	VBLENDVPD Y13, Y3, Y7, Y7
	ADDQ      R11, AX
	SUBQ      R11, R13
	DECQ      CX
	JNZ       shape_p2

	// fo: total at row 3; io: fwd, back at rows 3, 4, unsure at row 6.
	LEAQ    (DI)(BX*1), AX
	LEAQ    (AX)(R11*2), AX
	ADDQ    R11, AX
	VMOVUPD Y2, (AX)
	LEAQ    (DX)(BX*1), AX
	LEAQ    (AX)(R11*2), AX
	ADDQ    R11, AX
	VMOVDQU Y8, (AX)
	ADDQ    R11, AX
	VMOVDQU Y9, (AX)
	ADDQ    R11, AX
	ADDQ    R11, AX
	VMOVDQU Y5, (AX)

	ADDQ $32, BX
	CMPQ BX, R10
	JB   shape_group
	VZEROUPPER
	RET

// func savingRowsAVX2(g, c, u, rate []float64, kg, kc float64):
// x = u[i]·rate[i mod len(rate)], g[i] = (g[i] AND kg) + x, c[i] = (c[i]
// AND kc) + x, four lanes an iteration; len(rate) a multiple of 4, len(g)
// a multiple of len(rate). A mask of no bits makes the row +0 first.
TEXT ·savingRowsAVX2(SB), NOSPLIT, $0-112
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), CX
	MOVQ         c_base+24(FP), BX
	MOVQ         u_base+48(FP), SI
	MOVQ         rate_base+72(FP), R8
	MOVQ         rate_len+80(FP), R9
	VBROADCASTSD kg+96(FP), Y8
	VBROADCASTSD kc+104(FP), Y9
	SHRQ         $2, CX
	JZ           sav_done
	SHRQ         $2, R9

sav_row:
	MOVQ R8, DX
	MOVQ R9, R10

sav_loop:
	VMOVUPD (SI), Y0
	VMULPD  (DX), Y0, Y0
	VANDPD  (DI), Y8, Y1
	VANDPD  (BX), Y9, Y2
	VADDPD  Y1, Y0, Y1
	VADDPD  Y2, Y0, Y2
	VMOVUPD Y1, (DI)
	VMOVUPD Y2, (BX)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	ADDQ    $32, BX
	DECQ    CX
	JZ      sav_end
	DECQ    R10
	JNZ     sav_loop
	JMP     sav_row

sav_end:
	VZEROUPPER

sav_done:
	RET

// func stepRowsAVX2(g, c, u, step, rate []float64, ppy, inv float64, pow2 int, kg, kc float64):
// with j = i mod len(rate), g[i] = (g[i] AND kg) + u[i]·rate[j] and
// c[i] = (c[i] AND kc) + trunc(u[i]·ppy/step[j])·step[j]/ppy·rate[j]
// where step[j] > 0 (+0 elsewhere), four lanes an iteration; the
// division by ppy is a product by inv = 1/ppy when pow2 (the same exact
// quotient, rounded once). len(rate) a multiple of 4, len(g) a multiple
// of len(rate).
TEXT ·stepRowsAVX2(SB), NOSPLIT, $0-160
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), CX
	MOVQ         c_base+24(FP), BX
	MOVQ         u_base+48(FP), SI
	MOVQ         step_base+72(FP), R11
	MOVQ         rate_base+96(FP), R8
	MOVQ         rate_len+104(FP), R9
	VBROADCASTSD ppy+120(FP), Y6
	VBROADCASTSD inv+128(FP), Y5
	MOVQ         pow2+136(FP), R12
	VBROADCASTSD kg+144(FP), Y8
	VBROADCASTSD kc+152(FP), Y9
	VXORPD       Y7, Y7, Y7
	SHRQ         $2, CX
	JZ           st_done
	SHRQ         $2, R9

st_row:
	MOVQ R8, DX
	MOVQ R11, R13
	MOVQ R9, R10

st_loop:
	VMOVUPD  (SI), Y0
	VMOVUPD  (R13), Y1
	VMOVUPD  (DX), Y3
	VMULPD   Y3, Y0, Y4
	VANDPD   (DI), Y8, Y2
	VADDPD   Y2, Y4, Y4
	VMOVUPD  Y4, (DI)
	VMULPD   Y6, Y0, Y0
	VDIVPD   Y1, Y0, Y0
	VROUNDPD $3, Y0, Y0
	VMULPD   Y1, Y0, Y0
	TESTQ    R12, R12
	JZ       st_div
	VMULPD   Y5, Y0, Y0
	JMP      st_rate

st_div:
	VDIVPD Y6, Y0, Y0

st_rate:
	VMULPD  Y3, Y0, Y0
	VCMPPD  $0x1e, Y7, Y1, Y2
	VANDPD  Y2, Y0, Y0
	VANDPD  (BX), Y9, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD Y0, (BX)
	ADDQ    $32, SI
	ADDQ    $32, R13
	ADDQ    $32, DX
	ADDQ    $32, DI
	ADDQ    $32, BX
	DECQ    CX
	JZ      st_end
	DECQ    R10
	JNZ     st_loop
	JMP     st_row

st_end:
	VZEROUPPER

st_done:
	RET

// func grossRowsAVX2(g, u, rate []float64, kg float64): g[i] = (g[i] AND
// kg) + u[i]·rate[i mod len(rate)], four lanes an iteration; len(rate) a
// multiple of 4, len(g) a multiple of len(rate).
TEXT ·grossRowsAVX2(SB), NOSPLIT, $0-80
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), CX
	MOVQ         u_base+24(FP), SI
	MOVQ         rate_base+48(FP), R8
	MOVQ         rate_len+56(FP), R9
	VBROADCASTSD kg+72(FP), Y8
	SHRQ         $2, CX
	JZ           gr_done
	SHRQ         $2, R9

gr_row:
	MOVQ R8, DX
	MOVQ R9, R10

gr_loop:
	VMOVUPD (SI), Y0
	VMULPD  (DX), Y0, Y0
	VANDPD  (DI), Y8, Y1
	VADDPD  Y1, Y0, Y1
	VMOVUPD Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JZ      gr_end
	DECQ    R10
	JNZ     gr_loop
	JMP     gr_row

gr_end:
	VZEROUPPER

gr_done:
	RET

// func addGrossAVX2(g, size, x []float64): g[i] += x[i], size[i] +=
// |x[i]|, four lanes an iteration (len(g) a multiple of 4).
TEXT ·addGrossAVX2(SB), NOSPLIT, $0-72
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), CX
	MOVQ         size_base+24(FP), R9
	MOVQ         x_base+48(FP), SI
	SHRQ         $2, CX
	JZ           gross_done
	MOVQ         $0x7fffffffffffffff, AX
	MOVQ         AX, X7
	VPBROADCASTQ X7, Y7

gross_loop:
	VMOVUPD (SI), Y0
	VADDPD  (DI), Y0, Y1
	VMOVUPD Y1, (DI)
	VANDPD  Y7, Y0, Y0
	VADDPD  (R9), Y0, Y0
	VMOVUPD Y0, (R9)
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R9
	DECQ    CX
	JNZ     gross_loop
	VZEROUPPER

gross_done:
	RET

// func irrValueAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64):
// irrBlock.value1 for the four lanes of each group g (lanes 4g … 4g+3 of
// rows of W lanes): with v = arg (lt's row 0) and sel (row 2) choosing
// gt over ft lane by lane, e = c[M], o = +0, then for i = M−2, M−4, … 0:
// e = e·w + c[i], o = o·w + c[i+1] (w = v·v); yv (ot's row 2) = e + v·o.
// M is even. R9 holds gt − ft, so that a coefficient of gt is at the
// same offset from R9 as ft's.
TEXT ·irrValueAVX2(SB), NOSPLIT, $0-136
	MOVQ  ft_base+0(FP), R8
	MOVQ  gt_base+24(FP), R9
	SUBQ  R8, R9
	MOVQ  W+48(FP), R10
	SHLQ  $3, R10             // a row's bytes
	MOVQ  M+56(FP), R11
	MOVQ  R11, R15
	IMULQ R10, R15            // row M's offset
	SHRQ  $1, R11             // pairs below row M
	MOVQ  groups_base+64(FP), R12
	MOVQ  groups_len+72(FP), R13
	MOVQ  lt_base+88(FP), SI
	MOVQ  ot_base+112(FP), BX

val_group:
	MOVLQSX   (R12), AX
	SHLQ      $5, AX          // the group's offset in a row
	LEAQ      (SI)(AX*1), CX
	VMOVUPD   (CX), Y0        // v
	VMOVUPD   (CX)(R10*2), Y2 // sel
	VMULPD    Y0, Y0, Y1      // w
	LEAQ      (R8)(AX*1), CX
	ADDQ      R15, CX
	VMOVUPD   (CX), Y3
	VBLENDVPD Y2, (CX)(R9*1), Y3, Y3 // e = c[M]
	VXORPD    Y4, Y4, Y4             // o
	MOVQ      R11, R14
	TESTQ     R14, R14
	JZ        val_end

val_pair:
	SUBQ      R10, CX
	VMOVUPD   (CX), Y5
	VBLENDVPD Y2, (CX)(R9*1), Y5, Y5 // c[i+1]
	SUBQ      R10, CX
	VMOVUPD   (CX), Y6
	VBLENDVPD Y2, (CX)(R9*1), Y6, Y6 // c[i]
	VMULPD    Y1, Y3, Y3
	VADDPD    Y6, Y3, Y3
	VMULPD    Y1, Y4, Y4
	VADDPD    Y5, Y4, Y4
	DECQ      R14
	JNZ       val_pair

val_end:
	VMULPD  Y0, Y4, Y4
	VADDPD  Y4, Y3, Y3
	LEAQ    (BX)(AX*1), CX
	VMOVUPD Y3, (CX)(R10*2)
	ADDQ    $4, R12
	DECQ    R13
	JNZ     val_group
	VZEROUPPER
	RET

// func irrPolyAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64):
// irrBlock.poly1 for the four lanes of each group: with z = arg (lt's
// row 0) and sel (row 2) as irrValueAVX2's, y = c[M], d = +0, then for
// i = M−1 … 0: d = d·z + y, y = y·z + c[i]; y to ot's row 0 and scale·d
// (scale: lt's row 1) to its row 1.
TEXT ·irrPolyAVX2(SB), NOSPLIT, $0-136
	MOVQ  ft_base+0(FP), R8
	MOVQ  gt_base+24(FP), R9
	SUBQ  R8, R9
	MOVQ  W+48(FP), R10
	SHLQ  $3, R10
	MOVQ  M+56(FP), R11
	MOVQ  R11, R15
	IMULQ R10, R15
	MOVQ  groups_base+64(FP), R12
	MOVQ  groups_len+72(FP), R13
	MOVQ  lt_base+88(FP), SI
	MOVQ  ot_base+112(FP), BX

poly_group:
	MOVLQSX   (R12), AX
	SHLQ      $5, AX
	LEAQ      (SI)(AX*1), CX
	VMOVUPD   (CX), Y0        // z
	VMOVUPD   (CX)(R10*2), Y2 // sel
	LEAQ      (R8)(AX*1), CX
	ADDQ      R15, CX
	VMOVUPD   (CX), Y3
	VBLENDVPD Y2, (CX)(R9*1), Y3, Y3 // y = c[M]
	VXORPD    Y4, Y4, Y4             // d
	MOVQ      R11, R14
	TESTQ     R14, R14
	JZ        poly_end

poly_step:
	SUBQ      R10, CX
	VMOVUPD   (CX), Y5
	VBLENDVPD Y2, (CX)(R9*1), Y5, Y5 // c[i]
	VMULPD    Y0, Y4, Y4
	VADDPD    Y3, Y4, Y4             // d = d·z + y
	VMULPD    Y0, Y3, Y3
	VADDPD    Y5, Y3, Y3             // y = y·z + c[i]
	DECQ      R14
	JNZ       poly_step

poly_end:
	LEAQ    (SI)(AX*1), CX
	VMULPD  (CX)(R10*1), Y4, Y4 // scale·d
	LEAQ    (BX)(AX*1), CX
	VMOVUPD Y3, (CX)
	VMOVUPD Y4, (CX)(R10*1)
	ADDQ    $4, R12
	DECQ    R13
	JNZ     poly_group
	VZEROUPPER
	RET
