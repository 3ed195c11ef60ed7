package claims

import (
	"os"
	"path/filepath"
	"testing"
)

// folder writes files into a new temporary claims folder and returns it.
func folder(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// base is a small contract: 2026, quarterly, EUR; three outcomes, the
// second needing the first, the first two in cap group EMP.
func base() map[string]string {
	return map[string]string{
		ContractFile: "setting,value\nstart,2026-01-01\nend,2026-12-31\nperiod,quarter\ncurrency,GBP\npayer,dwp\n",
		ParticipantsFile: "id,start,cohort\n" +
			"A,2026-01-10,C1\n" +
			"B,2026-02-01,C1\n" +
			"C,2026-04-01,C2\n",
		RateCardFile: "outcome,name,price,prerequisite,window_months,cap_group\n" +
			"ENTRY,job entry,1000,,12,EMP\n" +
			"SUST13,13 weeks in work,1500,ENTRY,12,EMP\n" +
			"QUAL,qualification,700,,,\n",
		CapsFile: "kind,target,amount\nparticipant,EMP,2000\n",
	}
}

func run(t testing.TB, files map[string]string, records string, opt Options) *Result {
	t.Helper()
	files[RecordsFile] = records
	res, err := Run(folder(t, files), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// claimOf returns the decision on the record of line.
func claimOf(t testing.TB, res *Result, line int) Claim {
	t.Helper()
	for _, c := range res.Claims {
		if c.Line == line {
			return c
		}
	}
	t.Fatalf("no claim from line %d", line)
	return Claim{}
}
