package sobol

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

const refDir = "../../testdata/reference/sobol"

// readCSV returns the records of a reference file without its header.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// TestSequenceScipy compares the points with scipy.stats.qmc.Sobol(d,
// scramble=False) (scipy 1.10.1, see testdata/reference/sobol/README.md)
// exactly: the coordinates are dyadic rationals.
func TestSequenceScipy(t *testing.T) {
	for _, tc := range []struct {
		file   string
		dim, n int
	}{
		{"points_d2.csv", 2, 4096},
		{"points_d40.csv", 40, 256},
		{"points_d1111.csv", 1111, 8},
	} {
		t.Run(tc.file, func(t *testing.T) {
			recs := readCSV(t, tc.file)
			if len(recs) != tc.n {
				t.Fatalf("%d points in file, want %d", len(recs), tc.n)
			}
			s, err := NewSequence(tc.dim)
			if err != nil {
				t.Fatal(err)
			}
			x := make([]float64, tc.dim)
			bad := 0
			for i, rec := range recs {
				s.Next(x)
				if got := s.Index(); got != uint64(i+1) || rec[0] != strconv.Itoa(i+1) {
					t.Fatalf("point %d: Index() = %d, file index %s", i+1, got, rec[0])
				}
				for d, f := range rec[1:] {
					want, err := strconv.ParseFloat(f, 64)
					if err != nil {
						t.Fatal(err)
					}
					if x[d] != want {
						if bad++; bad <= 10 {
							t.Errorf("point %d, dim %d: got %v, want %v", i+1, d+1, x[d], want)
						}
					}
				}
			}
		})
	}
}

