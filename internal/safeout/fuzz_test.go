package safeout

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzManifest: whatever the manifest holds, reading it never panics, and
// a file in the folder is replaced only when the manifest lists it with
// its exact hash and size.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(manifestHeader), []byte("mine"))
	f.Add([]byte(manifestHeader+"d6d5fe0c8e1bb0e3e1e6bd3d1f8f4ac1f6bfa6c3b1e6d0f3a1b2c3d4e5f60718\t4\ttest\ta.csv\n"), []byte("mine"))
	f.Add([]byte("# only a comment\n\n\t\t\t\n"), []byte(""))
	f.Add([]byte(manifestHeader+"x\t-1\tcost\t../a.csv\n"), []byte("data"))
	f.Add([]byte(manifestHeader+"3fd30542fe3f61b14bd4a4b2dc0b6fb30fa6f63ebce52dd1778aaa8c4dc02cff\t4\tcost\ta.csv\n"), []byte("mine"))
	f.Fuzz(func(t *testing.T, manifest, content []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, Manifest), manifest, 0o644)
		os.WriteFile(filepath.Join(dir, "a.csv"), content, 0o644)
		b := New("test")
		defer b.Abort()
		err := b.Folder(dir, []string{"a.csv"}, []string{"b.csv"})
		listed := false
		if fo := b.dirs[filepath.Clean(dir)]; fo != nil {
			e, ok := fo.entries["a.csv"]
			sum, size, _ := hashFile(filepath.Join(dir, "a.csv"))
			listed = ok && e.sum == sum && e.size == size
			for n := range fo.entries {
				if n == "" || bytes.ContainsAny([]byte(n), "/\\") {
					t.Fatalf("manifest entry %q names a path", n)
				}
			}
		}
		if (err == nil) != listed {
			t.Fatalf("Folder: err = %v, but listed with its hash = %v", err, listed)
		}
	})
}
