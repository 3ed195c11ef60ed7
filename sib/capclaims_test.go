package sib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/claims"
)

// The exact expected payment under a cap group agrees with `sib claims`
// (package claims) on individual records drawn from the same
// probabilities: on a dozen generated rate cards (genCard: prerequisites,
// a cap per participant across the outcomes, claims in several periods),
// 50,000 participants each are drawn (microsimulate, seeded), their
// records written to a claims folder and validated; what the validator
// pays each outcome per participant is the exact expectation within 3
// standard errors, and so is the total. The validator's rules are the
// model's: a dependant only after its prerequisite (claims: "on or
// before"; here in the same or a later quarter), and the cap cuts the
// claims by date, then rate-card order.
func TestCapExpectClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 participants a card through the claims validator")
	}
	const people = 50_000
	gen := rand.New(rand.NewPCG(16, 6))
	worst := 0.0
	for i := range 12 {
		c := genCard(gen)
		var x capExpect
		x.expect(c.parent, c.claim, c.q, c.price, c.limit)
		dir := claimsFolder(t, c, people, rand.New(rand.NewChaCha8([32]byte{byte(i), 4})))
		res, err := claims.Run(dir, claims.Options{KeepClaims: true})
		if err != nil {
			t.Fatal(err)
		}
		K := len(c.parent)
		sum, sq := make([]float64, K+1), make([]float64, K+1)
		person := map[string]float64{}
		for _, cl := range res.Claims {
			k, _ := strconv.Atoi(strings.TrimPrefix(cl.Outcome, "o"))
			paid := float64(cl.Paid) / 100
			sum[k-1] += paid
			sq[k-1] += paid * paid
			person[cl.Participant] += paid
		}
		for _, v := range person {
			sum[K] += v
			sq[K] += v * v
		}
		total := 0.0
		for k := range K + 1 {
			want := 0.0
			if k < K {
				want = x.ev[k]
				total += want
			} else {
				want = total
			}
			m := sum[k] / people
			se := math.Sqrt(max(sq[k]/people-m*m, 0) / (people - 1))
			d := math.Abs(want - m)
			if se > 0 {
				worst = max(worst, d/se)
			}
			if d > 3*se+1e-9 {
				what := "term " + strconv.Itoa(k)
				if k == K {
					what = "total"
				}
				t.Errorf("card %d %s: exact %.4f, claims %.4f ± %.4f (%.1f SE)", i, what, want, m, se, d/se)
			}
		}
		cut := int64(0)
		for _, r := range res.Reconciliation {
			switch r.Reason {
			case claims.CapPartly, claims.Cap:
				cut += r.Records
			case claims.Accepted:
			default:
				if r.Records > 0 {
					t.Errorf("card %d: %d records rejected as %s: the drawn records are valid", i, r.Records, r.Reason)
				}
			}
		}
		t.Logf("card %d: %d terms, cap %.0f, %d records (%d cut by the cap): exact %.4f a participant, claims %.4f", i, K, c.limit, res.Records, cut, total, sum[K]/people)
	}
	t.Logf("largest difference: %.2f standard errors", worst)
}

// claimsFolder writes a claims folder for card c: a contract from
// 2020-01-01 paid quarterly, people participants starting that day, the
// card as a rate card (outcomes o1..oK, prerequisites, cap group G) and
// the outcome records microsimulate draws from src, each achieved on the
// first day of its quarter.
func claimsFolder(t *testing.T, c card, people int, src *rand.Rand) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("contract.csv", "setting,value\nstart,2020-01-01\nend,2030-12-31\nperiod,quarter\npayer,p\n")
	var b strings.Builder
	b.WriteString("outcome,price,prerequisite,cap_group\n")
	for k := range c.parent {
		pre := ""
		if c.parent[k] >= 0 {
			pre = "o" + strconv.Itoa(c.parent[k]+1)
		}
		fmt.Fprintf(&b, "o%d,%.0f,%s,G\n", k+1, c.price[k], pre)
	}
	write("ratecard.csv", b.String())
	write("caps.csv", fmt.Sprintf("kind,target,amount\nparticipant,G,%.0f\n", c.limit))
	b.Reset()
	b.WriteString("id,start\n")
	for i := range people {
		fmt.Fprintf(&b, "p%d,2020-01-01\n", i+1)
	}
	write("participants.csv", b.String())
	b.Reset()
	b.WriteString("participant,outcome,achieved,evidence\n")
	microsimulate(c, people, src, func(person, k int) {
		p := c.period[k] - 1
		fmt.Fprintf(&b, "p%d,o%d,%04d-%02d-01,e\n", person+1, k+1, 2020+p/4, 1+3*(p%4))
	})
	write("records.csv", b.String())
	return dir
}
