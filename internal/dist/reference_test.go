package dist

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The reference files are written by testdata/reference/dist/gen.py from
// scipy.stats (scipy 1.10.1, numpy 1.24.2); see the README there.
const refDir = "../../testdata/reference/dist"

// refRow is one row of a reference file: the distribution and the two value
// columns after the arguments.
type refRow struct {
	line   int
	name   string
	d      Dist
	v1, v2 float64
}

// readCSV reads a reference file's records, its header first.
func readCSV(t *testing.T, file string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func readRef(t *testing.T, file string) []refRow {
	t.Helper()
	recs := readCSV(t, file)
	var rows []refRow
	for i, rec := range recs[1:] {
		line := i + 2
		k, ok := ParseKind(rec[1])
		if !ok {
			t.Fatalf("%s:%d: unknown kind %q", file, line, rec[1])
		}
		var args []float64
		for _, s := range rec[2:6] {
			if s != "" {
				args = append(args, parse(t, s))
			}
		}
		d, err := New(k, args...)
		if err != nil {
			t.Fatalf("%s:%d: %v", file, line, err)
		}
		rows = append(rows, refRow{line, rec[0], d, parse(t, rec[6]), parse(t, rec[7])})
	}
	return rows
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// relDiff is |got - want| relative to |want|, or the absolute difference
// when want is 0.
func relDiff(got, want float64) float64 {
	if got == want {
		return 0
	}
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// offset is the distribution's location, the constant that its quantiles add
// to a standardised value (the larger end of a bounded support, or the
// normal's |mean| + sd; 0 for the lognormal and gamma, whose quantiles are
// scaled only). A quantile near 0 on a shifted
// distribution is the difference of two numbers of that size, so its error
// is a few ulps of the offset, not of the quantile itself.
func offset(d Dist) float64 {
	switch d.Kind() {
	case Normal, TruncNormal:
		return math.Abs(d.args[0]) + d.args[1]
	case Uniform, Triangular, PERT, Beta:
		return max(math.Abs(d.lo), math.Abs(d.hi))
	}
	return 0
}

// TestQuantileReference compares Quantile with scipy.stats' ppf. Tolerance:
// 1e-10 relative, plus 1e-15 of the offset (see offset) for the quantiles of
// shifted distributions near 0.
func TestQuantileReference(t *testing.T) {
	const tol = 1e-10
	worst, raw := map[Kind]float64{}, map[Kind]float64{}
	where := map[Kind]string{}
	for _, r := range readRef(t, "quantiles.csv") {
		p, want := r.v1, r.v2
		got := r.d.Quantile(p)
		diff := math.Abs(got - want)
		rel := relDiff(got, want)
		k := r.d.Kind()
		raw[k] = max(raw[k], rel)
		if diff > 1e-15*offset(r.d) && rel > worst[k] {
			worst[k], where[k] = rel, fmt.Sprintf("%s p=%g", r.name, p)
		}
		if !(diff <= tol*math.Abs(want)+1e-15*offset(r.d)) {
			t.Errorf("quantiles.csv:%d: %s %v Quantile(%g) = %.17g, scipy %.17g (rel %.2g)", r.line, r.name, r.d, p, got, want, rel)
		}
	}
	for k := range numKinds {
		t.Logf("%-12v largest relative difference %.2g (%s); %.2g counting differences within 1e-15 of the offset", k, worst[k], where[k], raw[k])
	}
}

// TestCDFReference compares CDF with scipy.stats' cdf at points between the
// quantiles. Tolerance: 1e-10 relative, plus 1e-15 absolute.
func TestCDFReference(t *testing.T) {
	const tol = 1e-10
	worst := map[Kind]float64{}
	for _, r := range readRef(t, "cdf.csv") {
		x, want := r.v1, r.v2
		got := r.d.CDF(x)
		worst[r.d.Kind()] = max(worst[r.d.Kind()], relDiff(got, want))
		if !(math.Abs(got-want) <= tol*want+1e-15) {
			t.Errorf("cdf.csv:%d: %s %v CDF(%g) = %.17g, scipy %.17g (rel %.2g)", r.line, r.name, r.d, x, got, want, relDiff(got, want))
		}
	}
	for k := range numKinds {
		t.Logf("%-12v largest relative difference %.2g", k, worst[k])
	}
}

// TestMomentsReference compares Mean and Variance with scipy.stats' stats.
// Tolerance: 1e-10 relative for the mean (plus 1e-15 of the offset, for means
// near 0 of shifted distributions) and 1e-10 for the variance. Truncnormal moments are checked against
// quadrature, not scipy.stats (see gen.py).
func TestMomentsReference(t *testing.T) {
	for _, r := range readRef(t, "moments.csv") {
		mean, variance := r.d.Mean(), r.d.Variance()
		if d := math.Abs(mean - r.v1); !(d <= 1e-10*math.Abs(r.v1)+1e-15*offset(r.d)) {
			t.Errorf("moments.csv:%d: %s %v Mean() = %.17g, scipy %.17g (rel %.2g)", r.line, r.name, r.d, mean, r.v1, relDiff(mean, r.v1))
		}
		if rel := relDiff(variance, r.v2); !(rel <= 1e-10) {
			t.Errorf("moments.csv:%d: %s %v Variance() = %.17g, scipy %.17g (rel %.2g)", r.line, r.name, r.d, variance, r.v2, rel)
		}
		t.Logf("%-17s mean rel %.2g, variance rel %.2g", r.name, relDiff(mean, r.v1), relDiff(variance, r.v2))
	}
}
