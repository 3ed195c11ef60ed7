package vecmath_test

import (
	"fmt"
	"math"

	"github.com/sib-engine/sib/internal/vecmath"
)

func ExampleExp() {
	x := []float64{0, 1, -2.5, 0.03, 700, 800}
	want := make([]float64, len(x))
	for i, v := range x {
		want[i] = math.Exp(v)
	}
	vecmath.Exp(x)
	same := true
	for i := range x {
		same = same && math.Float64bits(x[i]) == math.Float64bits(want[i])
	}
	fmt.Println(same, x[1])
	// Output: true 2.718281828459045
}
