//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Constants for uniformsAVX2 and normalsAVX2, each four times (a 256-bit
// memory operand): math/rand/v2's PCG's (pcg.go, Go 1.26) and the
// conversions'.
DATA pcgK<>+0(SB)/8, $0x4385df649fccf645 // PCG's multiplier, low half
DATA pcgK<>+8(SB)/8, $0x4385df649fccf645
DATA pcgK<>+16(SB)/8, $0x4385df649fccf645
DATA pcgK<>+24(SB)/8, $0x4385df649fccf645
DATA pcgK<>+32(SB)/8, $0x000000004385df64 // its high 32 bits
DATA pcgK<>+40(SB)/8, $0x000000004385df64
DATA pcgK<>+48(SB)/8, $0x000000004385df64
DATA pcgK<>+56(SB)/8, $0x000000004385df64
DATA pcgK<>+64(SB)/8, $0x2360ed051fc65da4 // PCG's multiplier, high half
DATA pcgK<>+72(SB)/8, $0x2360ed051fc65da4
DATA pcgK<>+80(SB)/8, $0x2360ed051fc65da4
DATA pcgK<>+88(SB)/8, $0x2360ed051fc65da4
DATA pcgK<>+96(SB)/8, $0x000000002360ed05 // its high 32 bits
DATA pcgK<>+104(SB)/8, $0x000000002360ed05
DATA pcgK<>+112(SB)/8, $0x000000002360ed05
DATA pcgK<>+120(SB)/8, $0x000000002360ed05
DATA pcgK<>+128(SB)/8, $0x14057b7ef767814f // PCG's increment, low half
DATA pcgK<>+136(SB)/8, $0x14057b7ef767814f
DATA pcgK<>+144(SB)/8, $0x14057b7ef767814f
DATA pcgK<>+152(SB)/8, $0x14057b7ef767814f
DATA pcgK<>+160(SB)/8, $0x5851f42d4c957f2d // PCG's increment, high half
DATA pcgK<>+168(SB)/8, $0x5851f42d4c957f2d
DATA pcgK<>+176(SB)/8, $0x5851f42d4c957f2d
DATA pcgK<>+184(SB)/8, $0x5851f42d4c957f2d
DATA pcgK<>+192(SB)/8, $0xda942042e4dd58b5 // DXSM's multiplier
DATA pcgK<>+200(SB)/8, $0xda942042e4dd58b5
DATA pcgK<>+208(SB)/8, $0xda942042e4dd58b5
DATA pcgK<>+216(SB)/8, $0xda942042e4dd58b5
DATA pcgK<>+224(SB)/8, $0x00000000da942042 // its high 32 bits
DATA pcgK<>+232(SB)/8, $0x00000000da942042
DATA pcgK<>+240(SB)/8, $0x00000000da942042
DATA pcgK<>+248(SB)/8, $0x00000000da942042
DATA pcgK<>+256(SB)/8, $0x00000000ffffffff // the low 32 bits
DATA pcgK<>+264(SB)/8, $0x00000000ffffffff
DATA pcgK<>+272(SB)/8, $0x00000000ffffffff
DATA pcgK<>+280(SB)/8, $0x00000000ffffffff
DATA pcgK<>+288(SB)/8, $0x8000000000000000 // the sign bit
DATA pcgK<>+296(SB)/8, $0x8000000000000000
DATA pcgK<>+304(SB)/8, $0x8000000000000000
DATA pcgK<>+312(SB)/8, $0x8000000000000000
DATA pcgK<>+320(SB)/8, $0x0000000000000001 // 1
DATA pcgK<>+328(SB)/8, $0x0000000000000001
DATA pcgK<>+336(SB)/8, $0x0000000000000001
DATA pcgK<>+344(SB)/8, $0x0000000000000001
DATA pcgK<>+352(SB)/8, $0x4330000000000000 // 2^52
DATA pcgK<>+360(SB)/8, $0x4330000000000000
DATA pcgK<>+368(SB)/8, $0x4330000000000000
DATA pcgK<>+376(SB)/8, $0x4330000000000000
DATA pcgK<>+384(SB)/8, $0x4530000000000000 // 2^84
DATA pcgK<>+392(SB)/8, $0x4530000000000000
DATA pcgK<>+400(SB)/8, $0x4530000000000000
DATA pcgK<>+408(SB)/8, $0x4530000000000000
DATA pcgK<>+416(SB)/8, $0x4530000000100000 // 2^84 + 2^52
DATA pcgK<>+424(SB)/8, $0x4530000000100000
DATA pcgK<>+432(SB)/8, $0x4530000000100000
DATA pcgK<>+440(SB)/8, $0x4530000000100000
DATA pcgK<>+448(SB)/8, $0x3fe0000000000000 // 0.5
DATA pcgK<>+456(SB)/8, $0x3fe0000000000000
DATA pcgK<>+464(SB)/8, $0x3fe0000000000000
DATA pcgK<>+472(SB)/8, $0x3fe0000000000000
DATA pcgK<>+480(SB)/8, $0x3ca0000000000000 // 2^-53
DATA pcgK<>+488(SB)/8, $0x3ca0000000000000
DATA pcgK<>+496(SB)/8, $0x3ca0000000000000
DATA pcgK<>+504(SB)/8, $0x3ca0000000000000
DATA pcgK<>+512(SB)/8, $0x0000000200000000 // VPERMD: the low dwords, then the high
DATA pcgK<>+520(SB)/8, $0x0000000600000004
DATA pcgK<>+528(SB)/8, $0x0000000300000001
DATA pcgK<>+536(SB)/8, $0x0000000700000005
DATA pcgK<>+544(SB)/8, $0x0000007f0000007f // 0x7f, four int32
DATA pcgK<>+552(SB)/8, $0x0000007f0000007f
GLOBL pcgK<>(SB), RODATA|NOPTR, $560

