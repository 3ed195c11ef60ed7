package safeout

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
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
	// inputWriters are commands whose outputs are inputs (sib init's
	// scenario): a file of inputNames they wrote marks an input folder
	// for any other command.
	inputWriters []string
	dirs         map[string]*folder // by canonical path
	reserved     map[string]*target // by canonical folder and name
	order        []*target
	created      []string // folders this batch made, outermost first
	warnings     []string
	done         bool

	// create makes a temporary file; tests replace it to inject failures.
	create func(dir string) (file, error)
}

type file interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

type folder struct {
	path    string // as first given, for messages
	real    string // canonical: absolute, links resolved
	entries map[string]entry
	existed bool
	stale   []string
}

type entry struct {
	size int64
	sum  string
	cmd  string
	// was: the contents the file may still have while a commit that
	// replaces it is under way (the manifest is written before the
	// renames, so that a run killed among them leaves every file listed).
	was []version
}

// version is one content a listed file may have.
type version struct {
	size int64
	sum  string
}

type target struct {
	dir   *folder
	name  string
	tmp   file
	h     hash.Hash
	size  int64
	ready bool // synced and closed
}

func (t *target) shown() string { return filepath.Join(t.dir.path, t.name) }

// New starts a batch for command cmd. inputNames are file names that only
// an input folder holds (scenario.csv, ledger.csv…): a folder holding one
// of them that the tool did not write is refused as an output folder.
func New(cmd string, inputNames ...string) *Batch {
	return &Batch{
		cmd: cmd, inputNames: inputNames,
		dirs: map[string]*folder{}, reserved: map[string]*target{},
		create: createTemp,
	}
}

// InputWriters names the commands whose outputs are inputs (a new
// scenario's files, a folder converted from a workbook): a folder holding
// a file of the input names that one of them wrote is an input folder for
// every other command, though sib wrote it.
func (b *Batch) InputWriters(cmds ...string) { b.inputWriters = append(b.inputWriters, cmds...) }

// createTemp makes a new file in dir with a name no other process uses.
// Its mode is 0666 less the umask, as a file the user made would have.
func createTemp(dir string) (file, error) {
	for range 100 {
		var r [8]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(dir, tempPrefix+hex.EncodeToString(r[:])), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("%s: cannot make a temporary file", dir)
}

// tempPrefix starts the name of every file sib stages.
const tempPrefix = ".sib-tmp-"

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
		if !slices.Contains(names, n) && !slices.Contains(f.stale, n) {
			f.stale = append(f.stale, n)
		}
	}
	return nil
}

// File reserves one output file, in a folder that exists.
func (b *Batch) File(path string) error {
	if path == "" || os.IsPathSeparator(path[len(path)-1]) {
		return fmt.Errorf("%s: a folder: give a file name", path)
	}
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

// canonical returns dir as an absolute path with every link resolved, so
// that two spellings of one folder are one folder. Of a folder that does
// not exist yet, the nearest existing parent is resolved.
func canonical(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	var rest []string
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if _, err := os.Lstat(p); err == nil {
			// A link to nothing: writing through it would make its target.
			return "", fmt.Errorf("%s: %w: a symbolic link to nothing", p, ErrNotRegular)
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
	}
}

func (b *Batch) folder(dir string) (*folder, error) {
	real, err := canonical(dir)
	if err != nil {
		return nil, err
	}
	if f, ok := b.dirs[real]; ok {
		return f, nil
	}
	f := &folder{path: filepath.Clean(dir), real: real, entries: map[string]entry{}}
	st, err := os.Stat(real)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		b.dirs[real] = f
		return f, nil
	case err != nil:
		return nil, err
	case !st.IsDir():
		return nil, fmt.Errorf("%s: not a folder", dir)
	case b.isInput(st):
		return nil, fmt.Errorf("%s: %w of this run: outputs go into a folder of their own", dir, ErrInputFolder)
	}
	f.existed = true
	if f.entries, err = readManifest(real); err != nil {
		return nil, err
	}
	for _, n := range b.inputNames {
		if _, err := os.Lstat(filepath.Join(real, n)); err == nil {
			e, ours := f.entries[n]
			if !ours {
				return nil, fmt.Errorf("%s: %w (it holds %s): outputs go into a folder of their own", dir, ErrInputFolder, n)
			}
			if e.cmd != b.cmd && slices.Contains(b.inputWriters, e.cmd) {
				return nil, fmt.Errorf("%s: %w (it holds %s, which sib %s wrote as an input): outputs go into a folder of their own", dir, ErrInputFolder, n, e.cmd)
			}
		}
	}
	b.dirs[real] = f
	return f, nil
}

