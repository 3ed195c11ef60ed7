// Copyright 2017 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in internal/third_party/LICENSE-go.
//
// The coefficients below are math.Erfinv's for |x| ≤ 0.85 (erfinv.go, Go
// 1.26; Wichura's AS 241), copied so that truncNormalQuantiles can work
// out Erfinv's central range with the same operations on the same
// numbers, bit for bit (TestErfinvCentralMatchesMath).

package dist

const (
	eiA0 = 1.1975323115670912564578e0
	eiA1 = 4.7072688112383978012285e1
	eiA2 = 6.9706266534389598238465e2
	eiA3 = 4.8548868893843886794648e3
	eiA4 = 1.6235862515167575384252e4
	eiA5 = 2.3782041382114385731252e4
	eiA6 = 1.1819493347062294404278e4
	eiA7 = 8.8709406962545514830200e2
	eiB0 = 1.0000000000000000000e0
	eiB1 = 4.2313330701600911252e1
	eiB2 = 6.8718700749205790830e2
	eiB3 = 5.3941960214247511077e3
	eiB4 = 2.1213794301586595867e4
	eiB5 = 3.9307895800092710610e4
	eiB6 = 2.8729085735721942674e4
	eiB7 = 5.2264952788528545610e3
)

// erfinvCentral is math.Erfinv(x) for |x| ≤ 0.85, bit for bit: Erfinv
// works on |x| and negates its result for x < 0, which is what working
// on x itself gives exactly (the rounding of a product or quotient is
// symmetric in sign, and r depends on x only through x²), −0 included.
func erfinvCentral(x float64) float64 {
	r := 0.180625 - 0.25*x*x
	z1 := ((((((eiA7*r+eiA6)*r+eiA5)*r+eiA4)*r+eiA3)*r+eiA2)*r+eiA1)*r + eiA0
	z2 := ((((((eiB7*r+eiB6)*r+eiB5)*r+eiB4)*r+eiB3)*r+eiB2)*r+eiB1)*r + eiB0
	return (x * z1) / z2
}
