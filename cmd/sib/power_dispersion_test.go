package main

import (
	"strings"
	"testing"
)

// TestPowerDispersionZeroRefused: an explicit --dispersion 0 (or -0) was
// taken as "not given", computed with a Poisson variance and reported as
// "dispersion: 0" in the header, though the message for any other value
// below 1 says the range is 1 to 1000. It is a usage error like 0.5.
func TestPowerDispersionZeroRefused(t *testing.T) {
	for _, v := range []string{"0", "-0", "0.0"} {
		code, stdout, stderr := runCLI("power", "--kind", "count", "--baseline", "0.97", "--dispersion", v, "--n", "450")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "from 1 (Poisson) to 1000") {
			t.Errorf("--dispersion %s: exit %d, stdout %q, stderr %q; want a usage error", v, code, stdout, stderr)
		}
	}
	code, stdout, _ := runCLI("power", "--kind", "count", "--baseline", "0.97", "--dispersion", "1", "--n", "450")
	if code != 0 || !strings.Contains(stdout, "0.1754") {
		t.Errorf("--dispersion 1: exit %d, %q", code, stdout)
	}
}