func (b *Batch) reserve(f *folder, name string) error {
	key := filepath.Join(f.real, name)
	if _, ok := b.reserved[key]; ok {
		return fmt.Errorf("%s: %w", filepath.Join(f.path, name), ErrTwice)
	}
	if name == Manifest || strings.HasPrefix(name, tempPrefix) {
		return fmt.Errorf("%s: a name sib keeps for its own files", filepath.Join(f.path, name))
	}
	if f.existed {
		if err := f.replaceable(name, f.entries, b.isInput); err != nil {
			return err
		}
	}
	t := &target{dir: f, name: name}
	b.reserved[key] = t
	b.order = append(b.order, t)
	return nil
}

// replaceable checks that name, if it exists in f, is a regular file the
// tool wrote (listed in entries) and nobody changed since.
func (f *folder) replaceable(name string, entries map[string]entry, isInput func(fs.FileInfo) bool) error {
	p := filepath.Join(f.real, name)
	shown := filepath.Join(f.path, name)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s: %w: a symbolic link; sib does not write through links", shown, ErrNotRegular)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s: %w", shown, ErrNotRegular)
	case isInput(st):
		return fmt.Errorf("%s: %w", shown, ErrInput)
	}
	e, ok := entries[name]
	if !ok {
		return fmt.Errorf("%s: %w: remove it or choose another output name", shown, ErrNotOurs)
	}
	versions := append([]version{{e.size, e.sum}}, e.was...)
	if !slices.ContainsFunc(versions, func(v version) bool { return v.size == st.Size() }) {
		return fmt.Errorf("%s: %w: remove it or choose another output name", shown, ErrChanged)
	}
	sum, _, err := hashFile(p)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(versions, func(v version) bool { return v.size == st.Size() && v.sum == sum }) {
		return fmt.Errorf("%s: %w: remove it or choose another output name", shown, ErrChanged)
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
	real, err := canonical(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	t, ok := b.reserved[filepath.Join(real, filepath.Base(path))]
	if !ok {
		return nil, fmt.Errorf("safeout: %s was not reserved", path)
	}
	if t.tmp != nil {
		return nil, fmt.Errorf("%s: %w", path, ErrTwice)
	}
	if err := b.mkdir(t.dir.real); err != nil {
		return nil, err
	}
	tmp, err := b.create(t.dir.real)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary file's name says nothing to the user
		}
		return nil, fmt.Errorf("%s: cannot write: %w", path, err)
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

// mkdir makes dir and its missing parents, noting which it made: only
// those are removed by Abort.
func (b *Batch) mkdir(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o777); err != nil {
			return err
		}
		b.created = append(b.created, missing[i])
	}
	return nil
}

// Warnings returns what Commit left alone and the user should know: a
// table of an earlier run that was edited since, so kept.
func (b *Batch) Warnings() []string { return b.warnings }

