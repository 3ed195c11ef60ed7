package csvio

import (
	"math"
	"testing"
)

// FuzzFloatBytes checks that FloatBytes accepts what ParseFloat accepts,
// with the same float64, with and without a decimal comma.
func FuzzFloatBytes(f *testing.F) {
	for _, s := range []string{"0", "-0", "+4", "17", "-1234.56", "0.1234567890123456789", "1.", ".5", "-.5", ".", "-", "",
		"1e5", "0x10", "1_000", "12,5", "1.234", "1.234,5", "123456789012345678901234567890", "1234567890123456789012345678901", "NaN", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, comma := range []bool{false, true} {
			want, err := ParseFloat(s, comma)
			got, ok := FloatBytes([]byte(s), comma)
			if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("FloatBytes(%q, %v) = %v, %v; ParseFloat: %v, %v", s, comma, got, ok, want, err)
			}
		}
	})
}
