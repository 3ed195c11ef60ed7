package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
)

// copyEstonia copies the Estonian example (scenario, costing and outcomes
// folders) to a temporary folder and returns the scenario folder.
func copyEstonia(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.CopyFS(root, os.DirFS("../testdata/estonia")))
	return filepath.Join(root, "scenario")
}

// editFile replaces old with new in file, which must hold it.
func editFile(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(b), old)
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
}

// TestLoadBlamesTheRightFile: an error caused by a setting of
// scenario.csv names scenario.csv, the setting's line and column (issue
// 12, defect 10: "costing,." was blamed on avoided.csv, the first file of
// the scenario folder that the costing's loader did not know); an error
// inside the costing folder still names the costing's file.
func TestLoadBlamesTheRightFile(t *testing.T) {
	for _, c := range []struct {
		name, file, old, new string
		want                 string // the error, with the scenario's folder as DIR, its parent as ROOT
		is                   error
	}{
		{"costing is the scenario folder", scenario.ScenarioFile, "costing,../costing,", "costing,.,",
			"DIR/scenario.csv:12:2: value: invalid input: DIR is the scenario's own folder; costing names a costing folder (with ledger.csv, activity.csv, deflator.csv), relative to the scenario's", scenario.ErrInput},
		{"costing is the outcomes folder", scenario.ScenarioFile, "costing,../costing,", "costing,../outcomes,",
			"DIR/scenario.csv:12:2: value: invalid input: ROOT/outcomes is not a costing folder: it has none of its files; costing names a costing folder (with ledger.csv, activity.csv, deflator.csv), relative to the scenario's", scenario.ErrInput},
		{"outcomes is the scenario folder", scenario.ScenarioFile, "outcomes,../outcomes,", "outcomes,.,",
			"DIR/scenario.csv:13:2: value: invalid input: DIR is the scenario's own folder; outcomes names an outcomes folder (with participants.csv or aggregates.csv), relative to the scenario's", scenario.ErrInput},
		{"price base not in the costing's deflator", scenario.ScenarioFile, "price_base,2024,", "price_base,2031,",
			"DIR/scenario.csv:7:2: value: year missing from the deflator: price base 2031 is not in deflator.csv (it covers 2021-2025)", costing.ErrNoDeflator},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyEstonia(t)
			editFile(t, filepath.Join(dir, c.file), c.old, c.new)
			_, err := scenario.Load(dir)
			require.Error(t, err)
			want := strings.ReplaceAll(strings.ReplaceAll(c.want, "DIR", dir), "ROOT", filepath.Dir(dir))
			assert.Equal(t, want, err.Error())
			assert.ErrorIs(t, err, c.is)
			var ie *csvio.Error
			require.True(t, errors.As(err, &ie))
			assert.Equal(t, filepath.Join(dir, scenario.ScenarioFile), ie.File)
		})
	}
	// A fault inside the costing folder names the costing's file.
	dir := copyEstonia(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "..", "costing", "pool.csv"), []byte("x\n"), 0o644))
	_, err := scenario.Load(dir)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), filepath.Join(dir, "..", "costing", "pool.csv")+": "), err.Error())
}
