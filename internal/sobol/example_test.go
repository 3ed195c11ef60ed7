package sobol_test

import (
	"fmt"
	"math"

	"github.com/sib-engine/sib/internal/sobol"
)

func ExampleMaxDim() {
	fmt.Println(sobol.MaxDim())
	// Output: 1111
}

func ExampleNewSequence() {
	s, err := sobol.NewSequence(3)
	if err != nil {
		panic(err)
	}
	x := make([]float64, 3)
	for range 4 {
		s.Next(x) // point 1 first: the all-zero point 0 is skipped
		fmt.Println(s.Index(), x)
	}
	// Output:
	// 1 [0.5 0.5 0.5]
	// 2 [0.75 0.25 0.25]
	// 3 [0.25 0.75 0.75]
	// 4 [0.375 0.375 0.625]
}

func ExampleSequence_Skip() {
	// A worker that handles points 1001 to 2000 skips the first 1000.
	s, _ := sobol.NewSequence(2)
	s.Skip(1000)
	x := make([]float64, 2)
	s.Next(x)
	fmt.Println(s.Index(), x)
	// Output: 1001 [0.7197265625 0.5966796875]
}

func ExampleNewDesign() {
	d, err := sobol.NewDesign(1024, 5, sobol.DesignOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.N, d.K, d.Rows())
	_, err = sobol.NewDesign(1024, 600, sobol.DesignOptions{})
	fmt.Println(err)
	r, _ := sobol.NewDesign(1024, 600, sobol.DesignOptions{Random: true, Seed: 1})
	fmt.Println(r.Rows())
	// Output:
	// 1024 5 7168
	// sobol: invalid argument: 600 inputs need dimension 1200 > MaxDim() = 1111; use DesignOptions.Random
	// 616448
}

func ExampleDesign_Point() {
	d, _ := sobol.NewDesign(4, 2, sobol.DesignOptions{})
	u := make([]float64, d.K)
	for row := range d.Rows() {
		d.Point(row, u)
		fmt.Printf("row %2d %v\n", row, u)
	}
	// Output:
	// row  0 [0.5 0.5]
	// row  1 [0.75 0.25]
	// row  2 [0.25 0.75]
	// row  3 [0.375 0.375]
	// row  4 [0.5 0.5]
	// row  5 [0.25 0.25]
	// row  6 [0.75 0.75]
	// row  7 [0.625 0.875]
	// row  8 [0.5 0.5]
	// row  9 [0.25 0.25]
	// row 10 [0.75 0.75]
	// row 11 [0.625 0.375]
	// row 12 [0.5 0.5]
	// row 13 [0.75 0.25]
	// row 14 [0.25 0.75]
	// row 15 [0.375 0.875]
}

func ExampleParseEstimator() {
	for _, name := range []string{"jansen", "Saltelli", "sobol"} {
		e, ok := sobol.ParseEstimator(name)
		fmt.Println(name, e, ok)
	}
	// Output:
	// jansen jansen true
	// Saltelli saltelli true
	// sobol jansen false
}

