package names

import "testing"

func TestSuggest(t *testing.T) {
	all := []string{"investors.irr", "investors.npv", "state.net", "tranche.senior.irr"}
	cases := map[string]string{
		"investors.irrr": "; did you mean investors.irr?",
		"investor.irr":   "; did you mean investors.irr?",
		"stat.net":       "; did you mean state.net?",
		"payments":       "",
	}
	for in, want := range cases {
		if got := Suggest(in, all); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	// kitten → sitting: 3 edits (the textbook example).
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"cots", "cost", 1}, {"kitten", "sitting", 3}, {"", "run", 3}, {"ab", "ba", 1}, {"ca", "abc", 3}, {"nosuch", "cost", 4}} {
		if d := DistanceOSA(c.a, c.b); d != c.want {
			t.Errorf("DistanceOSA(%q, %q) = %d, want %d", c.a, c.b, d, c.want)
		}
	}
}