// Commit moves every staged output into place, updates each folder's
// manifest and removes stale outputs. Every reserved output must have been
// staged. All that can fail for want of space or a changed folder happens
// before the first output replaces anything: staging, syncing, the checks
// and the manifests; then only renames are left.
func (b *Batch) Commit() error {
	for _, t := range b.order {
		if t.tmp == nil {
			return fmt.Errorf("safeout: %s was reserved but not written", t.shown())
		}
		if err := t.tmp.Sync(); err != nil {
			return fmt.Errorf("%s: %w", t.shown(), err)
		}
		t.ready = true // closed, whatever Close says
		if err := t.tmp.Close(); err != nil {
			return fmt.Errorf("%s: %w", t.shown(), err)
		}
	}
	dirs := b.sortedDirs()
	var commits []*dirCommit
	defer func() {
		for _, c := range commits {
			c.release()
		}
	}()
	for _, f := range dirs {
		c, err := b.prepare(f)
		if c != nil {
			commits = append(commits, c)
		}
		if err != nil {
			return err
		}
	}
	// Only renames are left.
	var errs []error
	for _, c := range commits {
		if err := c.apply(); err != nil {
			errs = append(errs, err)
		}
	}
	b.done = true
	for _, c := range commits {
		b.warnings = append(b.warnings, c.warnings...)
	}
	return errors.Join(errs...)
}

// dirCommit is one folder's part of a Commit: under the folder's lock, the
// manifest as read afresh plus this run's changes, staged.
type dirCommit struct {
	f        *folder
	targets  []*target
	entries  map[string]entry // the manifest to write
	remove   []string         // stale outputs to remove
	pending  file             // the staged manifest while the renames run
	manifest file             // the staged manifest
	unlock   func()
	warnings []string
}

func (c *dirCommit) release() {
	if c.pending != nil {
		os.Remove(c.pending.Name())
		c.pending = nil
	}
	if c.manifest != nil {
		os.Remove(c.manifest.Name())
		c.manifest = nil
	}
	if c.unlock != nil {
		c.unlock()
		c.unlock = nil
	}
}

// prepare locks f, reads its manifest again (another run may have written
// since Reserve), checks every name again, and stages the new manifest.
func (b *Batch) prepare(f *folder) (*dirCommit, error) {
	c := &dirCommit{f: f}
	for _, t := range b.order {
		if t.dir == f {
			c.targets = append(c.targets, t)
		}
	}
	unlock, err := lockDir(f.real)
	if err != nil {
		return nil, err
	}
	c.unlock = unlock
	fresh, err := readManifest(f.real)
	if err != nil {
		return c, err
	}
	for _, t := range c.targets {
		if err := f.replaceable(t.name, fresh, b.isInput); err != nil {
			return c, err
		}
	}
	// pending lists each target both as it is (if listed) and as it will
	// be; it is in place while the renames run.
	pending := maps.Clone(fresh)
	c.entries = fresh
	for _, t := range c.targets {
		e := entry{size: t.size, sum: hex.EncodeToString(t.h.Sum(nil)), cmd: b.cmd}
		c.entries[t.name] = e
		if old, ok := pending[t.name]; ok {
			e.was = append([]version{{old.size, old.sum}}, old.was...)
		}
		pending[t.name] = e
	}
	for _, n := range f.stale {
		e, ok := fresh[n]
		if !ok || e.cmd != b.cmd {
			continue
		}
		if err := f.replaceable(n, fresh, b.isInput); err != nil {
			c.warnings = append(c.warnings, fmt.Sprintf("%s is a table of an earlier run that this run did not write; it was changed since, so it was left alone: remove it by hand", filepath.Join(f.path, n)))
			continue
		}
		c.remove = append(c.remove, n)
		delete(c.entries, n)
	}
	if c.pending, err = b.stageManifest(f.real, pending); err != nil {
		return c, err
	}
	if c.manifest, err = b.stageManifest(f.real, c.entries); err != nil {
		return c, err
	}
	return c, nil
}

