package matching

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference matchings in testdata/reference/nearest were computed by
// R 4.2 with MatchIt 4.5.1, matchit(method = "nearest") with the distance
// given (reference.R there says how, and which two bugs of 4.5.1 it works
// around). Matched sets and discarded rows must be equal, matches in the
// same order, weights within 1e-12, subclasses the same partition.
const nearestRefDir = "../../testdata/reference/nearest"

func readNNCSV(t *testing.T, path string) (map[string]int, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	return col, rows[1:]
}

type nnRefData struct {
	dist    []float64
	treated []bool
	region  []int32
}

func loadNNRefData(t *testing.T, name string) nnRefData {
	col, rows := readNNCSV(t, filepath.Join(nearestRefDir, "data_"+name+".csv"))
	var d nnRefData
	levels := map[string]int32{}
	for _, r := range rows {
		x, err := strconv.ParseFloat(r[col["distance"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		d.dist = append(d.dist, x)
		d.treated = append(d.treated, r[col["treat"]] == "1")
		reg := r[col["region"]]
		if _, ok := levels[reg]; !ok {
			levels[reg] = int32(len(levels)) * 7 // any values will do
		}
		d.region = append(d.region, levels[reg])
	}
	return d
}

func parseNNOrder(s string) Order {
	switch s {
	case "smallest":
		return Smallest
	case "data":
		return DataOrder
	}
	return Largest
}

func parseNNDiscard(s string) Discard {
	switch s {
	case "treated":
		return DiscardTreated
	case "control":
		return DiscardControl
	case "both":
		return DiscardBoth
	}
	return DiscardNone
}

func TestNearestMatchIt(t *testing.T) {
	col, variants := readNNCSV(t, filepath.Join(nearestRefDir, "variants.csv"))
	data := map[string]nnRefData{}
	for _, v := range variants {
		name := v[col["name"]]
		t.Run(name, func(t *testing.T) {
			dn := v[col["data"]]
			if _, ok := data[dn]; !ok {
				data[dn] = loadNNRefData(t, dn)
			}
			d := data[dn]
			k, _ := strconv.Atoi(v[col["k"]])
			cal, _ := strconv.ParseFloat(v[col["caliper"]], 64)
			opt := Options{
				K: k, Replace: v[col["replace"]] == "TRUE", Caliper: cal,
				Order: parseNNOrder(v[col["order"]]), Discard: parseNNDiscard(v[col["discard"]]),
			}
			var strata []int32
			if v[col["exact"]] == "TRUE" {
				strata = d.region
			}
			for _, workers := range []int{1, 3} {
				opt.Workers = workers
				m, err := Nearest(context.Background(), d.dist, d.treated, strata, opt)
				if err != nil {
					t.Fatal(err)
				}
				compareNNRef(t, filepath.Join(nearestRefDir, "out", name+".csv"), m, d, opt, v[col["path"]] == "matrix")
			}
		})
	}
}

// compareNNRef compares with MatchIt's result; asSets compares each treated
// unit's matches as a set (MatchIt's matrix path lists them by row when
// there is a caliper).
func compareNNRef(t *testing.T, path string, m *Matches, d nnRefData, opt Options, asSets bool) {
	t.Helper()
	col, rows := readNNCSV(t, path)
	n := len(d.dist)
	if len(rows) != n {
		t.Fatalf("%d rows in %s, want %d", len(rows), path, n)
	}
	got := make([][]int32, n)
	for i, row := range m.Treated {
		got[row] = m.Controls[i]
	}
	sub := map[int32]string{} // our subclass -> R's
	back := map[string]int32{}
	for i, r := range rows {
		if dis := r[col["discarded"]] == "1"; dis != m.Discarded[i] {
			t.Errorf("row %d: discarded %v, MatchIt %v", i+1, m.Discarded[i], dis)
		}
		var want []int32
		for j := 1; j <= opt.K; j++ {
			if s := r[col[fmt.Sprint("m", j)]]; s != "" {
				c, _ := strconv.Atoi(s)
				want = append(want, int32(c-1))
			}
		}
		g := got[i]
		if asSets {
			g = slices.Sorted(slices.Values(g))
			slices.Sort(want)
		}
		if !slices.Equal(g, want) {
			t.Errorf("treated row %d: matched to %v, MatchIt %v (rows 0-based)", i, got[i], want)
		}
		w, _ := strconv.ParseFloat(r[col["weight"]], 64)
		if math.Abs(w-m.Weights[i]) > 1e-12 {
			t.Errorf("row %d: weight %.17g, MatchIt %.17g", i+1, m.Weights[i], w)
		}
		if opt.Replace {
			continue
		}
		rs := r[col["subclass"]]
		gs := m.Subclass[i]
		if (rs == "") != (gs == 0) {
			t.Errorf("row %d: subclass %d, MatchIt %q", i+1, gs, rs)
			continue
		}
		if gs == 0 {
			continue
		}
		if prev, ok := sub[gs]; ok && prev != rs {
			t.Errorf("row %d: subclass %d is MatchIt's %q and %q", i+1, gs, prev, rs)
		}
		if prev, ok := back[rs]; ok && prev != gs {
			t.Errorf("row %d: MatchIt's subclass %q is our %d and %d", i+1, rs, prev, gs)
		}
		sub[gs], back[rs] = rs, gs
	}
}

// simNNData is n rows with a normal linear logit, about a share p treated
// and, when ties, distances rounded to multiples of 0.25.
func simNNData(rng *rand.Rand, n int, p float64, ties bool) ([]float64, []bool) {
	dist := make([]float64, n)
	tr := make([]bool, n)
	for i := range n {
		x := rng.NormFloat64()
		tr[i] = rng.Float64() < p*(1+0.5*math.Tanh(x))
		dist[i] = x + 0.5*rng.NormFloat64()
		if ties {
			dist[i] = math.Round(dist[i]*4) / 4
		}
	}
	tr[0], tr[1] = true, false
	return dist, tr
}

// TestNearestProperties checks the invariants on random problems: no
// control used twice without replacement, no control twice for one
// treated unit with it, every match within the caliper and its nnStratum,
// matches nearest first, weights summing as MatchIt's, and the same
// Matches for 1 to 4 workers.
func TestNearestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 2))
	for trial := range 120 {
		n := 50 + rng.IntN(3000)
		dist, tr := simNNData(rng, n, 0.05+0.5*rng.Float64(), trial%3 == 0)
		var strata []int32
		if trial%2 == 0 {
			strata = make([]int32, n)
			for i := range strata {
				strata[i] = int32(rng.IntN(4)) - 2
			}
		}
		opt := Options{
			K: 1 + rng.IntN(maxRatio), Replace: trial%4 == 1,
			Order: Order(rng.IntN(3)), Discard: Discard(rng.IntN(4)),
		}
		if rng.IntN(2) == 0 {
			opt.Caliper = 0.02 + 0.3*rng.Float64()
		}
		name := fmt.Sprintf("trial %d (n %d, %+v, strata %v)", trial, n, opt, strata != nil)
		var first *Matches
		for workers := 1; workers <= 4; workers++ {
			opt.Workers = workers
			m, err := Nearest(context.Background(), dist, tr, strata, opt)
			if errors.Is(err, ErrNoMatch) || errors.Is(err, ErrNoCommonSupport) {
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if first == nil {
				first = m
				checkNNInvariants(t, name, m, dist, tr, strata, opt)
				continue
			}
			if !sameNNMatches(first, m) {
				t.Fatalf("%s: %d workers give other matches than 1", name, workers)
			}
		}
	}
}

func checkNNInvariants(t *testing.T, name string, m *Matches, dist []float64, tr []bool, strata []int32, opt Options) {
	t.Helper()
	cal := math.Inf(1)
	if opt.Caliper > 0 {
		cal = opt.Caliper * sdKept(dist, m.Discarded)
	}
	used := map[int32]bool{}
	var nctrl, nmatched int
	for i, row := range m.Treated {
		if !tr[row] || m.Discarded[row] {
			t.Fatalf("%s: row %d in Treated", name, row)
		}
		cs := m.Controls[i]
		if len(cs) > opt.K {
			t.Fatalf("%s: %d controls", name, len(cs))
		}
		if len(cs) > 0 {
			nmatched++
		}
		seen := map[int32]bool{}
		for j, c := range cs {
			if tr[c] || m.Discarded[c] {
				t.Fatalf("%s: row %d matched to treated or discarded row %d", name, row, c)
			}
			if seen[c] || (!opt.Replace && used[c]) {
				t.Fatalf("%s: control %d used twice", name, c)
			}
			if !used[c] {
				nctrl++
			}
			seen[c], used[c] = true, true
			if math.Abs(dist[row]-dist[c]) > cal {
				t.Fatalf("%s: control %d beyond the caliper", name, c)
			}
			if strata != nil && strata[c] != strata[row] {
				t.Fatalf("%s: control %d of another nnStratum", name, c)
			}
			if j > 0 && math.Abs(dist[row]-dist[c]) < math.Abs(dist[row]-dist[cs[j-1]]) {
				t.Fatalf("%s: row %d's matches not nearest first", name, row)
			}
		}
	}
	var wt, wc float64
	for i, w := range m.Weights {
		if tr[i] {
			wt += w
		} else {
			wc += w
		}
	}
	if wt != float64(nmatched) || math.Abs(wc-float64(nctrl)) > 1e-9*float64(nctrl) {
		t.Fatalf("%s: weights sum to %v and %v, want %d and %d", name, wt, wc, nmatched, nctrl)
	}
	if m.Unmatched != len(m.Treated)-nmatched {
		t.Fatalf("%s: Unmatched %d, want %d", name, m.Unmatched, len(m.Treated)-nmatched)
	}
}

func sameNNMatches(a, b *Matches) bool {
	if !slices.Equal(a.Treated, b.Treated) || !slices.Equal(a.Weights, b.Weights) ||
		!slices.Equal(a.Subclass, b.Subclass) || !slices.Equal(a.Discarded, b.Discarded) ||
		a.Unmatched != b.Unmatched || !slices.Equal(a.Warnings, b.Warnings) {
		return false
	}
	for i := range a.Controls {
		if !slices.Equal(a.Controls[i], b.Controls[i]) {
			return false
		}
	}
	return true
}

// TestNearestBrute compares the fast greedy search (sorted controls,
// union-find) with a brute-force greedy matching that scans every
// control, on small problems with many ties.
func TestNearestBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 300 {
		n := 10 + rng.IntN(200)
		dist, tr := simNNData(rng, n, 0.1+0.6*rng.Float64(), trial%2 == 0)
		opt := Options{K: 1 + rng.IntN(4), Replace: trial%3 == 0, Order: Order(rng.IntN(3)), Workers: 1}
		if rng.IntN(2) == 0 {
			opt.Caliper = 0.05 + 0.5*rng.Float64()
		}
		m, err := Nearest(context.Background(), dist, tr, nil, opt)
		if errors.Is(err, ErrNoMatch) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		want := bruteNearest(dist, tr, m.Treated, opt)
		for i := range m.Treated {
			if !slices.Equal(m.Controls[i], want[i]) {
				t.Fatalf("trial %d (%+v): treated row %d matched to %v, brute force %v", trial, opt, m.Treated[i], m.Controls[i], want[i])
			}
		}
	}
}

