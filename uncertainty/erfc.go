// Copyright 2010 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in internal/third_party/LICENSE-go.
//
// erfc below is math.Erfc (erf.go, Go 1.26; FreeBSD's s_erf.c, Copyright
// (C) 1993 by Sun Microsystems, Inc.), copied so that phi, which the
// sampler calls for every correlated normal of every draw, runs without
// its call and with fewer branches: the same operations on the same
// constants, so the same value bit for bit (TestErfcMatchesMath).

package uncertainty

import (
	"math"
	// As mathbits: the package's tests have a func bits.
	mathbits "math/bits"
)

// erfc is math.Erfc(x), bit for bit. It differs from it only in ways that
// leave every value as it is: the checks for NaN and ±Inf come last (NaN
// fails every comparison, ±Inf goes where |x| ≥ 28 does, which is what
// Erfc gives it); and where Erfc returns c + t for x < 0 and c' − t
// otherwise, the sign is put on t by its bits and c chosen by index, a − t
// being a + (−t) exactly in IEEE arithmetic: no branch on x's sign, which
// for the sampler's normals is random, so mispredicted half the time.
func erfc(x float64) float64 {
	const tiny = 1.0 / (1 << 56) // 2**-56
	// i is 1 when x's sign bit is set (Erfc's "x < 0": c + t), else 0
	// (c' − t), and neg the sign bit to put on t when it is 0. The one x
	// they class otherwise, −0, gives 1 either way: 1 + (−0) = 1 − 0.
	b := math.Float64bits(x)
	i := b >> 63
	neg := ^b & (1 << 63)
	x = math.Abs(x)
	if x < 0.84375 { // |x| < 0.84375
		var temp float64
		if x < tiny { // |x| < 2**-56
			temp = x
		} else {
			z := x * x
			r := ePP0 + z*(ePP1+z*(ePP2+z*(ePP3+z*ePP4)))
			s := 1 + z*(eQQ1+z*(eQQ2+z*(eQQ3+z*(eQQ4+z*eQQ5))))
			y := r / s
			if x < 0.25 { // |x| < 1/4
				temp = x + x*y
			} else {
				temp = 0.5 + (x*y + (x - 0.5))
			}
		}
		return 1 + math.Float64frombits(math.Float64bits(temp)^neg)
	}
	if x < 1.25 { // 0.84375 <= |x| < 1.25
		s := x - 1
		P := ePA0 + s*(ePA1+s*(ePA2+s*(ePA3+s*(ePA4+s*(ePA5+s*ePA6)))))
		Q := 1 + s*(eQA1+s*(eQA2+s*(eQA3+s*(eQA4+s*(eQA5+s*eQA6)))))
		// Erfc's 1 − erx − P/Q and 1 + erx + P/Q, whose constant terms Go
		// folds exactly and rounds once, as in this literal (a read-only
		// table for the compiler).
		return [2]float64{1 - eErx, 1 + eErx}[i] + math.Float64frombits(math.Float64bits(P/Q)^neg)
	}
	if x < 28 { // |x| < 28
		s := 1 / (x * x)
		var R, S float64
		if x < 1/0.35 { // |x| < 1 / 0.35 ~ 2.857143
			R = eRA0 + s*(eRA1+s*(eRA2+s*(eRA3+s*(eRA4+s*(eRA5+s*(eRA6+s*eRA7))))))
			S = 1 + s*(eSA1+s*(eSA2+s*(eSA3+s*(eSA4+s*(eSA5+s*(eSA6+s*(eSA7+s*eSA8)))))))
		} else { // |x| >= 1 / 0.35 ~ 2.857143
			if i == 1 && x > 6 {
				return 2 // x < -6
			}
			R = eRB0 + s*(eRB1+s*(eRB2+s*(eRB3+s*(eRB4+s*(eRB5+s*eRB6)))))
			S = 1 + s*(eSB1+s*(eSB2+s*(eSB3+s*(eSB4+s*(eSB5+s*(eSB6+s*eSB7))))))
		}
		z := math.Float64frombits(math.Float64bits(x) & 0xffffffff00000000) // pseudo-single (20-bit) precision x
		r := math.Exp(-z*z-0.5625) * math.Exp((z-x)*(z+x)+R/S)
		// Erfc's 2 − r/x for x < 0, and r/x = 0 + r/x for x > 0 (r/x is
		// not −0): the sign goes on r/x when neg is not set.
		return [2]float64{0, 2}[i] + math.Float64frombits(math.Float64bits(r/x)^(neg^1<<63))
	}
	if x != x { // NaN, which fails every comparison above
		return math.NaN()
	}
	return [2]float64{0, 2}[i] // ±Inf and |x| ≥ 28: 0, or 2 for x < 0
}

