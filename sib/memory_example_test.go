package sib_test

import (
	"errors"
	"fmt"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Compile a scenario under a memory budget: the estimate comes from the
// scenario's sizes, before anything is allocated, and a budget too small
// is an error that names the sizes and where they were read.
// CheckMemory checks a caller's Works and tables against the same budget.
func ExampleCompileWith() {
	s, err := scenario.Load("../testdata/estonia/scenario")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: 64 << 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("4 workers fit:", m.CheckMemory("4 workers", 4, 0) == nil)
	fmt.Println("with a table of 100 MiB:", m.CheckMemory("4 workers and a table", 4, 100<<20) == nil)

	_, err = sib.CompileWith(s, sib.CompileOptions{MaxBytes: 1000})
	var me *sib.MemoryError
	fmt.Println(errors.Is(err, sib.ErrMemory), errors.As(err, &me) && me.Budget == 1000)
	fmt.Println(err)
	// Output:
	// 4 workers fit: true
	// with a table of 100 MiB: false
	// true true
	// sib: the model needs more memory than its budget: 4 cohorts (the last at ../testdata/estonia/scenario/cohorts.csv:5:3) × 24 periods (../testdata/estonia/scenario/scenario.csv:5:2) × 3 metrics: the model and one evaluation would need about 20.3 KiB, above the budget of 1000 bytes
}
