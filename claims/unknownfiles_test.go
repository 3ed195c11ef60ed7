package claims

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// A .csv file that is not a claims file is refused, named, with the
// claims file its name is closest to (a user's report: caps.csv renamed
// Caps.csv or "caps (1).csv" silently lost a contract cap, and payer.csv
// sent every payment to the default payer). With the contract cap in
// caps.csv the contract pays 1,500.00 of the 2,700.00 A and B claim
// (1,000.00 + 700.00 + 1,000.00).
func TestUnknownFiles(t *testing.T) {
	recs := recHeader + "A,ENTRY,2026-02-01,ev1,verified\nA,QUAL,2026-02-01,ev2,verified\nB,ENTRY,2026-03-01,ev3,verified\n"
	const capped = "kind,target,amount\nparticipant,EMP,2000\ncontract,,1500\n"
	cases := []struct {
		name, file, want string
	}{
		{"capitalised", "Caps.csv", "Caps.csv: unknown name: not a file of a claims folder (contract.csv, participants.csv, ratecard.csv, records.csv, and optionally payers.csv, caps.csv and paid.csv); rename it (did you mean caps.csv?), or move it out of the folder"},
		{"a copy's name", "caps (1).csv", "caps (1).csv: unknown name: not a file of a claims folder (contract.csv, participants.csv, ratecard.csv, records.csv, and optionally payers.csv, caps.csv and paid.csv); rename it (did you mean caps.csv?), or move it out of the folder"},
		{"singular", "payer.csv", "rename it (did you mean payers.csv?)"},
		{"upper-case extension", "caps.CSV", "caps.CSV: unknown name"},
		{"nothing close", "budget.csv", "budget.csv: unknown name: not a file of a claims folder (contract.csv, participants.csv, ratecard.csv, records.csv, and optionally payers.csv, caps.csv and paid.csv); rename it, or move it out of the folder"},
	}
	f := base()
	f[CapsFile] = capped
	if res := run(t, f, recs, Options{}); res.Paid() != 150000 {
		t.Fatalf("paid %d cents with the contract cap, want 150000", res.Paid())
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f[RecordsFile] = recs
			delete(f, CapsFile)
			f[tc.file] = capped
			dir := folder(t, f)
			for _, load := range []func() error{
				func() error { _, err := Run(dir, Options{}); return err },
				func() error { _, err := Load(dir, LoadOptions{RateCardOnly: true}); return err },
			} {
				err := load()
				var ce *csvio.Error
				if !errors.As(err, &ce) || !errors.Is(err, ErrUnknown) || !errors.Is(err, ErrInput) {
					t.Fatalf("got %v, want a *csvio.Error that is ErrUnknown", err)
				}
				got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
				if !strings.Contains(got, tc.want) {
					t.Errorf("got  %s\nwant %s", got, tc.want)
				}
			}
		})
	}
	// Spreadsheets' lock files are not input files.
	f = base()
	f[RecordsFile] = recs
	dir := folder(t, f)
	if err := os.WriteFile(filepath.Join(dir, "~$caps.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(dir, Options{}); err != nil {
		t.Errorf("a lock file: %v", err)
	}
}
