package outcomes

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// matchedWeights makes a weights.csv for the synthetic participants file:
// every 25th treated record's participant matched 1:3 to the next control
// records of its cohort (about 20,000 treated and 60,000 controls in a
// million records).
func matchedWeights(data []byte) []byte {
	var buf bytes.Buffer
	buf.WriteString("cohort,id,group,weight,subclass\n")
	lines := bytes.Split(data, []byte{'\n'})[1:]
	set := int32(0)
	open := map[string][]int32{} // cohort → sets still short of controls
	need := map[int32]int{}
	treated := 0
	for _, l := range lines {
		f := strings.SplitN(string(l), ",", 4)
		if len(f) < 4 {
			continue
		}
		id, group, cohort := f[0], f[1], f[2]
		if group == "treatment" {
			if treated++; treated%25 == 0 {
				set++
				fmt.Fprintf(&buf, "%s,%s,treatment,1,%d\n", cohort, id, set)
				open[cohort] = append(open[cohort], set)
				need[set] = 3
			}
			continue
		}
		if q := open[cohort]; len(q) > 0 {
			fmt.Fprintf(&buf, "%s,%s,control,0.5,%d\n", cohort, id, q[0])
			if need[q[0]]--; need[q[0]] == 0 {
				open[cohort] = q[1:]
			}
		}
	}
	return buf.Bytes()
}

// BenchmarkParticipantsMatched1M is BenchmarkParticipants1M with a
// matching: each record of the matched groups is looked up in the
// matching, and the matched participants' values are kept.
func BenchmarkParticipantsMatched1M(b *testing.B) {
	data := participantsFile(b, 1_000_000)
	weights := matchedWeights(data)
	for b.Loop() {
		s := &Study{}
		if err := s.ReadMetrics(strings.NewReader(benchMetricsMatched), MetricsFile); err != nil {
			b.Fatal(err)
		}
		if err := s.ReadWeights(bytes.NewReader(weights), WeightsFile); err != nil {
			b.Fatal(err)
		}
		if err := s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := Estimate(context.Background(), s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
}

// BenchmarkParticipantsUnmatched1M is the same study without the
// matching, for the comparison.
func BenchmarkParticipantsUnmatched1M(b *testing.B) {
	data := participantsFile(b, 1_000_000)
	for b.Loop() {
		s := &Study{}
		if err := s.ReadMetrics(strings.NewReader(benchMetricsMatched), MetricsFile); err != nil {
			b.Fatal(err)
		}
		if err := s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := Estimate(context.Background(), s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
}

// benchMetricsMatched is synth.OutcomesMetrics with post periods, so the
// matched rows are filtered by period as in a real study.
const benchMetricsMatched = `metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit
reoffend,binary,lower,comparison,treatment,control,,,2022-2026,share
reconvictions,count,lower,comparison,treatment,control,,,2022-2026,events
custody_days,duration,lower,comparison,treatment,control,,,2022-2026,days
earnings,continuous,higher,comparison,treatment,control,,,2022-2026,EUR
`
