package matching

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameRead checks that ReadDataWith returns what readDataSeq returns, the
// same Data or the same error, for workers 1 to 4 and chunk sizes that cut
// the file in many places.
func sameRead(t *testing.T, in []byte, s *Spec, chunks ...int) {
	t.Helper()
	want, werr := readDataSeq(bytes.NewReader(in), "covariates.csv", s)
	if werr != nil {
		want = nil
	}
	for _, size := range chunks {
		for w := 1; w <= 4; w++ {
			got, err := ReadDataWith(bytes.NewReader(in), "covariates.csv", s, ReadOptions{Workers: w, chunkSize: size})
			if fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("workers %d, chunks of %d bytes: error\n%v\nwant\n%v", w, size, err, werr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("workers %d, chunks of %d bytes: data differ from the sequential reader's", w, size)
			}
		}
	}
}

// parallelDone reports whether the parallel path read in itself, rather
// than leaving it to the sequential reader.
func parallelDone(t *testing.T, in []byte, s *Spec, size int) bool {
	t.Helper()
	_, done, _ := readDataPar(bytes.NewReader(in), "covariates.csv", s, ReadOptions{Workers: 3, chunkSize: size}, int64(len(in)))
	return done
}

// genCovariates is a covariates.csv of n units in several cohorts, some
// pool units serving every cohort, with numbers of varied forms.
func genCovariates(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 2))
	var b bytes.Buffer
	b.WriteString("id,group,cohort,age,score,region,sex,note\n")
	for i := range n {
		g, c := "comparison", []string{"", "2024", "2025"}[rng.IntN(3)]
		if rng.IntN(5) == 0 {
			g, c = "treatment", []string{"2024", "2025"}[rng.IntN(2)]
		}
		score := []string{"1", "-0", "12.5", "-3.25", ".5", "0.1234567890123456789", "+4", "12345678901234567", "1000"}[rng.IntN(9)]
		fmt.Fprintf(&b, "U%05d,%s,%s,%d,%s,r%d,%s,\n", i, g, c, 18+rng.IntN(50), score, rng.IntN(12), []string{"m", "f"}[rng.IntN(2)])
	}
	return b.Bytes()
}

var parallelSpec = "categorical,region sex"

// TestReadDataWorkers: the parallel reader returns the sequential
// reader's data on well-formed files of many shapes, and reads them
// itself.
func TestReadDataWorkers(t *testing.T) {
	gen := genCovariates(3000, 1)
	cases := map[string][]byte{
		"generated":  gen,
		"crlf":       bytes.ReplaceAll(gen, []byte("\n"), []byte("\r\n")),
		"bom":        append([]byte("\xEF\xBB\xBF"), gen...),
		"no final":   bytes.TrimSuffix(gen, []byte("\n")),
		"blank rows": bytes.ReplaceAll(gen, []byte("U00010,"), []byte("\n,,,,,,,\n  \nU00010,")),
		"spaces":     bytes.ReplaceAll(gen, []byte(","), []byte(", ")),
		"semicolons": bytes.ReplaceAll(bytes.ReplaceAll(gen, []byte(","), []byte(";")), []byte("."), []byte(",")),
		// R's write.csv quotes every string, the header too.
		"quoted": quoteAll(gen),
		"small":  []byte(smallData),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			s := spec(t, parallelSpec)
			if name == "small" {
				s = spec(t, "categorical,sex offence")
			}
			sameRead(t, in, s, 1, 7, 100, 4096, 1<<20)
			if !parallelDone(t, in, s, 100) {
				t.Fatal("left to the sequential reader")
			}
		})
	}
}

