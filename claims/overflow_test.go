package claims

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// The records' total is checked against the engine's limit
// (money.MaxCents, 10^17 cents) instead of wrapping round int64 (a user's
// report: 10,000 records at the largest price the reader takes,
// 9999999999999.99, claimed -84467440737095616.16 with exit 0:
// 10,000 × 999,999,999,999,999 cents = 9,999,999,999,999,990,000, less
// 2^64 = 18,446,744,073,709,551,616, is -8,446,744,073,709,561,616 cents).
// 100 such records claim 99,999,999,999,999,900 cents, within the limit,
// and are summed exactly; 101 claim 100,999,999,999,999,899, beyond it.
func TestClaimedTotalLimit(t *testing.T) {
	const price = "9999999999999.99"
	cases := []struct {
		name    string
		records int
		want    int64  // cents claimed, when within the limit
		err     string // else the error
	}{
		{"100 at the largest price", 100, 99_999_999_999_999_900, ""},
		{"101 at the largest price", 101, 0, "records.csv: the records claim more than the engine's limit of 1000000000000000.00 in all"},
		{"10,000 at the largest price (the report)", 10_000, 0, "records.csv: the records claim more than the engine's limit of 1000000000000000.00 in all"},
	}
	for _, tc := range cases {
		for _, chunk := range []int{0, 200} { // one chunk, and many
			t.Run(tc.name, func(t *testing.T) {
				f := base()
				f[RateCardFile] = "outcome,price\nQUAL," + price + "\n"
				delete(f, CapsFile)
				var b strings.Builder
				b.WriteString(recHeader)
				for i := range tc.records {
					// Unknown participants: rejected, but each claims the price.
					b.WriteString("Z" + strings.Repeat("x", i%7) + ",QUAL,2026-02-01,ev,verified\n")
				}
				f[RecordsFile] = b.String()
				dir := folder(t, f)
				for _, keep := range []bool{false, true} {
					res, err := Run(dir, Options{KeepClaims: keep, chunkSize: chunk, Workers: 2})
					if tc.err == "" {
						if err != nil {
							t.Fatal(err)
						}
						if got := res.Claimed(); got != tc.want {
							t.Errorf("claimed %d cents, want %d", got, tc.want)
						}
						continue
					}
					if err == nil {
						t.Fatalf("claimed %d cents, want an error", res.Claimed())
					}
					if !errors.Is(err, ErrInput) || strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)) != tc.err {
						t.Errorf("got  %v\nwant %s", err, tc.err)
					}
				}
			})
		}
	}
}
