//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Constants for phisAVX, each four times (a 256-bit memory operand):
// erfc's (erfc.go) and phis's.
DATA phisK<>+0(SB)/8, $0x8000000000000000 // the sign bit
DATA phisK<>+8(SB)/8, $0x8000000000000000
DATA phisK<>+16(SB)/8, $0x8000000000000000
DATA phisK<>+24(SB)/8, $0x8000000000000000
DATA phisK<>+32(SB)/8, $0x7fffffffffffffff // all but the sign bit
DATA phisK<>+40(SB)/8, $0x7fffffffffffffff
DATA phisK<>+48(SB)/8, $0x7fffffffffffffff
DATA phisK<>+56(SB)/8, $0x7fffffffffffffff
DATA phisK<>+64(SB)/8, $0x3ff6a09e667f3bcd // math.Sqrt2
DATA phisK<>+72(SB)/8, $0x3ff6a09e667f3bcd
DATA phisK<>+80(SB)/8, $0x3ff6a09e667f3bcd
DATA phisK<>+88(SB)/8, $0x3ff6a09e667f3bcd
DATA phisK<>+96(SB)/8, $0x3fc06eba8214db68 // ePP0
DATA phisK<>+104(SB)/8, $0x3fc06eba8214db68
DATA phisK<>+112(SB)/8, $0x3fc06eba8214db68
DATA phisK<>+120(SB)/8, $0x3fc06eba8214db68
DATA phisK<>+128(SB)/8, $0xbfd4cd7d691cb913 // ePP1
DATA phisK<>+136(SB)/8, $0xbfd4cd7d691cb913
DATA phisK<>+144(SB)/8, $0xbfd4cd7d691cb913
DATA phisK<>+152(SB)/8, $0xbfd4cd7d691cb913
DATA phisK<>+160(SB)/8, $0xbf9d2a51dbd7194f // ePP2
DATA phisK<>+168(SB)/8, $0xbf9d2a51dbd7194f
DATA phisK<>+176(SB)/8, $0xbf9d2a51dbd7194f
DATA phisK<>+184(SB)/8, $0xbf9d2a51dbd7194f
DATA phisK<>+192(SB)/8, $0xbf77a291236668e4 // ePP3
DATA phisK<>+200(SB)/8, $0xbf77a291236668e4
DATA phisK<>+208(SB)/8, $0xbf77a291236668e4
DATA phisK<>+216(SB)/8, $0xbf77a291236668e4
DATA phisK<>+224(SB)/8, $0xbef8ead6120016ac // ePP4
DATA phisK<>+232(SB)/8, $0xbef8ead6120016ac
DATA phisK<>+240(SB)/8, $0xbef8ead6120016ac
DATA phisK<>+248(SB)/8, $0xbef8ead6120016ac
DATA phisK<>+256(SB)/8, $0x3fd97779cddadc09 // eQQ1
DATA phisK<>+264(SB)/8, $0x3fd97779cddadc09
DATA phisK<>+272(SB)/8, $0x3fd97779cddadc09
DATA phisK<>+280(SB)/8, $0x3fd97779cddadc09
DATA phisK<>+288(SB)/8, $0x3fb0a54c5536ceba // eQQ2
DATA phisK<>+296(SB)/8, $0x3fb0a54c5536ceba
DATA phisK<>+304(SB)/8, $0x3fb0a54c5536ceba
DATA phisK<>+312(SB)/8, $0x3fb0a54c5536ceba
DATA phisK<>+320(SB)/8, $0x3f74d022c4d36b0f // eQQ3
DATA phisK<>+328(SB)/8, $0x3f74d022c4d36b0f
DATA phisK<>+336(SB)/8, $0x3f74d022c4d36b0f
DATA phisK<>+344(SB)/8, $0x3f74d022c4d36b0f
DATA phisK<>+352(SB)/8, $0x3f215dc9221c1a10 // eQQ4
DATA phisK<>+360(SB)/8, $0x3f215dc9221c1a10
DATA phisK<>+368(SB)/8, $0x3f215dc9221c1a10
DATA phisK<>+376(SB)/8, $0x3f215dc9221c1a10
DATA phisK<>+384(SB)/8, $0xbed09c4342a26120 // eQQ5
DATA phisK<>+392(SB)/8, $0xbed09c4342a26120
DATA phisK<>+400(SB)/8, $0xbed09c4342a26120
DATA phisK<>+408(SB)/8, $0xbed09c4342a26120
DATA phisK<>+416(SB)/8, $0x3ff0000000000000 // 1
DATA phisK<>+424(SB)/8, $0x3ff0000000000000
DATA phisK<>+432(SB)/8, $0x3ff0000000000000
DATA phisK<>+440(SB)/8, $0x3ff0000000000000
DATA phisK<>+448(SB)/8, $0x3fe0000000000000 // 0.5
DATA phisK<>+456(SB)/8, $0x3fe0000000000000
DATA phisK<>+464(SB)/8, $0x3fe0000000000000
DATA phisK<>+472(SB)/8, $0x3fe0000000000000
DATA phisK<>+480(SB)/8, $0x3fd0000000000000 // 0.25
DATA phisK<>+488(SB)/8, $0x3fd0000000000000
DATA phisK<>+496(SB)/8, $0x3fd0000000000000
DATA phisK<>+504(SB)/8, $0x3fd0000000000000
DATA phisK<>+512(SB)/8, $0x3c70000000000000 // 0x1p-56
DATA phisK<>+520(SB)/8, $0x3c70000000000000
DATA phisK<>+528(SB)/8, $0x3c70000000000000
DATA phisK<>+536(SB)/8, $0x3c70000000000000
DATA phisK<>+544(SB)/8, $0x3feb000000000000 // 0.84375
DATA phisK<>+552(SB)/8, $0x3feb000000000000
DATA phisK<>+560(SB)/8, $0x3feb000000000000
DATA phisK<>+568(SB)/8, $0x3feb000000000000
GLOBL phisK<>(SB), RODATA|NOPTR, $576

