package money

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ints(v ...int64) []decimal.Decimal {
	out := make([]decimal.Decimal, len(v))
	for i, x := range v {
		out[i] = decimal.NewFromInt(x)
	}
	return out
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   int64
		weights []decimal.Decimal
		want    []int64
	}{
		// 100 cents in thirds: 33.33... each, floors 33+33+33 = 99, one cent left,
		// remainders tie (1/3 each) so the first share gets it.
		{"thirds", 100, ints(1, 1, 1), []int64{34, 33, 33}},
		// 200 in thirds: floors 66 each (198), remainders 2/3 tie, two cents to the first two.
		{"two thirds", 200, ints(1, 1, 1), []int64{67, 67, 66}},
		// 10 over 1:2:3:4 is exact: 1, 2, 3, 4.
		{"exact", 10, ints(1, 2, 3, 4), []int64{1, 2, 3, 4}},
		// 7 over 1:1:5 = 1.1667, 1.1667, 5.8333; floors 1,1,5 (7) - nothing left.
		{"no remainder left", 7, ints(1, 1, 5), []int64{1, 1, 5}},
		// 10 over 3:3:1 = 4.2857, 4.2857, 1.4286; floors 4,4,1 = 9; largest remainder is
		// the third (0.4286 > 0.2857), so it gets the cent.
		{"largest remainder wins over order", 10, ints(3, 3, 1), []int64{4, 4, 2}},
		{"zero weight gets nothing", 5, ints(0, 1, 0, 1), []int64{0, 3, 0, 2}},
		{"zero total", 0, ints(0, 0), []int64{0, 0}},
		// Decimal weights: 1 cent over 0.5 and 1.5: 0.25 and 0.75 -> the second.
		{"decimal weights", 1, []decimal.Decimal{decimal.RequireFromString("0.5"), decimal.RequireFromString("1.5")}, []int64{0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Allocate(tc.total, tc.weights)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	_, err := Allocate(1, ints(0, 0))
	assert.ErrorIs(t, err, ErrNoWeight)
	_, err = Allocate(-1, ints(1))
	assert.Error(t, err)
	_, err = Allocate(1, ints(1, -1))
	assert.Error(t, err)
}

// TestAllocateManyThirds splits a messy amount over 3·1000 equal and
// unequal shares and checks it balances to the cent.
func TestAllocateManyThirds(t *testing.T) {
	w := make([]decimal.Decimal, 3000)
	for i := range w {
		w[i] = decimal.NewFromInt(int64(i%7 + 1)).Div(decimal.NewFromInt(3))
	}
	const total = 123456789 // 1,234,567.89
	got, err := Allocate(total, w)
	require.NoError(t, err)
	var sum int64
	for _, g := range got {
		sum += g
	}
	assert.Equal(t, int64(total), sum)
}

func TestRoundQuotients(t *testing.T) {
	dd := func(v ...string) []decimal.Decimal {
		out := make([]decimal.Decimal, len(v))
		for i, x := range v {
			out[i] = decimal.RequireFromString(x)
		}
		return out
	}
	three := decimal.NewFromInt(3)
	// 1/3 + 1/3 + 1/3 cents = 1 -> 1 cent in all, to the first (remainders tie).
	got, err := RoundQuotients(dd("1", "1", "1"), three)
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 0, 0}, got)
	// 1.5/1 + 2.5/1 = 4 exactly: floors 1, 2; remainders .5 tie -> first.
	got, err = RoundQuotients(dd("1.5", "2.5"), decimal.NewFromInt(1))
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 2}, got)
	// 0.5/1 alone rounds half away from zero: 1 cent.
	got, err = RoundQuotients(dd("0.5"), decimal.NewFromInt(1))
	require.NoError(t, err)
	assert.Equal(t, []int64{1}, got)
	// Exactly half a cent in total across thirds: 1/6 + 1/3 = 1/2 -> 1 cent, to
	// the larger remainder (1/3).
	got, err = RoundQuotients(dd("1", "2"), decimal.NewFromInt(6))
	require.NoError(t, err)
	assert.Equal(t, []int64{0, 1}, got)
	_, err = RoundQuotients(dd("-1"), three)
	assert.Error(t, err)
	_, err = RoundQuotients(dd("1"), decimal.Zero)
	assert.Error(t, err)
	_, err = RoundQuotients(dd("1e30"), three)
	assert.ErrorIs(t, err, ErrTooLarge)
}

func TestSumOverflow(t *testing.T) {
	_, ok := Sum(1<<62, 1<<62)
	assert.False(t, ok)
	s, ok := Sum(5, 7)
	assert.True(t, ok)
	assert.Equal(t, int64(12), s)
}

func TestCentsDecimal(t *testing.T) {
	assert.Equal(t, "12.34", Decimal(1234).StringFixed(2))
	assert.Equal(t, int64(1235), Cents(decimal.RequireFromString("12.345")))
	assert.Equal(t, int64(-1235), Cents(decimal.RequireFromString("-12.345")))
}

