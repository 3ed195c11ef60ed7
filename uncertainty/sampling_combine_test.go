package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMulLanes: mulLanes and addMulLanes (through the assembly where
// there is some) give the Go loop's values bit for bit, for every length
// up to 40, with zeros of both signs, infinities and NaN among the
// numbers (a −0 product plus 0 is +0).
func TestMulLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e-310, -1e300}
	num := func() float64 {
		if r.IntN(6) == 0 {
			return special[r.IntN(len(special))]
		}
		return r.NormFloat64()
	}
	for round := range 2000 {
		n := round % 41
		v, e := make([]float64, n), make([]float64, n+r.IntN(3))
		for l := range v {
			v[l] = num()
		}
		for l := range e {
			e[l] = num()
		}
		c := num()
		want, got := make([]float64, n), make([]float64, n)
		for l := range want {
			want[l] = 0 + c*e[l]
		}
		mulLanes(got, e, c)
		for l := range n {
			if math.Float64bits(got[l]) != math.Float64bits(want[l]) {
				t.Fatalf("mulLanes, lane %d of %d: %v·%v gives %v, want %v", l, n, c, e[l], got[l], want[l])
			}
		}
		for l := range want {
			want[l] = v[l] + c*e[l]
		}
		copy(got, v)
		addMulLanes(got, e, c)
		for l := range n {
			if math.Float64bits(got[l]) != math.Float64bits(want[l]) {
				t.Fatalf("addMulLanes, lane %d of %d: %v + %v·%v gives %v, want %v", l, n, v[l], c, e[l], got[l], want[l])
			}
		}
	}
}