// apply renames the staged outputs and manifest into place and removes the
// stale outputs. The pending manifest goes first, so that a run killed
// among the renames leaves each file listed as it is, old or new, and a
// rerun may replace it (a cluster's retried shard); the stale outputs go
// while it lists them, then the final manifest. A rename that fails
// leaves the pending manifest, for the same reason.
func (c *dirCommit) apply() error {
	var errs []error
	if err := os.Rename(c.pending.Name(), filepath.Join(c.f.real, Manifest)); err != nil {
		return err // nothing renamed yet
	}
	c.pending = nil
	syncDir(c.f.real)
	for _, t := range c.targets {
		if err := os.Rename(t.tmp.Name(), filepath.Join(c.f.real, t.name)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", t.shown(), err))
			os.Remove(t.tmp.Name())
		}
		t.tmp = nil
	}
	if len(errs) > 0 {
		syncDir(c.f.real)
		return errors.Join(errs...)
	}
	for _, n := range c.remove {
		// Listed until the final manifest: should this fail, the file
		// stays, unlisted, so protected.
		if err := os.Remove(filepath.Join(c.f.real, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := os.Rename(c.manifest.Name(), filepath.Join(c.f.real, Manifest)); err != nil {
		errs = append(errs, err)
	}
	c.manifest = nil
	syncDir(c.f.real)
	return errors.Join(errs...)
}

func (b *Batch) sortedDirs() []*folder {
	var out []*folder
	for _, f := range b.dirs {
		if slices.ContainsFunc(b.order, func(t *target) bool { return t.dir == f }) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(x, y *folder) int { return strings.Compare(x.real, y.real) })
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

// readManifest reads the manifest of dir; a missing one is empty. A file
// of that name that sib did not write is an error: sib would drop its
// lines.
func readManifest(dir string) (map[string]entry, error) {
	entries := map[string]entry{}
	p := filepath.Join(dir, Manifest)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return entries, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	if st.Size() > 16<<20 {
		return nil, fmt.Errorf("%s: %w: larger than 16 MiB", p, ErrNotOurs)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(manifestHeader, "\n")
	if !bytes.HasPrefix(data, []byte(first+"\n")) {
		return nil, fmt.Errorf("%s: %w: not sib's list of its outputs; move it away or choose another folder", p, ErrNotOurs)
	}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.SplitN(line, "\t", 4)
		if len(parts) != 4 {
			continue // not a line sib wrote: its file stays protected
		}
		size, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil || size < 0 || len(parts[0]) != 64 || parts[3] == "" || strings.ContainsAny(parts[3], "/\\") {
			continue
		}
		e := entry{sum: parts[0], size: size, cmd: parts[2]}
		if prev, ok := entries[parts[3]]; ok {
			// A name again, in a manifest a commit under way wrote: the
			// lines before are contents it may still have; the last is
			// the one it will have (and what an older sib, which keeps
			// the last line, reads).
			e.was = append(prev.was, version{prev.size, prev.sum})
		}
		entries[parts[3]] = e
	}
	return entries, nil
}

// Writers returns the command that wrote each file of dir's list of
// outputs, by name (empty when dir has no list). Whether a file is still
// as written is Folder's check.
func Writers(dir string) (map[string]string, error) {
	entries, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(entries))
	for n, e := range entries {
		out[n] = e.cmd
	}
	return out, nil
}

func manifestText(entries map[string]entry) string {
	var sb strings.Builder
	sb.WriteString(manifestHeader)
	for _, n := range slices.Sorted(maps.Keys(entries)) {
		e := entries[n]
		for _, v := range e.was { // before the content it will have, last
			fmt.Fprintf(&sb, "%s\t%d\t%s\t%s\n", v.sum, v.size, e.cmd, n)
		}
		fmt.Fprintf(&sb, "%s\t%d\t%s\t%s\n", e.sum, e.size, e.cmd, n)
	}
	return sb.String()
}

// stageManifest writes entries to a temporary file in dir, synced.
func (b *Batch) stageManifest(dir string, entries map[string]entry) (file, error) {
	p := filepath.Join(dir, Manifest)
	if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	tmp, err := b.create(dir)
	if err != nil {
		return nil, err
	}
	_, err = io.WriteString(tmp, manifestText(entries))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return tmp, nil
}
