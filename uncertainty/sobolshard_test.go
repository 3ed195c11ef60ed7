package uncertainty_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/sib-engine/sib/uncertainty"
)

// TestSobolShardsMerge: K = 1 … 7 shards, merged in any order (through
// JSON, as shard files carry them), give Sobol's result bit for bit, with
// and without groups, scrambling and the random design.
func TestSobolShardsMerge(t *testing.T) {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	group := []uncertainty.SobolGroup{{Name: "custody", Params: []string{"outcome.custody_days.effect", "outcome.custody_days.decay"}}}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name   string
		opt    uncertainty.SobolOptions
		shards []int
	}{
		// N = 1100: blocks of 256 rows in segments of 275, 275 and 550
		// rows, 7 blocks in all, so 7 shards are all non-empty.
		{"plain", uncertainty.SobolOptions{N: 1100, Seed: 1, Boot: 40, Conf: 0.9}, []int{1, 2, 3, 4, 5, 6, 7}},
		{"groups, owen, saltelli", uncertainty.SobolOptions{N: 1100, Seed: 5, Boot: 30, Conf: 0.95, Scramble: true, Groups: group, Estimator: uncertainty.Saltelli}, []int{2, 7}},
		{"random, 2 workers", uncertainty.SobolOptions{N: 300, Seed: 2, Boot: 20, Conf: 0.95, Random: true, Workers: 2}, []int{3, 9}},
	} {
		want, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range tc.shards {
			parts := make([]*uncertainty.SobolPart, k)
			for i := range k {
				o := tc.opt
				o.Workers = 1 + i%2
				p, err := uncertainty.SobolShard(context.Background(), m, s.Values(), sp, out, o, i+1, k)
				if err != nil {
					t.Fatal(err)
				}
				b, err := json.Marshal(p)
				if err != nil {
					t.Fatal(err)
				}
				parts[i] = new(uncertainty.SobolPart)
				if err := json.Unmarshal(b, parts[i]); err != nil {
					t.Fatal(err)
				}
			}
			rng.Shuffle(k, func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			got, err := uncertainty.MergeSobol(out, parts)
			if err != nil {
				t.Fatal(err)
			}
			if !sameSobol(got, want) {
				t.Fatalf("%s, %d shards:\n got %+v\nwant %+v", tc.name, k, got, want)
			}
		}
	}
}

func TestMergeSobolErrors(t *testing.T) {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	opt := uncertainty.SobolOptions{N: 600, Seed: 1, Boot: 10, Conf: 0.95}
	shard := func(o uncertainty.SobolOptions, i, k int) *uncertainty.SobolPart {
		p, err := uncertainty.SobolShard(context.Background(), m, s.Values(), sp, out, o, i, k)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := shard(opt, 1, 2), shard(opt, 2, 2)
	other := opt
	other.Seed = 2
	for _, tc := range []struct {
		name  string
		parts []*uncertainty.SobolPart
		want  string
	}{
		{"none", nil, "no shards"},
		{"missing", []*uncertainty.SobolPart{a}, "shard 2 of 2 is missing"},
		{"twice", []*uncertainty.SobolPart{a, a, b}, "shard 1 of 2 is given twice"},
		{"other seed", []*uncertainty.SobolPart{a, shard(other, 2, 2)}, "shard 2 of 2"},
		{"other count", []*uncertainty.SobolPart{a, shard(opt, 2, 3)}, "shard 2 is one of 3"},
	} {
		_, err := uncertainty.MergeSobol(out, tc.parts)
		if !errors.Is(err, uncertainty.ErrShards) || !contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := uncertainty.SobolShard(context.Background(), m, s.Values(), sp, out, opt, 3, 2); err == nil {
		t.Error("shard 3 of 2: no error")
	}
}

// sameSobol reports whether two results are equal bit for bit (their
// outputs by name: an Output holds a func, never deeply equal).
func sameSobol(a, b *uncertainty.SobolResult) bool {
	x, y := *a, *b
	if x.Output.Name != y.Output.Name {
		return false
	}
	x.Output, y.Output = uncertainty.Output{}, uncertainty.Output{}
	return reflect.DeepEqual(x, y)
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// ExampleSobolShard runs a Sobol' analysis in three shards, as three
// machines would, and merges them: the same indices as one run.
func ExampleSobolShard() {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	opt := uncertainty.SobolOptions{N: 1024, Seed: 1, Boot: 200, Conf: 0.95}
	var parts []*uncertainty.SobolPart
	for i := 1; i <= 3; i++ {
		p, err := uncertainty.SobolShard(context.Background(), m, s.Values(), sp, out, opt, i, 3)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("shard %d of 3: base rows [%d, %d)\n", p.Shard, p.From, p.To)
		parts = append(parts, p)
	}
	merged, err := uncertainty.MergeSobol(out, parts)
	if err != nil {
		log.Fatal(err)
	}
	whole, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, opt)
	if err != nil {
		log.Fatal(err)
	}
	x := merged.Indices[1]
	fmt.Printf("%s: first %.3f [%.3f, %.3f]\n", merged.Params[1], x.First, x.FirstLo, x.FirstHi)
	fmt.Println("same as one run:", sameSobol(merged, whole))
	// Output:
	// shard 1 of 3: base rows [0, 256)
	// shard 2 of 3: base rows [256, 512)
	// shard 3 of 3: base rows [512, 1024)
	// outcome.custody_days.effect: first 0.960 [0.883, 1.034]
	// same as one run: true
}