// PCG4 steps the four PCG states at (R8) (high halves) and (R9) (low
// halves), stores them, and leaves their four numbers in Y2: rand.PCG's
// Uint64, lane by lane, in 64-bit integer arithmetic built of 32-bit
// products (AVX2 has no 64-bit multiply). Clobbers Y0-Y7.
#define PCG4 \
	VMOVDQU (R9), Y0 \
	VMOVDQU (R8), Y1 \
	/* hi·mulLo + lo·mulHi, mod 2^64 */ \
	VPMULUDQ pcgK<>+0(SB), Y1, Y2 \
	VPSRLQ $32, Y1, Y3 \
	VPMULUDQ pcgK<>+0(SB), Y3, Y3 \
	VPMULUDQ pcgK<>+32(SB), Y1, Y4 \
	VPADDQ Y4, Y3, Y3 \
	VPSLLQ $32, Y3, Y3 \
	VPADDQ Y3, Y2, Y2 \
	VPMULUDQ pcgK<>+64(SB), Y0, Y3 \
	VPSRLQ $32, Y0, Y4 \
	VPMULUDQ pcgK<>+64(SB), Y4, Y5 \
	VPMULUDQ pcgK<>+96(SB), Y0, Y6 \
	VPADDQ Y6, Y5, Y5 \
	VPSLLQ $32, Y5, Y5 \
	VPADDQ Y5, Y3, Y3 \
	VPADDQ Y3, Y2, Y2 \
	/* lo·mulLo, all 128 bits: Y3 the high half, Y5 the low */ \
	VPMULUDQ pcgK<>+0(SB), Y0, Y5 \
	VPMULUDQ pcgK<>+0(SB), Y4, Y6 \
	VPMULUDQ pcgK<>+32(SB), Y0, Y7 \
	VPMULUDQ pcgK<>+32(SB), Y4, Y3 \
	VPSRLQ $32, Y5, Y4 \
	VPAND pcgK<>+256(SB), Y6, Y1 \
	VPADDQ Y1, Y4, Y4 \
	VPAND pcgK<>+256(SB), Y7, Y1 \
	VPADDQ Y1, Y4, Y4 \
	VPSRLQ $32, Y6, Y6 \
	VPSRLQ $32, Y7, Y7 \
	VPADDQ Y6, Y3, Y3 \
	VPADDQ Y7, Y3, Y3 \
	VPSRLQ $32, Y4, Y6 \
	VPADDQ Y6, Y3, Y3 \
	VPSLLQ $32, Y4, Y4 \
	VPAND pcgK<>+256(SB), Y5, Y5 \
	VPOR Y4, Y5, Y5 \
	VPADDQ Y3, Y2, Y2 \
	/* + the increment, with the carry out of the low half */ \
	VPADDQ pcgK<>+128(SB), Y5, Y0 \
	VPXOR pcgK<>+288(SB), Y5, Y5 \
	VPXOR pcgK<>+288(SB), Y0, Y6 \
	VPCMPGTQ Y6, Y5, Y6 \
	VPADDQ pcgK<>+160(SB), Y2, Y1 \
	VPSUBQ Y6, Y1, Y1 \
	VMOVDQU Y1, (R8) \
	VMOVDQU Y0, (R9) \
	/* DXSM: hi ^= hi>>32; hi *= cheapMul; hi ^= hi>>48; hi *= lo|1 */ \
	VPSRLQ $32, Y1, Y2 \
	VPXOR Y2, Y1, Y2 \
	VPMULUDQ pcgK<>+192(SB), Y2, Y3 \
	VPSRLQ $32, Y2, Y4 \
	VPMULUDQ pcgK<>+192(SB), Y4, Y4 \
	VPMULUDQ pcgK<>+224(SB), Y2, Y5 \
	VPADDQ Y5, Y4, Y4 \
	VPSLLQ $32, Y4, Y4 \
	VPADDQ Y4, Y3, Y3 \
	VPSRLQ $48, Y3, Y4 \
	VPXOR Y4, Y3, Y3 \
	VPOR pcgK<>+320(SB), Y0, Y5 \
	VPSRLQ $32, Y5, Y6 \
	VPMULUDQ Y5, Y3, Y2 \
	VPSRLQ $32, Y3, Y4 \
	VPMULUDQ Y5, Y4, Y4 \
	VPMULUDQ Y6, Y3, Y6 \
	VPADDQ Y6, Y4, Y4 \
	VPSLLQ $32, Y4, Y4 \
	VPADDQ Y4, Y2, Y2

