package sobol_test

import (
	"fmt"
	"reflect"

	"github.com/sib-engine/sib/internal/sobol"
)

// ExampleSums evaluates a design in two shards, as two machines would,
// and merges their sums: the indices and intervals of one run, bit for
// bit. (For f = u1 + 2u2 + u1u3, S2 = ST2 = (1/3)/(1/3 + 7/9 − 9/16) =
// 0.6076 exactly.)
func ExampleSums() {
	f := func(u []float64) float64 { return u[0] + 2*u[1] + u[0]*u[2] }
	d, _ := sobol.NewDesign(1024, 3, sobol.DesignOptions{})
	opt := sobol.AnalyseOptions{Boot: 500, Seed: 1}
	u := make([]float64, 3)
	d.Point(0, u)
	shift := f(u) // f(A_0): every shard evaluates it
	var shards []*sobol.Sums
	for i := 1; i <= 2; i++ {
		s, _ := sobol.NewSums(d, shift, opt)
		from, to := s.Shard(i, 2)
		part, _ := sobol.NewDesignRows(d.N, d.K, sobol.DesignOptions{}, from, to)
		var y []float64 // the shard's rows of each block: A, B, A_B^(0), …
		for b := range d.K + 2 {
			for j := from; j < to; j++ {
				part.Point(b*d.N+j, u)
				y = append(y, f(u))
			}
		}
		if err := s.Add(y, from, to); err != nil {
			panic(err)
		}
		fmt.Printf("shard %d: rows [%d, %d)\n", i, from, to)
		shards = append(shards, s)
	}
	if err := shards[1].Merge(shards[0]); err != nil {
		panic(err)
	}
	merged, _ := shards[1].Result(d.N)
	y := make([]float64, d.Rows())
	for r := range y {
		d.Point(r, u)
		y[r] = f(u)
	}
	whole, _ := sobol.Analyse(d, y, opt)
	x := merged.Indices[1]
	fmt.Printf("S2 = %.3f [%.3f, %.3f], ST2 = %.3f\n", x.First, x.FirstLo, x.FirstHi, x.Total)
	fmt.Println("the same as one run:", reflect.DeepEqual(merged, whole))
	// Output:
	// shard 1: rows [0, 512)
	// shard 2: rows [512, 1024)
	// S2 = 0.611 [0.554, 0.670], ST2 = 0.611
	// the same as one run: true
}
