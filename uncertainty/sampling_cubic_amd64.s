//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Constants for cubicsAVX, each four times (a 256-bit memory operand).
DATA cubicK<>+0(SB)/8, $0xc014000000000000 // -5 (-tableZ)
DATA cubicK<>+8(SB)/8, $0xc014000000000000
DATA cubicK<>+16(SB)/8, $0xc014000000000000
DATA cubicK<>+24(SB)/8, $0xc014000000000000
DATA cubicK<>+32(SB)/8, $0x4014000000000000 // 5 (tableZ)
DATA cubicK<>+40(SB)/8, $0x4014000000000000
DATA cubicK<>+48(SB)/8, $0x4014000000000000
DATA cubicK<>+56(SB)/8, $0x4014000000000000
DATA cubicK<>+64(SB)/8, $0x3ff0000000000000 // 1
DATA cubicK<>+72(SB)/8, $0x3ff0000000000000
DATA cubicK<>+80(SB)/8, $0x3ff0000000000000
DATA cubicK<>+88(SB)/8, $0x3ff0000000000000
DATA cubicK<>+96(SB)/8, $0x4000000000000000 // 2
DATA cubicK<>+104(SB)/8, $0x4000000000000000
DATA cubicK<>+112(SB)/8, $0x4000000000000000
DATA cubicK<>+120(SB)/8, $0x4000000000000000
DATA cubicK<>+128(SB)/8, $0x4008000000000000 // 3
DATA cubicK<>+136(SB)/8, $0x4008000000000000
DATA cubicK<>+144(SB)/8, $0x4008000000000000
DATA cubicK<>+152(SB)/8, $0x4008000000000000
DATA cubicK<>+160(SB)/8, $0x4018000000000000 // 6
DATA cubicK<>+168(SB)/8, $0x4018000000000000
DATA cubicK<>+176(SB)/8, $0x4018000000000000
DATA cubicK<>+184(SB)/8, $0x4018000000000000
DATA cubicK<>+192(SB)/8, $0x8000000000000000 // the sign bit
DATA cubicK<>+200(SB)/8, $0x8000000000000000
DATA cubicK<>+208(SB)/8, $0x8000000000000000
DATA cubicK<>+216(SB)/8, $0x8000000000000000
DATA cubicK<>+224(SB)/8, $0x0000000100000001 // int32 1, four times
DATA cubicK<>+232(SB)/8, $0x0000000100000001
GLOBL cubicK<>(SB), RODATA|NOPTR, $240

// func cubicsAVX(x, z, q []float64, inv, lo, hi float64) (skipped uint64)
//
// For each group g of four lanes of z (len(z)/4 groups, at most 64), x's
// lanes are set as atZ's table path sets them, or, if any of the four z
// is outside [-5, 5] (or NaN) or any value not strictly inside (lo, hi),
// the group is left as it is and bit g of skipped set. The nodes are
// clamped to [1, len(q)-3], so every load is within q.
TEXT ·cubicsAVX(SB), NOSPLIT, $0-104
	MOVQ x_base+0(FP), DI
	MOVQ z_base+24(FP), SI
	MOVQ z_len+32(FP), CX
	MOVQ q_base+48(FP), DX
	MOVQ q_len+56(FP), AX
	SUBQ $3, AX
	VMOVD AX, X14
	VPSHUFD $0, X14, X14        // last = len(q) - 3, four times
	VMOVDQU cubicK<>+224(SB), X13 // 1, four times
	VBROADCASTSD inv+72(FP), Y10
	VBROADCASTSD lo+80(FP), Y11
	VBROADCASTSD hi+88(FP), Y12
	SHRQ $2, CX                 // groups
	XORQ BX, BX                 // group
	XORQ R12, R12               // skipped

loop:
	CMPQ BX, CX
	JGE  done
	VMOVUPD (SI), Y0            // z
	VCMPPD  $0x1D, cubicK<>+0(SB), Y0, Y1  // z >= -5
	VCMPPD  $0x12, cubicK<>+32(SB), Y0, Y2 // z <= 5
	VANDPD  Y2, Y1, Y1
	VMOVMSKPD Y1, AX
	CMPL    AX, $15
	JNE     skip
	VADDPD  cubicK<>+32(SB), Y0, Y1 // z + 5
	VMULPD  Y10, Y1, Y1             // xx = (z + 5)·inv
	VCVTTPD2DQY Y1, X2              // int(xx)
	VPMAXSD X13, X2, X2
	VPMINSD X14, X2, X2             // i = min(max(int(xx), 1), last)
	VCVTDQ2PD X2, Y3
	VSUBPD  Y3, Y1, Y3              // s = xx - float64(i)
	VMOVD   X2, R8
	VPEXTRD $1, X2, R9
	VPEXTRD $2, X2, R10
	VPEXTRD $3, X2, R11
	VMOVUPD -8(DX)(R8*8), Y4        // q[i-1 : i+3], lane by lane
	VMOVUPD -8(DX)(R9*8), Y5
	VMOVUPD -8(DX)(R10*8), Y6
	VMOVUPD -8(DX)(R11*8), Y7
	VUNPCKLPD Y5, Y4, Y0
	VUNPCKHPD Y5, Y4, Y1
	VUNPCKLPD Y7, Y6, Y2
	VUNPCKHPD Y7, Y6, Y15
	VPERM2F128 $0x20, Y2, Y0, Y4    // q[i-1], lane by lane
	VPERM2F128 $0x31, Y2, Y0, Y6    // q[i+1]
	VPERM2F128 $0x20, Y15, Y1, Y5   // q[i]
	VPERM2F128 $0x31, Y15, Y1, Y7   // q[i+2]
	VADDPD  cubicK<>+64(SB), Y3, Y0 // a = s + 1
	VSUBPD  cubicK<>+64(SB), Y3, Y1 // b = s - 1
	VSUBPD  cubicK<>+96(SB), Y3, Y2 // c = s - 2
	VXORPD  cubicK<>+192(SB), Y3, Y15 // -s
	VMULPD  Y1, Y15, Y15
	VMULPD  Y2, Y15, Y15
	VMULPD  Y4, Y15, Y15            // -s·b·c·q[i-1]
	VMULPD  cubicK<>+128(SB), Y0, Y4 // 3·a
	VMULPD  Y1, Y4, Y8
	VMULPD  Y2, Y8, Y8
	VMULPD  Y5, Y8, Y8              // 3·a·b·c·q[i]
	VADDPD  Y8, Y15, Y15
	VMULPD  Y3, Y4, Y8
	VMULPD  Y2, Y8, Y8
	VMULPD  Y6, Y8, Y8              // 3·a·s·c·q[i+1]
	VSUBPD  Y8, Y15, Y15
	VMULPD  Y3, Y0, Y8
	VMULPD  Y1, Y8, Y8
	VMULPD  Y7, Y8, Y8              // a·s·b·q[i+2]
	VADDPD  Y8, Y15, Y15
	VDIVPD  cubicK<>+160(SB), Y15, Y15 // / 6
	VCMPPD  $0x1E, Y11, Y15, Y8     // v > lo
	VCMPPD  $0x11, Y12, Y15, Y9     // v < hi
	VANDPD  Y9, Y8, Y8
	VMOVMSKPD Y8, AX
	CMPL    AX, $15
	JNE     skip
	VMOVUPD Y15, (DI)

next:
	ADDQ $32, SI
	ADDQ $32, DI
	INCQ BX
	JMP  loop

skip:
	BTSQ BX, R12
	JMP  next

done:
	VZEROUPPER
	MOVQ R12, skipped+96(FP)
	RET
