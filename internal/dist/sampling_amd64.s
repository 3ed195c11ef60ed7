//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Constants for normCentralAVX, each four times (a 256-bit memory
// operand): normalQuantile's (normquantile.go).
DATA normK<>+0(SB)/8, $0x7fffffffffffffff // all but the sign bit
DATA normK<>+8(SB)/8, $0x7fffffffffffffff
DATA normK<>+16(SB)/8, $0x7fffffffffffffff
DATA normK<>+24(SB)/8, $0x7fffffffffffffff
DATA normK<>+32(SB)/8, $0x3fe0000000000000 // 0.5
DATA normK<>+40(SB)/8, $0x3fe0000000000000
DATA normK<>+48(SB)/8, $0x3fe0000000000000
DATA normK<>+56(SB)/8, $0x3fe0000000000000
DATA normK<>+64(SB)/8, $0x3fc71eb851eb851f // 0.180625
DATA normK<>+72(SB)/8, $0x3fc71eb851eb851f
DATA normK<>+80(SB)/8, $0x3fc71eb851eb851f
DATA normK<>+88(SB)/8, $0x3fc71eb851eb851f
DATA normK<>+96(SB)/8, $0x3fdb333333333333 // 0.425
DATA normK<>+104(SB)/8, $0x3fdb333333333333
DATA normK<>+112(SB)/8, $0x3fdb333333333333
DATA normK<>+120(SB)/8, $0x3fdb333333333333
DATA normK<>+128(SB)/8, $0x40a39a296f7d925e // qSA0
DATA normK<>+136(SB)/8, $0x40a39a296f7d925e
DATA normK<>+144(SB)/8, $0x40a39a296f7d925e
DATA normK<>+152(SB)/8, $0x40a39a296f7d925e
DATA normK<>+160(SB)/8, $0x40e052d26b2e45e4 // qSA1
DATA normK<>+168(SB)/8, $0x40e052d26b2e45e4
DATA normK<>+176(SB)/8, $0x40e052d26b2e45e4
DATA normK<>+184(SB)/8, $0x40e052d26b2e45e4
DATA normK<>+192(SB)/8, $0x40f06c1c55b78f20 // qSA2
DATA normK<>+200(SB)/8, $0x40f06c1c55b78f20
DATA normK<>+208(SB)/8, $0x40f06c1c55b78f20
DATA normK<>+216(SB)/8, $0x40f06c1c55b78f20
DATA normK<>+224(SB)/8, $0x40e66c3e869b752a // qSA3
DATA normK<>+232(SB)/8, $0x40e66c3e869b752a
DATA normK<>+240(SB)/8, $0x40e66c3e869b752a
DATA normK<>+248(SB)/8, $0x40e66c3e869b752a
DATA normK<>+256(SB)/8, $0x40cad1d8cd4ee71d // qSA4
DATA normK<>+264(SB)/8, $0x40cad1d8cd4ee71d
DATA normK<>+272(SB)/8, $0x40cad1d8cd4ee71d
DATA normK<>+280(SB)/8, $0x40cad1d8cd4ee71d
DATA normK<>+288(SB)/8, $0x409ece5d2213c0cc // qSA5
DATA normK<>+296(SB)/8, $0x409ece5d2213c0cc
DATA normK<>+304(SB)/8, $0x409ece5d2213c0cc
DATA normK<>+312(SB)/8, $0x409ece5d2213c0cc
DATA normK<>+320(SB)/8, $0x4060a4888b1a436e // qSA6
DATA normK<>+328(SB)/8, $0x4060a4888b1a436e
DATA normK<>+336(SB)/8, $0x4060a4888b1a436e
DATA normK<>+344(SB)/8, $0x4060a4888b1a436e
DATA normK<>+352(SB)/8, $0x400b18d91e9eef75 // qSA7
DATA normK<>+360(SB)/8, $0x400b18d91e9eef75
DATA normK<>+368(SB)/8, $0x400b18d91e9eef75
DATA normK<>+376(SB)/8, $0x400b18d91e9eef75
DATA normK<>+384(SB)/8, $0x40b46a7eca984b69 // qSB0
DATA normK<>+392(SB)/8, $0x40b46a7eca984b69
DATA normK<>+400(SB)/8, $0x40b46a7eca984b69
DATA normK<>+408(SB)/8, $0x40b46a7eca984b69
DATA normK<>+416(SB)/8, $0x40dc0e457cb1ae76 // qSB1
DATA normK<>+424(SB)/8, $0x40dc0e457cb1ae76
DATA normK<>+432(SB)/8, $0x40dc0e457cb1ae76
DATA normK<>+440(SB)/8, $0x40dc0e457cb1ae76
DATA normK<>+448(SB)/8, $0x40e3317caa64f4be // qSB2
DATA normK<>+456(SB)/8, $0x40e3317caa64f4be
DATA normK<>+464(SB)/8, $0x40e3317caa64f4be
DATA normK<>+472(SB)/8, $0x40e3317caa64f4be
DATA normK<>+480(SB)/8, $0x40d4b772d5d65266 // qSB3
DATA normK<>+488(SB)/8, $0x40d4b772d5d65266
DATA normK<>+496(SB)/8, $0x40d4b772d5d65266
DATA normK<>+504(SB)/8, $0x40d4b772d5d65266
DATA normK<>+512(SB)/8, $0x40b512322e75c89f // qSB4
DATA normK<>+520(SB)/8, $0x40b512322e75c89f
DATA normK<>+528(SB)/8, $0x40b512322e75c89f
DATA normK<>+536(SB)/8, $0x40b512322e75c89f
DATA normK<>+544(SB)/8, $0x4085797efdc8b3f7 // qSB5
DATA normK<>+552(SB)/8, $0x4085797efdc8b3f7
DATA normK<>+560(SB)/8, $0x4085797efdc8b3f7
DATA normK<>+568(SB)/8, $0x4085797efdc8b3f7
DATA normK<>+576(SB)/8, $0x4045281b386e1ab5 // qSB6
DATA normK<>+584(SB)/8, $0x4045281b386e1ab5
DATA normK<>+592(SB)/8, $0x4045281b386e1ab5
DATA normK<>+600(SB)/8, $0x4045281b386e1ab5
DATA normK<>+608(SB)/8, $0x3ff0000000000000 // qSB7
DATA normK<>+616(SB)/8, $0x3ff0000000000000
DATA normK<>+624(SB)/8, $0x3ff0000000000000
DATA normK<>+632(SB)/8, $0x3ff0000000000000
GLOBL normK<>(SB), RODATA|NOPTR, $640

