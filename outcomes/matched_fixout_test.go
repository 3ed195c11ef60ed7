package outcomes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A treated participant of participants.csv whose covariates.csv row is
// missing is an error at its line when the matching is done here, not a
// silent "no match".
func TestMatchedUncovered(t *testing.T) {
	out := matchedFolder(t, "att", "")
	copyFile(t, filepath.Join(attDir, "att", "matching", MatchingFile), filepath.Join(out, MatchingFile))
	b, err := os.ReadFile(filepath.Join(attDir, "att", "matching", CovariatesFile))
	if err != nil {
		t.Fatal(err)
	}
	cov := strings.Replace(string(b), "T24-0002,treatment,2024,23.5,1,F\n", "", 1)
	if cov == string(b) {
		t.Fatal("the case has no row T24-0002")
	}
	if err := os.WriteFile(filepath.Join(out, CovariatesFile), []byte(cov), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(out, LoadOptions{})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasSuffix(ie.File, ParticipantsFile) || ie.Line != 3 || !errors.Is(err, ErrUnknown) ||
		!strings.Contains(err.Error(), `"T24-0002"`) || !strings.Contains(err.Error(), "has no row in") {
		t.Fatalf("got %v, want participants.csv:3 naming T24-0002 and covariates.csv", err)
	}
}

// A treated row of covariates.csv absent from participants.csv is an
// error at its line of covariates.csv.
func TestMatchedCovariatesUnknown(t *testing.T) {
	out := matchedFolder(t, "att", "")
	for _, name := range []string{MatchingFile, CovariatesFile} {
		copyFile(t, filepath.Join(attDir, "att", "matching", name), filepath.Join(out, name))
	}
	p := filepath.Join(out, ParticipantsFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "T24-0002,treatment,2024,2025,0,1,14278\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(out, LoadOptions{})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasSuffix(ie.File, CovariatesFile) || ie.Line != 3 || !strings.Contains(err.Error(), `"T24-0002"`) {
		t.Fatalf("got %v, want covariates.csv:3 naming T24-0002", err)
	}
}

// A missing weight says that a weight can't be missing, whether empty or
// written NA or NaN.
func TestMatchedWeightMissing(t *testing.T) {
	for _, v := range []string{"", "NA", "NaN"} {
		w := strings.Replace(smallWeights, "a,P2,comparison,1,1", "a,P2,comparison,"+v+",1", 1)
		_, err := Load(smallFolder(t, w), LoadOptions{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Line != 3 || ie.Column != 4 || !strings.Contains(err.Error(), "a matching weight can't be missing") {
			t.Errorf("weight %q: got %v", v, err)
		}
	}
}

// A warning that already names its cohort is not prefixed twice.
func TestCohortPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"cohort 2024: 76 of its 766 treated units": "cohort 2024: 76 of its 766 treated units",
		"3 of 766 matched treated units":           "cohort 2024: 3 of 766 matched treated units",
		"cohort 2025: x":                           "cohort 2024: cohort 2025: x",
	} {
		if got := cohortPrefix("2024", in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
