package sib_test

import (
	"fmt"
	"log"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A Measure hook that halves every measured effect: the contract's tests
// and prices read the halved effects, the state's savings the true ones.
func ExampleWork_Measure() {
	s, err := scenario.Load("../testdata/estonia/scenario")
	if err != nil {
		log.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	base, err := m.Evaluate(s.Values(), m.NewWork())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("true effects: gross saving PV %.2f, payments %.2f\n", base.GrossPV, base.Payments)
	w := m.NewWork()
	w.Measure = func(_, _, eff, pooled []float64) {
		for i := range eff {
			eff[i] /= 2
		}
		for i := range pooled {
			pooled[i] /= 2
		}
	}
	o, err := m.Evaluate(s.Values(), w)
	if err != nil {
		log.Fatal(err)
	}
	pass, _ := w.Passes(0, -1)
	fmt.Printf("reconvictions, pooled: true %.4f, measured %.4f, pooled test passes: %v\n", w.TrueEffect(0, -1), w.Measured(0, -1), pass)
	fmt.Printf("halved: gross saving PV %.2f, payments %.2f\n", o.GrossPV, o.Payments)
	// Output:
	// true effects: gross saving PV 1008847.47, payments 674767.54
	// reconvictions, pooled: true 0.1178, measured 0.0589, pooled test passes: true
	// halved: gross saving PV 1008847.47, payments 282054.89
}