// FuzzAllocate checks the invariants of any split: shares add up to the
// total, and each is within one cent of its exact proportional value.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(100), int64(1), int64(1), int64(1))
	f.Add(int64(12345), int64(0), int64(7), int64(3))
	f.Fuzz(func(t *testing.T, total, a, b, c int64) {
		if total < 0 || a < 0 || b < 0 || c < 0 || total > 1e15 || a > 1e12 || b > 1e12 || c > 1e12 || a+b+c == 0 {
			t.Skip()
		}
		w := ints(a, b, c)
		got, err := Allocate(total, w)
		require.NoError(t, err)
		var sum int64
		sw := decimal.NewFromInt(a + b + c)
		for i, g := range got {
			sum += g
			exact := decimal.NewFromInt(total).Mul(w[i]).Div(sw)
			diff := decimal.NewFromInt(g).Sub(exact).Abs()
			if diff.GreaterThanOrEqual(decimal.NewFromInt(1)) {
				t.Fatalf("share %d = %d, exact %s", i, g, exact)
			}
		}
		if sum != total {
			t.Fatalf("shares sum to %d, want %d", sum, total)
		}
	})
}

// TestIntAndDecimalPathsAgree checks the machine-integer path of Allocate
// against the decimal path on random weights with up to 4 decimals.
func TestIntAndDecimalPathsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 2000; trial++ {
		n := 1 + rng.IntN(12)
		w := make([]decimal.Decimal, n)
		var sum decimal.Decimal
		for i := range w {
			w[i] = decimal.New(rng.Int64N(1_000_000_000), -int32(rng.IntN(5)))
			sum = sum.Add(w[i])
		}
		if sum.IsZero() {
			continue
		}
		total := rng.Int64N(1e12)
		ints, ok := scaled(make([]int64, n), w)
		require.True(t, ok)
		a := allocateInts(total, ints, make([]int64, n))
		b := allocateDecimal(total, w, sum, make([]int64, n))
		require.Equal(t, b, a, "weights %v total %d", w, total)
	}
}

func TestShare(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for trial := 0; trial < 2000; trial++ {
		whole := decimal.New(1+rng.Int64N(100000), -int32(rng.IntN(3)))
		part := whole.Mul(decimal.NewFromInt(rng.Int64N(101))).Div(decimal.NewFromInt(100)).Round(3)
		if part.GreaterThan(whole) {
			part = whole
		}
		total := rng.Int64N(1e10)
		got, err := Share(total, part, whole)
		require.NoError(t, err)
		want, err := Allocate(total, []decimal.Decimal{part, whole.Sub(part)})
		require.NoError(t, err)
		require.Equal(t, want[0], got, "%d x %s / %s", total, part, whole)
	}
	// Beyond machine integers: the decimal path.
	got, err := Share(1_000_000_000_000, decimal.RequireFromString("1.0000000000000000001"), decimal.RequireFromString("3.0000000000000000003"))
	require.NoError(t, err)
	assert.Equal(t, int64(333_333_333_333), got)
	_, err = Share(1, decimal.NewFromInt(2), decimal.NewFromInt(1))
	assert.Error(t, err)
	three, seven := decimal.RequireFromString("3.5"), decimal.NewFromInt(7)
	n := testing.AllocsPerRun(100, func() { _, _ = Share(12345, three, seven) })
	assert.Zero(t, n)
}

// TestAllocateHuge uses weights past 63 bits, which take the decimal path.
func TestAllocateHuge(t *testing.T) {
	w := []decimal.Decimal{decimal.RequireFromString("1e30"), decimal.RequireFromString("2e30")}
	got, err := Allocate(100, w)
	require.NoError(t, err)
	assert.Equal(t, []int64{33, 67}, got) // 33.33 and 66.67: the larger remainder is the second's
}

// TestSplitFloat: the ledger's split of cents by float weights.
func TestSplitFloat(t *testing.T) {
	for _, c := range []struct {
		total int64
		w     []float64
		want  []int64
	}{
		{100, []float64{1, 1, 1}, []int64{34, 33, 33}},  // a tie: the lower index
		{101, []float64{1, 2}, []int64{34, 67}},         // 33.67 and 67.33
		{10, []float64{0, 1, 0}, []int64{0, 10, 0}},     // no cent to a zero weight
		{0, []float64{1, 2}, []int64{0, 0}},             // nothing to split
		{7, []float64{0, 0}, []int64{0, 0}},             // no weight: nothing shared
		{5, []float64{0.1, 0.2, 0.7}, []int64{1, 1, 3}}, // in float64 the weights sum to 0.9999999999999999: 0.5, 1.0, 3.4999…
	} {
		out := make([]int64, len(c.w))
		SplitFloat(c.total, c.w, make([]float64, len(c.w)), out)
		if !slices.Equal(out, c.want) {
			t.Errorf("SplitFloat(%d, %v) = %v, want %v", c.total, c.w, out, c.want)
		}
	}
}
