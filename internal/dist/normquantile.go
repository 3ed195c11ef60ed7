// Copyright ©2017 The Gonum Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in internal/third_party/LICENSE-gonum.
//
// normalQuantile below is gonum's mathext.NormalQuantile (erf.go, v0.17.0,
// from the Probab authors' code under the notice after the imports),
// copied so that the samplers' normal, lognormal and truncnormal
// quantiles, one or more a draw, run with constants rather than loads
// from gonum's tables, and with no branch on the tail: the same operations
// on the same numbers, so the same value bit for bit
// (TestNormalQuantileMatchesGonum).

package dist

import "math"

/*
Copyright (c) 2012 The Probab Authors. All rights reserved.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are
met:
* Redistributions of source code must retain the above copyright
notice, this list of conditions and the following disclaimer.
* Redistributions in binary form must reproduce the above
copyright notice, this list of conditions and the following disclaimer
in the documentation and/or other materials provided with the
distribution.
* Neither the name of Google Inc. nor the names of its
contributors may be used to endorse or promote products derived from
this software without specific prior written permission.
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/

// normalQuantile is the standard normal quantile (Wichura's AS 241,
// relative accuracy about 1e-16 across the whole range): ±Inf at 1 and 0,
// a panic outside [0, 1]. It is mathext.NormalQuantile bit for bit, the
// two tails (gonum's branches on p < 1/2, identical but for p against
// 1 − p and the sign) made one: q = min(p, 1−p) is the p or 1 − p gonum
// takes, and −z1/z2 = −(z1/z2) exactly, so the sign goes on by its bit.
func normalQuantile(p float64) float64 {
	dp := p - 0.5
	if math.Abs(dp) <= 0.425 {
		z := 0.180625 - dp*dp
		z1 := ((((((qSA0*z+qSA1)*z+qSA2)*z+qSA3)*z+qSA4)*z+qSA5)*z+qSA6)*z + qSA7
		z2 := ((((((qSB0*z+qSB1)*z+qSB2)*z+qSB3)*z+qSB4)*z+qSB5)*z+qSB6)*z + qSB7
		return dp * z1 / z2
	}
	if !(p > 0 && p < 1) {
		switch {
		case p < 0 || 1 < p:
			panic("mathext: quantile out of bounds")
		case p == 1:
			return math.Inf(1)
		case p == 0:
			return math.Inf(-1)
		}
		// NaN goes on to NaN, as in gonum.
	}
	r := math.Sqrt(-math.Log(min(p, 1-p)))
	var z1, z2 float64
	if r <= 5.0 {
		z := r - 1.6
		z1 = ((((((qIA0*z+qIA1)*z+qIA2)*z+qIA3)*z+qIA4)*z+qIA5)*z+qIA6)*z + qIA7
		z2 = ((((((qIB0*z+qIB1)*z+qIB2)*z+qIB3)*z+qIB4)*z+qIB5)*z+qIB6)*z + qIB7
	} else {
		z := r - 5
		z1 = ((((((qTA0*z+qTA1)*z+qTA2)*z+qTA3)*z+qTA4)*z+qTA5)*z+qTA6)*z + qTA7
		z2 = ((((((qTB0*z+qTB1)*z+qTB2)*z+qTB3)*z+qTB4)*z+qTB5)*z+qTB6)*z + qTB7
	}
	// p < 1/2, the lower tail, is where dp has its sign bit set.
	return math.Float64frombits(math.Float64bits(z1/z2) ^ math.Float64bits(dp)&(1<<63))
}

// gonum's zQSA … zQTB, element by element.
const (
	qSA0, qSA1, qSA2, qSA3 = 2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457
	qSA4, qSA5, qSA6, qSA7 = 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608
	qSB0, qSB1, qSB2, qSB3 = 5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867
	qSB4, qSB5, qSB6, qSB7 = 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1.0

	qIA0, qIA1, qIA2, qIA3 = 7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258
	qIA4, qIA5, qIA6, qIA7 = 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734
	qIB0, qIB1, qIB2, qIB3 = 1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459
	qIB4, qIB5, qIB6, qIB7 = 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1.0

	qTA0, qTA1, qTA2, qTA3 = 2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093
	qTA4, qTA5, qTA6, qTA7 = 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772
	qTB0, qTB1, qTB2, qTB3 = 2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4
	qTB4, qTB5, qTB6, qTB7 = 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1.0
)