// func uniformsAVX2(v []float64, hi, lo []uint64)
//
// For each lane l of v (len(v) a multiple of 4, hi and lo at least as
// long): the next number u of lane l's PCG (hi[l], lo[l]), stepped, and
// v[l] = (float64(u>>11) + 0.5) / 2^53, as drawState.uniform gives it.
TEXT ·uniformsAVX2(SB), NOSPLIT, $0-72
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ hi_base+24(FP), R8
	MOVQ lo_base+48(FP), R9
	SHRQ $2, CX
	JZ   uniforms_done

uniforms_loop:
	PCG4
	/* float64(u>>11), exactly (< 2^53): its high 21 bits as 2^84 + h·2^32
	   less 2^84 + 2^52, plus its low 32 bits as 2^52 + l */
	VPSRLQ $11, Y2, Y2
	VPSRLQ $32, Y2, Y3
	VPOR pcgK<>+384(SB), Y3, Y3
	VSUBPD pcgK<>+416(SB), Y3, Y3
	VPAND pcgK<>+256(SB), Y2, Y2
	VPOR pcgK<>+352(SB), Y2, Y2
	VADDPD Y3, Y2, Y2
	VADDPD pcgK<>+448(SB), Y2, Y2
	VMULPD pcgK<>+480(SB), Y2, Y2
	VMOVUPD Y2, (DI)
	ADDQ $32, DI
	ADDQ $32, R8
	ADDQ $32, R9
	DECQ CX
	JNZ  uniforms_loop

uniforms_done:
	VZEROUPPER
	RET

// func normalsAVX2(v []float64, hi, lo []uint64) (rare uint64)
//
// For each lane l of v (len(v) a multiple of 4, at most 64, hi and lo at
// least as long): the next number u of lane l's PCG, stepped, and, where
// it falls in the ziggurat's rectangles, v[l] = normal's value for it;
// the other lanes are flagged in rare (bit l), for normalRare.
TEXT ·normalsAVX2(SB), NOSPLIT, $0-80
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ hi_base+24(FP), R8
	MOVQ lo_base+48(FP), R9
	LEAQ ·zigK(SB), R10
	LEAQ ·zigW(SB), R11
	MOVQ CX, DX
	SHRQ $2, DX      // groups
	XORQ BX, BX      // group
	XORQ R12, R12    // rare
	VMOVDQU pcgK<>+512(SB), Y8

normals_loop:
	CMPQ BX, DX
	JGE  normals_done
	PCG4
	VPERMD Y2, Y8, Y2          // int32(u) in X2, u>>32 in the high half
	VEXTRACTI128 $1, Y2, X3
	VPAND pcgK<>+544(SB), X3, X3      // i = u>>32 & 0x7f
	VPABSD X2, X4              // absInt32(j): 1<<31 stays 1<<31
	VPCMPEQD X5, X5, X5
	VPXOR X6, X6, X6
	VPGATHERDD X5, (R10)(X3*4), X6 // zigK[i]
	VPCMPGTD X4, X6, X6        // zigK[i] > abs, as int32
	VPSRAD $31, X4, X4
	VPANDN X6, X4, X6          // and abs < 1<<31: the unsigned comparison
	VPCMPEQD X5, X5, X5
	VXORPS X7, X7, X7
	VGATHERDPS X5, (R11)(X3*4), X7 // zigW[i]
	VCVTPS2PD X7, Y7
	VCVTDQ2PD X2, Y2
	VMULPD Y7, Y2, Y2          // float64(j) * float64(zigW[i])
	VMOVUPD Y2, (DI)
	VMOVMSKPS X6, AX
	XORL $15, AX
	MOVQ BX, CX
	SHLQ $2, CX
	SHLQ CX, AX                // the group's lanes, in place
	ORQ  AX, R12
	ADDQ $32, DI
	ADDQ $32, R8
	ADDQ $32, R9
	INCQ BX
	JMP  normals_loop

normals_done:
	VZEROUPPER
	MOVQ R12, rare+72(FP)
	RET