// bruteNearest is MatchIt's rule written plainly: in rounds, each treated
// unit in ord takes the free control that is nearest in distance; on a
// tie, the one nearest in (distance, row) order on the lower side first.
func bruteNearest(dist []float64, tr []bool, ord []int32, opt Options) [][]int32 {
	cal := math.Inf(1)
	if opt.Caliper > 0 {
		cal = opt.Caliper * sdKept(dist, make([]bool, len(dist)))
	}
	less := func(a, b int32) bool { // (distance, row) order
		return dist[a] < dist[b] || dist[a] == dist[b] && a < b
	}
	taken := map[int32]bool{}
	out := make([][]int32, len(ord))
	for range opt.K {
		for i, t := range ord {
			best := int32(-1)
			for c := range int32(len(dist)) {
				if tr[c] || taken[c] || slices.Contains(out[i], c) {
					continue
				}
				dc := math.Abs(dist[t] - dist[c])
				if dc > cal {
					continue
				}
				if best < 0 {
					best = c
					continue
				}
				db := math.Abs(dist[t] - dist[best])
				switch {
				case dc < db:
					best = c
				case dc == db:
					// Below t beats above t; on one side, the one nearer t
					// in the order.
					cb, bb := less(c, t), less(best, t)
					if cb && !bb || cb == bb && (cb == less(best, c)) {
						best = c
					}
				}
			}
			if best >= 0 {
				out[i] = append(out[i], best)
				if !opt.Replace {
					taken[best] = true
				}
			}
		}
	}
	return out
}