const (
	eErx = 8.45062911510467529297e-01 // 0x3FEB0AC160000000
	// Coefficients for approximation to  erf in [0, 0.84375]
	ePP0 = 1.28379167095512558561e-01  // 0x3FC06EBA8214DB68
	ePP1 = -3.25042107247001499370e-01 // 0xBFD4CD7D691CB913
	ePP2 = -2.84817495755985104766e-02 // 0xBF9D2A51DBD7194F
	ePP3 = -5.77027029648944159157e-03 // 0xBF77A291236668E4
	ePP4 = -2.37630166566501626084e-05 // 0xBEF8EAD6120016AC
	eQQ1 = 3.97917223959155352819e-01  // 0x3FD97779CDDADC09
	eQQ2 = 6.50222499887672944485e-02  // 0x3FB0A54C5536CEBA
	eQQ3 = 5.08130628187576562776e-03  // 0x3F74D022C4D36B0F
	eQQ4 = 1.32494738004321644526e-04  // 0x3F215DC9221C1A10
	eQQ5 = -3.96022827877536812320e-06 // 0xBED09C4342A26120
	// Coefficients for approximation to  erf  in [0.84375, 1.25]
	ePA0 = -2.36211856075265944077e-03 // 0xBF6359B8BEF77538
	ePA1 = 4.14856118683748331666e-01  // 0x3FDA8D00AD92B34D
	ePA2 = -3.72207876035701323847e-01 // 0xBFD7D240FBB8C3F1
	ePA3 = 3.18346619901161753674e-01  // 0x3FD45FCA805120E4
	ePA4 = -1.10894694282396677476e-01 // 0xBFBC63983D3E28EC
	ePA5 = 3.54783043256182359371e-02  // 0x3FA22A36599795EB
	ePA6 = -2.16637559486879084300e-03 // 0xBF61BF380A96073F
	eQA1 = 1.06420880400844228286e-01  // 0x3FBB3E6618EEE323
	eQA2 = 5.40397917702171048937e-01  // 0x3FE14AF092EB6F33
	eQA3 = 7.18286544141962662868e-02  // 0x3FB2635CD99FE9A7
	eQA4 = 1.26171219808761642112e-01  // 0x3FC02660E763351F
	eQA5 = 1.36370839120290507362e-02  // 0x3F8BEDC26B51DD1C
	eQA6 = 1.19844998467991074170e-02  // 0x3F888B545735151D
	// Coefficients for approximation to  erfc in [1.25, 1/0.35]
	eRA0 = -9.86494403484714822705e-03 // 0xBF843412600D6435
	eRA1 = -6.93858572707181764372e-01 // 0xBFE63416E4BA7360
	eRA2 = -1.05586262253232909814e+01 // 0xC0251E0441B0E726
	eRA3 = -6.23753324503260060396e+01 // 0xC04F300AE4CBA38D
	eRA4 = -1.62396669462573470355e+02 // 0xC0644CB184282266
	eRA5 = -1.84605092906711035994e+02 // 0xC067135CEBCCABB2
	eRA6 = -8.12874355063065934246e+01 // 0xC054526557E4D2F2
	eRA7 = -9.81432934416914548592e+00 // 0xC023A0EFC69AC25C
	eSA1 = 1.96512716674392571292e+01  // 0x4033A6B9BD707687
	eSA2 = 1.37657754143519042600e+02  // 0x4061350C526AE721
	eSA3 = 4.34565877475229228821e+02  // 0x407B290DD58A1A71
	eSA4 = 6.45387271733267880336e+02  // 0x40842B1921EC2868
	eSA5 = 4.29008140027567833386e+02  // 0x407AD02157700314
	eSA6 = 1.08635005541779435134e+02  // 0x405B28A3EE48AE2C
	eSA7 = 6.57024977031928170135e+00  // 0x401A47EF8E484A93
	eSA8 = -6.04244152148580987438e-02 // 0xBFAEEFF2EE749A62
	// Coefficients for approximation to  erfc in [1/.35, 28]
	eRB0 = -9.86494292470009928597e-03 // 0xBF84341239E86F4A
	eRB1 = -7.99283237680523006574e-01 // 0xBFE993BA70C285DE
	eRB2 = -1.77579549177547519889e+01 // 0xC031C209555F995A
	eRB3 = -1.60636384855821916062e+02 // 0xC064145D43C5ED98
	eRB4 = -6.37566443368389627722e+02 // 0xC083EC881375F228
	eRB5 = -1.02509513161107724954e+03 // 0xC09004616A2E5992
	eRB6 = -4.83519191608651397019e+02 // 0xC07E384E9BDC383F
	eSB1 = 3.03380607434824582924e+01  // 0x403E568B261D5190
	eSB2 = 3.25792512996573918826e+02  // 0x40745CAE221B9F0A
	eSB3 = 1.53672958608443695994e+03  // 0x409802EB189D5118
	eSB4 = 3.19985821950859553908e+03  // 0x40A8FFB7688C246A
	eSB5 = 2.55305040643316442583e+03  // 0x40A3F219CEDF3BE6
	eSB6 = 4.74528541206955367215e+02  // 0x407DA874E79FE763
	eSB7 = -2.24409524465858183362e+01 // 0xC03670E242712D62
)

