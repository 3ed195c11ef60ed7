package matching

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// refBalance is NewBalance on reference.R's data with MatchIt's recorded
// distance and weights of one variant.
func refBalance(t testing.TB, variant string) *Balance {
	t.Helper()
	d := refData(t, "main")
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := d.Len()
	dist := make([]float64, 0, n)
	for _, r := range readRef(t, "glm_rows.csv")[1:] {
		if r[0] != "main" {
			continue
		}
		if variant == "score" {
			dist = append(dist, refFloat(t, r[2]))
		} else {
			dist = append(dist, refFloat(t, r[3]))
		}
	}
	w := make([]float64, 0, n)
	discarded := make([]bool, 0, n)
	for _, r := range readRef(t, "match_weights.csv")[1:] {
		if r[0] == variant {
			w = append(w, refFloat(t, r[2]))
			discarded = append(discarded, r[3] == "true")
		}
	}
	if len(dist) != n || len(w) != n {
		t.Fatalf("%s: %d distances, %d weights for %d rows", variant, len(dist), len(w), n)
	}
	b := NewBalance(d, x, dist, d.Treated, w)
	b.MarkDiscarded(d.Treated, discarded)
	return b
}

var balanceVariants = []string{"nn1", "ratio3", "replace", "caliper", "score", "discard"}

// TestNewBalanceMatchIt compares every statistic of the tables before and
// after matching with MatchIt 4.5.1's summary(m)$sum.all and
// $sum.matched (reference.R: nearest-neighbour matching 1:1, 1:3, 1:2
// with replacement, with a caliper, on the score, with discard = "both"),
// given MatchIt's own weights, to 1e-9 relative (absolute near 0).
func TestNewBalanceMatchIt(t *testing.T) {
	sum := readRef(t, "summary.csv")[1:]
	for _, v := range balanceVariants {
		t.Run(v, func(t *testing.T) {
			b := refBalance(t, v)
			k := map[string]int{"all": 0, "matched": 0}
			for _, r := range sum {
				if r[0] != v {
					continue
				}
				rows := b.Before
				if r[1] == "matched" {
					rows = b.After
				}
				if k[r[1]] >= len(rows) {
					t.Fatalf("%s: more rows in R than here", r[1])
				}
				got := rows[k[r[1]]]
				k[r[1]]++
				if got.Name != r[2] {
					t.Fatalf("%s row %d: %s, R %s", r[1], k[r[1]], got.Name, r[2])
				}
				stats := []float64{got.MeanTreated, got.MeanControl, got.SMD, got.VarRatio, got.ECDFMean, got.ECDFMax}
				for s, name := range []string{"Means Treated", "Means Control", "Std. Mean Diff.", "Var. Ratio", "eCDF Mean", "eCDF Max"} {
					want := refFloat(t, r[3+s])
					if !relClose(stats[s], want, 1e-9) {
						t.Errorf("%s %s %s: %.17g, R %.17g", r[1], r[2], name, stats[s], want)
					}
				}
				if got.Binary != math.IsNaN(refFloat(t, r[6])) {
					t.Errorf("%s %s: binary %v", r[1], r[2], got.Binary)
				}
			}
			if k["all"] != len(b.Before) || k["matched"] != len(b.After) {
				t.Errorf("rows: %d and %d here, R %d and %d", len(b.Before), len(b.After), k["all"], k["matched"])
			}
		})
	}
}

// TestNewBalanceSampleSizes compares All, Matched, Unmatched and
// Discarded with MatchIt's nn table ("Matched (ESS)" for Matched).
func TestNewBalanceSampleSizes(t *testing.T) {
	nn := readRef(t, "nn.csv")[1:]
	for _, v := range balanceVariants {
		b := refBalance(t, v)
		for _, r := range nn {
			if r[0] != v {
				continue
			}
			var got [2]float64
			switch r[1] {
			case "All":
				got = b.All
			case "Matched (ESS)":
				got = b.Matched
			case "Unmatched":
				got = b.Unmatched
			case "Discarded":
				got = b.Discarded
			default:
				continue
			}
			tr, co := refFloat(t, r[3]), refFloat(t, r[2])
			if !relClose(got[0], tr, 1e-12) || !relClose(got[1], co, 1e-12) {
				t.Errorf("%s %s: treated %v control %v, R %v %v", v, r[1], got[0], got[1], tr, co)
			}
		}
	}
}

