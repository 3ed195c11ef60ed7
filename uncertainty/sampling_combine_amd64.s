//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// func mulLanesAVX(v, e []float64, r float64)
//
// v[l] = 0 + r·e[l] for l < len(v), a multiple of 4, len(e) ≥ len(v).
TEXT ·mulLanesAVX(SB), NOSPLIT, $0-56
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ e_base+24(FP), SI
	VBROADCASTSD r+48(FP), Y1
	VXORPD Y2, Y2, Y2
	SHRQ $2, CX
	JZ   mul_done

mul_loop:
	VMULPD  (SI), Y1, Y0
	VADDPD  Y2, Y0, Y0 // + 0: a −0 product becomes +0, as in Go
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     mul_loop

mul_done:
	VZEROUPPER
	RET

// func addMulLanesAVX(v, e []float64, r float64)
//
// v[l] += r·e[l] for l < len(v), a multiple of 4, len(e) ≥ len(v).
TEXT ·addMulLanesAVX(SB), NOSPLIT, $0-56
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ e_base+24(FP), SI
	VBROADCASTSD r+48(FP), Y1
	SHRQ $2, CX
	JZ   addmul_done

addmul_loop:
	VMULPD  (SI), Y1, Y0
	VADDPD  (DI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     addmul_loop

addmul_done:
	VZEROUPPER
	RET