func ExampleAnalyse() {
	// Ishigami function on [-π, π]³; analytic S = 0.314, 0.442, 0 and
	// ST = 0.558, 0.442, 0.244.
	f := func(u []float64) float64 {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		return math.Sin(x1) + 7*math.Pow(math.Sin(x2), 2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
	}
	d, _ := sobol.NewDesign(4096, 3, sobol.DesignOptions{})
	y := make([]float64, d.Rows())
	u := make([]float64, d.K)
	for row := range y {
		d.Point(row, u)
		y[row] = f(u)
	}
	res, err := sobol.Analyse(d, y, sobol.AnalyseOptions{Estimator: sobol.Jansen, Boot: 500, Conf: 0.95, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean %.2f variance %.2f\n", res.Mean, res.Variance)
	for i, x := range res.Indices {
		fmt.Printf("x%d S %6.3f [%6.3f, %6.3f]  ST %5.3f [%5.3f, %5.3f]\n",
			i+1, x.First, x.FirstLo, x.FirstHi, x.Total, x.TotalLo, x.TotalHi)
	}
	// Output:
	// mean 3.50 variance 13.84
	// x1 S  0.314 [ 0.285,  0.344]  ST 0.558 [0.513, 0.600]
	// x2 S  0.443 [ 0.414,  0.468]  ST 0.443 [0.423, 0.463]
	// x3 S -0.000 [-0.027,  0.030]  ST 0.243 [0.230, 0.257]
}

// Example shows a whole analysis of a toy outcomes payment: which of three
// uncertain inputs drives the investor's surplus?
func Example() {
	// Inputs, each uniform on its range: success rate 20–40%, price per
	// success 8,000–12,000, delivery cost 0.9–1.1 million, cohort 500.
	// Analytically: mean 500k, sd 343k, S = 0.708, 0.255, 0.028 and
	// ST = 0.717, 0.264, 0.028 (the rate × price interaction is 0.009).
	ranges := [][2]float64{{0.20, 0.40}, {8000, 12000}, {0.9e6, 1.1e6}}
	surplus := func(u []float64) float64 {
		var x [3]float64
		for i, r := range ranges {
			x[i] = r[0] + u[i]*(r[1]-r[0])
		}
		return 500*x[0]*x[1] - x[2]
	}
	d, _ := sobol.NewDesign(2048, len(ranges), sobol.DesignOptions{})
	y := make([]float64, d.Rows())
	u := make([]float64, d.K)
	for row := range y {
		d.Point(row, u)
		y[row] = surplus(u)
	}
	res, err := sobol.Analyse(d, y, sobol.AnalyseOptions{Boot: 1000, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean surplus %.0fk, sd %.0fk\n", res.Mean/1000, math.Sqrt(res.Variance)/1000)
	for i, name := range []string{"success rate", "price", "cost"} {
		x := res.Indices[i]
		fmt.Printf("%-12s S %.2f  ST %.2f [%.2f, %.2f]\n", name, x.First, x.Total, x.TotalLo, x.TotalHi)
	}
	// Output:
	// mean surplus 500k, sd 343k
	// success rate S 0.71  ST 0.72 [0.68, 0.76]
	// price        S 0.25  ST 0.26 [0.25, 0.28]
	// cost         S 0.03  ST 0.03 [0.03, 0.03]
}

// Grouped indices and the convergence check on the Ishigami function
// f = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 (S1 = 0.3139 and, for the group
// {x1, x3}, S1 + S3 + S13 = 0.5576 in closed form), on the Owen-scrambled
// design, from the first N/4, N/2 and N rows of one run.
func ExampleDesign_WithGroups() {
	d0, err := sobol.NewDesign(4096, 3, sobol.DesignOptions{Scramble: true, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := d0.WithGroups([][]int{{0, 2}})
	if err != nil {
		fmt.Println(err)
		return
	}
	y := make([]float64, d.Rows())
	u := make([]float64, 3)
	for r := range y {
		d.Point(r, u)
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		y[r] = math.Sin(x1) + 7*math.Sin(x2)*math.Sin(x2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
	}
	steps, err := sobol.Convergence(d, y, sobol.AnalyseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range steps {
		fmt.Printf("N = %4d: S1 %.2f, group {x1, x3} S %.2f\n", r.N, r.Indices[0].First, r.Groups[0].First)
	}
	fmt.Println(sobol.BalanceWarning(1000) != "")
	// Output:
	// N = 1024: S1 0.31, group {x1, x3} S 0.54
	// N = 2048: S1 0.31, group {x1, x3} S 0.55
	// N = 4096: S1 0.31, group {x1, x3} S 0.54
	// true
}

func ExampleDesign_Transform() {
	d, err := sobol.NewDesign(8, 2, sobol.DesignOptions{})
	if err != nil {
		panic(err)
	}
	// Input 0 uniform on [10, 20], input 1 exponential with mean 1: each
	// coordinate of A and B through its quantile function, once.
	t := d.Transform(func(col int, x []float64) {
		for j, u := range x {
			if col == 0 {
				x[j] = 10 + 10*u
			} else {
				x[j] = -math.Log1p(-u)
			}
		}
	})
	u := make([]float64, 2)
	for _, row := range []int{3, 11, 19, 27} { // A_3, B_3, A_B^(0)_3, A_B^(1)_3
		t.Point(row, u)
		fmt.Printf("row %2d: %.4f %.4f\n", row, u[0], u[1])
	}
	// Output:
	// row  3: 13.7500 0.4700
	// row 11: 16.2500 2.0794
	// row 19: 16.2500 0.4700
	// row 27: 13.7500 2.0794
}
