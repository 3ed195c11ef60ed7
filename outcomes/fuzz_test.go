package outcomes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// Seeds shared by the fuzz targets; more are in testdata/fuzz/<target>.
const (
	fuzzMetrics = "metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit\n" +
		"reoffend,binary,lower,comparison,treatment,control,,,,share\n" +
		"reconvictions,count,lower,comparison,treatment,control,,,,\n" +
		"earnings,continuous,higher,comparison,treatment,control,,,,EUR\n"
	fuzzParticipants = "id,group,cohort,period,reoffend,reconvictions,earnings\n" +
		"a1,treatment,2024,2025,0,0,9000\na2,treatment,2024,2025,1,2,7000.5\na3,treatment,2024,2025,0,0,8000\n" +
		"b1,control,2024,2025,1,1,6000\nb2,control,2024,2025,1,3,7500\nb3,control,2024,2025,0,0,\nb4,control,2024,2025,,1,5000\n"
	fuzzAggregates = "metric,group,cohort,period,n,events,exposure,sum,sum_sq,sd\n" +
		"reoffend,treatment,2024,2025,3,1,,,,\nreoffend,control,2024,2025,3,2,,,,\n" +
		"reconvictions,treatment,2024,2025,3,2,2.5,,,\nreconvictions,control,2024,2025,4,5,,,,\n" +
		"earnings,treatment,2024,2025,3,,,24000.5,193000000.25,\nearnings,control,2024,2025,3,,,18500,,1258.3\n"
)

