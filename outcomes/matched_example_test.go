package outcomes_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/sib-engine/sib/outcomes"
)

// A folder with a matched comparison: weights.csv holds R MatchIt's (or
// sib match's) weights and matched sets; the metrics of method comparison
// between the matched groups give the effect on the treated, with
// standard errors by matched set. R gives the same intervals:
// coefci(fit, vcov. = vcovCL(fit, cluster = ~subclass)) for
// fit = lm(earnings ~ treat, weights = weight) on each cohort's rows.
func ExampleStudy_ReadWeights() {
	s, err := outcomes.Load("testdata/matched", outcomes.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Matching()
	fmt.Printf("%s matched to %s, %d units\n", m.Treatment, m.Pool, len(m.Units))
	for _, e := range res.Effects {
		if e.Metric == "earnings" {
			fmt.Printf("%-6s ATT %6.1f [%7.1f, %6.1f] treated %d of %d, %d sets\n", e.Cohort, e.Effect, e.Low, e.High, e.NTreatment, e.TreatedAll, e.Clusters)
		}
	}
	fmt.Println(res.Effects[0].SEMethod)
	// Output:
	// treatment matched to comparison, 12 units
	// a      ATT 1500.0 [  603.9, 2396.1] treated 3 of 4, 3 sets
	// b      ATT  900.0 [-3644.5, 5444.5] treated 3 of 3, 3 sets
	// pooled ATT 1200.0 [ -390.7, 2790.7] treated 6 of 7, 6 sets
	// cluster-robust by matched set (vcovCL HC1)
}

// A matching built in code: SetMatching before ReadParticipants, which
// keeps the matched participants' values.
func ExampleStudy_SetMatching() {
	s := &outcomes.Study{}
	metrics := "metric,kind,direction,method,treatment,comparison\nearnings,continuous,higher,comparison,treatment,comparison\n"
	if err := s.ReadMetrics(strings.NewReader(metrics), "metrics.csv"); err != nil {
		fmt.Println(err)
		return
	}
	m := &outcomes.Matching{Treatment: "treatment", Pool: "comparison"}
	for i, u := range [][2]string{{"T1", "P1"}, {"T2", "P3"}, {"T3", "P2"}} {
		m.Units = append(m.Units,
			outcomes.MatchedUnit{Cohort: "2025", ID: u[0], Group: "treatment", Weight: 1, Subclass: int32(i + 1)},
			outcomes.MatchedUnit{Cohort: "2025", ID: u[1], Group: "comparison", Weight: 1, Subclass: int32(i + 1)})
	}
	if err := s.SetMatching(m); err != nil {
		fmt.Println(err)
		return
	}
	participants := "id,group,cohort,period,earnings\n" +
		"T1,treatment,2025,2025,12000\nT2,treatment,2025,2025,9000\nT3,treatment,2025,2025,10500\n" +
		"P1,comparison,,2025,11000\nP2,comparison,,2025,9000\nP3,comparison,,2025,7000\nP4,comparison,,2025,30000\n"
	if err := s.ReadParticipants(strings.NewReader(participants), "participants.csv", outcomes.LoadOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := res.Effects[0]
	fmt.Printf("ATT %.1f (se %.1f, %d sets): %.0f against %.0f; P4 is not matched\n", e.Effect, e.SE, e.Clusters, e.Observed, e.Baseline)
	// Output:
	// ATT 1500.0 (se 322.7, 3 sets): 10500 against 9000; P4 is not matched
}
