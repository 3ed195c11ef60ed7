package main

import (
	"strings"
	"testing"
)

// TestPaybackNothingDrawn: with no capital drawn the investors' payback
// is not "never" (a loss never recovered): nothing was drawn.
func TestPaybackNothingDrawn(t *testing.T) {
	code, out, errs := runCLI("run", "--format", "csv", "--table", "summary", "--set", "delivery.d.amount=0", "../../testdata/small/scenario")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "investors' payback,,periods,nothing was drawn\n") {
		t.Errorf("summary:\n%s", out)
	}
	code, out, errs = runCLI("run", "--format", "csv", "--table", "summary", "--set", "outcome.m.effect=0.1", "../../testdata/small/scenario")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "investors' payback,,periods,never\n") {
		t.Errorf("summary:\n%s", out)
	}
}