func TestNearestErrors(t *testing.T) {
	ctx := context.Background()
	d := []float64{0.1, 0.2, 0.3, 0.9}
	tr := []bool{true, false, false, true}
	cases := []struct {
		name  string
		dist  []float64
		tr    []bool
		strat []int32
		opt   Options
		want  error
	}{
		{"k 0", d, tr, nil, Options{K: 0}, ErrRatio},
		{"k 11", d, tr, nil, Options{K: 11}, ErrRatio},
		{"lengths", d, tr[:3], nil, Options{K: 1}, ErrLengths},
		{"strata length", d, tr, []int32{1}, Options{K: 1}, ErrLengths},
		{"NaN", []float64{0.1, math.NaN(), 0.3, 0.4}, tr, nil, Options{K: 1}, ErrDistance},
		{"Inf", []float64{0.1, 0.2, math.Inf(1), 0.4}, tr, nil, Options{K: 1}, ErrDistance},
		{"negative caliper", d, tr, nil, Options{K: 1, Caliper: -1}, ErrCaliper},
		{"NaN caliper", d, tr, nil, Options{K: 1, Caliper: math.NaN()}, ErrCaliper},
		{"order", d, tr, nil, Options{K: 1, Order: 7}, ErrOption},
		{"discard", d, tr, nil, Options{K: 1, Discard: 9}, ErrOption},
		{"no treated", d, make([]bool, 4), nil, Options{K: 1}, ErrNoTreated},
		{"no pool", d, []bool{true, true, true, true}, nil, Options{K: 1}, ErrNoPool},
		{"no common support", []float64{0, 1, 2, 3}, []bool{false, false, true, true}, nil, Options{K: 1, Discard: DiscardTreated}, ErrNoCommonSupport},
		{"no common support (controls)", []float64{0, 1, 2, 3}, []bool{false, false, true, true}, nil, Options{K: 1, Discard: DiscardControl}, ErrNoCommonSupport},
		{"caliper drops all", []float64{0, 0.01, 5, 5.01, 10, 10.01}, []bool{true, true, false, false, true, true}, nil, Options{K: 1, Caliper: 0.01}, ErrNoMatch},
		{"no control in any nnStratum", d, tr, []int32{1, 2, 2, 1}, Options{K: 1, Replace: true, Caliper: 0.01}, ErrNoMatch},
	}
	for _, c := range cases {
		m, err := Nearest(ctx, c.dist, c.tr, c.strat, c.opt)
		if !errors.Is(err, c.want) || m != nil {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Nearest(cctx, d, tr, nil, Options{K: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestNearestWarnings(t *testing.T) {
	// Rows 0-2 treated at 0, 1, 2; controls at 0.05, 1.05 and 9: with k = 2
	// and a caliper the treated unit at 2 finds nothing near and the
	// others find one control each.
	dist := []float64{0, 1, 2, 0.05, 1.05, 9, 20}
	tr := []bool{true, true, true, false, false, false, false}
	m, err := Nearest(context.Background(), dist, tr, nil, Options{K: 2, Caliper: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 of 3 treated units have no control within the caliper and are dropped",
		"2 of 2 matched treated units have fewer than 2 controls",
	}
	if !slices.Equal(m.Warnings, want) {
		t.Errorf("warnings %q, want %q", m.Warnings, want)
	}
	if m.Unmatched != 1 {
		t.Errorf("Unmatched %d", m.Unmatched)
	}
	// More treated than controls: the pool runs out.
	m, err = Nearest(context.Background(), []float64{1, 2, 3, 4}, []bool{true, true, true, false}, nil, Options{K: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Unmatched != 2 || len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "no control left") {
		t.Errorf("unmatched %d, warnings %q", m.Unmatched, m.Warnings)
	}
}

// FuzzNearest: on any input Nearest returns one of its errors or a
// matching that keeps the invariants, the same for 1 and 3 workers.
func FuzzNearest(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, uint8(1), uint8(0), 0.0)
	f.Add([]byte{9, 200, 3, 77, 4, 5, 130, 7, 8, 0, 0, 0, 1, 1, 1}, uint8(3), uint8(0xff), 0.3)
	f.Add([]byte{255, 254, 253, 0, 1, 2, 128, 129, 130}, uint8(2), uint8(0x2a), 0.05)
	f.Fuzz(func(t *testing.T, data []byte, k, flags uint8, caliper float64) {
		n := len(data) / 2
		if n == 0 || n > 4000 {
			return
		}
		dist := make([]float64, n)
		tr := make([]bool, n)
		var strata []int32
		if flags&1 != 0 {
			strata = make([]int32, n)
		}
		for i := range n {
			a, b := data[2*i], data[2*i+1]
			dist[i] = float64(int8(a)) / 8 // coarse: many ties
			tr[i] = b&1 != 0
			if strata != nil {
				strata[i] = int32(b >> 6)
			}
		}
		opt := Options{
			K: int(k % 12), Replace: flags&2 != 0, Caliper: caliper,
			Order: Order(flags >> 2 % 4), Discard: Discard(flags >> 4 % 5),
		}
		var first *Matches
		for _, workers := range []int{1, 3} {
			opt.Workers = workers
			m, err := Nearest(context.Background(), dist, tr, strata, opt)
			if err != nil {
				for _, e := range []error{ErrRatio, ErrCaliper, ErrOption, ErrNoTreated, ErrNoPool, ErrNoCommonSupport, ErrNoMatch} {
					if errors.Is(err, e) {
						return
					}
				}
				t.Fatalf("unexpected error %v", err)
			}
			if first == nil {
				first = m
				checkNNInvariants(t, "fuzz", m, dist, tr, strata, opt)
			} else if !sameNNMatches(first, m) {
				t.Fatal("3 workers give other matches than 1")
			}
		}
	})
}

// TestNearestStrataValues: strata are labels; spread-out values (numbered
// through a map) give the matching that small ones (a table) give.
func TestNearestStrataValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	dist, tr := simNNData(rng, 500, 0.3, true)
	small := make([]int32, len(dist))
	wide := make([]int32, len(dist))
	labels := []int32{math.MinInt32, -5, math.MaxInt32}
	for i := range small {
		small[i] = int32(rng.IntN(3))
		wide[i] = labels[small[i]]
	}
	opt := Options{K: 2, Caliper: 0.3}
	a, err := Nearest(context.Background(), dist, tr, small, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Nearest(context.Background(), dist, tr, wide, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !sameNNMatches(a, b) {
		t.Error("strata 0, 1, 2 and MinInt32, -5, MaxInt32 match differently")
	}
}
