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

// func normCentralAVX(x, p []float64, m, s float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64), normalQuantile's
// central range four lanes at a time, scaled: x[l] = m +
// s·normalQuantile(p[l]) where |p[l] - 0.5| <= 0.425, the same operations
// in the same order, bit for bit; the other lanes (NaN among them) are set
// to p[l] and flagged in out (bit l).
TEXT ·normCentralAVX(SB), NOSPLIT, $0-72
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out
	VBROADCASTSD m+48(FP), Y6
	VBROADCASTSD s+56(FP), Y7

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
	VMULPD  Y7, Y3, Y3
	VADDPD  Y6, Y3, Y3            // m + s·(dp·z1/z2)
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
	MOVQ R12, out+64(FP)
	RET

// Constants for truncCentralAVX, each four times: erfinvCentral's
// (erfinv.go) and truncNormalQuantiles's.
DATA truncK<>+0(SB)/8, $0x3ff0000000000000 // 1
DATA truncK<>+8(SB)/8, $0x3ff0000000000000
DATA truncK<>+16(SB)/8, $0x3ff0000000000000
DATA truncK<>+24(SB)/8, $0x3ff0000000000000
DATA truncK<>+32(SB)/8, $0x3fd0000000000000 // 0.25
DATA truncK<>+40(SB)/8, $0x3fd0000000000000
DATA truncK<>+48(SB)/8, $0x3fd0000000000000
DATA truncK<>+56(SB)/8, $0x3fd0000000000000
DATA truncK<>+64(SB)/8, $0x3fc71eb851eb851f // 0.180625
DATA truncK<>+72(SB)/8, $0x3fc71eb851eb851f
DATA truncK<>+80(SB)/8, $0x3fc71eb851eb851f
DATA truncK<>+88(SB)/8, $0x3fc71eb851eb851f
DATA truncK<>+96(SB)/8, $0x3ff6a09e667f3bcd // math.Sqrt2
DATA truncK<>+104(SB)/8, $0x3ff6a09e667f3bcd
DATA truncK<>+112(SB)/8, $0x3ff6a09e667f3bcd
DATA truncK<>+120(SB)/8, $0x3ff6a09e667f3bcd
DATA truncK<>+128(SB)/8, $0x7fffffffffffffff // all but the sign bit
DATA truncK<>+136(SB)/8, $0x7fffffffffffffff
DATA truncK<>+144(SB)/8, $0x7fffffffffffffff
DATA truncK<>+152(SB)/8, $0x7fffffffffffffff
DATA truncK<>+160(SB)/8, $0x3fe0000000000000 // 0.5
DATA truncK<>+168(SB)/8, $0x3fe0000000000000
DATA truncK<>+176(SB)/8, $0x3fe0000000000000
DATA truncK<>+184(SB)/8, $0x3fe0000000000000
DATA truncK<>+192(SB)/8, $0x0000000000000000 // 0
DATA truncK<>+200(SB)/8, $0x0000000000000000
DATA truncK<>+208(SB)/8, $0x0000000000000000
DATA truncK<>+216(SB)/8, $0x0000000000000000
DATA truncK<>+224(SB)/8, $0x3ff32917a42157d1 // eiA0
DATA truncK<>+232(SB)/8, $0x3ff32917a42157d1
DATA truncK<>+240(SB)/8, $0x3ff32917a42157d1
DATA truncK<>+248(SB)/8, $0x3ff32917a42157d1
DATA truncK<>+256(SB)/8, $0x4047894dd814bfa3 // eiA1
DATA truncK<>+264(SB)/8, $0x4047894dd814bfa3
DATA truncK<>+272(SB)/8, $0x4047894dd814bfa3
DATA truncK<>+280(SB)/8, $0x4047894dd814bfa3
DATA truncK<>+288(SB)/8, $0x4085c88056b01502 // eiA2
DATA truncK<>+296(SB)/8, $0x4085c88056b01502
DATA truncK<>+304(SB)/8, $0x4085c88056b01502
DATA truncK<>+312(SB)/8, $0x4085c88056b01502
DATA truncK<>+320(SB)/8, $0x40b2f6e30b2ec51e // eiA3
DATA truncK<>+328(SB)/8, $0x40b2f6e30b2ec51e
DATA truncK<>+336(SB)/8, $0x40b2f6e30b2ec51e
DATA truncK<>+344(SB)/8, $0x40b2f6e30b2ec51e
DATA truncK<>+352(SB)/8, $0x40cfb5ee66e5a285 // eiA4
DATA truncK<>+360(SB)/8, $0x40cfb5ee66e5a285
DATA truncK<>+368(SB)/8, $0x40cfb5ee66e5a285
DATA truncK<>+376(SB)/8, $0x40cfb5ee66e5a285
DATA truncK<>+384(SB)/8, $0x40d73982a6012afb // eiA5
DATA truncK<>+392(SB)/8, $0x40d73982a6012afb
DATA truncK<>+400(SB)/8, $0x40d73982a6012afb
DATA truncK<>+408(SB)/8, $0x40d73982a6012afb
DATA truncK<>+416(SB)/8, $0x40c715bf25ff1d11 // eiA6
DATA truncK<>+424(SB)/8, $0x40c715bf25ff1d11
DATA truncK<>+432(SB)/8, $0x40c715bf25ff1d11
DATA truncK<>+440(SB)/8, $0x40c715bf25ff1d11
DATA truncK<>+448(SB)/8, $0x408bb8c0a7936704 // eiA7
DATA truncK<>+456(SB)/8, $0x408bb8c0a7936704
DATA truncK<>+464(SB)/8, $0x408bb8c0a7936704
DATA truncK<>+472(SB)/8, $0x408bb8c0a7936704
DATA truncK<>+480(SB)/8, $0x3ff0000000000000 // eiB0
DATA truncK<>+488(SB)/8, $0x3ff0000000000000
DATA truncK<>+496(SB)/8, $0x3ff0000000000000
DATA truncK<>+504(SB)/8, $0x3ff0000000000000
DATA truncK<>+512(SB)/8, $0x4045281b386e1ab5 // eiB1
DATA truncK<>+520(SB)/8, $0x4045281b386e1ab5
DATA truncK<>+528(SB)/8, $0x4045281b386e1ab5
DATA truncK<>+536(SB)/8, $0x4045281b386e1ab5
DATA truncK<>+544(SB)/8, $0x4085797efdc8b3f7 // eiB2
DATA truncK<>+552(SB)/8, $0x4085797efdc8b3f7
DATA truncK<>+560(SB)/8, $0x4085797efdc8b3f7
DATA truncK<>+568(SB)/8, $0x4085797efdc8b3f7
DATA truncK<>+576(SB)/8, $0x40b512322e75c89f // eiB3
DATA truncK<>+584(SB)/8, $0x40b512322e75c89f
DATA truncK<>+592(SB)/8, $0x40b512322e75c89f
DATA truncK<>+600(SB)/8, $0x40b512322e75c89f
DATA truncK<>+608(SB)/8, $0x40d4b772d5d65266 // eiB4
DATA truncK<>+616(SB)/8, $0x40d4b772d5d65266
DATA truncK<>+624(SB)/8, $0x40d4b772d5d65266
DATA truncK<>+632(SB)/8, $0x40d4b772d5d65266
DATA truncK<>+640(SB)/8, $0x40e3317caa64f4be // eiB5
DATA truncK<>+648(SB)/8, $0x40e3317caa64f4be
DATA truncK<>+656(SB)/8, $0x40e3317caa64f4be
DATA truncK<>+664(SB)/8, $0x40e3317caa64f4be
DATA truncK<>+672(SB)/8, $0x40dc0e457cb1ae76 // eiB6
DATA truncK<>+680(SB)/8, $0x40dc0e457cb1ae76
DATA truncK<>+688(SB)/8, $0x40dc0e457cb1ae76
DATA truncK<>+696(SB)/8, $0x40dc0e457cb1ae76
DATA truncK<>+704(SB)/8, $0x40b46a7eca984b69 // eiB7
DATA truncK<>+712(SB)/8, $0x40b46a7eca984b69
DATA truncK<>+720(SB)/8, $0x40b46a7eca984b69
DATA truncK<>+728(SB)/8, $0x40b46a7eca984b69
GLOBL truncK<>(SB), RODATA|NOPTR, $736

