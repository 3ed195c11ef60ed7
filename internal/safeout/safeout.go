package safeout

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Manifest is the file in each output folder that lists what the tool
// wrote there, with each file's size and SHA-256.
const Manifest = ".sib-outputs"

// Sentinel errors.
var (
	ErrInput       = errors.New("safeout: an input of this run")
	ErrNotOurs     = errors.New("safeout: a file sib did not write")
	ErrChanged     = errors.New("safeout: changed since sib wrote it")
	ErrNotRegular  = errors.New("safeout: not a regular file")
	ErrInputFolder = errors.New("safeout: an input folder")
	ErrTwice       = errors.New("safeout: the same output named twice")
)

// Batch is one run's outputs. Reserve every output before the run's work,
// Put or Stream each one, then Commit; Abort (safe to defer) removes what
// was staged when the run fails.
type Batch struct {
	cmd        string
	inputs     []fs.FileInfo // input files and folders
	inputNames []string      // file names that mark an input folder
	dirs       map[string]*folder
	reserved   map[string]*target // by clean path
	order      []*target
	created    []string // folders this batch made, outermost first
	done       bool

	// create makes a temporary file; tests replace it to inject failures.
	create func(dir, pattern string) (file, error)
}

type file interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
	Chmod(fs.FileMode) error
}

type folder struct {
	path     string
	entries  map[string]entry
	existed  bool
	stale    []string
	manifest bool // a manifest file exists
}

type entry struct {
	size int64
	sum  string
	cmd  string
}

type target struct {
	dir   *folder
	name  string
	tmp   file
	h     hash.Hash
	size  int64
	ready bool
}

// New starts a batch for command cmd. inputNames are file names that only
// an input folder holds (scenario.csv, ledger.csv…): a folder holding one
// of them that the tool did not write is refused as an output folder.
func New(cmd string, inputNames ...string) *Batch {
	return &Batch{
		cmd: cmd, inputNames: inputNames,
		dirs: map[string]*folder{}, reserved: map[string]*target{},
		create: func(dir, pattern string) (file, error) { return os.CreateTemp(dir, pattern) },
	}
}

// Input registers the inputs of the run: files, and folders with every
// file in them. No output may be one of them or go into one of the folders.
func (b *Batch) Input(paths ...string) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		b.inputs = append(b.inputs, st)
		if !st.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(p)
		for _, e := range entries {
			if fi, err := os.Stat(filepath.Join(p, e.Name())); err == nil && !fi.IsDir() {
				b.inputs = append(b.inputs, fi)
			}
		}
	}
}

func (b *Batch) isInput(st fs.FileInfo) bool {
	return slices.ContainsFunc(b.inputs, func(in fs.FileInfo) bool { return os.SameFile(in, st) })
}

// Folder reserves names in an output folder (--out DIR). stale are names
// the command writes on other runs (a table it writes only with some
// flag): Commit removes those of them it wrote before and that are still
// unchanged, so that an old table is not taken for this run's.
func (b *Batch) Folder(dir string, names, stale []string) error {
	f, err := b.folder(dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := b.reserve(f, n); err != nil {
			return err
		}
	}
	for _, n := range stale {
		if !slices.Contains(names, n) {
			f.stale = append(f.stale, n)
		}
	}
	return nil
}

// File reserves one output file, in a folder that exists.
func (b *Batch) File(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: no such folder", dir)
	}
	f, err := b.folder(dir)
	if err != nil {
		return err
	}
	return b.reserve(f, filepath.Base(path))
}

func (b *Batch) folder(dir string) (*folder, error) {
	dir = filepath.Clean(dir)
	if f, ok := b.dirs[dir]; ok {
		return f, nil
	}
	f := &folder{path: dir, entries: map[string]entry{}}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		b.dirs[dir] = f
		return f, nil
	case err != nil:
		return nil, err
	case !st.IsDir():
		return nil, fmt.Errorf("%s: not a folder", dir)
	case b.isInput(st):
		return nil, fmt.Errorf("%s: %w of this run: outputs go into a folder of their own", dir, ErrInputFolder)
	}
	f.existed = true
	if err := f.readManifest(); err != nil {
		return nil, err
	}
	for _, n := range b.inputNames {
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); err == nil {
			if _, ours := f.entries[n]; !ours {
				return nil, fmt.Errorf("%s: %w (it holds %s): outputs go into a folder of their own", dir, ErrInputFolder, n)
			}
		}
	}
	b.dirs[dir] = f
	return f, nil
}

func (b *Batch) reserve(f *folder, name string) error {
	p := filepath.Join(f.path, name)
	if _, ok := b.reserved[p]; ok {
		return fmt.Errorf("%s: %w", p, ErrTwice)
	}
	if name == Manifest {
		return fmt.Errorf("%s: the name of sib's own list of outputs", p)
	}
	if f.existed {
		if err := f.replaceable(name, b.isInput); err != nil {
			return err
		}
	}
	t := &target{dir: f, name: name}
	b.reserved[p] = t
	b.order = append(b.order, t)
	return nil
}

// replaceable checks that name, if it exists in f, is a regular file the
// tool wrote and nobody changed since.
func (f *folder) replaceable(name string, isInput func(fs.FileInfo) bool) error {
	p := filepath.Join(f.path, name)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s: %w: a symbolic link; sib does not write through links", p, ErrNotRegular)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s: %w", p, ErrNotRegular)
	case isInput(st):
		return fmt.Errorf("%s: %w", p, ErrInput)
	}
	e, ok := f.entries[name]
	if !ok {
		return fmt.Errorf("%s: %w: remove it or choose another output name", p, ErrNotOurs)
	}
	sum, size, err := hashFile(p)
	if err != nil {
		return err
	}
	if size != e.size || sum != e.sum {
		return fmt.Errorf("%s: %w: remove it or choose another output name", p, ErrChanged)
	}
	return nil
}

