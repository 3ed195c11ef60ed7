package sib

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
)

// TestDayYearsByHand checks the day counts on dates worked by hand from
// the ISDA 2006 definitions.
func TestDayYearsByHand(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		dc   scenario.DayCount
		want float64
	}{
		// 2024 is a leap year: 366 actual days.
		{"2024-01-01", "2025-01-01", scenario.Act365F, 366.0 / 365},
		{"2024-01-01", "2025-01-01", scenario.Act360, 366.0 / 360},
		{"2024-01-01", "2025-01-01", scenario.Thirty360, 1},
		// Jan 31 → Mar 31: both variants make D1 = 30, then D2 = 30:
		// 30·2 + 0 = 60 days; 60 actual days too.
		{"2024-01-31", "2024-03-31", scenario.Thirty360, 60.0 / 360},
		{"2024-01-31", "2024-03-31", scenario.Thirty360E, 60.0 / 360},
		{"2024-01-31", "2024-03-31", scenario.Act360, 60.0 / 360},
		// Jan 15 → Mar 31: Bond Basis keeps D2 = 31 (D1 is not 30 or 31):
		// 30·2 + 16 = 76; Eurobond makes it 30: 75.
		{"2024-01-15", "2024-03-31", scenario.Thirty360, 76.0 / 360},
		{"2024-01-15", "2024-03-31", scenario.Thirty360E, 75.0 / 360},
		// Feb 29 → Feb 28 next year: 30·12 − 1 = 359 in both (no
		// end-of-February rule); 365 actual days.
		{"2024-02-29", "2025-02-28", scenario.Thirty360, 359.0 / 360},
		{"2024-02-29", "2025-02-28", scenario.Act365F, 1},
		// Backwards: negative.
		{"2024-03-31", "2024-01-31", scenario.Thirty360, -60.0 / 360},
	} {
		got := DayYears([]time.Time{ymd(tc.a), ymd(tc.b)}, tc.dc, nil)
		if got[0] != 0 || math.Abs(got[1]-tc.want) > 1e-15 {
			t.Errorf("%s %s → %s: %v, want [0 %v]", tc.dc, tc.a, tc.b, got, tc.want)
		}
	}
}

// TestDayCountReference checks XNPV and XIRR under each day count, and
// MIRR, against testdata/reference/daycount (Python decimal at 50 digits,
// gen.py; XNPV within 1e-9 of the amount, rates within 1e-12).
func TestDayCountReference(t *testing.T) {
	dir := filepath.Join("..", "testdata", "reference", "daycount")
	rows := readDayRef(t, filepath.Join(dir, "xirr.csv"))
	if len(rows) != 16 {
		t.Fatalf("xirr.csv: %d rows, want 16", len(rows))
	}
	for _, r := range rows {
		dc, err := scenario.ParseDayCount(r["day_count"])
		if err != nil {
			t.Fatal(err)
		}
		var dates []time.Time
		for _, d := range strings.Split(r["dates"], ";") {
			dates = append(dates, ymd(d))
		}
		flows := dayFloats(t, r["amounts"])
		ys := DayYears(dates, dc, nil)
		rate := atof(t, r["rate"])
		if got, want := XNPV(rate, flows, ys), atof(t, r["xnpv"]); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s %s: XNPV %.17g, want %.17g", r["id"], dc, got, want)
		}
		x := SolveXIRR(flows, ys)
		if want := atof(t, r["xirr"]); x.Status != OK || math.Abs(x.Rate-want) > 1e-12 {
			t.Errorf("%s %s: XIRR %.17g (%v), want %.17g", r["id"], dc, x.Rate, x.Status, want)
		}
	}
	for _, r := range readDayRef(t, filepath.Join(dir, "mirr.csv")) {
		got := MIRR(dayFloats(t, r["amounts"]), atof(t, r["finance_rate"]), atof(t, r["reinvest_rate"]))
		if want := atof(t, r["mirr"]); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: MIRR %.17g, want %.17g", r["id"], got, want)
		}
	}
}

func TestMIRRUndefined(t *testing.T) {
	for _, f := range [][]float64{nil, {-1}, {-1, -2}, {1, 2}, {0, 0}} {
		if m := MIRR(f, 0.1, 0.1); !math.IsNaN(m) {
			t.Errorf("MIRR(%v) = %v, want NaN", f, m)
		}
	}
}

func readDayRef(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func dayFloats(t *testing.T, s string) []float64 {
	var out []float64
	for _, f := range strings.Split(s, ";") {
		out = append(out, atof(t, f))
	}
	return out
}

// loadDayCount loads the small scenario of cmd/sib's tests with the
// setting day_count = dc ("" leaves it out).
func loadDayCount(t *testing.T, dc string) *scenario.Scenario {
	t.Helper()
	src := filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok")
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == scenario.ScenarioFile && dc != "" {
			b = append(b, []byte("day_count,"+dc+"\n")...)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := scenario.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestScenarioDayCount: day_count = act/365f is the default (the same
// run to the bit); act/360 changes the XIRR of investors, to the XIRR of
// their flows dated at each period's end under ACT/360, and leaves the
// periodic IRR alone.
func TestScenarioDayCount(t *testing.T) {
	run := func(s *scenario.Scenario) *Result {
		m, err := Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		r, err := m.Run(s.Values())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base := run(loadDayCount(t, ""))
	same := run(loadDayCount(t, "ACT/365F"))
	if base.Outputs.Investors.XIRR.Rate != same.Outputs.Investors.XIRR.Rate {
		t.Errorf("act/365f: XIRR %v, the default gives %v", same.Outputs.Investors.XIRR, base.Outputs.Investors.XIRR)
	}
	s360 := loadDayCount(t, "act/360")
	if s360.Settings.DayCount != scenario.Act360 {
		t.Fatalf("day_count act/360 loads as %v", s360.Settings.DayCount)
	}
	r360 := run(s360)
	o := r360.Outputs.Investors
	if o.IRR.Rate != base.Outputs.Investors.IRR.Rate {
		t.Errorf("act/360 changed the periodic IRR: %v, was %v", o.IRR, base.Outputs.Investors.IRR)
	}
	flows := make([]float64, len(r360.Periods))
	dates := make([]time.Time, len(r360.Periods))
	for i, p := range r360.Periods {
		dates[i] = p.End
	}
	for _, tf := range r360.Tranches {
		flows[tf.Period-1] += tf.Flow.InexactFloat64()
	}
	want := SolveXIRR(flows, DayYears(dates, scenario.Act360, nil))
	if o.XIRR.Status != OK || math.Abs(o.XIRR.Rate-want.Rate) > 1e-12 || o.XIRR.Rate >= base.Outputs.Investors.XIRR.Rate {
		t.Errorf("act/360: XIRR %v, want %v (below act/365f's %v: more years for the same days)", o.XIRR, want, base.Outputs.Investors.XIRR)
	}
}

func TestScenarioDayCountBad(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, scenario.ScenarioFile), []byte("setting,value\nstart,2026-01-01\nperiod,year\nperiods,2\nprice_base,2026\nday_count,30/365\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := scenario.Load(dir)
	if err == nil || !strings.Contains(err.Error(), "scenario.csv:6:2: value: invalid input \"30/365\": expected act/365f, act/360, 30/360, 30e/360") {
		t.Errorf("day_count 30/365: %v", err)
	}
}
