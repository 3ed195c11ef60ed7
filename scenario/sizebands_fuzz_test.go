package scenario_test

import (
	"errors"
	"math"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// FuzzLoadThresholdBands is FuzzLoad for size schedules: the base
// scenario with a rate card whose cohort and pooled tests name schedule
// small, and arbitrary bytes as threshold_bands.csv (which even) or as
// payments.csv beside the seed's schedule (which odd). (FuzzLoad picks
// its file by its first byte modulo the number of files: a file added
// there would change what its recorded seeds replace.) Load must not
// panic; an error is positioned; what loads has finite parameters in
// range, compiles, balances the bond's cash to the cent in Run and
// evaluates without a NaN NetPV when Run accepts it.
func FuzzLoadThresholdBands(f *testing.F) {
	f.Add(byte(0), []byte(bandsFile))
	f.Add(byte(0), []byte("schedule,size,threshold\nsmall,0,0.5\nsmall,1e12,-1\n"))
	f.Add(byte(0), []byte("schedule,size,threshold,note\nsmall,120,0.1,\"one point, quoted\"\n"))
	f.Add(byte(1), []byte(bandsPayments))
	f.Add(byte(1), []byte("term,metric,payer,basis,price,threshold,pooled_threshold,threshold_of,lag\nreconv,reconvictions,justice,outcomes,4000,small,0.01,baseline,1\n"))
	dir := scenarioDir(f, map[string]string{scenario.PaymentsFile: bandsPayments, scenario.ThresholdBandsFile: bandsFile})
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		if len(data) > 4<<10 {
			return
		}
		name, restore := scenario.ThresholdBandsFile, bandsFile
		if which%2 == 1 {
			name, restore = scenario.PaymentsFile, bandsPayments
		}
		files := map[string]string{name: string(data)}
		fuzzWrite(t, dir, files)
		defer fuzzWrite(t, dir, map[string]string{name: restore})
		s, err := scenario.Load(dir)
		if err != nil {
			fuzzCheckErr(t, err, dir, files)
			return
		}
		for _, p := range s.Params {
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || p.Value < p.Min || p.Value > p.Max {
				t.Fatalf("parameter %s = %v outside [%v, %v] (%s)", p.Name, p.Value, p.Min, p.Max, p.Source)
			}
		}
		for _, sc := range s.SizeSchedules {
			for i := 1; i < len(sc.Size); i++ {
				if !(sc.Size[i] > sc.Size[i-1]) {
					t.Fatalf("schedule %s: sizes %v do not increase", sc.Name, sc.Size)
				}
			}
		}
		m, err := sib.Compile(s)
		if err != nil {
			t.Fatalf("loads but does not compile: %v", err)
		}
		p := s.Values()
		res, runErr := m.Run(p)
		if runErr == nil {
			assertCashBalances(t, res)
		}
		out, err := m.Evaluate(p, m.NewWork())
		if errors.Is(err, sib.ErrTooLarge) && runErr != nil {
			return
		}
		if err != nil {
			t.Fatalf("Evaluate: %v (Run: %v)", err, runErr)
		}
		if runErr == nil && math.IsNaN(out.NetPV) {
			t.Fatalf("NetPV is NaN")
		}
	})
}