// TestNewBalanceCobalt: cobalt's bal.tab default for the ATT reports a
// binary covariate's raw difference in proportions and standardises a
// continuous one by the treated rows' SD before matching. Values by hand
// from reference.R's summary (MatchIt, 1:1): female's difference before
// matching is 0.32211538461538464 - 0.2483108108108108; age's SMD is
// MatchIt's.
func TestNewBalanceCobalt(t *testing.T) {
	b := refBalance(t, "nn1")
	for _, r := range b.Before {
		switch r.Name {
		case "female":
			if want := 0.32211538461538464 - 0.2483108108108108; !relClose(r.SMDCobalt, want, 1e-12) {
				t.Errorf("female: %v, want %v", r.SMDCobalt, want)
			}
		case "age":
			if !relClose(r.SMDCobalt, 0.13046272079135338, 1e-9) {
				t.Errorf("age: %v", r.SMDCobalt)
			}
		}
	}
}

// TestNewBalanceWarnings: before matching (weights 1 everywhere) the
// reference data is out of balance; after MatchIt's 1:1 matching only
// the rows above 0.1 are named.
func TestNewBalanceWarnings(t *testing.T) {
	d := refData(t, "main")
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	ones := make([]float64, d.Len())
	for i := range ones {
		ones[i] = 1
	}
	b := NewBalance(d, x, nil, d.Treated, ones)
	// summary.csv, nn1, all: |SMD| > 0.1 for age 0.130, female 0.158,
	// priors 0.225, offencetheft 0.327, offenceviolence -0.357,
	// regionnorth -0.135, regionwest 0.111.
	want := "after matching, |standardised mean difference| above 0.1: age (0.13), female (0.16), priors (0.23), offencetheft (0.33), offenceviolence (-0.36), regionnorth (-0.14), regionwest (0.11)"
	if len(b.Warnings) != 1 || b.Warnings[0] != want {
		t.Errorf("warnings %q", b.Warnings)
	}
	if len(refBalance(t, "nn1").Warnings) != 0 {
		t.Errorf("nn1: warnings %q", refBalance(t, "nn1").Warnings)
	}
	// No treated row matched: NaN statistics, no panic, a warning.
	none := make([]float64, d.Len())
	for i, tr := range d.Treated {
		if !tr {
			none[i] = 1
		}
	}
	b = NewBalance(d, x, nil, d.Treated, none)
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "no treated row has a positive weight") {
		t.Errorf("warnings %q", b.Warnings)
	}
	for _, r := range b.After {
		if !math.IsNaN(r.MeanTreated) {
			t.Errorf("%s: mean treated %v", r.Name, r.MeanTreated)
		}
		for _, v := range []float64{r.SMD, r.VarRatio, r.ECDFMean, r.ECDFMax, r.SMDCobalt} {
			if math.IsInf(v, 0) {
				t.Errorf("%s: infinite statistic", r.Name)
			}
		}
	}
}

// TestNewBalanceSubset: a table of some rows only (a cohort's) leaves out
// a level without rows there, as MatchIt's droplevels does.
func TestNewBalanceSubset(t *testing.T) {
	d := &Data{IDs: make([]string, 4), Treated: []bool{true, true, false, false},
		Columns: []Column{{Name: "offence", Categorical: true, Levels: []string{"drug", "theft", "violence"}, Codes: []int32{0, 1, 0, 1}}}}
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBalance(d, x, nil, d.Treated, nil)
	if len(b.Before) != 2 || b.Before[0].Name != "offencedrug" || b.Before[1].Name != "offencetheft" || b.After != nil {
		t.Errorf("rows %+v, after %v", b.Before, b.After)
	}
}

