package safeout

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// snapshot maps every path under root to its type and content hash, so
// that a test can check a folder is exactly as it was.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link:" + target
		case d.IsDir():
			out[rel] = "dir"
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		default:
			out[rel] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func same(t *testing.T, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: was %s, now %q", k, v, after[k])
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: left behind", k)
		}
	}
}

// run writes names into dir in one batch and commits.
func run(t *testing.T, dir string, stale []string, files map[string]string) error {
	t.Helper()
	b := New("test", "scenario.csv")
	defer b.Abort()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	if err := b.Folder(dir, names, stale); err != nil {
		return err
	}
	for n, s := range files {
		if err := b.Put(filepath.Join(dir, n), []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	return b.Commit()
}

func TestRerunReplacesOwnOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "deep")
	if err := run(t, dir, nil, map[string]string{"a.csv": "1\n", "b.csv": "2\n"}); err != nil {
		t.Fatal(err)
	}
	if err := run(t, dir, nil, map[string]string{"a.csv": "3\n", "b.csv": "4\n"}); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]string{"a.csv": "3\n", "b.csv": "4\n"} {
		got, _ := os.ReadFile(filepath.Join(dir, n))
		if string(got) != want {
			t.Errorf("%s = %q, want %q", n, got, want)
		}
	}
	m, _ := os.ReadFile(filepath.Join(dir, Manifest))
	if !strings.Contains(string(m), "\ttest\ta.csv\n") {
		t.Errorf("manifest:\n%s", m)
	}
	if st, _ := os.Stat(filepath.Join(dir, "a.csv")); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}

func TestRefusals(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  error
	}{
		{"a file sib did not write", func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, "a.csv"), []byte("mine"), 0o644) }, ErrNotOurs},
		{"an output changed by hand", func(t *testing.T, dir string) {
			if err := run(t, dir, nil, map[string]string{"a.csv": "1\n"}); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "a.csv"), []byte("edited in a spreadsheet"), 0o644)
		}, ErrChanged},
		{"a symbolic link", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "elsewhere"), []byte("x"), 0o644)
			os.Symlink("elsewhere", filepath.Join(dir, "a.csv"))
		}, ErrNotRegular},
		{"a dangling symbolic link", func(t *testing.T, dir string) { os.Symlink("/nonexistent/x", filepath.Join(dir, "a.csv")) }, ErrNotRegular},
		{"a FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "a.csv"), 0o644); err != nil {
				t.Skip(err)
			}
		}, ErrNotRegular},
		{"a folder", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "a.csv"), 0o755) }, ErrNotRegular},
		{"an input folder by its files", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "scenario.csv"), []byte("setting,value\n"), 0o644)
		}, ErrInputFolder},
		{"a listed name that is not a file sib wrote", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, Manifest), []byte("garbage\tline\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "a.csv"), []byte("mine"), 0o644)
		}, ErrNotOurs},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			before := snapshot(t, dir)
			err := run(t, dir, nil, map[string]string{"a.csv": "new\n", "b.csv": "new\n"})
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			same(t, before, snapshot(t, dir))
		})
	}
}

func TestInputs(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "scenario")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "payments.csv"), []byte("term\n"), 0o644)
	other := filepath.Join(root, "other")
	os.Mkdir(other, 0o755)
	os.Symlink(filepath.Join(in, "payments.csv"), filepath.Join(other, "link.csv"))
	before := snapshot(t, root)

	b := New("test")
	b.Input(in)
	if err := b.Folder(in, []string{"summary.csv"}, nil); !errors.Is(err, ErrInputFolder) {
		t.Errorf("into the input folder: %v", err)
	}
	if err := b.File(filepath.Join(in, "payments.csv")); !errors.Is(err, ErrInputFolder) {
		t.Errorf("onto an input file: %v", err)
	}
	if err := b.File(filepath.Join(other, "link.csv")); !errors.Is(err, ErrNotRegular) {
		t.Errorf("through a link to an input: %v", err)
	}
	// A hard link to an input is the input itself.
	if err := os.Link(filepath.Join(in, "payments.csv"), filepath.Join(other, "hard.csv")); err == nil {
		before = snapshot(t, root)
		if err := b.File(filepath.Join(other, "hard.csv")); !errors.Is(err, ErrInput) {
			t.Errorf("onto a hard link to an input: %v", err)
		}
	}
	b.Abort()
	same(t, before, snapshot(t, root))
}

