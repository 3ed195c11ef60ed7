package main

import (
	"os"
	"testing"

	"github.com/sib-engine/sib/uncertainty"
)

// FuzzShardFile: a shard file, however damaged, is read or refused with
// an error, never a panic; one that is read, with the values file it
// names in testdata/shard (one.parquet, a real shard's), merges or is
// refused, and its flags can be compared with another shard's. Seeds:
// testdata/shard/one.json and empty.json, and the corpus in
// testdata/fuzz/FuzzShardFile.
func FuzzShardFile(f *testing.F) {
	for _, name := range []string{"testdata/shard/one.json", "testdata/shard/empty.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := decodeShard(data)
		if err != nil {
			return
		}
		// What a merge shows of a shard that differs: its flags by name.
		_ = flagsDiff(sf.Flags, nil)
		p, err := partOf(sf, "testdata/shard")
		if err != nil || p == nil {
			return
		}
		_, _ = uncertainty.Merge([]*uncertainty.Part{p})
	})
}
