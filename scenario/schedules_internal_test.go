package scenario

import (
	"bytes"
	"testing"
)

// FuzzParseSchedules: the schedules reader never panics, and what it
// accepts is a set of schedules each from year 0, in increasing bands,
// with rates in range.
func FuzzParseSchedules(f *testing.F) {
	f.Add(greenBookCSV)
	f.Fuzz(func(t *testing.T, data []byte) {
		all, err := parseSchedules(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range all {
			if len(s.Bands) == 0 || s.Bands[0].From != 0 {
				t.Fatalf("%s: bands %v", s.Name, s.Bands)
			}
			for i, b := range s.Bands {
				if !ruleBandRate.holds(b.Rate) || i > 0 && b.From <= s.Bands[i-1].From {
					t.Fatalf("%s: bands %v", s.Name, s.Bands)
				}
			}
		}
	})
}

func TestParseSchedulesErrors(t *testing.T) {
	const head = "schedule,edition,from_year,rate,source\n"
	for _, c := range []struct{ in, want string }{
		{"", "header: EOF"},
		{"a,b\n", "header: record on line 1: wrong number of fields"},
		{head, "no schedules"},
		{head + "standard,gb,30,0.03,x\n", "line 2: schedule gb:standard: the first band must be from_year 0"},
		{head + "standard,gb,0,0.035,x\nstandard,gb,0,0.03,x\n", "line 3: schedule gb:standard: from_year 0 after 0: expected increasing"},
		{head + "standard,gb,0,0.035,x\nhealth,gb,0,0.015,x\nstandard,gb,30,0.03,x\n", "line 4: schedule gb:standard: its rows must be together"},
		{head + "standard,gb,0,3.5,x\n", `line 2: rate "3.5": expected a fraction a year between -0.5 and 1`},
		{head + "standard,gb,-1,0.035,x\n", `line 2: from_year "-1": expected a whole number of years, 0 or more`},
		{head + "std rate,gb,0,0.035,x\n", "line 2: schedule and edition: expected names without spaces or colons"},
	} {
		_, err := parseSchedules(bytes.NewReader([]byte(c.in)))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
}
