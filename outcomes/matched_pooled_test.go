package outcomes

import (
	"context"
	"math"
	"testing"
)

// With replacement, cohort a's three treated are matched to five pool
// members and cohort b's two to two: MatchIt's weights sum to the matched
// pool units (5 and 2). Earnings: cohort a's treated 10500 against 9300
// (effect 1200), cohort b's 11500 against 11500 (0). Stacked as they are,
// the pool of a would weigh 5/7 of the baseline (9928.57…, effect
// 971.43…); rescaled to the treated (3/5 each in a, 1 in b), the pooled
// baseline is (3·9300 + 2·11500)/5 = 10180 and the effect 720 =
// (3·1200 + 2·0)/5, the cohorts' effects averaged over the treated.
const pooledWeights = "cohort,id,group,weight,subclass\n" +
	"a,T1,treatment,1,\n" +
	"a,T2,treatment,1,\n" +
	"a,T5,treatment,1,\n" +
	"a,P1,comparison,1,\n" +
	"a,P2,comparison,1,\n" +
	"a,P3,comparison,1,\n" +
	"a,P4,comparison,1,\n" +
	"a,P6,comparison,1,\n" +
	"b,T3,treatment,1,\n" +
	"b,T4,treatment,1,\n" +
	"b,P1,comparison,1,\n" +
	"b,P5,comparison,1,\n"

func estimateSmall(t *testing.T, weights string) *Result {
	t.Helper()
	s, err := Load(smallFolder(t, weights), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMatchedPooledOverTreated(t *testing.T) {
	res := estimateSmall(t, pooledWeights)
	want := map[string][2]float64{"a": {9300, 1200}, "b": {11500, 0}, PooledCohort: {10180, 720}}
	for c, w := range want {
		e := findEffect(res, "earnings", c)
		if e == nil || math.Abs(e.Baseline-w[0]) > 1e-9 || math.Abs(e.Effect-w[1]) > 1e-9 {
			t.Errorf("cohort %s: %+v, want baseline %g, effect %g", c, e, w[0], w[1])
		}
	}
	a, b, p := findEffect(res, "earnings", "a"), findEffect(res, "earnings", "b"), findEffect(res, "earnings", PooledCohort)
	if p.Baseline < min(a.Baseline, b.Baseline) || p.Baseline > max(a.Baseline, b.Baseline) {
		t.Errorf("pooled baseline %g outside the cohorts' %g and %g", p.Baseline, a.Baseline, b.Baseline)
	}
}

// A cohort's estimate does not depend on the scale of its pool's weights
// (weighted means; the sandwich's influences w(y − m)/W and leverages
// w/W), by matched set and with replacement: the pooled rescaling leaves
// the cohorts' estimates as they are.
func TestMatchedScaleInvariant(t *testing.T) {
	scaled := map[string]string{
		"by set": smallWeights,
		"HC3":    pooledWeights,
	}
	for name, w := range scaled {
		base := estimateSmall(t, w)
		// The same weights with cohort a's pool weights times 2.5.
		s, err := Load(smallFolder(t, w), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.match.Units {
			if u := &s.match.Units[i]; u.Cohort == "a" && u.Group == s.match.Pool {
				u.Weight *= 2.5
			}
		}
		res, err := Estimate(context.Background(), s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"earnings", "reoffend"} {
			for _, c := range []string{"a", "b", PooledCohort} {
				x, y := findEffect(base, m, c), findEffect(res, m, c)
				got := []float64{y.Baseline, y.Effect, y.SE, y.Low, y.High, y.P, y.RelativeLow, y.RelativeHigh}
				exp := []float64{x.Baseline, x.Effect, x.SE, x.Low, x.High, x.P, x.RelativeLow, x.RelativeHigh}
				for i := range got {
					if d := math.Abs(got[i] - exp[i]); d > 1e-9*math.Max(1, math.Abs(exp[i])) || math.IsNaN(got[i]) != math.IsNaN(exp[i]) {
						t.Errorf("%s %s cohort %s: value %d = %g, unscaled %g", name, m, c, i, got[i], exp[i])
					}
				}
			}
		}
	}
}