func TestTwice(t *testing.T) {
	b := New("test")
	dir := t.TempDir()
	if err := b.File(filepath.Join(dir, "a.png")); err != nil {
		t.Fatal(err)
	}
	if err := b.File(filepath.Join(dir, ".", "a.png")); !errors.Is(err, ErrTwice) {
		t.Errorf("err = %v", err)
	}
}

func TestStaleOnlyOwnAndUnchanged(t *testing.T) {
	dir := t.TempDir()
	if err := run(t, dir, nil, map[string]string{"units.csv": "1\n", "avoided.csv": "2\n", "lines.csv": "3\n"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "lines.csv"), []byte("kept: edited by hand"), 0o644)
	if err := run(t, dir, []string{"avoided.csv", "lines.csv", "never.csv"}, map[string]string{"units.csv": "4\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "avoided.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the stale table sib wrote is still there: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "lines.csv")); string(b) != "kept: edited by hand" {
		t.Errorf("an edited table was removed or changed: %q", b)
	}
}

// failing fails its Write after n bytes, as a full disk would.
type failing struct {
	*os.File
	n int
}

func (f *failing) Write(p []byte) (int, error) {
	if len(p) > f.n {
		w, _ := f.File.Write(p[:f.n])
		f.n = 0
		return w, syscall.ENOSPC
	}
	f.n -= len(p)
	return f.File.Write(p)
}

func TestFailedRunLeavesFolderAsItWas(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		t.Run(fmt.Sprintf("fresh=%v", fresh), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			if !fresh {
				if err := run(t, dir, nil, map[string]string{"a.csv": "old a\n", "b.csv": "old b\n", "c.csv": "old c\n"}); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, root)
			b := New("test")
			calls := 0
			b.create = func(dir string) (file, error) {
				f, err := createTemp(dir)
				calls++
				if err != nil || calls < 3 {
					return f, err
				}
				return &failing{File: f.(*os.File), n: 5}, nil
			}
			if err := b.Folder(dir, []string{"a.csv", "b.csv", "c.csv"}, nil); err != nil {
				t.Fatal(err)
			}
			var err error
			for _, n := range []string{"a.csv", "b.csv", "c.csv"} {
				if err = b.Put(filepath.Join(dir, n), []byte("new content "+n+"\n")); err != nil {
					break
				}
			}
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("err = %v", err)
			}
			b.Abort()
			same(t, before, snapshot(t, root))
		})
	}
}

func TestReservedButNotWritten(t *testing.T) {
	dir := t.TempDir()
	b := New("test")
	defer b.Abort()
	b.Folder(dir, []string{"a.csv", "b.csv"}, nil)
	b.Put(filepath.Join(dir, "a.csv"), []byte("x"))
	if err := b.Commit(); err == nil {
		t.Fatal("Commit with an output not written succeeded")
	}
	b.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// Found in review: a failed run removed a symbolic link given as --out
// (Abort took it for a folder it had made).
func TestLinkToNothingAsFolder(t *testing.T) {
	root := t.TempDir()
	link := filepath.Join(root, "link")
	os.Symlink(filepath.Join(root, "nowhere"), link)
	before := snapshot(t, root)
	for _, dir := range []string{link, filepath.Join(link, "sub")} {
		b := New("test")
		err := b.Folder(dir, []string{"a.csv"}, nil)
		if err == nil {
			err = b.Put(filepath.Join(dir, "a.csv"), []byte("x"))
		}
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: err = %v", dir, err)
		}
		b.Abort()
	}
	same(t, before, snapshot(t, root))
}