// func normCentralAVX(x, p []float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64), normalQuantile's
// central range four lanes at a time: x[l] = normalQuantile(p[l]) where
// |p[l] - 0.5| <= 0.425, the same operations in the same order, bit for
// bit; the other lanes (NaN among them) are set to p[l] and flagged in
// out (bit l).
TEXT ·normCentralAVX(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out

loop:
	CMPQ BX, R9
	JGE  done
	VMOVUPD (SI), Y5              // p
	VSUBPD  normK<>+32(SB), Y5, Y0 // dp = p - 0.5
	VMULPD  Y0, Y0, Y1
	VMOVUPD normK<>+64(SB), Y2
	VSUBPD  Y1, Y2, Y1            // z = 0.180625 - dp·dp
	// z1 = ((((((a0·z+a1)·z+a2)·z+a3)·z+a4)·z+a5)·z+a6)·z + a7
	VMULPD  normK<>+128(SB), Y1, Y3
	VADDPD  normK<>+160(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+192(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+224(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+256(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+288(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+320(SB), Y3, Y3
	VMULPD  Y1, Y3, Y3
	VADDPD  normK<>+352(SB), Y3, Y3
	// z2, likewise with b0 … b7
	VMULPD  normK<>+384(SB), Y1, Y4
	VADDPD  normK<>+416(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+448(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+480(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+512(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+544(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+576(SB), Y4, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  normK<>+608(SB), Y4, Y4
	VMULPD  Y3, Y0, Y3            // dp·z1
	VDIVPD  Y4, Y3, Y3            // dp·z1/z2
	VANDPD  normK<>+0(SB), Y0, Y0
	VCMPPD  $0x12, normK<>+96(SB), Y0, Y0 // |dp| <= 0.425 (NaN is not)
	VBLENDVPD Y0, Y3, Y5, Y3      // the others keep p
	VMOVUPD Y3, (DI)
	VMOVMSKPD Y0, AX
	XORL    $15, AX
	MOVQ    BX, CX
	SHLQ    $2, CX
	SHLQ    CX, AX                // the group's lanes out, in place
	ORQ     AX, R12
	ADDQ    $32, SI
	ADDQ    $32, DI
	INCQ    BX
	JMP     loop

done:
	VZEROUPPER
	MOVQ R12, out+48(FP)
	RET
