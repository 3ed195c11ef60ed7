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

func write(t *testing.T, b *Batch, files map[string]string) {
	t.Helper()
	for p, s := range files {
		if err := b.Put(p, []byte(s)); err != nil {
			t.Fatal(err)
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
			b.create = func(dir, pattern string) (file, error) {
				f, err := os.CreateTemp(dir, pattern)
				calls++
				if err != nil || calls < 3 {
					return f, err
				}
				return &failing{File: f, n: 5}, nil
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