// Found in review: one folder spelt two ways (relative and absolute, or
// through a link) was two folders with two manifests, the last one
// written winning.
func TestOneFolderTwoSpellings(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "o")
	os.Mkdir(dir, 0o755)
	os.Symlink(dir, filepath.Join(root, "olink"))
	t.Chdir(root)
	b := New("test")
	if err := b.File("o/h.svg"); err != nil {
		t.Fatal(err)
	}
	if err := b.File(filepath.Join(root, "olink", "h.svg")); !errors.Is(err, ErrTwice) {
		t.Errorf("the same file through a link: %v", err)
	}
	if err := b.File(filepath.Join(dir, "c.svg")); err != nil {
		t.Fatal(err)
	}
	b.Put("o/h.svg", []byte("h"))
	b.Put(filepath.Join(dir, "c.svg"), []byte("c"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	m, _ := os.ReadFile(filepath.Join(dir, Manifest))
	if !strings.Contains(string(m), "\tc.svg\n") || !strings.Contains(string(m), "\th.svg\n") {
		t.Errorf("manifest:\n%s", m)
	}
}

// Found in review: a full disk when the manifest was written, after the
// renames, left the tables in place and unlisted (locked for good). The
// manifest is now staged before anything is renamed.
func TestFailedManifestLeavesFolderAsItWas(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		t.Run(fmt.Sprintf("fresh=%v", fresh), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			if !fresh {
				if err := run(t, dir, nil, map[string]string{"a.csv": "old a\n", "b.csv": "old b\n"}); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, root)
			b := New("test")
			calls := 0
			b.create = func(dir string) (file, error) {
				calls++
				if calls == 3 { // the manifest, after a.csv and b.csv
					return nil, syscall.ENOSPC
				}
				return createTemp(dir)
			}
			b.Folder(dir, []string{"a.csv", "b.csv"}, nil)
			b.Put(filepath.Join(dir, "a.csv"), []byte("new a\n"))
			b.Put(filepath.Join(dir, "b.csv"), []byte("new b\n"))
			if err := b.Commit(); !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("err = %v", err)
			}
			b.Abort()
			same(t, before, snapshot(t, root))
		})
	}
}

// Found in review: two runs writing into one folder each missed the
// other's manifest entries, and the second one's file was then refused as
// not sib's. Commit now reads the manifest again under a lock.
func TestTwoRunsOneFolder(t *testing.T) {
	dir := t.TempDir()
	b1, b2 := New("simulate"), New("simulate")
	if err := b1.File(filepath.Join(dir, "a.svg")); err != nil {
		t.Fatal(err)
	}
	if err := b2.File(filepath.Join(dir, "b.svg")); err != nil {
		t.Fatal(err)
	}
	b1.Put(filepath.Join(dir, "a.svg"), []byte("a"))
	b2.Put(filepath.Join(dir, "b.svg"), []byte("b"))
	if err := b1.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b2.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a.svg", "b.svg"} {
		b := New("simulate")
		if err := b.File(filepath.Join(dir, n)); err != nil {
			t.Errorf("a re-run refuses %s: %v", n, err)
		}
	}
}

// Found in review: outputs were 0644 whatever the umask.
func TestUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "o")
	if err := run(t, dir, nil, map[string]string{"a.csv": "x"}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a.csv", Manifest} {
		if st, _ := os.Stat(filepath.Join(dir, n)); st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v under umask 077", n, st.Mode())
		}
	}
}