// func truncCentralAVX(x, p []float64, m, s, c2, c3, lo, hi float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64),
// truncNormalQuantiles's first case four lanes at a time: with e =
// (1−p)·c2 + p·c3, x[l] = m + s·(√2·erfinvCentral(e)) where |e| ≤ 1/2, p
// is in (0, 1) and the value is strictly inside (lo, hi) (so that the
// clamp would leave it), the same operations in the same order, bit for
// bit; the other lanes are set to p[l] and flagged in out (bit l).
TEXT ·truncCentralAVX(SB), NOSPLIT, $0-104
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out
	VBROADCASTSD m+48(FP), Y10
	VBROADCASTSD s+56(FP), Y11
	VBROADCASTSD c2+64(FP), Y12
	VBROADCASTSD c3+72(FP), Y13
	VBROADCASTSD lo+80(FP), Y14
	VBROADCASTSD hi+88(FP), Y15

loop:
	CMPQ BX, R9
	JGE  done
	VMOVUPD (SI), Y0              // p
	VMOVUPD truncK<>+0(SB), Y1
	VSUBPD  Y0, Y1, Y1            // 1 - p
	VMULPD  Y12, Y1, Y1
	VMULPD  Y13, Y0, Y2
	VADDPD  Y2, Y1, Y1            // e = (1-p)·c2 + p·c3
	VMULPD  truncK<>+32(SB), Y1, Y2
	VMULPD  Y1, Y2, Y2
	VMOVUPD truncK<>+64(SB), Y3
	VSUBPD  Y2, Y3, Y2            // r = 0.180625 - 0.25·e·e
	// z1 = ((((((a7·r+a6)·r+a5)·r+a4)·r+a3)·r+a2)·r+a1)·r + a0
	VMULPD  truncK<>+448(SB), Y2, Y3
	VADDPD  truncK<>+416(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+384(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+352(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+320(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+288(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+256(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  truncK<>+224(SB), Y3, Y3
	// z2, likewise with b7 … b0
	VMULPD  truncK<>+704(SB), Y2, Y4
	VADDPD  truncK<>+672(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+640(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+608(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+576(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+544(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+512(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  truncK<>+480(SB), Y4, Y4
	VMULPD  Y1, Y3, Y3            // e·z1
	VDIVPD  Y4, Y3, Y3            // (e·z1)/z2
	VMULPD  truncK<>+96(SB), Y3, Y3
	VMULPD  Y11, Y3, Y3
	VADDPD  Y10, Y3, Y3           // v = m + s·(√2·erfinv(e))
	VANDPD  truncK<>+128(SB), Y1, Y1
	VCMPPD  $0x12, truncK<>+160(SB), Y1, Y1 // |e| <= 0.5 (NaN is not)
	VCMPPD  $0x1E, truncK<>+192(SB), Y0, Y2 // p > 0
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x11, truncK<>+0(SB), Y0, Y2  // p < 1
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x1E, Y14, Y3, Y2    // v > lo
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x11, Y15, Y3, Y2    // v < hi
	VANDPD  Y2, Y1, Y1
	VBLENDVPD Y1, Y3, Y0, Y3      // the others keep p
	VMOVUPD Y3, (DI)
	VMOVMSKPD Y1, AX
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
	MOVQ R12, out+96(FP)
	RET

// Constants for triCentralAVX and uniformAVX, each four times.
DATA triK<>+0(SB)/8, $0x3ff0000000000000 // 1
DATA triK<>+8(SB)/8, $0x3ff0000000000000
DATA triK<>+16(SB)/8, $0x3ff0000000000000
DATA triK<>+24(SB)/8, $0x3ff0000000000000
DATA triK<>+32(SB)/8, $0x8000000000000000 // the sign bit
DATA triK<>+40(SB)/8, $0x8000000000000000
DATA triK<>+48(SB)/8, $0x8000000000000000
DATA triK<>+56(SB)/8, $0x8000000000000000
DATA triK<>+64(SB)/8, $0x3fe0000000000000 // 0.5
DATA triK<>+72(SB)/8, $0x3fe0000000000000
DATA triK<>+80(SB)/8, $0x3fe0000000000000
DATA triK<>+88(SB)/8, $0x3fe0000000000000
DATA triK<>+96(SB)/8, $0x0000000000000000 // 0
DATA triK<>+104(SB)/8, $0x0000000000000000
DATA triK<>+112(SB)/8, $0x0000000000000000
DATA triK<>+120(SB)/8, $0x0000000000000000
GLOBL triK<>(SB), RODATA|NOPTR, $128

// OUTMASK ors into R12 the lanes of group BX not flagged in Y1's mask.
#define OUTMASK \
	VMOVMSKPD Y1, AX \
	XORL $15, AX \
	MOVQ BX, CX \
	SHLQ $2, CX \
	SHLQ CX, AX \
	ORQ  AX, R12

// func triCentralAVX(x, p []float64, lo, hi, w, c3, c4 float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64),
// triangularQuantiles's branchless formula four lanes at a time: x[l] as
// it sets it where p[l] is in (0, 1), on the side of 1/2 its case needs,
// and the value strictly inside (lo, hi) (so that the clamp would leave
// it), bit for bit; the other lanes are set to p[l] and flagged in out
// (bit l).
TEXT ·triCentralAVX(SB), NOSPLIT, $0-96
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out
	VBROADCASTSD lo+48(FP), Y10
	VBROADCASTSD hi+56(FP), Y11
	VBROADCASTSD w+64(FP), Y12
	VBROADCASTSD c3+72(FP), Y13
	VBROADCASTSD c4+80(FP), Y14

tri_loop:
	CMPQ BX, R9
	JGE  tri_done
	VMOVUPD (SI), Y0              // p
	VCMPPD  $0x11, Y13, Y0, Y5    // below: p < f (c3)
	VMULPD  Y13, Y0, Y2           // p·f
	VMOVUPD triK<>+0(SB), Y3
	VSUBPD  Y0, Y3, Y3
	VMULPD  Y14, Y3, Y3           // (1-p)·g (c4)
	VBLENDVPD Y5, Y2, Y3, Y2      // arg
	VSQRTPD Y2, Y2
	VMULPD  Y12, Y2, Y2           // ws = w·√arg
	VBLENDVPD Y5, Y10, Y11, Y3    // base: lo below, else hi
	VANDNPD triK<>+32(SB), Y5, Y4
	VXORPD  Y4, Y2, Y2            // ws, or -ws from hi
	VADDPD  Y2, Y3, Y3            // v
	VCMPPD  $0x12, triK<>+64(SB), Y0, Y2 // p <= 0.5, as lo's case needs
	VCMPPD  $0x1D, triK<>+64(SB), Y0, Y4 // p >= 0.5, as hi's
	VBLENDVPD Y5, Y2, Y4, Y1
	VCMPPD  $0x1E, triK<>+96(SB), Y0, Y2 // p > 0
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x11, triK<>+0(SB), Y0, Y2  // p < 1
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x1E, Y10, Y3, Y2    // v > lo
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x11, Y11, Y3, Y2    // v < hi
	VANDPD  Y2, Y1, Y1
	VBLENDVPD Y1, Y3, Y0, Y3      // the others keep p
	VMOVUPD Y3, (DI)
	OUTMASK
	ADDQ    $32, SI
	ADDQ    $32, DI
	INCQ    BX
	JMP     tri_loop

tri_done:
	VZEROUPPER
	MOVQ R12, out+88(FP)
	RET

// func uniformAVX(x, p []float64, lo, w, hi float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64), Quantiles's
// uniform four lanes at a time: x[l] = lo + p[l]·w where p[l] is in (0, 1)
// and that is strictly inside (lo, hi) (so that the clamp would leave
// it); the other lanes are set to p[l] and flagged in out (bit l).
TEXT ·uniformAVX(SB), NOSPLIT, $0-80
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out
	VBROADCASTSD lo+48(FP), Y10
	VBROADCASTSD w+56(FP), Y11
	VBROADCASTSD hi+64(FP), Y12

uni_loop:
	CMPQ BX, R9
	JGE  uni_done
	VMOVUPD (SI), Y0              // p
	VMULPD  Y11, Y0, Y3
	VADDPD  Y3, Y10, Y3           // v = lo + p·w
	VCMPPD  $0x1E, triK<>+96(SB), Y0, Y1 // p > 0
	VCMPPD  $0x11, triK<>+0(SB), Y0, Y2  // p < 1
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x1E, Y10, Y3, Y2    // v > lo
	VANDPD  Y2, Y1, Y1
	VCMPPD  $0x11, Y12, Y3, Y2    // v < hi
	VANDPD  Y2, Y1, Y1
	VBLENDVPD Y1, Y3, Y0, Y3      // the others keep p
	VMOVUPD Y3, (DI)
	OUTMASK
	ADDQ    $32, SI
	ADDQ    $32, DI
	INCQ    BX
	JMP     uni_loop

uni_done:
	VZEROUPPER
	MOVQ R12, out+72(FP)
	RET

// Constants for normQuantileAVX, each four times, besides normK's:
// normalQuantile's tails (normquantile.go) and archLog's (log_amd64.s).
DATA nqK<>+0(SB)/8, $0x3ff0000000000000 // 1
DATA nqK<>+8(SB)/8, $0x3ff0000000000000
DATA nqK<>+16(SB)/8, $0x3ff0000000000000
DATA nqK<>+24(SB)/8, $0x3ff0000000000000
DATA nqK<>+32(SB)/8, $0x4000000000000000 // 2
DATA nqK<>+40(SB)/8, $0x4000000000000000
DATA nqK<>+48(SB)/8, $0x4000000000000000
DATA nqK<>+56(SB)/8, $0x4000000000000000
DATA nqK<>+64(SB)/8, $0x3ff999999999999a // 1.6
DATA nqK<>+72(SB)/8, $0x3ff999999999999a
DATA nqK<>+80(SB)/8, $0x3ff999999999999a
DATA nqK<>+88(SB)/8, $0x3ff999999999999a
DATA nqK<>+96(SB)/8, $0x4014000000000000 // 5
DATA nqK<>+104(SB)/8, $0x4014000000000000
DATA nqK<>+112(SB)/8, $0x4014000000000000
DATA nqK<>+120(SB)/8, $0x4014000000000000
DATA nqK<>+128(SB)/8, $0x8000000000000000 // the sign bit
DATA nqK<>+136(SB)/8, $0x8000000000000000
DATA nqK<>+144(SB)/8, $0x8000000000000000
DATA nqK<>+152(SB)/8, $0x8000000000000000
DATA nqK<>+160(SB)/8, $0x000fffffffffffff // the mantissa bits
DATA nqK<>+168(SB)/8, $0x000fffffffffffff
DATA nqK<>+176(SB)/8, $0x000fffffffffffff
DATA nqK<>+184(SB)/8, $0x000fffffffffffff
DATA nqK<>+192(SB)/8, $0x0010000000000000 // the smallest normal, 2^-1022
DATA nqK<>+200(SB)/8, $0x0010000000000000
DATA nqK<>+208(SB)/8, $0x0010000000000000
DATA nqK<>+216(SB)/8, $0x0010000000000000
DATA nqK<>+224(SB)/8, $0x0000000000000000 // 0
DATA nqK<>+232(SB)/8, $0x0000000000000000
DATA nqK<>+240(SB)/8, $0x0000000000000000
DATA nqK<>+248(SB)/8, $0x0000000000000000
DATA nqK<>+256(SB)/8, $0x3fe6a09e667f3bcd // log_amd64.s: HSqrt2
DATA nqK<>+264(SB)/8, $0x3fe6a09e667f3bcd
DATA nqK<>+272(SB)/8, $0x3fe6a09e667f3bcd
DATA nqK<>+280(SB)/8, $0x3fe6a09e667f3bcd
DATA nqK<>+288(SB)/8, $0x3fe62e42fee00000 // Ln2Hi
DATA nqK<>+296(SB)/8, $0x3fe62e42fee00000
DATA nqK<>+304(SB)/8, $0x3fe62e42fee00000
DATA nqK<>+312(SB)/8, $0x3fe62e42fee00000
DATA nqK<>+320(SB)/8, $0x3dea39ef35793c76 // Ln2Lo
DATA nqK<>+328(SB)/8, $0x3dea39ef35793c76
DATA nqK<>+336(SB)/8, $0x3dea39ef35793c76
DATA nqK<>+344(SB)/8, $0x3dea39ef35793c76
DATA nqK<>+352(SB)/8, $0x3fe5555555555593 // L1
DATA nqK<>+360(SB)/8, $0x3fe5555555555593
DATA nqK<>+368(SB)/8, $0x3fe5555555555593
DATA nqK<>+376(SB)/8, $0x3fe5555555555593
DATA nqK<>+384(SB)/8, $0x3fd999999997fa04 // L2
DATA nqK<>+392(SB)/8, $0x3fd999999997fa04
DATA nqK<>+400(SB)/8, $0x3fd999999997fa04
DATA nqK<>+408(SB)/8, $0x3fd999999997fa04
DATA nqK<>+416(SB)/8, $0x3fd2492494229359 // L3
DATA nqK<>+424(SB)/8, $0x3fd2492494229359
DATA nqK<>+432(SB)/8, $0x3fd2492494229359
DATA nqK<>+440(SB)/8, $0x3fd2492494229359
DATA nqK<>+448(SB)/8, $0x3fcc71c51d8e78af // L4
DATA nqK<>+456(SB)/8, $0x3fcc71c51d8e78af
DATA nqK<>+464(SB)/8, $0x3fcc71c51d8e78af
DATA nqK<>+472(SB)/8, $0x3fcc71c51d8e78af
DATA nqK<>+480(SB)/8, $0x3fc7466496cb03de // L5
DATA nqK<>+488(SB)/8, $0x3fc7466496cb03de
DATA nqK<>+496(SB)/8, $0x3fc7466496cb03de
DATA nqK<>+504(SB)/8, $0x3fc7466496cb03de
DATA nqK<>+512(SB)/8, $0x3fc39a09d078c69f // L6
DATA nqK<>+520(SB)/8, $0x3fc39a09d078c69f
DATA nqK<>+528(SB)/8, $0x3fc39a09d078c69f
DATA nqK<>+536(SB)/8, $0x3fc39a09d078c69f
DATA nqK<>+544(SB)/8, $0x3fc2f112df3e5244 // L7
DATA nqK<>+552(SB)/8, $0x3fc2f112df3e5244
DATA nqK<>+560(SB)/8, $0x3fc2f112df3e5244
DATA nqK<>+568(SB)/8, $0x3fc2f112df3e5244
DATA nqK<>+576(SB)/8, $0x3f49615ac0b7ace9 // qIA0
DATA nqK<>+584(SB)/8, $0x3f49615ac0b7ace9
DATA nqK<>+592(SB)/8, $0x3f49615ac0b7ace9
DATA nqK<>+600(SB)/8, $0x3f49615ac0b7ace9
DATA nqK<>+608(SB)/8, $0x3f9744eb6c45ec67 // qIA1
DATA nqK<>+616(SB)/8, $0x3f9744eb6c45ec67
DATA nqK<>+624(SB)/8, $0x3f9744eb6c45ec67
DATA nqK<>+632(SB)/8, $0x3f9744eb6c45ec67
DATA nqK<>+640(SB)/8, $0x3fcef2abb9b85c37 // qIA2
DATA nqK<>+648(SB)/8, $0x3fcef2abb9b85c37
DATA nqK<>+656(SB)/8, $0x3fcef2abb9b85c37
DATA nqK<>+664(SB)/8, $0x3fcef2abb9b85c37
DATA nqK<>+672(SB)/8, $0x3ff453cc085375b2 // qIA3
DATA nqK<>+680(SB)/8, $0x3ff453cc085375b2
DATA nqK<>+688(SB)/8, $0x3ff453cc085375b2
DATA nqK<>+696(SB)/8, $0x3ff453cc085375b2
DATA nqK<>+704(SB)/8, $0x400d2ecb1a3d02c4 // qIA4
DATA nqK<>+712(SB)/8, $0x400d2ecb1a3d02c4
DATA nqK<>+720(SB)/8, $0x400d2ecb1a3d02c4
DATA nqK<>+728(SB)/8, $0x400d2ecb1a3d02c4
DATA nqK<>+736(SB)/8, $0x401713f71462256a // qIA5
DATA nqK<>+744(SB)/8, $0x401713f71462256a
DATA nqK<>+752(SB)/8, $0x401713f71462256a
DATA nqK<>+760(SB)/8, $0x401713f71462256a
DATA nqK<>+768(SB)/8, $0x4012857748cab19b // qIA6
DATA nqK<>+776(SB)/8, $0x4012857748cab19b
DATA nqK<>+784(SB)/8, $0x4012857748cab19b
DATA nqK<>+792(SB)/8, $0x4012857748cab19b
DATA nqK<>+800(SB)/8, $0x3ff6c665fde9526a // qIA7
DATA nqK<>+808(SB)/8, $0x3ff6c665fde9526a
DATA nqK<>+816(SB)/8, $0x3ff6c665fde9526a
DATA nqK<>+824(SB)/8, $0x3ff6c665fde9526a
DATA nqK<>+832(SB)/8, $0x3e120d3f686439e4 // qIB0
DATA nqK<>+840(SB)/8, $0x3e120d3f686439e4
DATA nqK<>+848(SB)/8, $0x3e120d3f686439e4
DATA nqK<>+856(SB)/8, $0x3e120d3f686439e4
DATA nqK<>+864(SB)/8, $0x3f41f18cbfdf2728 // qIB1
DATA nqK<>+872(SB)/8, $0x3f41f18cbfdf2728
DATA nqK<>+880(SB)/8, $0x3f41f18cbfdf2728
DATA nqK<>+888(SB)/8, $0x3f41f18cbfdf2728
DATA nqK<>+896(SB)/8, $0x3f8f207a7eab17bf // qIB2
DATA nqK<>+904(SB)/8, $0x3f8f207a7eab17bf
DATA nqK<>+912(SB)/8, $0x3f8f207a7eab17bf
DATA nqK<>+920(SB)/8, $0x3f8f207a7eab17bf
DATA nqK<>+928(SB)/8, $0x3fc2f5123394f040 // qIB3
DATA nqK<>+936(SB)/8, $0x3fc2f5123394f040
DATA nqK<>+944(SB)/8, $0x3fc2f5123394f040
DATA nqK<>+952(SB)/8, $0x3fc2f5123394f040
DATA nqK<>+960(SB)/8, $0x3fe61292f23385c9 // qIB4
DATA nqK<>+968(SB)/8, $0x3fe61292f23385c9
DATA nqK<>+976(SB)/8, $0x3fe61292f23385c9
DATA nqK<>+984(SB)/8, $0x3fe61292f23385c9
DATA nqK<>+992(SB)/8, $0x3ffad278e6526633 // qIB5
DATA nqK<>+1000(SB)/8, $0x3ffad278e6526633
DATA nqK<>+1008(SB)/8, $0x3ffad278e6526633
DATA nqK<>+1016(SB)/8, $0x3ffad278e6526633
DATA nqK<>+1024(SB)/8, $0x40006cefbb46a449 // qIB6
DATA nqK<>+1032(SB)/8, $0x40006cefbb46a449
DATA nqK<>+1040(SB)/8, $0x40006cefbb46a449
DATA nqK<>+1048(SB)/8, $0x40006cefbb46a449
DATA nqK<>+1056(SB)/8, $0x3ff0000000000000 // qIB7
DATA nqK<>+1064(SB)/8, $0x3ff0000000000000
DATA nqK<>+1072(SB)/8, $0x3ff0000000000000
DATA nqK<>+1080(SB)/8, $0x3ff0000000000000
DATA nqK<>+1088(SB)/8, $0x000003fe000003fe // 0x3fe, four int32
DATA nqK<>+1096(SB)/8, $0x000003fe000003fe
DATA nqK<>+1104(SB)/8, $0x0000000200000000 // VPERMD: the low dwords
DATA nqK<>+1112(SB)/8, $0x0000000600000004
DATA nqK<>+1120(SB)/8, $0x0000000300000001
DATA nqK<>+1128(SB)/8, $0x0000000700000005
GLOBL nqK<>(SB), RODATA|NOPTR, $1136

// func normQuantileAVX(x, p []float64) (out uint64)
//
// For the lanes of p (len(p) a multiple of 4, at most 64),
// normalQuantile four lanes at a time, both its ranges worked out and the
// one it takes chosen: x[l] = normalQuantile(p[l]) bit for bit where p[l]
// is in (0, 1) and, in the tails, min(p, 1−p) is a normal number and r at
// most 5; the other lanes are set to p[l] and flagged in out (bit l). The
// tails' logarithm is math.Log's on amd64 (archLog, log_amd64.s), the
// same operations in the same order.
TEXT ·normQuantileAVX(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out

nq_loop:
	CMPQ BX, R9
	JGE  nq_done
	VMOVUPD (SI), Y0              // p
	// The central range.
	VSUBPD  normK<>+32(SB), Y0, Y1      // dp = p - 0.5
	VMULPD  Y1, Y1, Y2
	VMOVUPD normK<>+64(SB), Y3
	VSUBPD  Y2, Y3, Y2            // z = 0.180625 - dp·dp
	// z1 = ((((((a0·z+a1)·z+a2)·z+a3)·z+a4)·z+a5)·z+a6)·z + a7, and z2
	VMULPD  normK<>+128(SB), Y2, Y3
	VADDPD  normK<>+160(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+192(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+224(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+256(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+288(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+320(SB), Y3, Y3
	VMULPD  Y2, Y3, Y3
	VADDPD  normK<>+352(SB), Y3, Y3
	VMULPD  normK<>+384(SB), Y2, Y4
	VADDPD  normK<>+416(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+448(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+480(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+512(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+544(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+576(SB), Y4, Y4
	VMULPD  Y2, Y4, Y4
	VADDPD  normK<>+608(SB), Y4, Y4
	VMULPD  Y3, Y1, Y3
	VDIVPD  Y4, Y3, Y3            // dp·z1/z2
	// The tails: q = min(p, 1-p), and archLog(q).
	VMOVUPD nqK<>+0(SB), Y4
	VSUBPD  Y0, Y4, Y4
	VMINPD  Y4, Y0, Y4            // q
	VANDPD  nqK<>+160(SB), Y4, Y5
	VORPD   normK<>+32(SB), Y5, Y5      // f1, in [0.5, 1)
	VPSRLQ  $52, Y4, Y6
	VMOVDQU nqK<>+1104(SB), Y9
	VPERMD  Y6, Y9, Y6            // the exponents as int32, in X6
	VPSUBD  nqK<>+1088(SB), X6, X6
	VCVTDQ2PD X6, Y6              // k
	VMOVUPD nqK<>+256(SB), Y7
	VCMPPD  $5, Y5, Y7, Y7        // !(HSqrt2 < f1), as CMPSD's cmpnlt
	VANDPD  nqK<>+0(SB), Y7, Y7       // 0 or 1
	VSUBPD  Y7, Y6, Y6            // k -= that
	VADDPD  nqK<>+0(SB), Y7, Y7       // 1 or 2
	VMULPD  Y7, Y5, Y5            // f1 ·= that
	VSUBPD  nqK<>+0(SB), Y5, Y5       // f = f1 - 1
	VADDPD  nqK<>+32(SB), Y5, Y7
	VDIVPD  Y7, Y5, Y7            // s = f/(2+f)
	VMULPD  Y7, Y7, Y8            // s2
	VMULPD  Y8, Y8, Y10           // s4
	VMULPD  nqK<>+544(SB), Y10, Y11      // t1 = s2·(L1+s4·(L3+s4·(L5+s4·L7)))
	VADDPD  nqK<>+480(SB), Y11, Y11
	VMULPD  Y10, Y11, Y11
	VADDPD  nqK<>+416(SB), Y11, Y11
	VMULPD  Y10, Y11, Y11
	VADDPD  nqK<>+352(SB), Y11, Y11
	VMULPD  Y11, Y8, Y8
	VMULPD  nqK<>+512(SB), Y10, Y11      // t2 = s4·(L2+s4·(L4+s4·L6))
	VADDPD  nqK<>+448(SB), Y11, Y11
	VMULPD  Y10, Y11, Y11
	VADDPD  nqK<>+384(SB), Y11, Y11
	VMULPD  Y11, Y10, Y10
	VADDPD  Y10, Y8, Y8           // R = t1 + t2
	VMULPD  normK<>+32(SB), Y5, Y10
	VMULPD  Y5, Y10, Y10          // hfsq = 0.5·f·f
	VADDPD  Y10, Y8, Y8           // hfsq + R
	VMULPD  Y8, Y7, Y7            // s·(hfsq+R)
	VMULPD  nqK<>+320(SB), Y6, Y11
	VADDPD  Y11, Y7, Y7           // s·(hfsq+R) + k·Ln2Lo
	VSUBPD  Y7, Y10, Y10
	VSUBPD  Y5, Y10, Y10          // (hfsq - (…)) - f
	VMULPD  nqK<>+288(SB), Y6, Y6
	VSUBPD  Y10, Y6, Y6           // log(q) = k·Ln2Hi - (…)
	VXORPD  nqK<>+128(SB), Y6, Y6
	VSQRTPD Y6, Y6                // r = √(-log(q))
	VSUBPD  nqK<>+64(SB), Y6, Y7       // z = r - 1.6
	// z1 and z2 of the tails' first range, as above
	VMULPD  nqK<>+576(SB), Y7, Y8
	VADDPD  nqK<>+608(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+640(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+672(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+704(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+736(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+768(SB), Y8, Y8
	VMULPD  Y7, Y8, Y8
	VADDPD  nqK<>+800(SB), Y8, Y8
	VMULPD  nqK<>+832(SB), Y7, Y10
	VADDPD  nqK<>+864(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+896(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+928(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+960(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+992(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+1024(SB), Y10, Y10
	VMULPD  Y7, Y10, Y10
	VADDPD  nqK<>+1056(SB), Y10, Y10
	VDIVPD  Y10, Y8, Y8           // z1/z2
	VANDPD  nqK<>+128(SB), Y1, Y11
	VXORPD  Y11, Y8, Y8           // its sign: dp's
	// Which range, and which lanes are for normalQuantile.
	VANDPD  normK<>+0(SB), Y1, Y1
	VCMPPD  $0x12, normK<>+96(SB), Y1, Y1 // central: |dp| <= 0.425
	VBLENDVPD Y1, Y3, Y8, Y8
	VCMPPD  $0x1D, nqK<>+192(SB), Y4, Y12 // q >= 2^-1022
	VCMPPD  $0x12, nqK<>+96(SB), Y6, Y13    // r <= 5
	VANDPD  Y13, Y12, Y12
	VORPD   Y1, Y12, Y12
	VCMPPD  $0x1E, nqK<>+224(SB), Y0, Y13    // p > 0
	VANDPD  Y13, Y12, Y12
	VCMPPD  $0x11, nqK<>+0(SB), Y0, Y13     // p < 1
	VANDPD  Y13, Y12, Y1
	VBLENDVPD Y1, Y8, Y0, Y8      // the others keep p
	VMOVUPD Y8, (DI)
	OUTMASK
	ADDQ    $32, SI
	ADDQ    $32, DI
	INCQ    BX
	JMP     nq_loop

nq_done:
	VZEROUPPER
	MOVQ R12, out+48(FP)
	RET