// TestSequenceChecksums checks all MaxDim dimensions over points 1 …
// 65535 against scipy's: per dimension, sum of i·k_i mod 2^64 with
// k_i = x_i·2^30 (see testdata/reference/sobol/README.md).
func TestSequenceChecksums(t *testing.T) {
	recs := readCSV(t, "checksums.csv")
	if len(recs) != MaxDim() {
		t.Fatalf("%d dimensions in checksums.csv, want %d", len(recs), MaxDim())
	}
	n, err := strconv.Atoi(recs[0][1])
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSequence(MaxDim())
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, MaxDim())
	sum := make([]uint64, MaxDim())
	for i := 1; i <= n; i++ {
		s.Next(x)
		for d, v := range x {
			k := v * 0x1p30
			if k != math.Trunc(k) {
				t.Fatalf("point %d dim %d: %v is not a multiple of 2^-30", i, d+1, v)
			}
			sum[d] += uint64(i) * uint64(k)
		}
	}
	for d, rec := range recs {
		want, err := strconv.ParseUint(rec[2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if rec[0] != strconv.Itoa(d+1) || rec[1] != recs[0][1] {
			t.Fatalf("checksums.csv row %d: %v", d+1, rec)
		}
		if sum[d] != want {
			t.Errorf("dim %d (degree %d): checksum %d, want %d", d+1, dirS[d], sum[d], want)
		}
	}
}

// TestSequenceNet checks the defining property for m = 1 … 12: with point
// 0, points 0 … 2^m-1 put exactly one coordinate in each interval
// [k/2^m, (k+1)/2^m) of every dimension, and in two dimensions (0 and 1,
// a (0, m, 2)-net) one point in each elementary box of area 2^-m.
func TestSequenceNet(t *testing.T) {
	const dim = 64
	for m := 1; m <= 12; m++ {
		n := 1 << m
		s, _ := NewSequence(dim)
		pts := make([][]float64, n)
		pts[0] = make([]float64, dim)
		for i := 1; i < n; i++ {
			pts[i] = make([]float64, dim)
			s.Next(pts[i])
		}
		for d := range dim {
			seen := make([]bool, n)
			for _, p := range pts {
				seen[int(p[d]*float64(n))] = true
			}
			for k, ok := range seen {
				if !ok {
					t.Fatalf("m=%d dim %d: no point in [%d, %d)/2^m", m, d, k, k+1)
				}
			}
		}
		for q := 0; q <= m; q++ { // boxes 2^-q × 2^-(m-q)
			seen := make([]bool, n)
			for _, p := range pts {
				seen[int(p[0]*float64(int(1)<<q))<<(m-q)+int(p[1]*float64(int(1)<<(m-q)))] = true
			}
			for k, ok := range seen {
				if !ok {
					t.Fatalf("m=%d q=%d: box %d empty", m, q, k)
				}
			}
		}
	}
}

func TestSequenceOpenInterval(t *testing.T) {
	s, _ := NewSequence(MaxDim())
	x := make([]float64, MaxDim())
	for range 1 << 10 {
		s.Next(x)
		for d, v := range x {
			if !(v > 0 && v < 1) {
				t.Fatalf("point %d dim %d: %v not in (0, 1)", s.Index(), d, v)
			}
		}
	}
}

// TestSequenceSkip: Skip(n) then Next gives what n+1 Nexts give, from any
// position (two ways to reach the same point must agree).
func TestSequenceSkip(t *testing.T) {
	const dim = 17
	ref, _ := NewSequence(dim)
	all := make([][]float64, 5000)
	for i := range all {
		all[i] = make([]float64, dim)
		ref.Next(all[i])
	}
	x := make([]float64, dim)
	for _, tc := range []struct{ from, skip int }{
		{0, 0}, {0, 1}, {0, 2}, {0, 1023}, {0, 1024}, {1, 0}, {3, 4}, {100, 1000}, {4095, 0}, {4095, 900},
	} {
		s, _ := NewSequence(dim)
		for range tc.from {
			s.Next(x)
		}
		s.Skip(tc.skip)
		if got := s.Index(); got != uint64(tc.from+tc.skip) {
			t.Errorf("from %d skip %d: Index() = %d", tc.from, tc.skip, got)
		}
		for step := range 3 {
			s.Next(x)
			want := all[tc.from+tc.skip+step]
			for d := range dim {
				if x[d] != want[d] {
					t.Fatalf("from %d skip %d, step %d, dim %d: got %v, want %v",
						tc.from, tc.skip, step, d, x[d], want[d])
				}
			}
		}
	}
	s, _ := NewSequence(dim)
	s.Skip(77)
	s.Reset()
	s.Next(x)
	if x[0] != 0.5 || s.Index() != 1 {
		t.Errorf("after Reset: point %d = %v", s.Index(), x)
	}
}

func TestSequenceExhausted(t *testing.T) {
	s, _ := NewSequence(3)
	x := make([]float64, 3)
	s.Skip(maxPoints - 1)
	s.Next(x) // the last point, 2^32 - 1: gray code 1000…0, so only v_32
	for d := range x {
		if x[d] != float64(s.v[31*3+d])*0x1p-32 {
			t.Errorf("last point dim %d = %v", d, x[d])
		}
	}
	mustPanic(t, "Next after the last point", func() { s.Next(x) })
	mustPanic(t, "Skip past the end", func() { s.Reset(); s.Skip(maxPoints + 1) })
	mustPanic(t, "negative Skip", func() { s.Skip(-1) })
	mustPanic(t, "short x", func() { s.Reset(); s.Next(x[:2]) })
}

func TestNewSequenceErrors(t *testing.T) {
	for _, dim := range []int{-1, 0, MaxDim() + 1} {
		if _, err := NewSequence(dim); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewSequence(%d): err = %v, want ErrInvalid", dim, err)
		}
	}
	if MaxDim() < 1024 {
		t.Errorf("MaxDim() = %d < 1024", MaxDim())
	}
}

func TestSequenceNoAlloc(t *testing.T) {
	s, _ := NewSequence(40)
	x := make([]float64, 40)
	if a := testing.AllocsPerRun(1000, func() { s.Next(x) }); a != 0 {
		t.Errorf("Next: %v allocations", a)
	}
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func BenchmarkSequenceNext(b *testing.B) {
	for _, dim := range []int{2, 40, 1111} {
		b.Run(strconv.Itoa(dim), func(b *testing.B) {
			s, _ := NewSequence(dim)
			x := make([]float64, dim)
			b.ReportAllocs()
			for b.Loop() {
				if s.Index() == 1<<20 {
					s.Reset()
				}
				s.Next(x)
			}
		})
	}
}
