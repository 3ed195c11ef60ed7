package uncertainty

import (
	"math"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// TestBreakevenPlugBack is the proof: the value Breakeven reports,
// set on the scenario and run through the ledger in cents (sib run --set),
// gives the target. The ledger rounds every amount to the cent, so money
// agrees within a few cents and rates within 1e−6.
func TestBreakevenPlugBack(t *testing.T) {
	cases := []struct {
		dir, param, output string
		lo, hi, target     float64
	}{
		{"estonia", "outcome.reconvictions.effect", "investors.irr", 0.06, 0.3, 0.05},
		{"estonia", "outcome.reconvictions.effect", "investors.net", 0.06, 0.3, 0},
		{"estonia", "term.reconviction_rate.price", "investors.irr", 2000, 4756, 0.05},
		{"estonia", "outcome.reconvictions.effect", "investors.multiple", 0.06, 0.3, 1.2},
		{"estonia", "outcome.reconvictions.effect", "tranche.junior.multiple", 0.06, 0.3, 1},
		{"preschool", "outcome.special_ed.effect", "investors.multiple", 0, 1, 1},
		{"employment", "term.employment.share", "investors.irr", 0, 1, 0.05},
	}
	for _, c := range cases {
		t.Run(c.param+"/"+c.output, func(t *testing.T) {
			s, err := scenario.Load("../testdata/" + c.dir + "/scenario")
			if err != nil {
				t.Fatal(err)
			}
			m, err := sib.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ParseOutput(s, c.output)
			if err != nil {
				t.Fatal(err)
			}
			be, err := Breakeven(m, s.Values(), c.param, c.lo, c.hi, out, c.target)
			if err != nil {
				t.Fatal(err)
			}
			if id, _ := s.Param(c.param); be.ID != id || be.Base != id.In(s.Values()) {
				t.Fatalf("ID %d, base %v: want %d, %v", be.ID, be.Base, id, id.In(s.Values()))
			}
			if len(be.Crossings) == 0 {
				t.Fatalf("no crossing: %v at %v, %v at %v", be.AtLo, c.lo, be.AtHi, c.hi)
			}
			for _, x := range be.Crossings {
				if x.Jump {
					t.Fatalf("a jump at %v: %+v", x.Value, be)
				}
				if err := s.Set(c.param, x.Value); err != nil {
					t.Fatal(err)
				}
				m2, err := sib.Compile(s)
				if err != nil {
					t.Fatal(err)
				}
				r, err := m2.Run(s.Values())
				if err != nil {
					t.Fatal(err)
				}
				got := out.Value(&r.Outputs)
				tol := 1e-6
				if out.Unit == Money {
					tol = 0.05
				}
				if !(math.Abs(got-c.target) <= tol) {
					t.Errorf("%s = %v: the ledger gives %s = %v, want %v ± %v", c.param, x.Value, c.output, got, c.target, tol)
				}
				t.Logf("%s = %.12g: float path %.10g, ledger %.10g", c.param, x.Value, x.Output, got)
			}
		})
	}
}

// TestBreakevenFlat: an output equal to the target all along the range is
// one stretch, not a crossing at every scan point (caught in review: 64
// crossings were reported).
func TestBreakevenFlat(t *testing.T) {
	s, m, _ := loadEstonia(t)
	out, _ := ParseOutput(s, "costs.unfunded")
	be, err := Breakeven(m, s.Values(), "cohort.c1.take_up", 0, 1, out, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(be.Crossings) != 1 || !be.Crossings[0].Flat || be.Crossings[0].Value != 0 || be.Crossings[0].To != 1 {
		t.Fatalf("crossings %+v, want one flat stretch from 0 to 1", be.Crossings)
	}
}
