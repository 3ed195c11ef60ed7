package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFlowsFile: any flows file given to irr, xirr, npv and mirr gives a
// result or a clean error (exit 1 or 2, nothing on stdout), never a panic.
func FuzzFlowsFile(f *testing.F) {
	for _, seed := range []string{
		"period,amount\n0,-1000\n1,300\n2,400\n3,500\n",
		"date,amount\n2024-01-31,-1000000\n2024-04-30,25000\n2025-01-31,1025000\n",
		"amount\n-100\n60\n60\n",
		"period,amount,note\n0,-1e12,big\n1048575,1e12,\n",
		"date,amount\n2024-02-29,-1\n2023-01-01,2\n",
		"period,amount\n0,abc\n",
		"period;amount\n0;-1000,5\n1;1100\n",
		"amount\n-0\n0\n",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	cmds := [][]string{{"irr"}, {"xirr", "--day-count", "30/360"}, {"npv", "--rate", "0.05"}, {"mirr", "--finance-rate", "0.05", "--reinvest-rate", "0.08"}, {"irr", "--per-year", "4"}, {"xirr", "--day-count", "act/360"}}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		path := filepath.Join(t.TempDir(), "flows.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{}, cmds[int(which)%len(cmds)]...), path)
		var stdout, stderr bytes.Buffer
		code := run(args, nil, &stdout, &stderr)
		switch code {
		case exitOK:
		case exitData, exitUsage:
			if stdout.Len() > 0 {
				t.Errorf("sib %s: exit %d with output on stdout", strings.Join(args, " "), code)
			}
			if stderr.Len() == 0 {
				t.Errorf("sib %s: exit %d without a message", strings.Join(args, " "), code)
			}
		default:
			t.Errorf("sib %s: exit %d", strings.Join(args, " "), code)
		}
	})
}

// FuzzFlowsArgs: the same for flows given on the command line.
func FuzzFlowsArgs(f *testing.F) {
	for _, seed := range []string{"-1000 300 400 500", "2024-01-01,-100 2025-01-01,110", "-1e308 1e308", "1,2,3", "NaN Inf", "-5 --", "2024-13-01,-1 2025-01-01,2"} {
		f.Add(seed, uint8(0))
	}
	cmds := [][]string{{"irr", "--"}, {"xirr"}, {"npv", "--rate", "0.1", "--"}, {"mirr", "--finance-rate", "0.1", "--reinvest-rate", "0.1", "--"}}
	f.Fuzz(func(t *testing.T, flows string, which uint8) {
		args := append(append([]string{}, cmds[int(which)%len(cmds)]...), strings.Fields(flows)...)
		var stdout, stderr bytes.Buffer
		code := run(args, nil, &stdout, &stderr)
		if code != exitOK && stdout.Len() > 0 {
			t.Errorf("sib %q: exit %d with output on stdout", args, code)
		}
		if code != exitOK && code != exitData && code != exitUsage {
			t.Errorf("sib %q: exit %d", args, code)
		}
	})
}
