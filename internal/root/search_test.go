package root

import (
	"math"
	"testing"
)

// cubic is x³ − c: a function with state, evaluated by the caller.
type cubic struct{ c float64 }

func (f *cubic) at(x float64) float64 { return x*x*x - f.c }

func (f *cubic) solve(a, b, tol float64) (float64, error) {
	s := NewSearch(a, b, f.at(a), f.at(b), tol)
	for x, ok := s.Next(); ok; x, ok = s.Next() {
		s.Tell(f.at(x))
	}
	return s.Root()
}

func TestSearch(t *testing.T) {
	for _, c := range []float64{1e-12, 0.5, 2, 27, 1e9} {
		f := cubic{c}
		got, err := f.solve(0, 2000, 0)
		if want := math.Cbrt(c); err != nil || math.Abs(got-want) > 4e-16*want {
			t.Errorf("c=%v: got %v, %v; want %v", c, got, err, want)
		}
	}
	for _, tc := range []struct {
		a, b, fa, fb float64
		want         float64
		err          error
	}{
		{0, 1, 0, 1, 0, nil},
		{0, 1, -1, 0, 1, nil},
		{0, 1, 1, 1, math.NaN(), ErrNoBracket},
		{0, 1, math.NaN(), 1, math.NaN(), ErrNotFinite},
	} {
		s := NewSearch(tc.a, tc.b, tc.fa, tc.fb, 0)
		if _, ok := s.Next(); ok {
			t.Errorf("%+v: Next asks for a value", tc)
		}
		got, err := s.Root()
		if err != tc.err || !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("%+v: Root() = %v, %v", tc, got, err)
		}
	}
	// A NaN met inside the bracket stops the search.
	s := NewSearch(0, 1, -1, 1, 0)
	s.Next()
	s.Tell(math.NaN())
	if _, ok := s.Next(); ok {
		t.Error("Next after a NaN asks for a value")
	}
	if _, err := s.Root(); err != ErrNotFinite {
		t.Errorf("after a NaN: %v", err)
	}
	// A function that lies about its signs cannot make it loop forever.
	s = NewSearch(0, 1, -1, 1, 0)
	n := 0
	for _, ok := s.Next(); ok; _, ok = s.Next() {
		s.Tell(-1e-300 * float64(n%2*2-1))
		n++
	}
	if _, err := s.Root(); n > MaxIter || (n == MaxIter) != (err == ErrMaxIter) {
		t.Errorf("%d evaluations, %v", n, err)
	}
}

// TestSearchAllocs pins the reason Search exists: no allocation, though
// the function has state.
func TestSearchAllocs(t *testing.T) {
	var sink float64
	n := testing.AllocsPerRun(100, func() {
		f := cubic{2}
		x, _ := f.solve(0, 2, 1e-14)
		sink += x
	})
	if n != 0 {
		t.Errorf("a Search allocates %v times", n)
	}
}

func BenchmarkSearch(b *testing.B) {
	b.ReportAllocs()
	f := cubic{2}
	for b.Loop() {
		f.solve(0, 2, 1e-14)
	}
}