// A stale table edited by hand is kept, with a warning.
func TestStaleEditedWarns(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, nil, map[string]string{"units.csv": "1\n", "avoided.csv": "2\n"})
	os.WriteFile(filepath.Join(dir, "avoided.csv"), []byte("edited"), 0o644)
	b := New("test")
	b.Folder(dir, []string{"units.csv"}, []string{"avoided.csv"})
	b.Put(filepath.Join(dir, "units.csv"), []byte("3\n"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if w := b.Warnings(); len(w) != 1 || !strings.Contains(w[0], "avoided.csv is a table of an earlier run") {
		t.Errorf("warnings: %q", w)
	}
}

// A file named like the manifest that sib did not write is not rewritten.
func TestForeignManifest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, Manifest), []byte("my own notes\n"), 0o644)
	before := snapshot(t, dir)
	if err := run(t, dir, nil, map[string]string{"a.csv": "x"}); !errors.Is(err, ErrNotOurs) {
		t.Fatalf("err = %v", err)
	}
	same(t, before, snapshot(t, dir))
}

// TestInputWriters: a file of the input names that a command whose
// outputs are inputs wrote (sib init's scenario.csv) marks an input folder
// for any other command, though it is listed; the same command may write
// the folder again, and a command not named is unaffected.
func TestInputWriters(t *testing.T) {
	dir := t.TempDir()
	write := func(cmd string, writers ...string) error {
		b := New(cmd, "scenario.csv")
		b.InputWriters(writers...)
		defer b.Abort()
		if err := b.Folder(dir, []string{"scenario.csv"}, nil); err != nil {
			return err
		}
		if err := b.Put(filepath.Join(dir, "scenario.csv"), []byte("setting,value\n")); err != nil {
			t.Fatal(err)
		}
		return b.Commit()
	}
	if err := write("init", "init"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := write("run", "init"); !errors.Is(err, ErrInputFolder) || !strings.Contains(err.Error(), "sib init wrote") {
		t.Errorf("run into init's folder: %v", err)
	}
	same(t, before, snapshot(t, dir))
	if err := write("init", "init"); err != nil {
		t.Errorf("init into its own folder: %v", err)
	}
	if err := write("run"); err != nil {
		t.Errorf("run with no input writers named: %v", err)
	}
}

// TestKilledAmongRenames: a run killed after its first output's rename and
// before the rest (a cluster's shard evicted as it finished) leaves every
// file listed as it is, so the retried run may replace them. The manifest
// went last, so the retry was refused: "a file sib did not write". Both a
// new folder and one holding an earlier run's outputs.
func TestKilledAmongRenames(t *testing.T) {
	for _, earlier := range []bool{false, true} {
		dir := t.TempDir()
		if earlier {
			if err := run(t, dir, nil, map[string]string{"a.csv": "1\n", "b.csv": "2\n"}); err != nil {
				t.Fatal(err)
			}
		}
		b := New("test")
		if err := b.Folder(dir, []string{"a.csv", "b.csv"}, nil); err != nil {
			t.Fatal(err)
		}
		for i, n := range []string{"a.csv", "b.csv"} {
			if err := b.Put(filepath.Join(dir, n), []byte{'3' + byte(i), '\n'}); err != nil {
				t.Fatal(err)
			}
		}
		// Commit as far as the first output's rename, then "killed".
		c := pendingInPlace(t, b, dir)
		if err := os.Rename(b.order[0].tmp.Name(), filepath.Join(dir, "a.csv")); err != nil {
			t.Fatal(err)
		}
		c.release()
		// The retry.
		if err := run(t, dir, nil, map[string]string{"a.csv": "5\n", "b.csv": "6\n"}); err != nil {
			t.Fatalf("earlier outputs %v: the retry: %v", earlier, err)
		}
		for n, want := range map[string]string{"a.csv": "5\n", "b.csv": "6\n"} {
			if got, _ := os.ReadFile(filepath.Join(dir, n)); string(got) != want {
				t.Errorf("%s: %q, want %q", n, got, want)
			}
		}
		// The manifest lists each file once again, as it is.
		m, _ := os.ReadFile(filepath.Join(dir, Manifest))
		if n := strings.Count(string(m), "\ta.csv\n"); n != 1 {
			t.Errorf("a.csv listed %d times:\n%s", n, m)
		}
		// An edit by hand is still refused: only the listed contents pass.
		os.WriteFile(filepath.Join(dir, "b.csv"), []byte("edited\n"), 0o644)
		if err := run(t, dir, nil, map[string]string{"b.csv": "7\n"}); !errors.Is(err, ErrChanged) {
			t.Errorf("an edited output: %v", err)
		}
	}
}

// TestKilledAroundStaleRemoval: a run that removes a stale output (one an
// earlier run of the command wrote and this one does not), killed just
// before or just after the removal, leaves it listed or gone: a later run
// that writes that name again may. (With the final manifest before the
// removal, a kill between them left it unlisted, refused for good.)
func TestKilledAroundStaleRemoval(t *testing.T) {
	for _, removed := range []bool{false, true} {
		dir := t.TempDir()
		if err := run(t, dir, nil, map[string]string{"a.csv": "1\n", "extra.csv": "x\n"}); err != nil {
			t.Fatal(err)
		}
		b := New("test", "scenario.csv")
		if err := b.Folder(dir, []string{"a.csv"}, []string{"extra.csv"}); err != nil {
			t.Fatal(err)
		}
		if err := b.Put(filepath.Join(dir, "a.csv"), []byte("2\n")); err != nil {
			t.Fatal(err)
		}
		// apply's steps up to the kill.
		c := pendingInPlace(t, b, dir)
		os.Rename(b.order[0].tmp.Name(), filepath.Join(dir, "a.csv"))
		if removed {
			os.Remove(filepath.Join(dir, "extra.csv"))
		}
		c.release()
		if err := run(t, dir, nil, map[string]string{"a.csv": "3\n", "extra.csv": "y\n"}); err != nil {
			t.Errorf("removed %v: the later run: %v", removed, err)
		}
	}
}

// TestFailedRenameRetry: a rename that fails (its staged file gone) leaves
// every file listed as it is, the earlier run's b.csv and the stale
// extra.csv among them, so a retry may replace them; the error says which.
// (The manifest was rewritten without them, and the retry refused.)
func TestFailedRenameRetry(t *testing.T) {
	dir := t.TempDir()
	if err := run(t, dir, nil, map[string]string{"a.csv": "1\n", "b.csv": "1\n", "extra.csv": "x\n"}); err != nil {
		t.Fatal(err)
	}
	b := New("test", "scenario.csv")
	if err := b.Folder(dir, []string{"a.csv", "b.csv"}, []string{"extra.csv"}); err != nil {
		t.Fatal(err)
	}
	b.Put(filepath.Join(dir, "a.csv"), []byte("2\n"))
	b.Put(filepath.Join(dir, "b.csv"), []byte("2\n"))
	for _, tg := range b.order {
		if tg.name == "b.csv" {
			os.Remove(tg.tmp.Name())
		}
	}
	if err := b.Commit(); err == nil || !strings.Contains(err.Error(), "b.csv") {
		t.Errorf("Commit: %v, want b.csv's rename error", err)
	}
	b.Abort()
	if err := run(t, dir, nil, map[string]string{"a.csv": "3\n", "b.csv": "3\n", "extra.csv": "y\n"}); err != nil {
		t.Errorf("retry after a failed rename: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("left %s", e.Name())
		}
	}
}

// pendingInPlace runs b's Commit as far as its pending manifest's rename
// into dir, the first step of apply, and returns the folder's commit for
// the test to go on step by step (and release, as a killed run would).
func pendingInPlace(t *testing.T, b *Batch, dir string) *dirCommit {
	t.Helper()
	for _, tg := range b.order {
		tg.tmp.Sync()
		tg.ready = true
		tg.tmp.Close()
	}
	c, err := b.prepare(b.sortedDirs()[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(c.pending.Name(), filepath.Join(dir, Manifest)); err != nil {
		t.Fatal(err)
	}
	c.pending = nil
	return c
}
