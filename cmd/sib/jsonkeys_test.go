package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// duplicateKey walks a JSON document token by token and returns the path
// of the first key that an object holds twice (encoding/json keeps the
// last silently), or an error if the document is not JSON.
func duplicateKey(data []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool   // an object's next string token is a key
		path   string // where the frame is, for the message
	}
	var stack []*frame
	path := func() string {
		if len(stack) == 0 {
			return "$"
		}
		return stack[len(stack)-1].path
	}
	// value marks that a value ended: in an object, a key comes next.
	value := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].key = true
		}
	}
	lastKey := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				return "", fmt.Errorf("unexpected end of the document")
			}
			return "", nil
		}
		if err != nil {
			return "", err
		}
		top := (*frame)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.key {
			if top.keys[s] {
				return top.path + "." + s, nil
			}
			top.keys[s] = true
			top.key = false
			lastKey = s
			continue
		}
		child := path()
		if top != nil && top.object {
			child += "." + lastKey
		} else if top != nil {
			child += "[]"
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true, path: child})
		case json.Delim('['):
			stack = append(stack, &frame{path: child})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			value()
		default:
			value()
		}
	}
}

func TestDuplicateKeyChecker(t *testing.T) {
	for _, tc := range []struct{ doc, dup string }{
		{`{"a": 1, "b": [{"a": 1}, {"a": 2}], "c": {"a": {"a": null}}}`, ""},
		{`{"a": 1, "b": 2, "a": 3}`, "$.a"},
		{`{"t": [{"x": 1, "y": "x", "x": 2}]}`, "$.t[].x"},
		{`{"m": {"k": [1, 2], "k": []}}`, "$.m.k"},
		{`[{"a": {"b": 1}, "c": {"b": 2, "b": 3}}]`, "$[].c.b"},
	} {
		got, err := duplicateKey([]byte(tc.doc))
		if err != nil || got != tc.dup {
			t.Errorf("%s: duplicate %q (%v), want %q", tc.doc, got, err, tc.dup)
		}
	}
	if _, err := duplicateKey([]byte(`{"a": 1`)); err == nil {
		t.Error("a truncated document passes")
	}
}

