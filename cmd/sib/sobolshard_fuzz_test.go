package main

import (
	"testing"

	"github.com/sib-engine/sib/uncertainty"
)

// FuzzReadSobolShard: the shard reader never panics, and what it accepts
// merges without panicking either (seed corpus:
// testdata/fuzz/FuzzReadSobolShard, real shard files among them).
func FuzzReadSobolShard(f *testing.F) {
	f.Add([]byte(`{"format":"sib-shard","version":1,"kind":"sobol","shard":1,"of":1}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := readSobolShard(data)
		if err != nil {
			return
		}
		if sh.Of == 1 {
			_, _ = uncertainty.MergeSobol(uncertainty.Output{Name: "x"}, []*uncertainty.SobolPart{sh.Sobol})
		}
	})
}