// quoteAll puts every field of a file without quotes in quotes.
func quoteAll(in []byte) []byte {
	var b bytes.Buffer
	for line := range strings.Lines(string(in)) {
		body := strings.TrimSuffix(line, "\n")
		fields := strings.Split(body, ",")
		for i, f := range fields {
			fields[i] = `"` + f + `"`
		}
		b.WriteString(strings.Join(fields, ","))
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// TestReadDataWorkersExample: the bundled worked example and the CLI's
// reference data.
func TestReadDataWorkersExample(t *testing.T) {
	for _, dir := range []string{"../../testdata/matched", "../../testdata/reference/cli"} {
		in, err := os.ReadFile(filepath.Join(dir, DataFile))
		if err != nil {
			t.Fatal(err)
		}
		s := DefaultSpec()
		if f, err := os.Open(filepath.Join(dir, SpecFile)); err == nil {
			s, err = ReadSpec(f, SpecFile)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		} else {
			s.Categorical = []string{"sex", "region"}
		}
		sameRead(t, in, s, 333, 1<<16, dataChunkSize)
		if !parallelDone(t, in, s, 1<<12) {
			t.Fatalf("%s: left to the sequential reader", dir)
		}
	}
}

// TestReadDataWorkersErrors: whatever the chunk a bad cell falls in, the
// error is the sequential reader's, and with two bad cells in different
// chunks, the first in file order.
func TestReadDataWorkersErrors(t *testing.T) {
	gen := genCovariates(400, 3)
	lines := strings.SplitAfter(string(gen), "\n")
	bads := map[string]func(string) string{
		"empty":       func(l string) string { return replaceField(l, 6, "") },
		"NA":          func(l string) string { return replaceField(l, 3, "NA") },
		"number":      func(l string) string { return replaceField(l, 3, "12,5") },
		"letters":     func(l string) string { return replaceField(l, 4, "abc") },
		"group":       func(l string) string { return replaceField(l, 1, "control") },
		"no cohort":   func(l string) string { return replaceField(replaceField(l, 1, "treatment"), 2, "") },
		"fields":      func(l string) string { return strings.Replace(l, ",", ",,", 1) },
		"utf8":        func(l string) string { return replaceField(l, 5, "r\xff") },
		"bare quote":  func(l string) string { return replaceField(l, 5, `r"1`) },
		"open quote":  func(l string) string { return replaceField(l, 5, `"r1`) },
		"long id":     func(l string) string { return replaceField(l, 0, strings.Repeat("x", 300)) },
		"long cohort": func(l string) string { return replaceField(l, 2, strings.Repeat("c", 300)) },
		"duplicate":   func(l string) string { return replaceField(l, 0, "U00001") },
		"blank col":   func(l string) string { return replaceField(l, 7, "a note") },
		"level NA":    func(l string) string { return replaceField(l, 5, "N/A") },
	}
	rng := rand.New(rand.NewPCG(5, 5))
	for name, bad := range bads {
		for _, at := range []int{1, 2, 150, 399, 400} {
			ls := append([]string(nil), lines...)
			ls[at] = bad(ls[at])
			// A second bad cell later, in another chunk.
			second := at + 50 + rng.IntN(200)
			if second < len(ls)-1 {
				ls[second] = replaceField(ls[second], 3, "oops")
			}
			in := []byte(strings.Join(ls, ""))
			s := spec(t, parallelSpec)
			if name == "blank col" {
				in = bytes.Replace(in, []byte(",note\n"), []byte(",\n"), 1)
			}
			t.Run(fmt.Sprint(name, at), func(t *testing.T) {
				sameRead(t, in, s, 1, 50, 999, 1<<20)
				if _, err := readDataSeq(bytes.NewReader(in), "covariates.csv", s); err == nil {
					t.Fatal("the corrupted file reads without an error")
				}
			})
		}
	}
}

// replaceField sets field i of a record line (its newline kept).
func replaceField(line string, i int, v string) string {
	body, nl := strings.CutSuffix(line, "\n")
	f := strings.Split(body, ",")
	f[i] = v
	out := strings.Join(f, ",")
	if nl {
		out += "\n"
	}
	return out
}

// TestReadDataWorkersLevels: more than MaxLevels levels over the whole
// file, though fewer in each chunk, is the sequential reader's error.
func TestReadDataWorkersLevels(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,group,cohort,x,region\n")
	for i := range MaxLevels + 5 {
		g, c := "comparison", ""
		if i%2 == 0 {
			g, c = "treatment", "2024"
		}
		fmt.Fprintf(&b, "u%d,%s,%s,%d,L%04d\n", i, g, c, i, i)
	}
	s := spec(t, "categorical,region")
	sameRead(t, b.Bytes(), s, 1000, 1<<20)
	if _, err := readDataSeq(bytes.NewReader(b.Bytes()), "covariates.csv", s); err == nil {
		t.Fatal("no error for too many levels")
	}
}

// TestReadDataPipe: a reader that cannot seek is read sequentially.
func TestReadDataPipe(t *testing.T) {
	in := genCovariates(500, 4)
	s := spec(t, parallelSpec)
	got, err := ReadDataWith(struct{ io.Reader }{bytes.NewReader(in)}, "covariates.csv", s, ReadOptions{Workers: 2})
	want, werr := readDataSeq(bytes.NewReader(in), "covariates.csv", s)
	if err != nil || werr != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("pipe: %v, %v", err, werr)
	}
}

// TestReadDataOffset: a reader already past its start is read from where
// it is, and rewound there for the sequential reader.
func TestReadDataOffset(t *testing.T) {
	in := genCovariates(200, 6)
	s := spec(t, parallelSpec)
	for _, data := range [][]byte{in, bytes.Replace(in, []byte(",m,"), []byte(",,"), 1)} {
		r := bytes.NewReader(append([]byte("junk\n"), data...))
		if _, err := r.Seek(5, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got, err := ReadDataWith(r, "covariates.csv", s, ReadOptions{Workers: 2, chunkSize: 64})
		want, werr := readDataSeq(bytes.NewReader(data), "covariates.csv", s)
		if werr != nil {
			want = nil
		}
		if fmt.Sprint(err) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("offset: %v, want %v", err, werr)
		}
	}
}

// FuzzReadDataWorkers checks, on arbitrary covariates.csv files, that the
// parallel reader with 1 and 3 workers and small chunks returns what the
// sequential reader returns: the same data or the same error. Seeds are
// in testdata/fuzz/FuzzReadDataWorkers.
func FuzzReadDataWorkers(f *testing.F) {
	f.Add("setting,value\ncategorical,sex\n", smallData)
	f.Add("setting,value\ncovariates,age\nexact,sex\ncategorical,sex\n", smallData)
	f.Add("setting,value\ncategorical,sex offence\n", string(quoteAll([]byte(smallData))))
	f.Fuzz(func(t *testing.T, settings, in string) {
		if len(in) > 16<<10 || len(settings) > 2<<10 {
			return
		}
		s, err := ReadSpec(strings.NewReader(settings), "matching.csv")
		if err != nil {
			return
		}
		want, werr := readDataSeq(strings.NewReader(in), "covariates.csv", s)
		if werr != nil {
			want = nil // ReadData returns no data with an error
		}
		for _, w := range []int{1, 3} {
			got, err := ReadDataWith(strings.NewReader(in), "covariates.csv", s, ReadOptions{Workers: w, chunkSize: 16})
			if fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("workers %d: error\n%v\nwant\n%v", w, err, werr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("workers %d: data differ from the sequential reader's", w)
			}
		}
	})
}

// BenchmarkReadDataWorkers reads 300,000 units (about 22 MB, six chunks)
// with the sequential reader (ReadData before it read in parallel) and
// with 1 and 2 workers. cpu-ns/row is the CPU time a row costs, which a
// shared machine's load changes less than the wall time.
func BenchmarkReadDataWorkers(b *testing.B) {
	const n = 300_000
	in := benchCovariates(n)
	spec := DefaultSpec()
	spec.Categorical = []string{"region", "offence"}
	read := map[string]func() (*Data, error){
		"seq": func() (*Data, error) { return readDataSeq(bytes.NewReader(in), "covariates.csv", spec) },
		"workers=1": func() (*Data, error) {
			return ReadDataWith(bytes.NewReader(in), "covariates.csv", spec, ReadOptions{Workers: 1})
		},
		"workers=2": func() (*Data, error) {
			return ReadDataWith(bytes.NewReader(in), "covariates.csv", spec, ReadOptions{Workers: 2})
		},
	}
	for _, name := range []string{"seq", "workers=1", "workers=2"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := read[name](); err != nil {
					b.Fatal(err)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/n, "cpu-ns/row")
			}
		})
	}
}
