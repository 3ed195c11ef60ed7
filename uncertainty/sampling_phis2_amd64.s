//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Constants for phis2AVX, each four times: erfc's (erfc.go) and phi's.
DATA phis2K<>+0(SB)/8, $0x8000000000000000 // the sign bit
DATA phis2K<>+8(SB)/8, $0x8000000000000000
DATA phis2K<>+16(SB)/8, $0x8000000000000000
DATA phis2K<>+24(SB)/8, $0x8000000000000000
DATA phis2K<>+32(SB)/8, $0x7fffffffffffffff // all but the sign bit
DATA phis2K<>+40(SB)/8, $0x7fffffffffffffff
DATA phis2K<>+48(SB)/8, $0x7fffffffffffffff
DATA phis2K<>+56(SB)/8, $0x7fffffffffffffff
DATA phis2K<>+64(SB)/8, $0x3ff6a09e667f3bcd // math.Sqrt2
DATA phis2K<>+72(SB)/8, $0x3ff6a09e667f3bcd
DATA phis2K<>+80(SB)/8, $0x3ff6a09e667f3bcd
DATA phis2K<>+88(SB)/8, $0x3ff6a09e667f3bcd
DATA phis2K<>+96(SB)/8, $0x3ff0000000000000 // 1
DATA phis2K<>+104(SB)/8, $0x3ff0000000000000
DATA phis2K<>+112(SB)/8, $0x3ff0000000000000
DATA phis2K<>+120(SB)/8, $0x3ff0000000000000
DATA phis2K<>+128(SB)/8, $0x3fe0000000000000 // 0.5
DATA phis2K<>+136(SB)/8, $0x3fe0000000000000
DATA phis2K<>+144(SB)/8, $0x3fe0000000000000
DATA phis2K<>+152(SB)/8, $0x3fe0000000000000
DATA phis2K<>+160(SB)/8, $0x3feb000000000000 // 0.84375
DATA phis2K<>+168(SB)/8, $0x3feb000000000000
DATA phis2K<>+176(SB)/8, $0x3feb000000000000
DATA phis2K<>+184(SB)/8, $0x3feb000000000000
DATA phis2K<>+192(SB)/8, $0x3ff4000000000000 // 1.25
DATA phis2K<>+200(SB)/8, $0x3ff4000000000000
DATA phis2K<>+208(SB)/8, $0x3ff4000000000000
DATA phis2K<>+216(SB)/8, $0x3ff4000000000000
DATA phis2K<>+224(SB)/8, $0x3fc3d4fa80000000 // 1 - erx, rounded once
DATA phis2K<>+232(SB)/8, $0x3fc3d4fa80000000
DATA phis2K<>+240(SB)/8, $0x3fc3d4fa80000000
DATA phis2K<>+248(SB)/8, $0x3fc3d4fa80000000
DATA phis2K<>+256(SB)/8, $0x3ffd8560b0000000 // 1 + erx, rounded once
DATA phis2K<>+264(SB)/8, $0x3ffd8560b0000000
DATA phis2K<>+272(SB)/8, $0x3ffd8560b0000000
DATA phis2K<>+280(SB)/8, $0x3ffd8560b0000000
DATA phis2K<>+288(SB)/8, $0xbf6359b8bef77538 // ePA0
DATA phis2K<>+296(SB)/8, $0xbf6359b8bef77538
DATA phis2K<>+304(SB)/8, $0xbf6359b8bef77538
DATA phis2K<>+312(SB)/8, $0xbf6359b8bef77538
DATA phis2K<>+320(SB)/8, $0x3fda8d00ad92b34d // ePA1
DATA phis2K<>+328(SB)/8, $0x3fda8d00ad92b34d
DATA phis2K<>+336(SB)/8, $0x3fda8d00ad92b34d
DATA phis2K<>+344(SB)/8, $0x3fda8d00ad92b34d
DATA phis2K<>+352(SB)/8, $0xbfd7d240fbb8c3f1 // ePA2
DATA phis2K<>+360(SB)/8, $0xbfd7d240fbb8c3f1
DATA phis2K<>+368(SB)/8, $0xbfd7d240fbb8c3f1
DATA phis2K<>+376(SB)/8, $0xbfd7d240fbb8c3f1
DATA phis2K<>+384(SB)/8, $0x3fd45fca805120e4 // ePA3
DATA phis2K<>+392(SB)/8, $0x3fd45fca805120e4
DATA phis2K<>+400(SB)/8, $0x3fd45fca805120e4
DATA phis2K<>+408(SB)/8, $0x3fd45fca805120e4
DATA phis2K<>+416(SB)/8, $0xbfbc63983d3e28ec // ePA4
DATA phis2K<>+424(SB)/8, $0xbfbc63983d3e28ec
DATA phis2K<>+432(SB)/8, $0xbfbc63983d3e28ec
DATA phis2K<>+440(SB)/8, $0xbfbc63983d3e28ec
DATA phis2K<>+448(SB)/8, $0x3fa22a36599795eb // ePA5
DATA phis2K<>+456(SB)/8, $0x3fa22a36599795eb
DATA phis2K<>+464(SB)/8, $0x3fa22a36599795eb
DATA phis2K<>+472(SB)/8, $0x3fa22a36599795eb
DATA phis2K<>+480(SB)/8, $0xbf61bf380a96073f // ePA6
DATA phis2K<>+488(SB)/8, $0xbf61bf380a96073f
DATA phis2K<>+496(SB)/8, $0xbf61bf380a96073f
DATA phis2K<>+504(SB)/8, $0xbf61bf380a96073f
DATA phis2K<>+512(SB)/8, $0x3fbb3e6618eee323 // eQA1
DATA phis2K<>+520(SB)/8, $0x3fbb3e6618eee323
DATA phis2K<>+528(SB)/8, $0x3fbb3e6618eee323
DATA phis2K<>+536(SB)/8, $0x3fbb3e6618eee323
DATA phis2K<>+544(SB)/8, $0x3fe14af092eb6f33 // eQA2
DATA phis2K<>+552(SB)/8, $0x3fe14af092eb6f33
DATA phis2K<>+560(SB)/8, $0x3fe14af092eb6f33
DATA phis2K<>+568(SB)/8, $0x3fe14af092eb6f33
DATA phis2K<>+576(SB)/8, $0x3fb2635cd99fe9a7 // eQA3
DATA phis2K<>+584(SB)/8, $0x3fb2635cd99fe9a7
DATA phis2K<>+592(SB)/8, $0x3fb2635cd99fe9a7
DATA phis2K<>+600(SB)/8, $0x3fb2635cd99fe9a7
DATA phis2K<>+608(SB)/8, $0x3fc02660e763351f // eQA4
DATA phis2K<>+616(SB)/8, $0x3fc02660e763351f
DATA phis2K<>+624(SB)/8, $0x3fc02660e763351f
DATA phis2K<>+632(SB)/8, $0x3fc02660e763351f
DATA phis2K<>+640(SB)/8, $0x3f8bedc26b51dd1c // eQA5
DATA phis2K<>+648(SB)/8, $0x3f8bedc26b51dd1c
DATA phis2K<>+656(SB)/8, $0x3f8bedc26b51dd1c
DATA phis2K<>+664(SB)/8, $0x3f8bedc26b51dd1c
DATA phis2K<>+672(SB)/8, $0x3f888b545735151d // eQA6
DATA phis2K<>+680(SB)/8, $0x3f888b545735151d
DATA phis2K<>+688(SB)/8, $0x3f888b545735151d
DATA phis2K<>+696(SB)/8, $0x3f888b545735151d
GLOBL phis2K<>(SB), RODATA|NOPTR, $704

