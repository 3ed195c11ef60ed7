package matching

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestPooledExact: sex is matched exactly in each cohort, so the pooled
// balance after matching shows no difference in sex: each cohort's pool
// weights are rescaled to its matched treated units before stacking
// (PooledWeights). With MatchIt's per-cohort weights the cohorts' pools
// would mix in the ratio of their matched pool units instead.
func TestPooledExact(t *testing.T) {
	d := genData(3000, 7)
	s := DefaultSpec()
	s.Exact = []string{"sex"}
	s.Options.K, s.Options.Replace = 5, true
	res, err := Run(context.Background(), d, s)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range res.Pooled.After {
		if strings.HasPrefix(r.Name, "sex") {
			n++
			if r.MeanTreated != r.MeanControl && math.Abs(r.MeanTreated-r.MeanControl) > 1e-12 {
				t.Errorf("%s: treated %v, control %v", r.Name, r.MeanTreated, r.MeanControl)
			}
		}
	}
	if n == 0 {
		t.Fatal("no sex rows in the pooled balance")
	}
	// The rule by hand: pool weights 1, 1, 2 with 2 matched treated
	// become 0.5, 0.5, 1; a cohort without matched pool units is kept.
	got := PooledWeights([]bool{true, true, false, false, false, false}, []float64{1, 1, 1, 1, 2, 0})
	want := []float64{1, 1, 0.5, 0.5, 1, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("PooledWeights = %v, want %v", got, want)
		}
	}
}

// TestCompleteSeparation: a 0/1 covariate equal to the treatment, or a
// numeric one whose values split the groups, leaves no common support:
// Run fails naming it. A level all of one group (quasi-complete) stays a
// warning.
func TestCompleteSeparation(t *testing.T) {
	for _, tc := range []struct {
		name string
		val  func(treated bool, i int) float64
		want string
	}{
		{"referred", func(tr bool, i int) float64 { return b2f(tr) }, "referred"},
		{"referred", func(tr bool, i int) float64 { return 1 - b2f(tr) }, "referred"},
		{"score", func(tr bool, i int) float64 { return float64(i%7) + 10*b2f(tr) }, "score"},
	} {
		d := genData(600, 5)
		c := Column{Name: tc.name}
		for i, tr := range d.Treated {
			c.Values = append(c.Values, tc.val(tr, i))
		}
		d.Columns = append(d.Columns, c)
		_, err := Run(context.Background(), d, DefaultSpec())
		if !errors.Is(err, ErrSeparation) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Quasi-complete: the ones are all treated, the zeros of both groups.
	d := genData(600, 5)
	c := Column{Name: "flag"}
	k := 0
	for _, tr := range d.Treated {
		v := 0.0
		if tr && k < 5 {
			v, k = 1, k+1
		}
		c.Values = append(c.Values, v)
	}
	d.Columns = append(d.Columns, c)
	res, err := Run(context.Background(), d, DefaultSpec())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Warnings(), "\n"), "quasi-complete separation: all 5 rows with flag = 1 are treated") {
		t.Errorf("warnings: %q", res.Warnings())
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestBeyond: a value beyond a threshold prints in enough digits to read
// as beyond it.
func TestBeyond(t *testing.T) {
	for _, tc := range []struct {
		x, lo, hi float64
		want      string
	}{
		{0.1003, -0.1, 0.1, "0.1003"}, {0.18, -0.1, 0.1, "0.18"}, {-0.10004, -0.1, 0.1, "-0.10004"}, {2.004, 0.5, 2, "2.004"}, {0.4999, 0.5, 2, "0.4999"},
	} {
		if got := beyond(tc.x, tc.lo, tc.hi); got != tc.want {
			t.Errorf("beyond(%v) = %s, want %s", tc.x, got, tc.want)
		}
	}
}
