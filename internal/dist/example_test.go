package dist_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/sib-engine/sib/internal/dist"
)

func ExampleNew() {
	d, err := dist.New(dist.PERT, 1, 2, 4)
	if err != nil {
		panic(err)
	}
	fmt.Println(d)
	fmt.Printf("median %.4f, 90th percentile %.4f\n", d.Quantile(0.5), d.Quantile(0.9))
	// Output:
	// pert(min=1, mode=2, max=4)
	// median 2.1274, 90th percentile 2.9334
}

func ExampleNew_error() {
	_, err := dist.New(dist.Triangular, 1, 5, 3)
	var ae *dist.ArgError
	if errors.As(err, &ae) {
		fmt.Println(ae.Index, ae.Name, errors.Is(err, dist.ErrArgs))
	}
	fmt.Println(err)
	// Output:
	// 1 mode true
	// mode: must lie within [min, max] = [1, 3], got 5
}

func ExampleDist_Quantile() {
	// Inverse transform sampling: the quantile of a uniform draw.
	d, _ := dist.New(dist.LogNormal, 100, 30) // mean 100, sd 30 on the natural scale
	r := rand.New(rand.NewPCG(1, 1))
	for range 3 {
		fmt.Printf("%.2f\n", d.Quantile(r.Float64()))
	}
	// Output:
	// 84.88
	// 141.97
	// 126.57
}

func ExampleParseKind() {
	for _, name := range []string{"PERT", " truncated_normal", "log-normal", "poisson"} {
		k, ok := dist.ParseKind(name)
		fmt.Println(k, ok, k.Params(), k.Required())
	}
	// Output:
	// pert true [min mode max] 3
	// truncnormal true [mean sd min max] 4
	// lognormal true [mean sd] 2
	// fixed false [value] 1
}

func ExampleDist_Mean() {
	d, _ := dist.New(dist.Gamma, 2.5, 4)
	fmt.Printf("mean %.2f, variance %.2f\n", d.Mean(), d.Variance())
	lo, hi := d.Support()
	fmt.Println(lo, hi)
	// Output:
	// mean 10.00, variance 40.00
	// 0 +Inf
}

func ExampleDist_CDF() {
	d, _ := dist.New(dist.TruncNormal, 0, 1, 8, 9) // far in the tail, still exact
	fmt.Printf("%.6f %.6f\n", d.Quantile(0.5), d.CDF(d.Quantile(0.5)))
	// Output:
	// 8.084889 0.500000
}

func ExampleDist_Quantiles() {
	// A block of draws at once: the same values as Quantile, one by one.
	d, _ := dist.New(dist.Triangular, 1, 2, 4)
	p := []float64{0.1, 0.5, 0.9}
	x := make([]float64, len(p))
	d.Quantiles(x, p)
	for i := range p {
		fmt.Printf("%.4f %v\n", x[i], x[i] == d.Quantile(p[i]))
	}
	// Output:
	// 1.5477 true
	// 2.2679 true
	// 3.2254 true
}
