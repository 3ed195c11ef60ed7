package main

import (
	"strings"
	"testing"
)

// FuzzParseGroups: parseGroups never panics, and a group it accepts has a
// non-empty trimmed name and distinct, non-empty trimmed parameters.
func FuzzParseGroups(f *testing.F) {
	for _, seed := range []string{"custody=a,b", "x=", "=a", "a", "g=a,a", "g= a , b ,", "g=a\x00b=c", "é=ü,ß"} {
		f.Add(seed, "h=c")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		gs, msg := parseGroups([]string{a, b})
		if msg != "" {
			if gs != nil {
				t.Errorf("%q %q: groups %v with message %q", a, b, gs, msg)
			}
			return
		}
		if len(gs) != 2 || gs[0].Name == gs[1].Name {
			t.Fatalf("%q %q: %v", a, b, gs)
		}
		for _, g := range gs {
			if g.Name == "" || g.Name != strings.TrimSpace(g.Name) || len(g.Params) == 0 {
				t.Errorf("group %+v", g)
			}
			seen := map[string]bool{}
			for _, p := range g.Params {
				if p == "" || p != strings.TrimSpace(p) || seen[p] {
					t.Errorf("group %+v: parameter %q", g, p)
				}
				seen[p] = true
			}
		}
	})
}
