package matching

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchCovariates is a covariates.csv of n units with 8 numeric and 2
// categorical covariates.
func benchCovariates(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 1))
	var b bytes.Buffer
	b.WriteString("id,group,cohort,x1,x2,x3,x4,x5,x6,x7,x8,region,offence\n")
	for i := range n {
		g, c := "comparison", ""
		if i%100 == 0 {
			g, c = "treatment", "2024"
		}
		fmt.Fprintf(&b, "U%07d,%s,%s", i, g, c)
		for range 8 {
			fmt.Fprintf(&b, ",%.2f", rng.NormFloat64()*10)
		}
		fmt.Fprintf(&b, ",r%d,o%d\n", rng.IntN(9), rng.IntN(4))
	}
	return b.Bytes()
}

// BenchmarkReadData reads 100,000 units: the streaming reader keeps a
// unit's id and 8 bytes a covariate (4 a category).
func BenchmarkReadData(b *testing.B) {
	in := benchCovariates(100_000)
	spec := DefaultSpec()
	spec.Categorical = []string{"region", "offence"}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadData(bytes.NewReader(in), "covariates.csv", spec); err != nil {
			b.Fatal(err)
		}
	}
}
