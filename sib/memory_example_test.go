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
	fp := m.Footprint()
	fmt.Printf("budget %d MiB; the model and a Work need under 1 MiB: %v\n", m.MaxBytes()>>20, fp.Model+fp.Work < 1<<20)
	fmt.Println("4 workers fit:", m.CheckMemory("4 workers", 4, 0) == nil)

	_, err = sib.CompileWith(s, sib.CompileOptions{MaxBytes: 1000})
	var me *sib.MemoryError
	fmt.Println(errors.Is(err, sib.ErrMemory), errors.As(err, &me) && me.Budget == 1000)
	fmt.Println(me.Cohorts, me.Periods, me.Metrics, me.PeriodsAt)
	// Output:
	// budget 64 MiB; the model and a Work need under 1 MiB: true
	// 4 workers fit: true
	// true true
	// 4 24 3 ../testdata/estonia/scenario/scenario.csv:5:2
}
