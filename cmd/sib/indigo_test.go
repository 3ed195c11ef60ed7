package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sib indigo --out writes the record that stdout shows, atomically; it
// never writes over an input, nor over a file sib did not write, and a
// refusal leaves the inputs as they were.
func TestIndigoOut(t *testing.T) {
	root := copyExamples(t)
	scen := filepath.Join(root, "scenario")
	var want, stderr bytes.Buffer
	if code := run([]string{"indigo", scen}, nil, &want, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := filepath.Join(t.TempDir(), "record.json")
	for range 2 { // the second run replaces its own output
		var stdout bytes.Buffer
		stderr.Reset()
		if code := run([]string{"indigo", "--out", out, scen}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("--out: stdout %q, want nothing", stdout.String())
		}
		if !strings.Contains(stderr.String(), "sib indigo: wrote "+out) {
			t.Errorf("stderr %q does not say what was written", stderr.String())
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		// The same but for the command line in the notes.
		got = bytes.Replace(got, []byte(" --out "+out), nil, 1)
		if !bytes.Equal(got, want.Bytes()) {
			t.Error("--out FILE differs from stdout")
		}
	}

	before := treeSum(t, root)
	foreign := filepath.Join(t.TempDir(), "mine.json")
	if err := os.WriteFile(foreign, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{filepath.Join(scen, "payments.csv"), filepath.Join(root, "outcomes", "metrics.csv"), foreign} {
		var stdout bytes.Buffer
		stderr.Reset()
		if code := run([]string{"indigo", "--out", target, scen}, nil, &stdout, &stderr); code != exitData {
			t.Errorf("--out %s: exit %d, want %d (%s)", target, code, exitData, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("--out %s: wrote to stdout", target)
		}
	}
	sameTree(t, "the inputs", before, treeSum(t, root))
	if b, _ := os.ReadFile(foreign); string(b) != "{}\n" {
		t.Errorf("a file sib did not write was changed: %q", b)
	}
}
