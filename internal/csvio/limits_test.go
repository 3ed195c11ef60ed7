package csvio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"512": 512, "64KiB": 64 << 10, "1.5GiB": 3 << 29, "2GB": 2e9, "4 MiB": 4 << 20, "1k": 1024, "10b": 10,
	} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "x", "1XB", "NaN", "1e30GiB", "0.5", "1.5", "0.9k"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestLimitsSet(t *testing.T) {
	var l Limits
	if err := l.Set("line=4MiB"); err != nil || l.LineBytes != 4<<20 {
		t.Fatalf("%v %d", err, l.LineBytes)
	}
	if err := l.Set("Memory = 16GiB"); err != nil || l.MemoryBytes != 16<<30 {
		t.Fatalf("%v %d", err, l.MemoryBytes)
	}
	for _, bad := range []string{"line", "lines=4", "line=0", "rows=-3"} {
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
}

func read(t *testing.T, path string, lim Limits) error {
	t.Helper()
	f, err := Open(path, lim)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := NewReader(f, path, []Column{{Name: "name", Required: true}, {Name: "value"}})
	if err != nil {
		return err
	}
	for r.Next() {
		if _, err := r.String(0, "a name"); err != nil {
			return err
		}
	}
	return r.Err()
}

func TestLimits(t *testing.T) {
	dir := t.TempDir()
	small := Limits{LineBytes: 100, RecordBytes: 200, FieldBytes: 50, NameBytes: 10, Rows: 3, FileBytes: 1 << 20}
	cases := []struct {
		name, content string
		want          string // in the error
	}{
		{"ok", "name,value\na,1\nb,2\nc,3\n", ""},
		{"long line", "name,value\na,1\n" + strings.Repeat("x", 150) + ",1\n", "t.csv:3: over a limit: a line longer than 100 bytes"},
		{"long record over several lines", "name,value\na,\"" + strings.Repeat("x\n", 400) + "\"\n", "t.csv:"},
		{"long field", "name,value\na," + strings.Repeat("x", 60) + "\n", "t.csv:2:2: over a limit: a value of 60 bytes"},
		{"long name", "name,value\n" + strings.Repeat("n", 11) + ",1\n", "t.csv:2:1: name: over a limit: a name of 11 bytes (the limit is 10 bytes; raise it with --limit name=…)"},
		{"rows", "name,value\na,1\nb,2\nc,3\nd,4\n", "t.csv:5: over a limit: more than 3 records"},
		// Found in review: the error named the line reading had reached,
		// not the one where the unclosed quote starts.
		{"unclosed quote", "name,value\na,1\nb,\"" + strings.Repeat("x\n", 40000), "t.csv:3: over a limit: a record longer than 200 bytes"},
		{"long header", strings.Repeat("h", 120) + "\n", "t.csv:1: over a limit: a line longer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, "t.csv")
			os.WriteFile(p, []byte(c.content), 0o644)
			err := read(t, p, small)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if !strings.Contains(c.name, "record") && !errors.Is(err, ErrLimit) {
				t.Errorf("%v does not wrap ErrLimit", err)
			}
		})
	}
	// A record over its limit, each field under the field limit: exact.
	p := filepath.Join(dir, "rec.csv")
	os.WriteFile(p, []byte("name,value\na,1\nb,"+strings.Repeat("x", 40)+"\n"), 0o644)
	if err := read(t, p, Limits{RecordBytes: 30}); err == nil || !strings.Contains(err.Error(), "rec.csv:3: over a limit: a record of 41 bytes") {
		t.Errorf("record limit: %v", err)
	}
	p = filepath.Join(dir, "big.csv")
	os.WriteFile(p, []byte("name\n"+strings.Repeat("a\n", 1000)), 0o644)
	if err := read(t, p, Limits{FileBytes: 100}); err == nil || !strings.Contains(err.Error(), "big.csv: over a limit: the file has 2005 bytes") {
		t.Errorf("file limit: %v", err)
	}
}

// A FIFO would block Open forever and /dev/zero would never end: both are
// refused before a byte is read.
func TestOpenRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	zero := filepath.Join(dir, "zero.csv")
	os.Symlink("/dev/zero", zero)
	dangling := filepath.Join(dir, "pools.csv")
	os.Symlink("/nonexistent/pools.csv", dangling)
	for _, p := range []string{fifo, zero, dir, dangling} {
		done := make(chan error, 1)
		go func() { _, err := Open(p, Limits{}); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.HasPrefix(err.Error(), p+": ") {
				t.Errorf("%s: %v", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Open blocked", p)
		}
	}
}

// A gigabyte on one line fails after the first megabyte, not after
// reading it all into memory.
func TestHugeLineFailsFast(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.csv")
	f, _ := os.Create(p)
	f.WriteString("name,value\na,")
	f.Truncate(1 << 30) // sparse: a gigabyte of NULs on line 2
	f.Close()
	start := time.Now()
	err := read(t, p, Limits{})
	if err == nil || !strings.Contains(err.Error(), "huge.csv:2: over a limit: a line longer than 1 MiB") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestRecordLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.csv")
	// Records start on lines 2, 3, 5 (record 2 spans lines 3-4) and 6.
	os.WriteFile(p, []byte("a,b\n1,x\n2,\"two\nlines\"\n3,y\n4,z"), 0o644)
	for n, want := range map[int64]int64{1: 2, 2: 3, 3: 5, 4: 6, 5: 0} {
		f, err := Open(p, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.RecordLine(n)
		f.Close()
		if err != nil || got != want {
			t.Errorf("RecordLine(%d) = %d, %v; want %d", n, got, err, want)
		}
	}
}
