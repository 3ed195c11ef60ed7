package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

// The kinds of input folder, recognised by their files.
const (
	costingFolder     = "costing"
	outcomesFolder    = "outcomes"
	scenarioFolder    = "scenario"
	uncertaintyFolder = "uncertainty"
	claimsFolder      = "claims"
)

// folderSigns are the files that tell each kind of folder, the first
// being the one a message names.
var folderSigns = []struct {
	kind  string
	files []string
	read  string // the command that reads it
}{
	{scenarioFolder, []string{scenario.ScenarioFile}, "sib run %s"},
	{costingFolder, []string{costing.LedgerFile, costing.ActivityFile, costing.DeflatorFile}, "sib cost %s"},
	{outcomesFolder, []string{outcomes.ParticipantsFile, outcomes.AggregatesFile}, "sib outcomes %s"},
	{uncertaintyFolder, []string{uncertainty.SpecFile, uncertainty.CorrelationsFile}, "sib simulate SCENARIO %s"},
	{claimsFolder, []string{claims.RecordsFile, claims.RateCardFile, claims.ContractFile}, "sib claims %s"},
}

// folderKind tells the kind of dir by its files, and the file that
// tells: "" when it holds none of them, or the files of two kinds.
func folderKind(dir string) (kind, sign string) {
	for _, k := range folderSigns {
		for _, f := range k.files {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				if kind == outcomesFolder && k.kind == claimsFolder {
					// A claims folder has a participants.csv too.
					kind, sign = k.kind, f
					break
				}
				if kind != "" {
					return "", "" // two kinds: the loader will say what is wrong
				}
				kind, sign = k.kind, f
				break
			}
		}
	}
	return kind, sign
}

// wrongFolder explains an input folder of another kind than want, or
// returns "": "testdata/estonia/costing looks like a costing folder (it
// holds ledger.csv), not a scenario folder: sib cost reads it".
func wrongFolder(dir, want string) string {
	kind, sign := folderKind(dir)
	if kind == "" || kind == want {
		return ""
	}
	msg := fmt.Sprintf("%s looks like %s folder (it holds %s), not %s folder", dir, article(kind), sign, article(want))
	for _, k := range folderSigns {
		if k.kind == kind {
			msg += ": " + fmt.Sprintf(k.read, dir) + " reads it"
		}
	}
	return msg
}

func article(kind string) string {
	if strings.IndexByte("aeiou", kind[0]) >= 0 {
		return "an " + kind
	}
	return "a " + kind
}

// notFolder says why dir is not a folder to read, or "": it does not
// exist (a typo?), or it is a file.
func notFolder(dir string) string {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return dir + " does not exist"
	case err != nil:
		return err.Error()
	case !st.IsDir():
		return dir + " is a file, not a folder"
	}
	return ""
}

// inputFolder checks the folder argument of a command that reads one
// folder of kind want: a usage error when it is not a folder, or looks
// like another kind.
func inputFolder(stderr io.Writer, cmd, dir, want string) (code int, done bool) {
	if msg := notFolder(dir); msg != "" {
		return usageError(stderr, cmd, "%s", msg), true
	}
	if msg := wrongFolder(dir, want); msg != "" {
		return usageError(stderr, cmd, "%s", msg), true
	}
	return exitOK, false
}

// swappedFolders explains a scenario folder and an uncertainty input
// given the wrong way round, or another kind of folder in either place;
// "" when they look right.
func swappedFolders(cmd, scen, unc string) string {
	k1, _ := folderKind(scen)
	k2 := uncertaintyFolder
	if unc != "" {
		if st, err := os.Stat(unc); err == nil && st.IsDir() {
			k2, _ = folderKind(unc)
		}
	}
	if k1 == uncertaintyFolder && k2 == scenarioFolder {
		return fmt.Sprintf("the folders look swapped: %s is an uncertainty folder and %s a scenario folder; give the scenario first: sib %s %s %s", scen, unc, cmd, unc, scen)
	}
	if msg := wrongFolder(scen, scenarioFolder); msg != "" {
		return msg
	}
	if unc != "" && k2 != "" && k2 != uncertaintyFolder {
		return wrongFolder(unc, uncertaintyFolder)
	}
	return ""
}

// noteLockFiles adds a note on each spreadsheet lock file in the folders
// to notes: Excel's ~$name.csv, LibreOffice's .~lock.name.csv#. The
// loaders pass over them (csvio.LockFile).
func noteLockFiles(notes *csvio.Notes, dirs ...string) {
	for _, dir := range dirs {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !e.IsDir() && csvio.LockFile(e.Name()) {
				notes.Add(fmt.Sprintf("%s: skipped, a spreadsheet's lock file (the spreadsheet has the file open, or was closed without removing it)", filepath.Join(dir, e.Name())))
			}
		}
	}
}