// jsonFolders finds the example and fixture folders by kind: costing
// (ledger.csv), outcomes (metrics.csv with participants.csv or
// aggregates.csv), scenario (scenario.csv) and uncertainty
// (uncertainty.csv), in the repository's testdata and this package's,
// leaving out the folders of broken inputs.
func jsonFolders(t *testing.T) map[string][]string {
	t.Helper()
	kinds := map[string][]string{}
	has := func(dir, name string) bool {
		_, err := os.Stat(filepath.Join(dir, name))
		return err == nil
	}
	for _, root := range []string{"../../testdata", "testdata"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if slices.Contains([]string{"bad", "hostile", "golden"}, d.Name()) {
				return filepath.SkipDir
			}
			switch {
			case has(p, "ledger.csv"):
				kinds["costing"] = append(kinds["costing"], p)
			case has(p, "scenario.csv"):
				kinds["scenario"] = append(kinds["scenario"], p)
			case has(p, "metrics.csv") && (has(p, "participants.csv") || has(p, "aggregates.csv")):
				kinds["outcomes"] = append(kinds["outcomes"], p)
			case has(p, "uncertainty.csv"):
				kinds["uncertainty"] = append(kinds["uncertainty"], p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return kinds
}

// TestJSONDuplicateKeys runs every command with --format json on every
// bundled example and golden fixture folder, and checks that the output is
// JSON with no key twice in an object, and that it says how it was made
// (command and inputs).
func TestJSONDuplicateKeys(t *testing.T) {
	kinds := jsonFolders(t)
	var cmds [][]string
	for _, d := range kinds["costing"] {
		cmds = append(cmds, []string{"cost", d}, []string{"cost", "--currency", "EUR", "--avoid", "custody_day=10%", d})
	}
	for _, d := range kinds["outcomes"] {
		cmds = append(cmds, []string{"outcomes", d}, []string{"outcomes", "--bootstrap", "20", d})
	}
	cmds = append(cmds,
		[]string{"power", "--kind", "binary", "--baseline", "0.42", "--n", "200,400", "--effect", "0.05"},
		[]string{"power", "--kind", "continuous", "--sd", "4000", "--effect", "1000"})
	for _, d := range kinds["scenario"] {
		cmds = append(cmds, []string{"run", d}, []string{"params", d}, []string{"params", "--timing", d}, []string{"outputs", d})
		ps := paramRanges(t, d)
		if len(ps) > 0 {
			cmds = append(cmds, []string{"breakeven", "--param", ps[0].name, "--range", ps[0].rng, d})
		}
		if len(ps) > 1 {
			cmds = append(cmds, []string{"grid", "--x", ps[0].name, "--x-range", ps[0].rng, "--y", ps[1].name, "--y-range", ps[1].rng, "--steps", "3", d})
		}
	}
	for _, u := range kinds["uncertainty"] {
		sc := filepath.Join(filepath.Dir(u), "scenario")
		if _, err := os.Stat(sc); err != nil {
			continue // a spec for a scenario elsewhere (testdata/shapley-small): its golden cases run it
		}
		cmds = append(cmds,
			[]string{"shapley", "--perms", "10", "--nv", "50", sc, u},
			[]string{"tornado", sc, u},
			[]string{"tornado", "--output", "investors.irr", "--set", "term.reconviction_rate.price=3500", sc, u},
			[]string{"simulate", "--draws", "200", sc, u},
			[]string{"simulate", "--draws", "200", "--output", "investors.irr,state.net,payments.total", sc, u},
			[]string{"sobol", "--n", "16", "--boot", "20", sc, u},
			[]string{"breakeven", "--param", "outcome.custody_days.effect", sc, u},
			[]string{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--steps", "3", sc, u})
	}
	if len(cmds) < 40 {
		t.Fatalf("only %d commands: the example folders were not found", len(cmds))
	}
	n := 0
	for _, c := range cmds {
		args := append([]string{c[0], "--format", "json"}, c[1:]...)
		line := "sib " + strings.Join(args, " ")
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Errorf("%s: exit %d: %s", line, code, stderr.String())
			continue
		}
		dup, err := duplicateKey(stdout.Bytes())
		switch {
		case err != nil:
			t.Errorf("%s: not JSON: %v", line, err)
		case dup != "":
			t.Errorf("%s: the key %s is given twice", line, dup)
		}
		var meta map[string]any
		if err := json.Unmarshal(stdout.Bytes(), &meta); err == nil {
			if cl, _ := meta["command"].(string); !strings.HasPrefix(cl, "sib "+c[0]+" ") {
				t.Errorf("%s: command %q", line, meta["command"])
			}
			if _, ok := meta["inputs"].([]any); !ok {
				t.Errorf("%s: no inputs list", line)
			}
		}
		n++
	}
	t.Logf("%d JSON outputs checked", n)
}

type paramRange struct{ name, rng string }

// paramRanges are a scenario's first two parameters that are not timing
// ones, each with a range around its value within its allowed range.
func paramRanges(t *testing.T, dir string) []paramRange {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"params", "--format", "json", dir}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("params %s: %s", dir, stderr.String())
	}
	var r struct {
		Params []struct {
			Name            string
			Value, Min, Max *float64
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var out []paramRange
	for _, p := range r.Params {
		if p.Value == nil || len(out) == 2 {
			continue
		}
		v := *p.Value
		lo, hi := v-max(1, math.Abs(v)/2), v+max(1, math.Abs(v)/2)
		if p.Min != nil {
			lo = max(lo, *p.Min)
		}
		if p.Max != nil {
			hi = min(hi, *p.Max)
		}
		if lo < hi {
			out = append(out, paramRange{p.Name, num(lo) + "," + num(hi)})
		}
	}
	return out
}

// TestCommandLine: the command line in a report's provenance is the one
// given, flags in name order, lists as given, and --workers left out.
func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"power", "--n", "300,1e6", "--kind", "count", "--baseline", "0.9", "--one-sided"},
			"sib power --baseline 0.9 --kind count --n 300,1000000 --one-sided"},
		{[]string{"simulate", "--workers", "3", "--set", "a=1", "--set", "b=-2", "--draws", "20", "--draws-out", "my draws.csv", "s", "u"},
			"sib simulate --draws 20 --draws-out 'my draws.csv' --set a=1 --set b=-2 s u"},
	} {
		fs := pflag.NewFlagSet(tc.args[0], pflag.ContinueOnError)
		fs.Float64Slice("n", nil, "")
		fs.String("kind", "", "")
		fs.Float64("baseline", 0, "")
		fs.Bool("one-sided", false, "")
		fs.Int("workers", 0, "")
		fs.StringArray("set", nil, "")
		fs.Int("draws", 0, "")
		fs.String("draws-out", "", "")
		if err := fs.Parse(tc.args[1:]); err != nil {
			t.Fatal(err)
		}
		if got := commandLine(fs); got != tc.want {
			t.Errorf("%q: got\n%s\nwant\n%s", tc.args, got, tc.want)
		}
	}
}
