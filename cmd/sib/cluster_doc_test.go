package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// codeBlockAfter returns the first fenced code block after the first
// line of doc that contains marker.
func codeBlockAfter(t *testing.T, doc, marker string) string {
	t.Helper()
	_, after, ok := strings.Cut(doc, marker)
	if !ok {
		t.Fatalf("docs/cluster.md: no %q", marker)
	}
	_, after, ok = strings.Cut(after, "```")
	if !ok {
		t.Fatalf("docs/cluster.md: no code block after %q", marker)
	}
	_, after, _ = strings.Cut(after, "\n") // the fence's language
	block, _, ok := strings.Cut(after, "```")
	if !ok {
		t.Fatalf("docs/cluster.md: the code block after %q is not closed", marker)
	}
	return block
}

// lineWith returns the line of block that contains s, trimmed, without a
// YAML list's "- ".
func lineWith(t *testing.T, block, s string) string {
	t.Helper()
	for _, l := range strings.Split(block, "\n") {
		if strings.Contains(l, s) {
			return strings.TrimPrefix(strings.TrimSpace(l), "- ")
		}
	}
	t.Fatalf("docs/cluster.md: no line with %q in\n%s", s, block)
	return ""
}

// TestClusterRecipes runs the recipes of docs/cluster.md on this machine
// with K = 3 and 9,000 draws (three blocks): the Kubernetes Indexed Job's
// command for indices 0, 1, 2 and its merge Job's; the Slurm array
// script for tasks 1, 2, 3 and its merge script, srun running the
// command. Each merge equals the single run, byte for byte.
func TestClusterRecipes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	sh, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := hostileBinary(t)
	body, err := os.ReadFile("../../docs/cluster.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(body)
	est, err := filepath.Abs("../../testdata/estonia")
	if err != nil {
		t.Fatal(err)
	}
	// The single run the shards stand for.
	code, want, stderr := runCLI("simulate", "--draws", "9000", "--seed", "7", est+"/scenario", est+"/uncertainty")
	if code != exitOK {
		t.Fatal(stderr)
	}
	// A folder on the PATH with sib, and srun that runs its command.
	path := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(path, "sib")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "srun"), []byte("#!/bin/sh\nexec \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	runSh := func(dir, script string, env ...string) string {
		t.Helper()
		cmd := exec.Command(sh, "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"PATH=" + path + ":" + os.Getenv("PATH")}, env...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, stderr.String())
		}
		return stdout.String()
	}

	t.Run("kubernetes", func(t *testing.T) {
		root := t.TempDir() // stands for the volumes: /deal and /shards
		shardCmd := lineWith(t, codeBlockAfter(t, doc, "`sib-shards.yaml`"), "sib simulate")
		mergeCmd := lineWith(t, codeBlockAfter(t, doc, "`sib-merge.yaml`"), "sib merge")
		local := strings.NewReplacer("/deal/", est+"/", "/shards", root+"/shards")
		for i := range 3 {
			runSh(root, local.Replace(shardCmd), "JOB_COMPLETION_INDEX="+string(rune('0'+i)), "K=3", "DRAWS=9000")
		}
		runSh(root, local.Replace(mergeCmd))
		got, err := os.ReadFile(filepath.Join(root, "shards", "report.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("the Kubernetes recipe's merge differs from the single run:\n%s", firstDiff(want, string(got)))
		}
	})

	t.Run("slurm", func(t *testing.T) {
		root := t.TempDir()
		if err := os.Symlink(est, filepath.Join(root, "deal")); err != nil {
			t.Fatal(err)
		}
		shards := filepath.Join(root, "run", "shards")
		array := codeBlockAfter(t, doc, "`shards.sbatch`")
		merge := codeBlockAfter(t, doc, "`merge.sbatch`")
		if !strings.Contains(array, "#SBATCH --array=1-") || !strings.Contains(lineWith(t, codeBlockAfter(t, doc, "Submit both"), "dependency"), "--dependency=afterok:") {
			t.Fatal("the Slurm recipe lost its --array or its --dependency=afterok")
		}
		for i := 1; i <= 3; i++ {
			runSh(root, array, "SLURM_ARRAY_TASK_ID="+string(rune('0'+i)), "SLURM_ARRAY_TASK_COUNT=3", "SLURM_CPUS_PER_TASK=2", "DRAWS=9000", "SHARDS="+shards)
		}
		runSh(root, merge, "SHARDS="+shards)
		got, err := os.ReadFile(filepath.Join(root, "run", "report.txt"))
		if err != nil {
			t.Fatal(err)
		}
		// The single run with the script's relative folders.
		want := runSh(root, "sib simulate --draws 9000 --seed 7 deal/scenario deal/uncertainty")
		if string(got) != want {
			t.Errorf("the Slurm recipe's merge differs from the single run:\n%s", firstDiff(want, string(got)))
		}
	})
}