// phis sets x[l] = phi(z[l]) for every l of z, bit for bit; x and z may
// be the same slice. It does not allocate.
//
// For a standard normal z, −z/√2 is in erfc's first range three times in
// four, and which range it is in, like which side of 1/4 it is within
// the first, is random: a branch on it is mispredicted often, at the cost
// of a few dozen operations each time. So every lane is worked out as if
// in the first range, with no branch (the side of 1/4 chosen by a mask),
// and the lanes that are not, a quarter, are listed as they go, by
// arithmetic too, and redone by phi afterwards. With AVX, phisAVX does
// the same four lanes at a time, and phis2AVX erfc's second range for the
// lanes it leaves (two in three of them), four at a time too.
func phis(x, z []float64) {
	const (
		// The first range, [2^-56, 0.84375), in bits: unsigned bits of
		// non-negative floats order as the floats do, and NaN's are above
		// them all, so one unsigned comparison tests it.
		lo   = 0x3c70000000000000      // math.Float64bits(0x1p-56)
		span = 0x3feb000000000000 - lo // math.Float64bits(0.84375) − lo
	)
	x = x[:len(z)]
	var lanes [64]uint8
	var zs [64]float64 // the rest's z: x may be z, overwritten below
	for from := 0; from < len(z); from += len(lanes) {
		zc := z[from:min(from+len(lanes), len(z))]
		xc := x[from : from+len(zc)]
		if hasAVX {
			// Four lanes at a time, those up to a multiple of four (the
			// rest of the chunk below); the lanes phisAVX leaves, their
			// z kept (it set xc[l] to it), through phis2AVX together,
			// and those it leaves through phi.
			n4 := len(zc) &^ 3
			k := 0
			for out := phisAVX(xc[:n4], zc[:n4]); out != 0; out &= out - 1 {
				l := mathbits.TrailingZeros64(out)
				lanes[k], zs[k] = uint8(l), zc[l]
				k++
			}
			k4 := (k + 3) &^ 3
			for j := k; j < k4; j++ {
				zs[j] = 0
			}
			rest := phis2AVX(zs[:k4], zs[:k4]) // in place: zs[j] kept where flagged
			for j, l := range lanes[:k] {
				if rest>>j&1 != 0 {
					xc[l] = phi(zs[j])
				} else {
					xc[l] = zs[j]
				}
			}
			zc, xc = zc[n4:], xc[n4:]
		}
		k := 0
		for l, zl := range zc {
			xl := -zl / math.Sqrt2
			b := math.Float64bits(xl)
			a := math.Abs(xl)
			// erfc's first range, as it works it out.
			zz := a * a
			r := ePP0 + zz*(ePP1+zz*(ePP2+zz*(ePP3+zz*ePP4)))
			s := 1 + zz*(eQQ1+zz*(eQQ2+zz*(eQQ3+zz*(eQQ4+zz*eQQ5))))
			y := r / s
			var m uint64 // all ones when a < 1/4
			if a < 0.25 {
				m = 1<<64 - 1
			}
			temp := math.Float64frombits(math.Float64bits(a+a*y)&m | math.Float64bits(0.5+(a*y+(a-0.5)))&^m)
			// phi's 0.5·erfc; within (0.1, 0.9) here, so phi's clamp
			// would not change it.
			xc[l] = 0.5 * (1 + math.Float64frombits(math.Float64bits(temp)^(^b&(1<<63))))
			lanes[k&63], zs[k&63] = uint8(l), zl
			if b&^(1<<63)-lo >= span {
				k++
			}
		}
		for j, l := range lanes[:k] {
			xc[l] = phi(zs[j])
		}
	}
}