// TestSortOrder: the bucket sort orders rows as R's order() does (by
// value, ties in row order), with negative numbers, -0 equal to 0, many
// ties, values packed near 0 and an outlier (a crowded bucket).
func TestSortOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mixed := func(i int) float64 {
		switch i % 4 {
		case 0:
			return float64(rng.IntN(50) - 25) // ties
		case 1:
			return rng.NormFloat64() * 1e4
		case 2:
			return math.Copysign(0, -1)
		default:
			return rng.ExpFloat64() * 1e-300
		}
	}
	cases := []struct {
		name string
		n    int
		gen  func(i int) float64
	}{
		{"mixed", 3*4096 + 17, mixed},
		{"small", 7, mixed},
		{"insertion-sized", 40, mixed},
		{"constant", 100, func(int) float64 { return 3 }},
		{"constant, two levels", 10000, func(int) float64 { return 3 }},
		{"widest range", 1000, func(i int) float64 { return math.MaxFloat64 * float64(i%3-1) }},
		{"widest range, two levels", 10000, func(i int) float64 { return math.MaxFloat64 * float64(i%3-1) }},
		{"outlier", 5000, func(i int) float64 {
			if i == 17 {
				return 1e12
			}
			return rng.NormFloat64()
		}},
		{"outlier, two levels", 30000, func(i int) float64 {
			if i == 17 {
				return 1e12
			}
			return rng.NormFloat64()
		}},
	}
	for _, c := range cases {
		x := make([]float64, c.n)
		for i := range x {
			x[i] = c.gen(i)
		}
		want := make([]int32, c.n)
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(i, j int32) int { return cmp.Compare(x[i], x[j]) })
		treated := make([]bool, c.n)
		for i := range treated {
			treated[i] = i%3 == 0
		}
		bal := &balancer{treated: treated}
		bal.sortOrder(x)
		for k, kr := range bal.sorted {
			i := kr.row & rowMask
			if i != want[k] || (kr.row&treatedBit != 0) != treated[i] || kr.key != sortKey(x[i]) {
				t.Fatalf("%s: position %d: row %d (flag %v, key %x), want row %d", c.name, k, i, kr.row&treatedBit != 0, kr.key, want[k])
			}
		}
	}
	if sortKey(math.Copysign(0, -1)) != sortKey(0) {
		t.Error("-0 and 0 have different keys")
	}
}

// TestNewBalanceLarge: on many rows (buckets of the sort, the
// positive-weight flags) the eCDF statistics are those of a direct
// transcription of MatchIt's qqsum: sort, signed cumulative sum of the
// normalised weights, read at the last of each run of equal values.
func TestNewBalanceLarge(t *testing.T) {
	d := bigData(20000, 2, 7)
	for i := range d.Columns[1].Values {
		d.Columns[1].Values[i] = math.Round(d.Columns[1].Values[i] * 3) // ties
	}
	rng := rand.New(rand.NewPCG(5, 6))
	w := make([]float64, d.Len())
	for i, tr := range d.Treated {
		if tr || rng.IntN(20) == 0 {
			w[i] = float64(1 + rng.IntN(3))
		}
	}
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBalance(d, x, nil, d.Treated, w)
	for c, col := range d.Columns {
		for _, tab := range []struct {
			row BalanceRow
			w   []float64
		}{{b.Before[c], nil}, {b.After[c], w}} {
			mean, maxDiff := qqsum(col.Values, d.Treated, tab.w)
			if !relClose(tab.row.ECDFMean, mean, 1e-12) || !relClose(tab.row.ECDFMax, maxDiff, 1e-12) {
				t.Errorf("%s: eCDF %v %v, qqsum %v %v", col.Name, tab.row.ECDFMean, tab.row.ECDFMax, mean, maxDiff)
			}
		}
	}
}

// qqsum transcribes MatchIt 4.5.1's qqsum(x, t, w, standardize = TRUE).
func qqsum(x []float64, treated []bool, w []float64) (mean, maxDiff float64) {
	n := len(x)
	ww := make([]float64, n)
	var s [2]float64
	for i := range ww {
		ww[i] = 1
		if w != nil {
			ww[i] = w[i]
		}
		s[group(treated[i])] += ww[i]
	}
	for i := range ww {
		ww[i] /= s[group(treated[i])]
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(i, j int) int { return cmp.Compare(x[i], x[j]) })
	var cum, sum float64
	var ediff []float64
	for k, i := range ord {
		if treated[i] == treated[ord[0]] {
			cum -= ww[i]
		} else {
			cum += ww[i]
		}
		if k == n-1 || x[ord[k+1]] != x[i] {
			ediff = append(ediff, math.Abs(cum))
		}
	}
	for _, e := range ediff {
		sum += e
		maxDiff = max(maxDiff, e)
	}
	return sum / float64(len(ediff)), maxDiff
}