// Put stages the whole content of a reserved output.
func (b *Batch) Put(path string, data []byte) error {
	w, err := b.Stream(path)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Stream stages a reserved output to be written piece by piece.
func (b *Batch) Stream(path string) (io.Writer, error) {
	t, ok := b.reserved[filepath.Clean(path)]
	if !ok {
		return nil, fmt.Errorf("safeout: %s was not reserved", path)
	}
	if t.tmp != nil {
		return nil, fmt.Errorf("%s: %w", path, ErrTwice)
	}
	if err := b.mkdir(t.dir.path); err != nil {
		return nil, err
	}
	tmp, err := b.create(t.dir.path, ".sib-tmp-*")
	if err != nil {
		return nil, err
	}
	t.tmp, t.h = tmp, sha256.New()
	return t, nil
}

func (t *target) Write(p []byte) (int, error) {
	n, err := t.tmp.Write(p)
	t.h.Write(p[:n])
	t.size += int64(n)
	return n, err
}

// mkdir makes dir and its missing parents, noting which it made.
func (b *Batch) mkdir(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		b.created = append(b.created, missing[i])
	}
	return nil
}

// Commit moves every staged output into place, updates each folder's
// manifest and removes stale outputs. Every reserved output must have been
// staged.
func (b *Batch) Commit() error {
	for _, t := range b.order {
		if t.tmp == nil {
			return fmt.Errorf("safeout: %s was reserved but not written", filepath.Join(t.dir.path, t.name))
		}
		final := filepath.Join(t.dir.path, t.name)
		if err := t.tmp.Chmod(0o644); err != nil {
			return fmt.Errorf("%s: %w", final, err)
		}
		if err := t.tmp.Sync(); err != nil {
			return fmt.Errorf("%s: %w", final, err)
		}
		t.ready = true // closed, whatever Close says
		if err := t.tmp.Close(); err != nil {
			return fmt.Errorf("%s: %w", final, err)
		}
	}
	// Everything is on disk: only renames are left, which do not fail for
	// want of space.
	for _, t := range b.order {
		final := filepath.Join(t.dir.path, t.name)
		if err := t.dir.replaceable(t.name, b.isInput); err != nil {
			return err // something appeared since Reserve
		}
		if err := os.Rename(t.tmp.Name(), final); err != nil {
			return err
		}
		t.tmp = nil
		t.dir.entries[t.name] = entry{size: t.size, sum: hex.EncodeToString(t.h.Sum(nil)), cmd: b.cmd}
	}
	b.done = true
	var errs []error
	for _, f := range b.sortedDirs() {
		for _, n := range f.stale {
			if _, ok := f.entries[n]; !ok {
				continue
			}
			if err := f.replaceable(n, b.isInput); err != nil {
				continue // changed by hand since: left alone
			}
			if err := os.Remove(filepath.Join(f.path, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			delete(f.entries, n)
		}
		if err := f.writeManifest(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (b *Batch) sortedDirs() []*folder {
	keys := make([]string, 0, len(b.dirs))
	for k, f := range b.dirs {
		if slices.ContainsFunc(b.order, func(t *target) bool { return t.dir == f }) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]*folder, len(keys))
	for i, k := range keys {
		out[i] = b.dirs[k]
	}
	return out
}

// Abort removes every staged file and the folders the batch made, leaving
// the file system as it was. It does nothing after Commit.
func (b *Batch) Abort() {
	if b.done {
		return
	}
	b.done = true
	for _, t := range b.order {
		if t.tmp != nil {
			if !t.ready {
				t.tmp.Close()
			}
			os.Remove(t.tmp.Name())
		}
	}
	for i := len(b.created) - 1; i >= 0; i-- {
		os.Remove(b.created[i]) // only if empty
	}
}

// Paths lists the reserved outputs in the order they were reserved.
func (b *Batch) Paths() []string {
	out := make([]string, len(b.order))
	for i, t := range b.order {
		out[i] = filepath.Join(t.dir.path, t.name)
	}
	return out
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

const manifestHeader = "# Files sib wrote in this folder: SHA-256, size, command, name.\n# sib replaces or removes only these, and only while unchanged.\n"

func (f *folder) readManifest() error {
	p := filepath.Join(f.path, Manifest)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	if st.Size() > 16<<20 {
		return fmt.Errorf("%s: larger than 16 MiB: not sib's", p)
	}
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	defer fh.Close()
	f.manifest = true
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.SplitN(line, "\t", 4)
		if len(parts) != 4 {
			continue // not a line sib wrote: its file stays protected
		}
		size, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil || len(parts[0]) != 64 || strings.ContainsAny(parts[3], "/\\") {
			continue
		}
		f.entries[parts[3]] = entry{sum: parts[0], size: size, cmd: parts[2]}
	}
	return sc.Err()
}

// writeManifest writes the manifest through a temporary file and a rename.
func (f *folder) writeManifest() error {
	names := make([]string, 0, len(f.entries))
	for n := range f.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	var sb strings.Builder
	sb.WriteString(manifestHeader)
	for _, n := range names {
		e := f.entries[n]
		fmt.Fprintf(&sb, "%s\t%d\t%s\t%s\n", e.sum, e.size, e.cmd, n)
	}
	p := filepath.Join(f.path, Manifest)
	if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	tmp, err := os.CreateTemp(f.path, ".sib-tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(sb.String()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	os.Chmod(tmp.Name(), 0o644)
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
