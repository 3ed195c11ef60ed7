package claims

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/synth"
)

// withoutClaims is a result as Validate gives it without KeepClaims.
func withoutClaims(r *Result) *Result {
	c := *r
	c.Claims, c.Totals = nil, nil
	return &c
}

// sameForAnyWorkers checks that the folder gives the same result for 1, 2
// and 8 workers, chunks of several sizes, with and without the claims
// kept (the two keep different state: every candidate, or the
// participants' lists).
func sameForAnyWorkers(t *testing.T, name, dir string) {
	t.Helper()
	want, err := Run(dir, Options{KeepClaims: true, Workers: 1})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkReconciliation(t, want)
	for _, workers := range []int{1, 2, 8} {
		for _, chunk := range []int{0, 97, 4096, 1 << 16} {
			for _, keep := range []bool{true, false} {
				got, err := Run(dir, Options{KeepClaims: keep, Workers: workers, chunkSize: chunk})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				w := want
				if !keep {
					w = withoutClaims(want)
				}
				if !reflect.DeepEqual(w, got) {
					t.Fatalf("%s, %d workers, chunks of %d, keep %v: results differ\n%s", name, workers, chunk, keep, firstDiff(w, got))
				}
			}
		}
	}
}

func TestSameForAnyWorkersBundled(t *testing.T) {
	sameForAnyWorkers(t, "bundled", "../testdata/youth-employment-claims")
}

// Generated folders: the synthetic rate card in its file order (by
// participant, prerequisites first), reversed (every dependant before its
// prerequisite) and shuffled; and the random folders with caps of every
// kind, whose records come in any order.
func TestSameForAnyWorkersGenerated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "synth")
	if err := synth.Claims(dir, 300, 3000, 3); err != nil {
		t.Fatal(err)
	}
	sameForAnyWorkers(t, "synth", dir)
	path := filepath.Join(dir, RecordsFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	body := slices.Clone(lines[1:])
	slices.Reverse(body)
	write := func(body []string) {
		if err := os.WriteFile(path, []byte(lines[0]+"\n"+strings.Join(body, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(body)
	sameForAnyWorkers(t, "synth reversed", dir)
	rng := rand.New(rand.NewPCG(5, 5))
	rng.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	write(body)
	sameForAnyWorkers(t, "synth shuffled", dir)
	for seed := range uint64(12) {
		rng := rand.New(rand.NewPCG(seed, 13))
		f := randomFolder(rng, 5+rng.IntN(30), 100+rng.IntN(600))
		sameForAnyWorkers(t, fmt.Sprintf("random %d", seed), folder(t, f))
		// The same with a least time after the prerequisites.
		rows := strings.Split(strings.TrimSuffix(f[RateCardFile], "\n"), "\n")
		for i := range rows {
			switch {
			case i == 0:
				rows[i] += ",min_after"
			case strings.HasPrefix(rows[i], "SUST,"):
				rows[i] += ",13w"
			case strings.HasPrefix(rows[i], "WELL,"):
				rows[i] += fmt.Sprintf(",%d", 1+rng.IntN(60))
			default:
				rows[i] += ","
			}
		}
		f[RateCardFile] = strings.Join(rows, "\n") + "\n"
		sameForAnyWorkers(t, fmt.Sprintf("random %d, min_after", seed), folder(t, f))
	}
}

// A participant's list stays short when the records come in the usual
// order: a hundred days of an outcome and of the one that needs it keep
// at most one day each after a compaction, so the list never grows past
// four entries. In the other order (dependant first) the days that may
// still be paid are kept until the prerequisite arrives, then dropped.
func TestListsBounded(t *testing.T) {
	f := base()
	f[RecordsFile] = recHeader
	c, err := Load(folder(t, f), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	entry, sust := uint16(c.byOutcome["ENTRY"]), uint16(c.byOutcome["SUST13"])
	day := MakeDate(2026, 2, 1)
	for _, dependantFirst := range []bool{false, true} {
		st := newStates(c)
		tallies := make([]tally, len(c.Outcomes)+1)
		qual := make([]Date, len(c.Outcomes))
		order := []uint16{entry, sust}
		if dependantFirst {
			order = []uint16{sust, entry}
		}
		longest := 0
		for _, o := range order {
			for d := range Date(100) {
				st.add([]cand{{part: 0, date: day + d, out: o}}, tallies, qual)
				longest = max(longest, len(st.e[0]))
			}
		}
		var surv []cand
		st.e[0] = st.resolve(st.e[0], tallies, qual, false, 0, nil)
		if !dependantFirst && longest > 4 {
			t.Errorf("the list grew to %d entries", longest)
		}
		if len(st.e[0]) != 2 {
			t.Errorf("dependant first %v: %d entries left after the last record, want 2", dependantFirst, len(st.e[0]))
		}
		st.resolve(st.e[0], tallies, qual, true, 0, &surv)
		if len(surv) != 2 || tallies[int(entry)+1].n[Duplicate] != 99 || tallies[int(sust)+1].n[Duplicate] != 99 {
			t.Errorf("dependant first %v: %d paid, duplicates %d and %d", dependantFirst, len(surv), tallies[int(entry)+1].n[Duplicate], tallies[int(sust)+1].n[Duplicate])
		}
	}
}

func TestDenseIDs(t *testing.T) {
	var ps []Participant
	for i := range 100 {
		ps = append(ps, Participant{ID: fmt.Sprintf("YP%05d", 1000+3*i)})
	}
	d := newDenseIDs(ps)
	if d.index == nil {
		t.Fatal("no dense index for YP01000..")
	}
	for _, c := range []struct {
		id string
		pi int32
		ok bool
	}{
		{"YP01000", 0, true}, {"YP01003", 1, true}, {"YP01297", 99, true},
		{"YP01001", 0, false}, {"YP1000", 0, false}, {"YP001000", 0, false}, {"XP01000", 0, false},
		{"YP0100a", 0, false}, {"YP00999", 0, false}, {"YP99999", 0, false}, {"", 0, false},
	} {
		pi, ok, known := d.lookup([]byte(c.id))
		if !known || ok != c.ok || ok && pi != c.pi {
			t.Errorf("%q: %d %v %v, want %d %v", c.id, pi, ok, known, c.pi, c.ok)
		}
	}
	for _, ids := range [][]string{{"A1", "B2"}, {"YP1", "YP22"}, {"YP", "YP9999999"}} {
		var ps []Participant
		for i := range 100 {
			ps = append(ps, Participant{ID: fmt.Sprintf("%s%03d", ids[i%len(ids)], i)})
		}
		if d := newDenseIDs(ps); d.index != nil {
			t.Errorf("%v: a dense index over ids of two forms", ids)
		}
	}
}
