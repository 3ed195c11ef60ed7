package outcomes

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzReadWeights reads arbitrary weights.csv files against the small
// matched study of matched_test.go: no panic; an input error has a
// position; weights that load give finite effects or an error, never NaN
// in an effect or its interval.
func FuzzReadWeights(f *testing.F) {
	f.Add([]byte(smallWeights))
	f.Add([]byte("cohort,id,group,weight,subclass\na,T1,treatment,1,\na,P2,comparison,0.5,\na,P3,comparison,0.5,\n"))
	f.Add([]byte("id;cohort;group;weight;subclass\nT1;a;treatment;1;1\nP2;a;comparison;1,5;1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Study{}
		if err := s.ReadMetrics(strings.NewReader(smallMetrics), MetricsFile); err != nil {
			t.Fatal(err)
		}
		err := s.ReadWeights(strings.NewReader(string(data)), WeightsFile)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != WeightsFile {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		if err := s.ReadParticipants(strings.NewReader(smallParticipants), ParticipantsFile, LoadOptions{}); err != nil {
			return // a unit without a record
		}
		res, err := Estimate(context.Background(), s, Options{})
		if err != nil {
			return
		}
		for _, e := range res.Effects {
			for _, x := range []float64{e.Effect, e.SE, e.Low, e.High, e.P, e.Observed, e.Baseline} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%s %s: not finite: %+v", e.Metric, e.Cohort, e)
				}
			}
		}
	})
}
