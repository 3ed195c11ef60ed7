//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// func fillRowsAVX(ps [][]float64, fb, vals []float64, idx []int)
//
// For each lane l of ps: ps[l][:len(fb)] = fb, then ps[l][idx[s]] =
// vals[s·len(ps)+l] for each s of idx. The caller sees to it that every
// ps[l] holds len(fb), every idx[s] is below len(fb) and vals holds
// len(idx)·len(ps).
//
// Four lanes at a time: each load of fb stored in the four rows, and each
// slot's four values (consecutive in vals) loaded at once and stored one
// to a row; then the lanes left one by one.
TEXT ·fillRowsAVX(SB), NOSPLIT, $16-96
	MOVQ ps_base+0(FP), R8
	MOVQ ps_len+8(FP), AX
	MOVQ AX, CX
	SHLQ $3, CX
	MOVQ CX, stride-16(SP)        // a slot's stride in vals, in bytes
	ANDQ $-4, AX
	LEAQ (AX)(AX*2), AX
	LEAQ (R8)(AX*8), AX
	MOVQ AX, end4-8(SP)           // &ps[len(ps) &^ 3]
	MOVQ fb_base+24(FP), SI
	MOVQ vals_base+48(FP), R11    // &vals[l]
	MOVQ idx_base+72(FP), R12

group:
	CMPQ R8, end4-8(SP)
	JGE  single
	MOVQ (R8), DI                 // the four rows' arrays
	MOVQ 24(R8), R9
	MOVQ 48(R8), R10
	MOVQ 72(R8), R13
	XORQ AX, AX

gcopy4:
	LEAQ 4(AX), CX
	CMPQ CX, fb_len+32(FP)
	JGT  gcopy1
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMOVUPD Y0, (R10)(AX*8)
	VMOVUPD Y0, (R13)(AX*8)
	MOVQ CX, AX
	JMP  gcopy4

gcopy1:
	CMPQ AX, fb_len+32(FP)
	JGE  gscatter
	VMOVSD (SI)(AX*8), X0
	VMOVSD X0, (DI)(AX*8)
	VMOVSD X0, (R9)(AX*8)
	VMOVSD X0, (R10)(AX*8)
	VMOVSD X0, (R13)(AX*8)
	INCQ AX
	JMP  gcopy1

gscatter:
	MOVQ R11, CX                  // &vals[s·len(ps)+l]
	XORQ AX, AX
	CMPQ AX, idx_len+80(FP)
	JGE  gnext

gscatter1:
	MOVQ (R12)(AX*8), DX          // idx[s]
	VMOVUPD (CX), Y0
	VEXTRACTF128 $1, Y0, X1
	VMOVSD X0, (DI)(DX*8)
	VMOVHPD X0, (R9)(DX*8)
	VMOVSD X1, (R10)(DX*8)
	VMOVHPD X1, (R13)(DX*8)
	ADDQ stride-16(SP), CX
	INCQ AX
	CMPQ AX, idx_len+80(FP)
	JLT  gscatter1

gnext:
	ADDQ $96, R8
	ADDQ $32, R11
	JMP  group

single:
	MOVQ ps_len+8(FP), AX
	LEAQ (AX)(AX*2), AX
	SHLQ $3, AX
	ADDQ ps_base+0(FP), AX
	MOVQ AX, end4-8(SP)           // &ps[len(ps)]

lane:
	CMPQ R8, end4-8(SP)
	JGE  done
	MOVQ (R8), DI
	XORQ AX, AX

copy4:
	LEAQ 4(AX), CX
	CMPQ CX, fb_len+32(FP)
	JGT  copy1
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD Y0, (DI)(AX*8)
	MOVQ CX, AX
	JMP  copy4

copy1:
	CMPQ AX, fb_len+32(FP)
	JGE  scatter
	VMOVSD (SI)(AX*8), X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	JMP  copy1

scatter:
	MOVQ R11, CX
	XORQ AX, AX
	CMPQ AX, idx_len+80(FP)
	JGE  next

scatter1:
	MOVQ (R12)(AX*8), DX
	VMOVSD (CX), X0
	VMOVSD X0, (DI)(DX*8)
	ADDQ stride-16(SP), CX
	INCQ AX
	CMPQ AX, idx_len+80(FP)
	JLT  scatter1

next:
	ADDQ $24, R8
	ADDQ $8, R11
	JMP  lane

done:
	VZEROUPPER
	RET
