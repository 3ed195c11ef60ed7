package sobol

import (
	"errors"
	"sync"
	"testing"
)

func TestDesignLayout(t *testing.T) {
	const n, k = 8, 3
	for _, opt := range []DesignOptions{{}, {Random: true, Seed: 7}} {
		d, err := NewDesign(n, k, opt)
		if err != nil {
			t.Fatal(err)
		}
		if d.N != n || d.K != k || d.Rows() != n*(k+2) {
			t.Fatalf("N, K, Rows = %d, %d, %d", d.N, d.K, d.Rows())
		}
		a, b, u := make([]float64, k), make([]float64, k), make([]float64, k)
		for j := range n {
			d.Point(j, a)
			d.Point(n+j, b)
			for i := range k {
				d.Point((2+i)*n+j, u)
				for c := range k {
					want := a[c]
					if c == i {
						want = b[c]
					}
					if u[c] != want {
						t.Errorf("%+v: row %d (A_B^(%d) j=%d) col %d = %v, want %v", opt, (2+i)*n+j, i, j, c, u[c], want)
					}
				}
			}
			for c := range k {
				if !(a[c] > 0 && a[c] < 1 && b[c] > 0 && b[c] < 1) || (opt.Random && a[c] == b[c]) {
					t.Errorf("%+v: j=%d col %d: A %v, B %v", opt, j, c, a[c], b[c])
				}
			}
		}
	}
}

// TestDesignSobol: row j of A and B is point j+1 of the 2K-dimensional
// sequence, A the first K coordinates.
func TestDesignSobol(t *testing.T) {
	const n, k = 64, 5
	d, _ := NewDesign(n, k, DesignOptions{})
	s, _ := NewSequence(2 * k)
	x, u := make([]float64, 2*k), make([]float64, k)
	for j := range n {
		s.Next(x)
		d.Point(j, u)
		for c := range k {
			if u[c] != x[c] {
				t.Fatalf("A[%d][%d] = %v, want %v", j, c, u[c], x[c])
			}
		}
		d.Point(n+j, u)
		for c := range k {
			if u[c] != x[k+c] {
				t.Fatalf("B[%d][%d] = %v, want %v", j, c, u[c], x[k+c])
			}
		}
	}
}

func TestDesignRandomSeed(t *testing.T) {
	d1, _ := NewDesign(100, 4, DesignOptions{Random: true, Seed: 42})
	d2, _ := NewDesign(100, 4, DesignOptions{Random: true, Seed: 42})
	d3, _ := NewDesign(100, 4, DesignOptions{Random: true, Seed: 43})
	u1, u2, u3 := make([]float64, 4), make([]float64, 4), make([]float64, 4)
	same3 := 0
	for r := range d1.Rows() {
		d1.Point(r, u1)
		d2.Point(r, u2)
		d3.Point(r, u3)
		for c := range u1 {
			if u1[c] != u2[c] {
				t.Fatalf("same seed, row %d col %d: %v != %v", r, c, u1[c], u2[c])
			}
			if u1[c] == u3[c] {
				same3++
			}
		}
	}
	if same3 > 0 {
		t.Errorf("seeds 42 and 43 share %d coordinates", same3)
	}
	// MaxDim does not bound the Random design.
	if _, err := NewDesign(2, MaxDim(), DesignOptions{Random: true}); err != nil {
		t.Error(err)
	}
}

func TestNewDesignErrors(t *testing.T) {
	for _, tc := range []struct {
		n, k int
		opt  DesignOptions
	}{
		{1, 3, DesignOptions{}},
		{0, 3, DesignOptions{Random: true}},
		{8, 0, DesignOptions{}},
		{8, -1, DesignOptions{Random: true}},
		{8, MaxDim()/2 + 1, DesignOptions{}},
		{1 << 30, 1, DesignOptions{}},
	} {
		if _, err := NewDesign(tc.n, tc.k, tc.opt); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewDesign(%d, %d, %+v): err = %v, want ErrInvalid", tc.n, tc.k, tc.opt, err)
		}
	}
	if _, err := NewDesign(8, MaxDim()/2, DesignOptions{}); err != nil {
		t.Errorf("NewDesign(8, MaxDim()/2): %v", err)
	}
}

func TestDesignPointPanics(t *testing.T) {
	d, _ := NewDesign(4, 2, DesignOptions{})
	u := make([]float64, 2)
	mustPanic(t, "row -1", func() { d.Point(-1, u) })
	mustPanic(t, "row Rows()", func() { d.Point(d.Rows(), u) })
	mustPanic(t, "short u", func() { d.Point(0, u[:1]) })
	if a := testing.AllocsPerRun(100, func() { d.Point(13, u) }); a != 0 {
		t.Errorf("Point: %v allocations", a)
	}
}

// TestDesignConcurrent evaluates a design from several goroutines (run
// with -race) and checks the result equals a serial evaluation.
func TestDesignConcurrent(t *testing.T) {
	d, _ := NewDesign(256, 6, DesignOptions{})
	f := func(u []float64) float64 { return u[0] + 2*u[1]*u[5] - u[3] }
	serial := make([]float64, d.Rows())
	u := make([]float64, d.K)
	for r := range serial {
		d.Point(r, u)
		serial[r] = f(u)
	}
	par := make([]float64, d.Rows())
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			u := make([]float64, d.K)
			for r := w; r < d.Rows(); r += workers {
				d.Point(r, u)
				par[r] = f(u)
			}
		})
	}
	wg.Wait()
	for r := range serial {
		if par[r] != serial[r] {
			t.Fatalf("row %d: %v != %v", r, par[r], serial[r])
		}
	}
}

func BenchmarkDesignPoint(b *testing.B) {
	d, _ := NewDesign(1024, 20, DesignOptions{})
	u := make([]float64, d.K)
	b.ReportAllocs()
	r := 0
	for b.Loop() {
		d.Point(r, u)
		if r++; r == d.Rows() {
			r = 0
		}
	}
}

func BenchmarkNewDesign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewDesign(1024, 20, DesignOptions{})
	}
}
