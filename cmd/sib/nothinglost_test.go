package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// treeSum and sameTree check that a folder is exactly as it was, with
// the campaign's snapshot (hostile_test.go).
func treeSum(t *testing.T, root string) map[string]hostileEntry { return hostileSnapshot(t, root) }

func sameTree(t *testing.T, what string, before, after map[string]hostileEntry) {
	t.Helper()
	changed, removed, added := hostileDiff(before, after)
	for _, p := range changed {
		t.Errorf("%s: %s changed", what, p)
	}
	for _, p := range removed {
		t.Errorf("%s: %s went", what, p)
	}
	for _, p := range added {
		t.Errorf("%s: %s left behind", what, p)
	}
}

// copyExamples copies the bundled examples into a temporary folder and returns
// its path.
func copyExamples(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("../../testdata/estonia")); err != nil {
		t.Fatal(err)
	}
	return dst
}

// Regression cases of the reliability campaign (issue "Nothing lost"):
// each ran with exit 0 and destroyed or changed an input before the fix.
func TestNothingLost(t *testing.T) {
	cases := []struct {
		name string
		args func(root string) []string
	}{
		{"cost --out a scenario folder without --avoid deleted its avoided.csv", func(r string) []string {
			return []string{"cost", "--out", r + "/scenario", r + "/costing"}
		}},
		{"cost --out a scenario folder with --avoid overwrote its avoided.csv", func(r string) []string {
			return []string{"cost", "--avoid", "court_case=25", "--out", r + "/scenario", r + "/costing"}
		}},
		{"run --out another scenario folder overwrote its payments.csv", func(r string) []string {
			os.CopyFS(r+"/other", os.DirFS(r+"/scenario"))
			return []string{"run", "--out", r + "/other", r + "/scenario"}
		}},
		{"run --out the scenario's costing folder broke its next run", func(r string) []string {
			return []string{"run", "--out", r + "/costing", r + "/scenario"}
		}},
		{"run --out the scenario's outcomes folder broke its next run", func(r string) []string {
			return []string{"run", "--out", r + "/outcomes", r + "/scenario"}
		}},
		{"run --out a costing folder of another deal", func(r string) []string {
			os.CopyFS(r+"/other-costing", os.DirFS(r+"/costing"))
			return []string{"run", "--out", r + "/other-costing", r + "/scenario"}
		}},
		{"simulate --draws-out an input file emptied it", func(r string) []string {
			return []string{"simulate", "--draws", "10", "--draws-out", r + "/scenario/payments.csv", r + "/scenario", r + "/uncertainty"}
		}},
		{"simulate --draws-out a file of the user's", func(r string) []string {
			os.WriteFile(r+"/notes.csv", []byte("my notes\n"), 0o644)
			return []string{"simulate", "--draws", "10", "--draws-out", r + "/notes.csv", r + "/scenario", r + "/uncertainty"}
		}},
		{"simulate --draws-out a symbolic link was followed", func(r string) []string {
			os.Symlink(r+"/scenario/capital.csv", r+"/link.csv")
			return []string{"simulate", "--draws", "10", "--draws-out", r + "/link.csv", r + "/scenario", r + "/uncertainty"}
		}},
		{"simulate --draws-out /dev/null, a device", func(r string) []string {
			return []string{"simulate", "--draws", "10", "--draws-out", "/dev/null", r + "/scenario", r + "/uncertainty"}
		}},
		{"a failed simulate (here a wrong --output) deleted a pre-existing --draws-out file", func(r string) []string {
			os.WriteFile(r+"/draws.csv", []byte("kept\n"), 0o644)
			return []string{"simulate", "--draws", "10", "--output", "no.such", "--draws-out", r + "/draws.csv", r + "/scenario", r + "/uncertainty"}
		}},
		{"tornado --plot onto an input file", func(r string) []string {
			return []string{"tornado", "--plot", r + "/uncertainty/uncertainty.csv.png", r + "/scenario", r + "/uncertainty"}
		}},
		{"outcomes --out the costing folder", func(r string) []string {
			return []string{"outcomes", "--out", r + "/costing", r + "/outcomes"}
		}},
		{"--out with a symlink where a table goes", func(r string) []string {
			os.Mkdir(r+"/tables", 0o755)
			os.Symlink(r+"/scenario/payments.csv", r+"/tables/summary.csv")
			return []string{"run", "--out", r + "/tables", r + "/scenario"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := copyExamples(t)
			args := c.args(root)
			before := treeSum(t, root)
			var stdout, stderr bytes.Buffer
			code := run(args, nil, &stdout, &stderr)
			if code == exitOK {
				t.Fatalf("exit 0; stderr: %s", stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout on a refusal: %.200s", stdout.String())
			}
			sameTree(t, "inputs", before, treeSum(t, root))
			t.Logf("exit %d: %s", code, strings.TrimSpace(stderr.String()))
		})
	}
}

// A re-run replaces the tables the tool wrote; a table edited since is
// refused, with the folder left as it was.
func TestOutRerun(t *testing.T) {
	root := copyExamples(t)
	out := filepath.Join(root, "tables")
	var stdout, stderr bytes.Buffer
	for range 2 {
		if code := run([]string{"run", "--out", out, root + "/scenario"}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	os.WriteFile(filepath.Join(out, "summary.csv"), []byte("edited\n"), 0o644)
	before := treeSum(t, root)
	stderr.Reset()
	if code := run([]string{"run", "--out", out, root + "/scenario"}, nil, &stdout, &stderr); code != exitData {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "summary.csv: changed since sib wrote it") {
		t.Errorf("stderr: %s", stderr.String())
	}
	sameTree(t, "out", before, treeSum(t, root))
}

// TestFullDisk fills a small tmpfs so that a re-run cannot finish its
// tables: the folder must keep the first run's tables, whole, and nothing
// else. It needs root to mount; it skips elsewhere.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs")
	}
	mnt := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).Run(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	defer exec.Command("umount", mnt).Run()
	out := filepath.Join(mnt, "tables")
	var stdout, stderr bytes.Buffer
	scen := "../../testdata/estonia/scenario"
	if code := run([]string{"run", "--out", out, scen}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr.String())
	}
	// Leave less room than one set of tables.
	filler, _ := os.Create(filepath.Join(mnt, "filler"))
	buf := make([]byte, 4096)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()
	before := treeSum(t, mnt)
	stderr.Reset()
	code := run([]string{"run", "--set", "setting.inflation=0.03", "--out", out, scen}, nil, &stdout, &stderr)
	if code != exitData || !strings.Contains(stderr.String(), "no space left") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	sameTree(t, "full disk", before, treeSum(t, mnt))
	// A fresh folder on the full disk is not left behind either.
	stderr.Reset()
	if code := run([]string{"run", "--out", filepath.Join(mnt, "new", "deeper"), scen}, nil, &stdout, &stderr); code != exitData {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	sameTree(t, "full disk, new folder", before, treeSum(t, mnt))
}