// func phis2AVX(x, z []float64) (out uint64)
//
// For the lanes of z (len(z) a multiple of 4, at most 64), phi in
// erfc's second range four lanes at a time: x[l] = phi(z[l]) where
// −z[l]/√2 is in [0.84375, 1.25), the same operations in the same order,
// bit for bit; the other lanes are set to z[l] and flagged in out (bit l).
TEXT ·phis2AVX(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), DI
	MOVQ z_base+24(FP), SI
	MOVQ z_len+32(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out

loop:
	CMPQ BX, R9
	JGE  done
	VMOVUPD (SI), Y0              // z
	VXORPD  phis2K<>+0(SB), Y0, Y1
	VDIVPD  phis2K<>+64(SB), Y1, Y1     // xl = -z/√2
	VANDPD  phis2K<>+32(SB), Y1, Y2       // x = |xl|
	VSUBPD  phis2K<>+96(SB), Y2, Y3       // s = x - 1
	VMULPD  phis2K<>+480(SB), Y3, Y4       // P = pa0+s·(pa1+s·(pa2+s·(pa3+s·(pa4+s·(pa5+s·pa6)))))
	VADDPD  phis2K<>+448(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phis2K<>+416(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phis2K<>+384(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phis2K<>+352(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phis2K<>+320(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phis2K<>+288(SB), Y4, Y4
	VMULPD  phis2K<>+672(SB), Y3, Y5       // Q = 1+s·(qa1+s·(qa2+s·(qa3+s·(qa4+s·(qa5+s·qa6)))))
	VADDPD  phis2K<>+640(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phis2K<>+608(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phis2K<>+576(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phis2K<>+544(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phis2K<>+512(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phis2K<>+96(SB), Y5, Y5
	VDIVPD  Y5, Y4, Y4            // P/Q
	VANDNPD phis2K<>+0(SB), Y1, Y5      // ^xl & the sign bit
	VXORPD  Y5, Y4, Y4            // -P/Q for xl >= 0
	VMOVUPD phis2K<>+224(SB), Y5
	VBLENDVPD Y1, phis2K<>+256(SB), Y5, Y5 // 1 + erx where xl's sign bit is set
	VADDPD  Y4, Y5, Y5            // erfc(xl)
	VMULPD  phis2K<>+128(SB), Y5, Y5      // phi's 0.5·erfc
	VCMPPD  $0x1D, phis2K<>+160(SB), Y2, Y6 // x >= 0.84375
	VCMPPD  $0x11, phis2K<>+192(SB), Y2, Y7 // x < 1.25
	VANDPD  Y7, Y6, Y6            // in the second range (NaN is not)
	VBLENDVPD Y6, Y5, Y0, Y5      // the others keep z
	VMOVUPD Y5, (DI)
	VMOVMSKPD Y6, AX
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