// func phisAVX(x, z []float64) (out uint64)
//
// For the lanes of z (len(z) a multiple of 4, at most 64), phis's first
// range four lanes at a time: x[l] = phi(z[l]) where −z[l]/√2 is in
// erfc's first range, [2^-56, 0.84375), the same operations in the same
// order, bit for bit; the other lanes are set to z[l] and flagged in out
// (bit l), for phi.
TEXT ·phisAVX(SB), NOSPLIT, $0-56
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
	VXORPD  phisK<>+0(SB), Y0, Y1
	VDIVPD  phisK<>+64(SB), Y1, Y1     // xl = -z/√2
	VANDPD  phisK<>+32(SB), Y1, Y2       // a = |xl|
	VMULPD  Y2, Y2, Y3            // zz = a·a
	VMULPD  phisK<>+224(SB), Y3, Y4       // r = pp0+zz·(pp1+zz·(pp2+zz·(pp3+zz·pp4)))
	VADDPD  phisK<>+192(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phisK<>+160(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phisK<>+128(SB), Y4, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  phisK<>+96(SB), Y4, Y4
	VMULPD  phisK<>+384(SB), Y3, Y5       // s = 1+zz·(qq1+zz·(qq2+zz·(qq3+zz·(qq4+zz·qq5))))
	VADDPD  phisK<>+352(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phisK<>+320(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phisK<>+288(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phisK<>+256(SB), Y5, Y5
	VMULPD  Y3, Y5, Y5
	VADDPD  phisK<>+416(SB), Y5, Y5
	VDIVPD  Y5, Y4, Y4            // y = r/s
	VMULPD  Y4, Y2, Y4            // a·y
	VADDPD  Y4, Y2, Y5            // a + a·y
	VSUBPD  phisK<>+448(SB), Y2, Y6      // a - 0.5
	VADDPD  Y6, Y4, Y6            // a·y + (a - 0.5)
	VADDPD  phisK<>+448(SB), Y6, Y6      // 0.5 + (a·y + (a - 0.5))
	VCMPPD  $0x11, phisK<>+480(SB), Y2, Y7 // a < 0.25
	VBLENDVPD Y7, Y5, Y6, Y5      // temp
	VANDNPD phisK<>+0(SB), Y1, Y6      // ^xl & the sign bit
	VXORPD  Y6, Y5, Y5
	VADDPD  phisK<>+416(SB), Y5, Y5
	VMULPD  phisK<>+448(SB), Y5, Y5      // 0.5·(1 ± temp)
	VCMPPD  $0x1D, phisK<>+512(SB), Y2, Y6   // a >= 2^-56
	VCMPPD  $0x11, phisK<>+544(SB), Y2, Y7 // a < 0.84375
	VANDPD  Y7, Y6, Y6            // in the first range (NaN is not)
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