// FuzzLoad feeds arbitrary files to Load and Estimate. Nothing may panic;
// every error must carry a sane position or wrap an outcomes sentinel;
// keeping the values or the number of workers must not change the data;
// and whatever estimates must be finite where it must be defined, with
// the effect inside its interval, p-values in [0,1], waterfall factors in
// [0,1], and bootstrap intervals that do not depend on the workers.
// cohorts.csv, adjustments.csv and decay.csv are left out when empty.
func FuzzLoad(f *testing.F) {
	f.Add(fuzzMetrics, fuzzParticipants, false, "", "metric,deadweight,displacement,attribution,drop_off,years\nreoffend,0.1,0.05,0.9,0.2,3\n", "metric,year,factor\nearnings,1,1\nearnings,2,0.5\n")
	f.Add(fuzzMetrics, fuzzAggregates, true, "cohort\n2024\n", "", "")
	f.Fuzz(func(t *testing.T, metrics, data string, aggregates bool, cohorts, adjustments, decay string) {
		if len(metrics) > 2<<10 || len(data) > 8<<10 || len(cohorts)+len(adjustments)+len(decay) > 4<<10 {
			return
		}
		dataFile := ParticipantsFile
		if aggregates {
			dataFile = AggregatesFile
		}
		dir := t.TempDir()
		files := map[string]string{}
		for _, in := range []struct {
			name, body string
			always     bool
		}{
			{MetricsFile, metrics, true}, {dataFile, data, true},
			{CohortsFile, cohorts, false}, {AdjustmentsFile, adjustments, false}, {DecayFile, decay, false},
		} {
			if in.body == "" && !in.always {
				continue
			}
			path := filepath.Join(dir, in.name)
			files[path] = in.body
			if err := os.WriteFile(path, []byte(in.body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Load(dir, LoadOptions{KeepValues: true, Workers: 2})
		if err != nil {
			fuzzCheckErr(t, err, files)
			return
		}
		// Neither KeepValues nor Workers may change the summaries.
		s1, err := Load(dir, LoadOptions{Workers: 1})
		if err != nil {
			t.Fatalf("loads with KeepValues and 2 workers, but not without and 1 worker: %v", err)
		}
		fuzzSameCells(t, s, s1)

		res, err := Estimate(context.Background(), s, Options{})
		if err != nil {
			fuzzCheckErr(t, err, files)
			return
		}
		fuzzCheckResult(t, s, res, 0)
		boot := Options{Bootstrap: 5, Seed: 1, Workers: 2}
		b2, err := Estimate(context.Background(), s, boot)
		if err != nil {
			t.Fatalf("estimates without a bootstrap, but not with one: %v", err)
		}
		fuzzCheckResult(t, s, b2, boot.Bootstrap)
		boot.Workers = 1
		b1, err := Estimate(context.Background(), s, boot)
		if err != nil {
			t.Fatalf("bootstrap with 2 workers, but not with 1: %v", err)
		}
		for i := range res.Effects {
			// The bootstrap adds an interval and changes nothing else; its
			// interval does not depend on the number of workers.
			e, e2 := res.Effects[i], b2.Effects[i]
			e.BootLow, e.BootHigh, e.BootReplicates = e2.BootLow, e2.BootHigh, e2.BootReplicates
			if !fuzzSameEffect(e, e2) {
				t.Fatalf("the bootstrap changed the estimate:\n%+v\n%+v", res.Effects[i], e2)
			}
			if !fuzzSameEffect(b1.Effects[i], e2) {
				t.Fatalf("bootstrap with 1 and 2 workers:\n%+v\n%+v", b1.Effects[i], e2)
			}
		}
		if !slices.Equal(b1.Warnings, b2.Warnings) {
			t.Fatalf("bootstrap warnings with 1 and 2 workers:\n%q\n%q", b1.Warnings, b2.Warnings)
		}
	})
}

// fuzzCheckErr checks an error of Load or Estimate: a message, and either
// a position inside the file it names or an outcomes sentinel.
func fuzzCheckErr(t *testing.T, err error, files map[string]string) {
	t.Helper()
	if err == nil || err.Error() == "" {
		t.Fatalf("error without a message: %#v", err)
	}
	var ie *InputError
	if errors.As(err, &ie) {
		if ie.Err == nil || ie.Line < 0 || ie.Column < 0 {
			t.Fatalf("bad position: %#v: %v", ie, err)
		}
		// A line past the end is allowed only for "no rows" (the line
		// after the header).
		if body, ok := files[ie.File]; ok && ie.Line > strings.Count(body, "\n")+2 {
			t.Fatalf("line %d of a file of %d lines: %v", ie.Line, strings.Count(body, "\n")+1, err)
		}
		return
	}
	for _, s := range []error{ErrInput, ErrRange, ErrNoMembers, ErrUnknown, ErrEstimate} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error is neither positioned nor an outcomes sentinel: %v", err)
}

// fuzzCheckResult checks the invariants of an estimate made with boot
// bootstrap replicates.
func fuzzCheckResult(t *testing.T, s *Study, res *Result, boot int) {
	t.Helper()
	if len(res.Effects) == 0 {
		t.Fatal("no error and no effects")
	}
	steps := 0
	for _, e := range res.Effects {
		for _, v := range []struct {
			name string
			x    float64
		}{{"observed", e.Observed}, {"baseline", e.Baseline}, {"effect", e.Effect}, {"se", e.SE}, {"low", e.Low}, {"high", e.High}} {
			if !finite(v.x) {
				t.Fatalf("%s is %v: %+v", v.name, v.x, e)
			}
		}
		if e.SE < 0 || e.NTreatment <= 0 || e.NBaseline < 0 || e.Cohort == "" {
			t.Fatalf("bad effect: %+v", e)
		}
		if !fuzzInside(e.Low, e.Effect, e.High) {
			t.Fatalf("effect %v outside its interval [%v, %v]: %+v", e.Effect, e.Low, e.High, e)
		}
		if !math.IsNaN(e.P) && !(e.P >= 0 && e.P <= 1) {
			t.Fatalf("p-value %v: %+v", e.P, e)
		}
		if !(e.DF > 0) {
			t.Fatalf("degrees of freedom %v: %+v", e.DF, e)
		}
		for _, x := range []float64{e.Relative, e.RelativeLow, e.RelativeHigh} {
			if math.IsInf(x, 0) {
				t.Fatalf("relative effect or limit infinite (undefined is NaN): %+v", e)
			}
		}
		if math.IsNaN(e.RelativeLow) != math.IsNaN(e.RelativeHigh) || !math.IsNaN(e.RelativeLow) && math.IsNaN(e.Relative) {
			t.Fatalf("half a relative interval: %+v", e)
		}
		if !math.IsNaN(e.RelativeLow) && !fuzzInside(e.RelativeLow, e.Relative, e.RelativeHigh) {
			t.Fatalf("relative effect %v outside its interval [%v, %v]: %+v", e.Relative, e.RelativeLow, e.RelativeHigh, e)
		}
		switch {
		case e.BootReplicates == 0:
			if !math.IsNaN(e.BootLow) || !math.IsNaN(e.BootHigh) {
				t.Fatalf("bootstrap interval without replicates: %+v", e)
			}
		case e.BootReplicates < 2 || e.BootReplicates > boot || !finite(e.BootLow) || !finite(e.BootHigh) || e.BootLow > e.BootHigh:
			t.Fatalf("bad bootstrap interval: %+v", e)
		}
		a, ok := s.Adjustments[e.Metric]
		if !ok {
			a = NoAdjustment()
		}
		steps += 4 + a.Years
	}
	if len(res.Waterfall) != steps {
		t.Fatalf("%d waterfall steps, want %d", len(res.Waterfall), steps)
	}
	for _, st := range res.Waterfall {
		if !(st.Factor >= 0 && st.Factor <= 1) {
			t.Fatalf("factor %v outside [0,1]: %+v", st.Factor, st)
		}
		if !finite(st.Effect) || !finite(st.Low) || !finite(st.High) || !finite(st.Change) || !fuzzInside(st.Low, st.Effect, st.High) {
			t.Fatalf("bad waterfall step: %+v", st)
		}
	}
	for _, w := range res.Warnings {
		if w == "" || strings.HasSuffix(w, ": ") {
			t.Fatalf("empty warning in %q", res.Warnings)
		}
	}
}

// fuzzInside reports lo ≤ x ≤ hi, up to rounding.
func fuzzInside(lo, x, hi float64) bool {
	tol := 1e-9 * math.Max(math.Abs(x), math.Max(math.Abs(lo), math.Abs(hi)))
	return lo <= x+tol && x <= hi+tol
}

// fuzzSame reports whether two floats are the same bits, or both NaN.
func fuzzSame(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

func fuzzEffectFloats(e Effect) []float64 {
	return []float64{e.Observed, e.Baseline, e.Effect, e.SE, e.Low, e.High, e.P, e.DF,
		e.Relative, e.RelativeLow, e.RelativeHigh, e.BootLow, e.BootHigh}
}

func fuzzSameEffect(a, b Effect) bool {
	if a.Metric != b.Metric || a.Kind != b.Kind || a.Direction != b.Direction || a.Method != b.Method || a.Cohort != b.Cohort ||
		a.NTreatment != b.NTreatment || a.NBaseline != b.NBaseline || a.BootReplicates != b.BootReplicates {
		return false
	}
	fa, fb := fuzzEffectFloats(a), fuzzEffectFloats(b)
	for i := range fa {
		if !fuzzSame(fa[i], fb[i]) {
			return false
		}
	}
	return true
}

func fuzzSameSummary(a, b Summary) bool {
	return a.N == b.N && a.Events == b.Events && fuzzSame(a.Mean, b.Mean) && fuzzSame(a.M2, b.M2) && fuzzSame(a.Exposure, b.Exposure)
}

// fuzzSameCells checks that two studies hold the same cells, bit for bit.
func fuzzSameCells(t *testing.T, a, b *Study) {
	t.Helper()
	ca, cb := a.Cells(), b.Cells()
	if !slices.Equal(ca, cb) {
		t.Fatalf("cells differ:\n%v\n%v", ca, cb)
	}
	for _, c := range ca {
		if !fuzzSameSummary(a.Summary(c), b.Summary(c)) {
			t.Fatalf("cell %+v: %+v != %+v", c, a.Summary(c), b.Summary(c))
		}
	}
}

// fuzzCloseCells checks that two studies hold the same cells, up to the
// rounding of summing in a different order.
func fuzzCloseCells(t *testing.T, a, b *Study) {
	t.Helper()
	ca, cb := a.Cells(), b.Cells()
	if !slices.Equal(ca, cb) {
		t.Fatalf("cells differ:\n%v\n%v", ca, cb)
	}
	for _, c := range ca {
		x, y := a.Summary(c), b.Summary(c)
		n := float64(x.N)
		spread := math.Abs(x.Mean) + math.Sqrt(x.M2/n) // scale of the values
		squares := x.M2 + n*x.Mean*x.Mean              // their sum of squares
		if x.N != y.N || x.Events != y.Events || x.Exposure != y.Exposure ||
			math.Abs(x.Mean-y.Mean) > 1e-9*spread || math.Abs(x.M2-y.M2) > 1e-9*squares {
			t.Fatalf("cell %+v: %+v != %+v", c, x, y)
		}
	}
}

// fuzzWorkerMetrics defines one metric of each kind, with groups
// treatment and control, for FuzzParticipantsWorkers.
const fuzzWorkerMetrics = "metric,kind,direction,method,treatment,comparison,baseline,pre,post\n" +
	"b,binary,lower,comparison,treatment,control,,,\n" +
	"c,count,lower,comparison,treatment,control,,,\n" +
	"d,duration,lower,trend,treatment,control,,1-2,3\n" +
	"e,continuous,higher,fixed,treatment,,100,,\n"

// fuzzReadParticipants reads participants.csv, keeping the values, into a
// study with the metrics of fuzzWorkerMetrics.
func fuzzReadParticipants(t *testing.T, data []byte, opt LoadOptions) (*Study, error) {
	t.Helper()
	s := &Study{}
	if err := s.ReadMetrics(strings.NewReader(fuzzWorkerMetrics), MetricsFile); err != nil {
		t.Fatal(err)
	}
	opt.KeepValues = true
	err := s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, opt)
	return s, err
}

// fuzzSameParticipants checks that two reads of participants.csv gave the
// same error, or the same cells and values bit for bit.
func fuzzSameParticipants(t *testing.T, what string, a, b *Study, ea, eb error) {
	t.Helper()
	if (ea == nil) != (eb == nil) || ea != nil && ea.Error() != eb.Error() {
		t.Fatalf("%s: errors differ:\n%v\n%v", what, ea, eb)
	}
	if ea != nil {
		return
	}
	fuzzSameCells(t, a, b)
	for _, c := range a.Cells() {
		va, vb := a.values[c], b.values[c]
		if len(va) != len(vb) || !slices.EqualFunc(va, vb, fuzzSame) {
			t.Fatalf("%s: values of %+v differ:\n%v\n%v", what, c, va, vb)
		}
	}
}

// fuzzQuotedRecord returns a valid participant record for the header line
// head, with a quoted id and no values; false when the header is not
// simple enough to fill in.
func fuzzQuotedRecord(head string) (string, bool) {
	head = strings.TrimRight(strings.TrimPrefix(head, "\ufeff"), "\r\n")
	if strings.ContainsAny(head, "\"\n\r") {
		return "", false
	}
	sep := ","
	if strings.Count(head, ";") > strings.Count(head, ",") {
		sep = ";"
	}
	names := strings.Split(head, sep)
	vals := make([]string, len(names))
	found := 0
	for i, n := range names {
		switch strings.ToLower(strings.TrimSpace(n)) {
		case "id":
			vals[i] = `"q"`
		case "group":
			vals[i] = "treatment"
		case "cohort", "period":
			vals[i] = "1"
		default:
			continue
		}
		found++
	}
	if found != 4 {
		return "", false
	}
	return strings.Join(vals, sep) + "\n", true
}

// FuzzParticipantsWorkers reads participant records cut into chunks of
// 1 + chunk%1024 bytes, with one worker and with three: the cells, the
// kept values and any error must be identical. They must also be those of
// the file read as one chunk: the same values in the same order and the
// same error, the sums
// up to the rounding of merging chunks. And a file without quotes must
// read the same by the fast path and by encoding/csv (which a quoted
// record at the end forces).
func FuzzParticipantsWorkers(f *testing.F) {
	f.Add("id,group,cohort,period,b,c,d,e\na,treatment,1,3,1,2,5,101.5\nb,treatment,1,3,0,0,,99\nc,control,,1,1,1,4,\nd,control,1,2,0,,3.5,\n", uint16(40))
	f.Add("id;group;cohort;period;b;c;d;e\r\na;treatment;1;3;1;2;5;101,5\r\n\"b\";treatment;1;3;0;0;;99\r\n", uint16(0))
	f.Fuzz(func(t *testing.T, data string, chunk uint16) {
		if len(data) > 8<<10 {
			return
		}
		in := []byte(data)
		size := 1 + int(chunk)%1024
		s1, e1 := fuzzReadParticipants(t, in, LoadOptions{Workers: 1, chunkSize: size})
		s3, e3 := fuzzReadParticipants(t, in, LoadOptions{Workers: 3, chunkSize: size})
		fuzzSameParticipants(t, "1 and 3 workers", s1, s3, e1, e3)

		one, e := fuzzReadParticipants(t, in, LoadOptions{Workers: 1})
		if (e == nil) != (e1 == nil) {
			t.Fatalf("one chunk: %v\nchunks of %d bytes: %v", e, size, e1)
		}
		if e == nil {
			fuzzCloseCells(t, one, s1)
			for _, c := range one.Cells() {
				if !slices.EqualFunc(one.values[c], s1.values[c], fuzzSame) {
					t.Fatalf("values of %+v: one chunk %v, chunks of %d bytes %v", c, one.values[c], size, s1.values[c])
				}
			}
		} else if e.Error() != e1.Error() {
			t.Fatalf("one chunk: %v\nchunks of %d bytes: %v", e, size, e1)
		}

		head, body, ok := strings.Cut(data, "\n")
		if !ok || strings.Contains(body, `"`) {
			return
		}
		rec, ok := fuzzQuotedRecord(head)
		if !ok {
			return
		}
		if body != "" && !strings.HasSuffix(body, "\n") {
			body += "\n"
		}
		quoted, eq := fuzzReadParticipants(t, []byte(head+"\n"+body+rec), LoadOptions{Workers: 1})
		fuzzSameParticipants(t, "fast path and encoding/csv", one, quoted, e, eq)
	})
}

// FuzzFastFloat checks that fastFloat, when it accepts a string, returns
// the float64 strconv.ParseFloat and csvio.ParseFloat return.
func FuzzFastFloat(f *testing.F) {
	for _, s := range []string{"0", "-0", "17", "-1234.56", "0.1", "999999999999999", "9999999999999999", "1.", ".5", "-.5",
		"1e5", "+1", "0x10", "1_000", "12,5", "123456789012.345", "0.000000000000001", "", "-", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, ok := fastFloat([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || !fuzzSame(x, want) {
			t.Fatalf("fastFloat(%q) = %v, strconv.ParseFloat: %v, %v", s, x, want, err)
		}
		slow, err := csvio.ParseFloat(s, false)
		if err != nil || !fuzzSame(x, slow) {
			t.Fatalf("fastFloat(%q) = %v, csvio.ParseFloat: %v, %v", s, x, slow, err)
		}
		if !strings.Contains(s, ".") {
			// The semicolon files' path (decimal comma) uses fastFloat too
			// when there is no point.
			if slow, err := csvio.ParseFloat(s, true); err != nil || !fuzzSame(x, slow) {
				t.Fatalf("fastFloat(%q) = %v, csvio.ParseFloat with a decimal comma: %v, %v", s, x, slow, err)
			}
		}
	})
}

// fuzzSlot is a group and period that records may fall in.
type fuzzSlot struct {
	group  string
	period int
}

// fuzzDesign is where the records of one method go: the pre and post
// columns of metrics.csv and the slots records fall in.
type fuzzDesign struct {
	pre, post string
	slots     []fuzzSlot
}

var fuzzDesigns = [...]fuzzDesign{
	Comparison: {"", "", []fuzzSlot{{"treatment", 2}, {"control", 2}, {"treatment", 3}, {"control", 3}}},
	Historical: {"1", "2", []fuzzSlot{{"treatment", 2}, {"control", 1}}},
	Trend:      {"1-3", "5", []fuzzSlot{{"treatment", 5}, {"control", 1}, {"control", 2}, {"control", 3}}},
	Fixed:      {"", "", []fuzzSlot{{"treatment", 2}, {"treatment", 3}}},
	DiD:        {"1", "2", []fuzzSlot{{"treatment", 2}, {"control", 2}, {"treatment", 1}, {"control", 1}}},
}

// fuzzBaselines are the contractual levels of method fixed, by kind.
var fuzzBaselines = [...][3]string{
	Binary: {"0.25", "0", "1"}, Count: {"1.5", "0", "3"}, Duration: {"7", "0", "2.5"}, Continuous: {"-3", "0", "10.5"},
}

// fuzzValue maps a byte to a small whole value of the kind.
func fuzzValue(k Kind, b byte) int64 {
	switch k {
	case Binary:
		return int64(b & 1)
	case Count:
		return int64(b % 4)
	case Duration:
		return int64(b % 16)
	}
	return int64(int8(b))
}

// FuzzParticipantsVsAggregates builds, from fuzzed small whole values, a
// participants.csv and the aggregates.csv of the same data (its sums and
// sums of squares exact), and checks that both folders give the same
// cells and the same effects (to 1e-9), or the same error. kind, method
// and layout pick the metric and how the files are written.
func FuzzParticipantsVsAggregates(f *testing.F) {
	f.Add(uint8(Binary), uint8(Comparison), false, uint8(0), []byte("\x00\x01\x01\x00\x02\x01\x03\x00\x00\x01\x01\x01\x02\x00"))
	f.Add(uint8(Continuous), uint8(Trend), true, uint8(0x15), []byte("\x00\x10\x01\x20\x02\x30\x03\x40\x01\x50\x02\x60\x03\x70\x00\x80"))
	f.Fuzz(func(t *testing.T, kindB, methodB uint8, higher bool, layout uint8, data []byte) {
		if len(data) > 1<<10 {
			return
		}
		kind, method := Kind(kindB%4), Method(methodB%5)
		var (
			semicolon   = layout&1 != 0
			quote       = layout&2 != 0
			crlf        = layout&4 != 0
			bom         = layout&8 != 0
			useSD       = layout&16 != 0
			twoCohorts  = layout&32 != 0
			ctrlAll     = layout&64 != 0 // comparison records serve every cohort
			cohortsFile = layout&128 != 0
			reverse     = methodB&8 != 0  // columns in reverse order
			note        = methodB&16 != 0 // a note column
			countSq     = methodB&32 != 0 // a count's sum_sq or sd, when optional
		)
		design := fuzzDesigns[method]
		// Without sum_sq or sd a count's variance is taken to be its mean
		// (Poisson), which only trend and did use.
		poisson := kind == Count && !countSq && method != Trend && method != DiD
		sep, nl := ",", "\n"
		if semicolon {
			sep = ";"
		}
		if crlf {
			nl = "\r\n"
		}
		// row writes a record.
		row := func(b *strings.Builder, header bool, fields ...string) {
			if note {
				v := "note"
				if !header {
					v = "x"
				}
				fields = append(fields, v)
			}
			if reverse {
				slices.Reverse(fields)
			}
			if quote {
				for i, v := range fields {
					fields[i] = `"` + v + `"`
				}
			}
			b.WriteString(strings.Join(fields, sep) + nl)
		}
		num := func(x float64) string {
			s := strconv.FormatFloat(x, 'f', -1, 64)
			if semicolon {
				s = strings.Replace(s, ".", ",", 1)
			}
			return s
		}
		start := func(b *strings.Builder) {
			if bom {
				b.WriteString("\ufeff")
			}
		}

		var metrics strings.Builder
		start(&metrics)
		row(&metrics, true, "metric", "kind", "direction", "method", "treatment", "comparison", "baseline", "pre", "post")
		dir, comparison, baseline := "lower", "control", ""
		if higher {
			dir = "higher"
		}
		if method == Fixed {
			comparison = ""
			baseline = fuzzBaselines[kind][int(kindB>>2)%3]
			if semicolon {
				baseline = strings.Replace(baseline, ".", ",", 1)
			}
		}
		row(&metrics, false, "m", kind.String(), dir, method.String(), "treatment", comparison, baseline, design.pre, design.post)

		type key struct {
			group, cohort string
			period        int
		}
		type totals struct{ n, sum, sumSq int64 }
		cells := map[key]*totals{}
		var keys []key
		var participants strings.Builder
		start(&participants)
		row(&participants, true, "id", "group", "cohort", "period", "m")
		for i := 0; i+1 < len(data); i += 2 {
			slot := design.slots[int(data[i]&15)%len(design.slots)]
			cohort := "A"
			if twoCohorts && data[i]&16 != 0 {
				cohort = "B"
			}
			if slot.group == "control" && ctrlAll {
				cohort = ""
			}
			k := key{slot.group, cohort, slot.period}
			if data[i+1] == 0xff {
				// Not measured.
				row(&participants, false, fmt.Sprintf("p%d", i), k.group, k.cohort, strconv.Itoa(k.period), "")
				continue
			}
			v := fuzzValue(kind, data[i+1])
			row(&participants, false, fmt.Sprintf("p%d", i), k.group, k.cohort, strconv.Itoa(k.period), strconv.FormatInt(v, 10))
			c := cells[k]
			if c == nil {
				c = &totals{}
				cells[k] = c
				keys = append(keys, k)
			}
			c.n++
			c.sum += v
			c.sumSq += v * v
		}

		var aggregates strings.Builder
		start(&aggregates)
		row(&aggregates, true, "metric", "group", "cohort", "period", "n", "events", "sum", "sum_sq", "sd")
		for _, k := range keys {
			c := cells[k]
			events, sum, sumSq, sd := "", "", "", ""
			spread := kind != Binary && !poisson
			switch kind {
			case Binary, Count:
				events = strconv.FormatInt(c.sum, 10)
			default:
				sum = strconv.FormatInt(c.sum, 10)
			}
			if spread && useSD {
				sd = "0"
				if c.n > 1 {
					m2 := float64(c.n*c.sumSq-c.sum*c.sum) / float64(c.n) // exact numerator
					sd = num(math.Sqrt(m2 / float64(c.n-1)))
				}
			} else if spread {
				sumSq = strconv.FormatInt(c.sumSq, 10)
			}
			row(&aggregates, false, "m", k.group, k.cohort, strconv.Itoa(k.period), strconv.FormatInt(c.n, 10), events, sum, sumSq, sd)
		}

		var cohorts strings.Builder
		if cohortsFile {
			start(&cohorts)
			row(&cohorts, true, "cohort")
			row(&cohorts, false, "A")
			if twoCohorts {
				row(&cohorts, false, "B")
			}
		}

		load := func(dataFile, body string) (*Study, *Result, *Result, *Result, error) {
			dir := t.TempDir()
			for name, body := range map[string]string{MetricsFile: metrics.String(), dataFile: body, CohortsFile: cohorts.String()} {
				if body == "" {
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Load(dir, LoadOptions{})
			if err != nil {
				t.Fatalf("generated %s does not load: %v\n%s\n%s", dataFile, err, metrics.String(), body)
			}
			res, err := Estimate(context.Background(), s, Options{})
			if err != nil {
				// The two folders differ in their data file, and in the
				// position of a record in it.
				var ie *InputError
				if errors.As(err, &ie) && ie.File == filepath.Join(dir, dataFile) {
					return s, nil, nil, nil, fmt.Errorf("%s: %s", ie.Field, strings.ReplaceAll(ie.Err.Error(), dir+string(filepath.Separator), ""))
				}
				return s, nil, nil, nil, errors.New(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
			}
			// Warnings name the folder's metrics.csv; the two folders differ.
			for i, w := range res.Warnings {
				res.Warnings[i] = strings.ReplaceAll(w, dir+string(filepath.Separator), "")
			}
			var boot *Result
			if kind == Binary {
				// Binary cells are resampled from their totals, so the
				// bootstrap must agree too.
				if boot, err = Estimate(context.Background(), s, Options{Bootstrap: 20, Seed: 3}); err != nil {
					t.Fatalf("estimates without a bootstrap, but not with one: %v", err)
				}
			}
			var quasi *Result
			if kind == Count {
				if quasi, err = Estimate(context.Background(), s, Options{CountVariance: QuasiVariance}); err != nil {
					t.Fatalf("estimates with the Poisson variance, but not the quasi-Poisson: %v", err)
				}
				for i, w := range quasi.Warnings {
					quasi.Warnings[i] = strings.ReplaceAll(w, dir+string(filepath.Separator), "")
				}
			}
			return s, res, boot, quasi, nil
		}
		sp, rp, bp, qp, ep := load(ParticipantsFile, participants.String())
		sa, ra, ba, qa, ea := load(AggregatesFile, aggregates.String())
		if (ep == nil) != (ea == nil) || ep != nil && ep.Error() != ea.Error() {
			t.Fatalf("errors differ:\nparticipants: %v\naggregates:   %v", ep, ea)
		}
		if cp, ca := sp.Cells(), sa.Cells(); !slices.Equal(cp, ca) {
			t.Fatalf("cells differ:\nparticipants: %v\naggregates:   %v", cp, ca)
		}
		for _, c := range sp.Cells() {
			// Whole values: the means are exact.
			x, y := sp.Summary(c), sa.Summary(c)
			if x.N != y.N || !fuzzSame(x.Mean, y.Mean) || x.Exposure != y.Exposure || x.Events != y.Events ||
				!poisson && math.Abs(x.M2-y.M2) > 1e-9*(x.M2+float64(x.N)*x.Mean*x.Mean) {
				t.Fatalf("cell %+v:\nparticipants: %+v\naggregates:   %+v", c, x, y)
			}
		}
		if ep != nil {
			return
		}
		if poisson {
			// The aggregates carry no variance, so no dispersion: the
			// participants' overdispersion warnings have no counterpart.
			rp.Warnings = slices.DeleteFunc(rp.Warnings, func(w string) bool { return strings.Contains(w, "overdispersed") })
			for i := range rp.Effects {
				rp.Effects[i].Dispersion, rp.Effects[i].DispersionP = math.NaN(), math.NaN()
			}
		}
		if qp != nil && !poisson {
			// With the variance in both, the quasi-Poisson estimates agree too.
			if len(qp.Effects) != len(qa.Effects) || !slices.Equal(qp.Warnings, qa.Warnings) {
				t.Fatalf("quasi: participants: %+v\naggregates: %+v", qp, qa)
			}
			for i := range qp.Effects {
				if !fuzzCloseEffect(qp.Effects[i], qa.Effects[i]) {
					t.Fatalf("quasi effects differ:\nparticipants: %+v\naggregates:   %+v", qp.Effects[i], qa.Effects[i])
				}
			}
		}
		if len(rp.Effects) != len(ra.Effects) || !slices.Equal(rp.Warnings, ra.Warnings) {
			t.Fatalf("participants: %+v\naggregates: %+v", rp, ra)
		}
		for i := range rp.Effects {
			p, a := rp.Effects[i], ra.Effects[i]
			if !fuzzCloseEffect(p, a) {
				t.Fatalf("effects differ:\nparticipants: %+v\naggregates:   %+v", p, a)
			}
			if bp != nil && (!fuzzSame(bp.Effects[i].BootLow, ba.Effects[i].BootLow) || !fuzzSame(bp.Effects[i].BootHigh, ba.Effects[i].BootHigh)) {
				t.Fatalf("bootstrap intervals differ:\nparticipants: %+v\naggregates:   %+v", bp.Effects[i], ba.Effects[i])
			}
		}
	})
}

// fuzzCloseEffect compares two effects estimated from the same data read
// two ways, to 1e-9 of the scale of each group of quantities.
func fuzzCloseEffect(a, b Effect) bool {
	a.BootLow, a.BootHigh, b.BootLow, b.BootHigh = 0, 0, 0, 0
	if a.Metric != b.Metric || a.Cohort != b.Cohort || a.NTreatment != b.NTreatment || a.NBaseline != b.NBaseline {
		return false
	}
	close := func(x, y, scale float64) bool {
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.IsNaN(x) && math.IsNaN(y)
		}
		return x == y || math.Abs(x-y) <= 1e-9*math.Max(scale, math.Max(math.Abs(x), math.Abs(y)))
	}
	level := math.Abs(a.Observed) + math.Abs(a.Baseline) + a.SE
	rel := math.Abs(a.Relative)
	if finite(a.RelativeLow) {
		rel += math.Abs(a.RelativeLow) + math.Abs(a.RelativeHigh)
	}
	for _, q := range []struct{ x, y, scale float64 }{
		{a.Observed, b.Observed, level}, {a.Baseline, b.Baseline, level}, {a.Effect, b.Effect, level},
		{a.SE, b.SE, level}, {a.Low, b.Low, level}, {a.High, b.High, level},
		{a.P, b.P, 1e-3}, {a.DF, b.DF, 0},
		{a.Dispersion, b.Dispersion, 1}, {a.DispersionP, b.DispersionP, 1e-3},
		{a.Relative, b.Relative, rel}, {a.RelativeLow, b.RelativeLow, rel}, {a.RelativeHigh, b.RelativeHigh, rel},
	} {
		if !close(q.x, q.y, q.scale) {
			return false
		}
	}
	return true
}

// TestFuzzKnownBugs holds the bugs found while writing the fuzz targets,
// each as a small input, now fixed.
func TestFuzzKnownBugs(t *testing.T) {
	load := func(t *testing.T, files map[string]string) (*Study, error) {
		dir := t.TempDir()
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return Load(dir, LoadOptions{})
	}
	t.Run("unclosed quote in participants.csv", func(t *testing.T) {
		// Found by FuzzLoad.
		_, err := load(t, map[string]string{
			MetricsFile:      "metric,kind,direction,method,comparison\nm,binary,lower,comparison,control\n",
			ParticipantsFile: "id,group,cohort,period,m\n\"\n",
		})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Line != 2 {
			t.Fatalf("want an error on line 2, got %v", err)
		}
	})
	t.Run("poisson test with a large expected count", func(t *testing.T) {
		// A fixed count metric: x = 0 events where b·E = 5e18 (then 1e20)
		// are expected. R: poisson.test(0, 5e18, 1)$p.value = 0.
		for _, exposure := range []string{"5000000000000000000", "100000000000000000000"} {
			s, err := load(t, map[string]string{
				MetricsFile:    "metric,kind,direction,method,baseline\nm,count,lower,fixed,1\n",
				AggregatesFile: "metric,group,cohort,period,n,events,exposure\nm,treatment,1,1,1,0," + exposure + "\n",
			})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Estimate(context.Background(), s, Options{}) // panics for 1e20: cephes: parameter out of bounds
			if err != nil {
				t.Fatal(err)
			}
			if p := res.Effects[0].P; p > 1e-300 {
				t.Errorf("exposure %s: p-value %v, want 0", exposure, p)
			}
		}
	})
	metrics := "metric,kind,direction,method,comparison\nm,continuous,higher,comparison,control\n"
	records := "a;treatment;1;1;1\nb;treatment;1;1;2\nc;control;1;1;1\nd;control;1;1;3\n"
	t.Run("quoted header in a semicolon file", func(t *testing.T) {
		// participants.csv:2: 5 fields, but the header has 0
		_, err := load(t, map[string]string{MetricsFile: metrics, ParticipantsFile: "\"id\";\"group\";cohort;period;m\n" + records})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("space before a quoted header name", func(t *testing.T) {
		// participants.csv:2: 5 fields, but the header has 1: a decimal comma ...
		_, err := load(t, map[string]string{MetricsFile: metrics, ParticipantsFile: "id, \"group\",cohort,period,m\n" + strings.ReplaceAll(records, ";", ",")})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("value under an empty header name", func(t *testing.T) {
		_, err := load(t, map[string]string{MetricsFile: metrics,
			ParticipantsFile: "id,group,cohort,period,m,\na,treatment,1,1,1,junk\nb,treatment,1,1,2,\nc,control,1,1,1,\nd,control,1,1,3,\n"})
		if err == nil {
			t.Fatal("no error for a value in a column with no name")
		}
	})
	t.Run("first error in the file", func(t *testing.T) {
		_, err := load(t, map[string]string{MetricsFile: metrics,
			ParticipantsFile: "id,group,cohort,period,m\na,treatment,1,1,x\nb,treatment,1,1,\xff\n"})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Line != 2 {
			t.Fatalf("want the error of line 2 (invalid number \"x\"), got %v", err)
		}
	})
}
