//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// OUTMASK ors into R12 the lanes of group BX not flagged in Y1's mask.
#define OUTMASK \
	VMOVMSKPD Y1, AX \
	XORL $15, AX \
	MOVQ BX, CX \
	SHLQ $2, CX \
	SHLQ CX, AX \
	ORQ  AX, R12

// Constants for expAVX2, each four times: archExp's (exp_amd64.s).
DATA expK<>+0(SB)/8, $0x7fffffffffffffff // all but the sign bit
DATA expK<>+8(SB)/8, $0x7fffffffffffffff
DATA expK<>+16(SB)/8, $0x7fffffffffffffff
DATA expK<>+24(SB)/8, $0x7fffffffffffffff
DATA expK<>+32(SB)/8, $0x7ff0000000000000 // +Inf
DATA expK<>+40(SB)/8, $0x7ff0000000000000
DATA expK<>+48(SB)/8, $0x7ff0000000000000
DATA expK<>+56(SB)/8, $0x7ff0000000000000
DATA expK<>+64(SB)/8, $0x40862e42fefa39ef // exp_amd64.s: Overflow
DATA expK<>+72(SB)/8, $0x40862e42fefa39ef
DATA expK<>+80(SB)/8, $0x40862e42fefa39ef
DATA expK<>+88(SB)/8, $0x40862e42fefa39ef
DATA expK<>+96(SB)/8, $0x3ff71547652b82fe // LOG2E
DATA expK<>+104(SB)/8, $0x3ff71547652b82fe
DATA expK<>+112(SB)/8, $0x3ff71547652b82fe
DATA expK<>+120(SB)/8, $0x3ff71547652b82fe
DATA expK<>+128(SB)/8, $0x3fe62e42fefa3000 // LN2U
DATA expK<>+136(SB)/8, $0x3fe62e42fefa3000
DATA expK<>+144(SB)/8, $0x3fe62e42fefa3000
DATA expK<>+152(SB)/8, $0x3fe62e42fefa3000
DATA expK<>+160(SB)/8, $0x3d53de6af278ece6 // LN2L
DATA expK<>+168(SB)/8, $0x3d53de6af278ece6
DATA expK<>+176(SB)/8, $0x3d53de6af278ece6
DATA expK<>+184(SB)/8, $0x3d53de6af278ece6
DATA expK<>+192(SB)/8, $0x3fb0000000000000 // 0.0625
DATA expK<>+200(SB)/8, $0x3fb0000000000000
DATA expK<>+208(SB)/8, $0x3fb0000000000000
DATA expK<>+216(SB)/8, $0x3fb0000000000000
DATA expK<>+224(SB)/8, $0x3fe0000000000000 // exprodata: 0.5
DATA expK<>+232(SB)/8, $0x3fe0000000000000
DATA expK<>+240(SB)/8, $0x3fe0000000000000
DATA expK<>+248(SB)/8, $0x3fe0000000000000
DATA expK<>+256(SB)/8, $0x3ff0000000000000 // 1
DATA expK<>+264(SB)/8, $0x3ff0000000000000
DATA expK<>+272(SB)/8, $0x3ff0000000000000
DATA expK<>+280(SB)/8, $0x3ff0000000000000
DATA expK<>+288(SB)/8, $0x4000000000000000 // 2
DATA expK<>+296(SB)/8, $0x4000000000000000
DATA expK<>+304(SB)/8, $0x4000000000000000
DATA expK<>+312(SB)/8, $0x4000000000000000
DATA expK<>+320(SB)/8, $0x3fc5555555555555 // 1/3!
DATA expK<>+328(SB)/8, $0x3fc5555555555555
DATA expK<>+336(SB)/8, $0x3fc5555555555555
DATA expK<>+344(SB)/8, $0x3fc5555555555555
DATA expK<>+352(SB)/8, $0x3fa5555555555555 // 1/4!
DATA expK<>+360(SB)/8, $0x3fa5555555555555
DATA expK<>+368(SB)/8, $0x3fa5555555555555
DATA expK<>+376(SB)/8, $0x3fa5555555555555
DATA expK<>+384(SB)/8, $0x3f81111111111111 // 1/5!
DATA expK<>+392(SB)/8, $0x3f81111111111111
DATA expK<>+400(SB)/8, $0x3f81111111111111
DATA expK<>+408(SB)/8, $0x3f81111111111111
DATA expK<>+416(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA expK<>+424(SB)/8, $0x3f56c16c16c16c17
DATA expK<>+432(SB)/8, $0x3f56c16c16c16c17
DATA expK<>+440(SB)/8, $0x3f56c16c16c16c17
DATA expK<>+448(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA expK<>+456(SB)/8, $0x3f2a01a01a01a01a
DATA expK<>+464(SB)/8, $0x3f2a01a01a01a01a
DATA expK<>+472(SB)/8, $0x3f2a01a01a01a01a
DATA expK<>+480(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA expK<>+488(SB)/8, $0x3efa01a01a01a01a
DATA expK<>+496(SB)/8, $0x3efa01a01a01a01a
DATA expK<>+504(SB)/8, $0x3efa01a01a01a01a
DATA expK<>+512(SB)/8, $0x000003ff000003ff // 0x3ff, four int32
DATA expK<>+520(SB)/8, $0x000003ff000003ff
DATA expK<>+528(SB)/8, $0x000007ff000007ff // 0x7ff, four int32
DATA expK<>+536(SB)/8, $0x000007ff000007ff
GLOBL expK<>(SB), RODATA|NOPTR, $544

// func expAVX2(x []float64) (out uint64)
//
// In place, for the lanes of x (len(x) a multiple of 4, at most 64),
// math.Exp four lanes at a time as archExp (exp_amd64.s) works it out on
// a processor with FMA, the same operations in the same order, fused where
// it fuses them: x[l] = math.Exp(x[l]) bit for bit where x[l] is finite,
// at most Overflow, and the result a normal number; the other lanes are
// left as they are and flagged in out (bit l).
TEXT ·expAVX2(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), R9
	SHRQ $2, R9                   // groups
	XORQ BX, BX                   // group
	XORQ R12, R12                 // out
	VPXOR X8, X8, X8              // int32 zeros

exp_loop:
	CMPQ BX, R9
	JGE  exp_done
	VMOVUPD (DI), Y0              // x
	VANDPD  expK<>+0(SB), Y0, Y1
	VCMPPD  $0x11, expK<>+32(SB), Y1, Y1  // finite
	VCMPPD  $0x12, expK<>+64(SB), Y0, Y2 // x <= Overflow
	VANDPD  Y2, Y1, Y1
	VMULPD  expK<>+96(SB), Y0, Y2
	VCVTPD2DQY Y2, X3             // k = CVTSD2SL(x·LOG2E), to nearest
	VCVTDQ2PD X3, Y2              // float64(k)
	VFNMADD231PD expK<>+128(SB), Y2, Y0 // x -= k·LN2U, fused
	VFNMADD231PD expK<>+160(SB), Y2, Y0 // x -= k·LN2L, fused
	VMULPD  expK<>+192(SB), Y0, Y0 // reduce argument
	VMOVUPD expK<>+480(SB), Y5            // Taylor series evaluation
	VFMADD213PD expK<>+448(SB), Y0, Y5
	VFMADD213PD expK<>+416(SB), Y0, Y5
	VFMADD213PD expK<>+384(SB), Y0, Y5
	VFMADD213PD expK<>+352(SB), Y0, Y5
	VFMADD213PD expK<>+320(SB), Y0, Y5
	VFMADD213PD expK<>+224(SB), Y0, Y5
	VFMADD213PD expK<>+256(SB), Y0, Y5
	VMULPD  Y5, Y0, Y0
	VADDPD  expK<>+288(SB), Y0, Y5
	VMULPD  Y5, Y0, Y0
	VADDPD  expK<>+288(SB), Y0, Y5
	VMULPD  Y5, Y0, Y0
	VADDPD  expK<>+288(SB), Y0, Y5
	VMULPD  Y5, Y0, Y0
	VADDPD  expK<>+288(SB), Y0, Y5
	VFMADD213PD expK<>+256(SB), Y5, Y0
	// ldexp: times 2^k where k + 0x3ff is in (0, 0x7ff)
	VPADDD  expK<>+512(SB), X3, X3
	VPCMPGTD X8, X3, X6           // k + 0x3ff > 0
	VMOVDQU expK<>+528(SB), X7
	VPCMPGTD X3, X7, X7           // 0x7ff > k + 0x3ff
	VPAND   X7, X6, X6
	VPMOVSXDQ X6, Y6
	VANDPD  Y6, Y1, Y1
	VPMOVZXDQ X3, Y3
	VPSLLQ  $52, Y3, Y3
	VMULPD  Y3, Y0, Y0
	VMOVUPD (DI), Y4
	VBLENDVPD Y1, Y0, Y4, Y0      // the others keep x
	VMOVUPD Y0, (DI)
	OUTMASK
	ADDQ    $32, DI
	INCQ    BX
	JMP     exp_loop

exp_done:
	VZEROUPPER
	MOVQ R12, out+24(FP)
	RET
