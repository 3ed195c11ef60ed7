package main

// The reliability campaign of issue 12, kept as a permanent test.
//
// Every test here treats sib as a black box: it builds the binary once, runs
// it on copies of the bundled examples (never on testdata/ in place), and
// judges it only by the promises of docs/ and issue 12:
//
//   - bad input exits 1 (data) or 2 (usage) with nothing on standard output,
//     no Go panic or goroutine dump, and a message naming file:line[:column]
//     or the parameter or flag;
//   - inputs are never changed, and nothing is left behind;
//   - an output never replaces or deletes a file the tool did not write, is
//     never an input of the same run, never follows a symlink and never
//     writes to a special file other than standard output given as "-";
//   - a failed write leaves the output folder exactly as it was (atomic);
//   - memory is bounded: a 1 GB field or a link to /dev/zero fails fast under
//     200 MB of RSS, and a FIFO given as an input is refused, not waited on;
//   - CSV text cells that begin with = + - @ tab or CR are neutralised with a
//     leading ' (numbers the tool formats are left as they are);
//   - JSON objects have no repeated keys.
//
// Layout: helpers (building and running the binary, copying and hashing
// trees, editing CSV files), then one test per promise, then
// TestHostileZSummary, which prints the counts of every case run.
//
//	go test ./cmd/sib -run TestHostile -v          # everything (about 30 s)
//	go test ./cmd/sib -run TestHostile -short      # without the 1 GB files
//	SIB_HOSTILE_BIN=/tmp/old-sib go test ./cmd/sib -run TestHostile   # judge another binary
//
// Hand-made regression inputs live in testdata/hostile (see its README.md).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
)

// ---------------------------------------------------------------------------
// Configuration

const (
	hostileTimeout  = 10 * time.Second // per run: longer is a hang
	hostileMaxRSS   = 200 << 10        // KiB: the memory promise
	hostileKillRSS  = 768 << 20        // bytes: the watchdog kills a child above this
	hostileWorkers  = 8                // corpus cases run at once (most wait on I/O or hang)
	hostileFastFail = 5 * time.Second  // "fails fast": the memory cases must answer within this
)

// hostileExamples is the bundled example data, relative to this package.
var hostileExamples = filepath.Join("..", "..", "testdata")

// hostileCaseDir holds the hand-made regression inputs.
var hostileCaseDir = filepath.Join("testdata", "hostile")

// ---------------------------------------------------------------------------
// Building and running the binary

var (
	hostileBinOnce sync.Once
	hostileBinPath string
	hostileBinErr  error
)

// hostileBinary builds sib once per test process into a private folder
// (sib-hostile-PID in the temporary folder; folders of dead processes are
// swept) and returns its path. SIB_HOSTILE_BIN=path judges a prebuilt binary
// instead (for instance one built from an older commit).
func hostileBinary(t testing.TB) string {
	t.Helper()
	hostileBinOnce.Do(func() {
		if bin := os.Getenv("SIB_HOSTILE_BIN"); bin != "" { // judge a prebuilt binary (e.g. an older version)
			hostileBinPath, hostileBinErr = filepath.Abs(bin)
			return
		}
		stale, _ := filepath.Glob(filepath.Join(os.TempDir(), "sib-hostile-*"))
		for _, d := range stale {
			pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(d), "sib-hostile-"))
			if err == nil && syscall.Kill(pid, 0) == syscall.ESRCH {
				os.RemoveAll(d)
			}
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("sib-hostile-%d", os.Getpid()))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			hostileBinErr = err
			return
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(build.Default.GOROOT, "bin", "go")
		}
		hostileBinPath = filepath.Join(dir, "sib")
		out, err := exec.Command(goTool, "build", "-o", hostileBinPath, ".").CombinedOutput()
		if err != nil {
			hostileBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if hostileBinErr != nil {
		t.Fatal(hostileBinErr)
	}
	return hostileBinPath
}

// init turns the test binary into a launcher when asked: it lowers the file
// size limit (RLIMIT_FSIZE), so that a write fails as on a full disk, and
// executes sib in its place. Go programs get EFBIG rather than SIGXFSZ.
func init() {
	bin := os.Getenv("SIB_HOSTILE_EXEC")
	if bin == "" {
		return
	}
	n, _ := strconv.ParseUint(os.Getenv("SIB_HOSTILE_FSIZE"), 10, 64)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		fmt.Fprintln(os.Stderr, "hostile launcher: setrlimit:", err)
		os.Exit(3)
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "SIB_HOSTILE_") {
			env = append(env, e)
		}
	}
	err := syscall.Exec(bin, append([]string{bin}, os.Args[1:]...), env)
	fmt.Fprintln(os.Stderr, "hostile launcher: exec:", err)
	os.Exit(3)
}

// hostileRun describes one run of sib.
type hostileRun struct {
	args      []string
	dir       string        // working folder (default: a fresh empty one, checked to stay empty)
	timeout   time.Duration // default hostileTimeout
	fsize     int64         // if > 0, the largest file the run may write (RLIMIT_FSIZE)
	headLines int           // if > 0, stdout is a pipe closed after this many lines (like `| head -N`)
}

// hostileResult is what one run did.
type hostileResult struct {
	code           int // exit status, -1 when ended by a signal
	signal         string
	stdout, stderr string
	maxRSS         int64 // KiB
	elapsed        time.Duration
	hang           bool // killed at the timeout
	memKilled      bool // killed by the watchdog above hostileKillRSS
}

// crashed: a Go panic, a runtime fatal error (goroutine dump) or an
// unexpected signal or status.
func (r hostileResult) crashed() bool {
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		return true
	}
	if r.hang || r.memKilled {
		return false
	}
	return r.signal != "" || r.code > 2 || r.code < 0
}

// firstLine is the start of stderr, for reports.
func (r hostileResult) firstLine() string {
	s := strings.TrimSpace(r.stderr)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 220 {
		s = s[:220] + "..."
	}
	return s
}

func (r hostileResult) String() string {
	status := fmt.Sprintf("exit %d", r.code)
	switch {
	case r.hang:
		status = "hang (killed after " + r.elapsed.Round(time.Second).String() + ")"
	case r.memKilled:
		status = fmt.Sprintf("killed above %d MB RSS", hostileKillRSS>>20)
	case r.signal != "":
		status = "signal " + r.signal
	}
	rss := fmt.Sprintf("max RSS %d MB", r.maxRSS>>10)
	if r.maxRSS == 0 {
		rss = "max RSS not sampled (too short)"
	}
	return fmt.Sprintf("%s, %v, %s, stderr: %q", status, r.elapsed.Round(time.Millisecond), rss, r.firstLine())
}

// hostileExec runs sib and observes it: exit status, output, time, peak
// memory (a watchdog kills it above hostileKillRSS, so that an unbounded
// read cannot take the machine down) and a hang (killed at the timeout).
func hostileExec(t testing.TB, r hostileRun) hostileResult {
	t.Helper()
	bin := hostileBinary(t)
	if r.timeout == 0 {
		r.timeout = hostileTimeout
	}
	if r.dir == "" {
		r.dir = t.TempDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	name := bin
	var env []string
	if r.fsize > 0 {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		name = self
		env = append(os.Environ(), "SIB_HOSTILE_EXEC="+bin, fmt.Sprintf("SIB_HOSTILE_FSIZE=%d", r.fsize))
	}
	cmd := exec.CommandContext(ctx, name, r.args...)
	cmd.Env = env
	cmd.Dir = r.dir
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stderr = &stderr
	var pipe io.ReadCloser
	if r.headLines > 0 {
		var err error
		if pipe, err = cmd.StdoutPipe(); err != nil {
			t.Fatal(err)
		}
	} else {
		cmd.Stdout = &stdout
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sib: %v", err)
	}
	var memKilled atomic.Bool
	var peak atomic.Int64 // KiB
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				rss, hwm := hostileRSS(cmd.Process.Pid)
				if hwm > peak.Load() {
					peak.Store(hwm)
				}
				if rss<<10 > hostileKillRSS {
					memKilled.Store(true)
					cmd.Process.Kill()
					return
				}
			}
		}
	}()
	if pipe != nil {
		br := bufio.NewReader(pipe)
		for i := 0; i < r.headLines; i++ {
			line, err := br.ReadString('\n')
			stdout.WriteString(line)
			if err != nil {
				break
			}
		}
		pipe.Close() // the reader goes away, as head does
	}
	cmd.Wait()
	close(done)
	res := hostileResult{
		stdout:    stdout.String(),
		stderr:    stderr.String(),
		elapsed:   time.Since(start),
		memKilled: memKilled.Load(),
	}
	res.hang = !res.memKilled && ctx.Err() == context.DeadlineExceeded
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		res.code, res.signal = -1, ws.Signal().String()
	} else {
		res.code = cmd.ProcessState.ExitCode()
	}
	// The peak is sampled from /proc (VmHWM) while the run lasts: the
	// rusage of wait4 (ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	// would include this test process's own RSS, which Linux carries into a
	// child through vfork and exec. A run shorter than a sample cannot have
	// grown much.
	res.maxRSS = peak.Load()
	return res
}

// hostileRSS is a process's resident set and its peak (VmRSS and VmHWM of
// /proc/PID/status), in KiB (0 if it is gone).
func hostileRSS(pid int) (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmHWM:":
			hwm, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return rss, hwm
}

// ---------------------------------------------------------------------------
// Trees: copying and hashing

// hostileCopy copies a folder of regular files (an example) to dst.
func hostileCopy(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// hostileEntry is what a snapshot keeps of one path: its kind and
// permissions, and the hash of a file's bytes or a link's target. Special
// files are never opened.
type hostileEntry struct {
	kind string
	perm fs.FileMode
	sum  string
}

// hostileSnapshot records every path under root without following links.
// Files over 64 MiB (the sparse memory cases) are recorded by size and
// modification time rather than read.
func hostileSnapshot(t testing.TB, root string) map[string]hostileEntry {
	t.Helper()
	snap := map[string]hostileEntry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		e := hostileEntry{perm: info.Mode().Perm()}
		switch m := info.Mode(); {
		case m.IsDir():
			e.kind = "folder"
		case m&fs.ModeSymlink != 0:
			e.kind = "symlink"
			e.sum, _ = os.Readlink(p)
		case m.IsRegular():
			e.kind = "file"
			if info.Size() > 64<<20 {
				e.sum = fmt.Sprintf("size %d, modified %d", info.Size(), info.ModTime().UnixNano())
				break
			}
			f, err := os.Open(p)
			if err != nil {
				e.sum = "unreadable"
				break
			}
			h := sha256.New()
			io.Copy(h, f)
			f.Close()
			e.sum = hex.EncodeToString(h.Sum(nil))
		default:
			e.kind = m.Type().String()
		}
		snap[rel] = e
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", root, err)
	}
	return snap
}

// hostileDiff lists the paths whose kind or bytes changed, that went away, and
// that are new.
func hostileDiff(before, after map[string]hostileEntry) (changed, removed, added []string) {
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			removed = append(removed, p)
		case a != b && !(b.kind == "folder" && a.kind == "folder" && a.perm == b.perm):
			changed = append(changed, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			added = append(added, p)
		}
	}
	sort.Strings(changed)
	sort.Strings(removed)
	sort.Strings(added)
	return
}

// ---------------------------------------------------------------------------
// Editing CSV files

// hostileReadCSV reads a CSV file as records (the examples are comma-separated).
func hostileReadCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func hostileWriteCSV(path string, recs [][]string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(recs)
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// hostileColumn is the index of a header column (any letter case).
func hostileColumn(recs [][]string, name string) (int, error) {
	if len(recs) > 0 {
		for i, h := range recs[0] {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("no column %q", name)
}

// hostileRecords makes a mutation out of an edit of the parsed records.
func hostileRecords(edit func(recs [][]string) ([][]string, error)) func(string) error {
	return func(path string) error {
		recs, err := hostileReadCSV(path)
		if err != nil {
			return err
		}
		if recs, err = edit(recs); err != nil {
			return err
		}
		return hostileWriteCSV(path, recs)
	}
}

// hostileSet sets the cell of data row `row` (1 = the line after the header).
func hostileSet(row int, col, value string) func(string) error {
	return hostileRecords(func(recs [][]string) ([][]string, error) {
		c, err := hostileColumn(recs, col)
		if err != nil {
			return nil, err
		}
		if row >= len(recs) || c >= len(recs[row]) {
			return nil, fmt.Errorf("no cell %d/%s", row, col)
		}
		recs[row][c] = value
		return recs, nil
	})
}

// hostileRename replaces every cell of the column equal to old by new (and
// fails if there is none).
func hostileRename(col, old, new string) func(string) error {
	return hostileRecords(func(recs [][]string) ([][]string, error) {
		c, err := hostileColumn(recs, col)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, r := range recs[1:] {
			if c < len(r) && r[c] == old {
				r[c] = new
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("no %q in column %s", old, col)
		}
		return recs, nil
	})
}

// hostileRenameAny is hostileRename where the name may be absent.
func hostileRenameAny(col, old, new string) func(string) error {
	return hostileRecords(func(recs [][]string) ([][]string, error) {
		c, err := hostileColumn(recs, col)
		if err != nil {
			return nil, err
		}
		for _, r := range recs[1:] {
			if c < len(r) && r[c] == old {
				r[c] = new
			}
		}
		return recs, nil
	})
}

// hostileAppend adds a data row given as column=value pairs.
func hostileAppend(cells map[string]string) func(string) error {
	return hostileRecords(func(recs [][]string) ([][]string, error) {
		row := make([]string, len(recs[0]))
		for col, v := range cells {
			c, err := hostileColumn(recs, col)
			if err != nil {
				return nil, err
			}
			row[c] = v
		}
		return append(recs, row), nil
	})
}

// hostileBytes makes a mutation out of an edit of the raw bytes.
func hostileBytes(edit func(b []byte) []byte) func(string) error {
	return func(path string) error {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(path, edit(b), 0o644)
	}
}

// hostileLine2 is the offset of the first data line.
func hostileLine2(b []byte) int { return bytes.IndexByte(b, '\n') + 1 }

// hostileInsert puts s into b at offset i.
func hostileInsert(b []byte, i int, s string) []byte {
	return append(append(append([]byte{}, b[:i]...), s...), b[i:]...)
}

// ---------------------------------------------------------------------------
// Judging a failed run

// hostilePosition matches FOLDER/NAME.csv:LINE[:COLUMN] in a message, as a
// prefix ("ledger.csv:5:4: amount: ...") or in parentheses ("(delivery.csv:2:4)").
var hostilePosition = regexp.MustCompile(`((?:[^\s:/"'(]+/)?[^\s:/"'(]+\.csv):(\d+)(?::(\d+))?[:),;\s]`)

// hostileNamesPosition says whether the message points at blame
// (FOLDER/NAME.csv, or "*" for any file) with a line, or, when fileLevel,
// at least names the file.
func hostileNamesPosition(stderr, blame string, fileLevel bool) bool {
	for _, m := range hostilePosition.FindAllStringSubmatch(stderr, -1) {
		if blame == "*" || m[1] == blame || strings.HasSuffix(m[1], "/"+blame) || (!strings.Contains(blame, "/") && filepath.Base(m[1]) == blame) {
			return true
		}
	}
	if fileLevel {
		if blame == "*" {
			return strings.Contains(stderr, ".csv")
		}
		return strings.Contains(stderr, filepath.Base(blame))
	}
	return false
}

// Outcome classes of a case, for the summary.
const (
	hostileOK         = "ok" // a run that may succeed did (outputs, spreadsheet, JSON)
	hostilePositional = "positional error"
	hostileOther      = "other error"
	hostileAccepted   = "accepted"
	hostileCrash      = "crash"
	hostileHang       = "hang"
	hostileMemory     = "memory"
)

// hostileVerdict is the judgement of one case.
type hostileVerdict struct {
	class      string
	changed    bool // an input changed or went away
	leftBehind bool // a new file appeared
	problems   []string
}

func (v *hostileVerdict) fail(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// hostileExpect is what a failing run must do.
type hostileExpect struct {
	code      int            // wanted exit status
	blame     string         // FOLDER/NAME.csv the message must point at, "*" for any, "" for none asked
	flag      string         // or a flag or parameter the message must name (e.g. "--draws")
	fileLevel bool           // naming the file is enough (encodings, special files)
	msg       *regexp.Regexp // the message must match
	notMsg    *regexp.Regexp // the message must not match
	rss       int64          // KiB limit on the peak memory (0: hostileMaxRSS)
	within    time.Duration  // if set, the run must end within this
}

// hostileJudge checks a run that must fail, and the trees it must not touch
// (before/after snapshots of the inputs and the working folder).
func hostileJudge(res hostileResult, want hostileExpect, before, after map[string]hostileEntry) hostileVerdict {
	var v hostileVerdict
	switch {
	case res.hang:
		v.class = hostileHang
		v.fail("hang: no answer within %v (killed)", res.elapsed.Round(time.Second))
	case res.memKilled:
		v.class = hostileMemory
		v.fail("memory: killed above %d MB of RSS", hostileKillRSS>>20)
	case res.crashed():
		v.class = hostileCrash
		v.fail("crash: %s", res)
	case res.code == 0:
		v.class = hostileAccepted
		v.fail("bad input accepted: exit 0")
	default:
		v.class = hostilePositional
		if res.code != want.code {
			v.class = hostileOther
			v.fail("exit %d, want %d", res.code, want.code)
		}
		switch {
		case want.blame != "" && !hostileNamesPosition(res.stderr, want.blame, want.fileLevel):
			v.class = hostileOther
			where := "file:line"
			if want.fileLevel {
				where = "file"
			}
			if want.blame != "*" {
				where += " of " + want.blame
			}
			v.fail("message names no %s", where)
		case want.flag != "" && !strings.Contains(res.stderr, want.flag):
			v.class = hostileOther
			v.fail("message does not name %s", want.flag)
		}
		if want.msg != nil && !want.msg.MatchString(res.stderr) {
			v.class = hostileOther
			v.fail("message does not match %s", want.msg)
		}
		if want.notMsg != nil && want.notMsg.MatchString(res.stderr) {
			v.class = hostileOther
			v.fail("message matches %s", want.notMsg)
		}
		if res.stdout != "" {
			v.class = hostileOther
			v.fail("standard output not empty (%d bytes)", len(res.stdout))
		}
	}
	limit := want.rss
	if limit == 0 {
		limit = hostileMaxRSS
	}
	if res.maxRSS > limit && !res.memKilled {
		if v.class == hostilePositional {
			v.class = hostileMemory
		}
		v.fail("memory: max RSS %d MB, over %d MB", res.maxRSS>>10, limit>>10)
	}
	if want.within > 0 && res.elapsed > want.within && !res.hang {
		v.fail("slow: %v, over %v", res.elapsed.Round(time.Millisecond), want.within)
	}
	changed, removed, added := hostileDiff(before, after)
	if len(changed)+len(removed) > 0 {
		v.changed = true
		v.fail("input changed: %s", strings.Join(append(changed, removed...), ", "))
	}
	if len(added) > 0 {
		v.leftBehind = true
		v.fail("left behind: %s", strings.Join(added, ", "))
	}
	if len(v.problems) > 0 && v.class != hostileCrash {
		v.problems[len(v.problems)-1] += "; stderr: " + strconv.Quote(res.firstLine())
	}
	return v
}

// ---------------------------------------------------------------------------
// Counting

// hostileTally counts verdicts; every test adds to the global one, which
// TestHostileZSummary prints.
type hostileTally struct {
	mu                                                                         sync.Mutex
	tried, ok, positional, other, accepted, crash, hang, memory, changed, left int
	failed                                                                     []string
}

var hostileTotal hostileTally

func (ty *hostileTally) add(name string, v hostileVerdict) {
	for _, tt := range []*hostileTally{ty, &hostileTotal} {
		if tt == nil {
			continue
		}
		tt.mu.Lock()
		tt.tried++
		switch v.class {
		case hostileOK:
			tt.ok++
		case hostilePositional:
			tt.positional++
		case hostileOther:
			tt.other++
		case hostileAccepted:
			tt.accepted++
		case hostileCrash:
			tt.crash++
		case hostileHang:
			tt.hang++
		case hostileMemory:
			tt.memory++
		}
		if v.changed {
			tt.changed++
		}
		if v.leftBehind {
			tt.left++
		}
		if len(v.problems) > 0 {
			tt.failed = append(tt.failed, name)
		}
		tt.mu.Unlock()
	}
}

func (ty *hostileTally) log(t *testing.T, title string) {
	ty.mu.Lock()
	defer ty.mu.Unlock()
	t.Logf("%s\n%8s %5s %10s %7s %8s %6s %5s %6s %7s %6s %6s\n%8d %5d %10d %7d %8d %6d %5d %6d %7d %6d %6d\n"+
		"(ok: a run that may succeed did; positional: failed as it must, naming file:line or the flag; other: failed without\n"+
		"a position, with the wrong status or with output; accepted: bad input or a forbidden output taken with exit 0;\n"+
		"changed: an input or a file the tool did not write changed; left: a file left behind; FAILED: cases with a problem)",
		title,
		"tried", "ok", "positional", "other", "accepted", "crash", "hang", "memory", "changed", "left", "FAILED",
		ty.tried, ty.ok, ty.positional, ty.other, ty.accepted, ty.crash, ty.hang, ty.memory, ty.changed, ty.left, len(ty.failed))
}

// hostileReport runs a check as a subtest and counts it.
func hostileReport(t *testing.T, tally *hostileTally, name string, v hostileVerdict) {
	t.Helper()
	tally.add(t.Name()+"/"+name, v)
	t.Run(name, func(t *testing.T) {
		for _, p := range v.problems {
			t.Error(p)
		}
	})
}

// ---------------------------------------------------------------------------
// The corpus: one mutation of one file of a copied example per case

// hostileFolder is an input folder of an example and the command that reads it.
type hostileFolder struct {
	example string // estonia, preschool, employment
	folder  string // costing, outcomes, scenario, uncertainty
}

// command is the command line that reads the folder, ws being the copied example.
func (f hostileFolder) command(ws string) []string {
	switch f.folder {
	case "costing":
		return []string{"cost", filepath.Join(ws, "costing")}
	case "outcomes":
		return []string{"outcomes", filepath.Join(ws, "outcomes")}
	case "scenario", "overpriced":
		return []string{"run", filepath.Join(ws, f.folder)}
	default:
		return []string{"simulate", "--draws", "100", filepath.Join(ws, "scenario"), filepath.Join(ws, "uncertainty")}
	}
}

// hostileCell is a number in a file that the corpus corrupts.
type hostileCell struct {
	row      int    // data row, 1 = the line after the header
	col      string // column
	kind     string // what the docs allow there: a key of hostileKindValues
	required bool   // an empty cell is an error
}

// hostileFile is an example input file and what the docs say about it.
type hostileFile struct {
	hostileFolder
	name     string
	keyed    bool // a repeated data row is an error (a repeated key or name)
	needRows bool // a file with a header and no rows is an error
	special  bool // also replace it by a folder, a FIFO, a link to /dev/zero, ...
	required bool // the folder needs it (so a missing file is an error)
	huge     bool // also give it a 16 MiB field
	cells    []hostileCell
}

func (f hostileFile) path() string { return f.folder + "/" + f.name }

var (
	hostileCosting    = hostileFolder{"estonia", "costing"}
	hostileOutcomes   = hostileFolder{"estonia", "outcomes"}
	hostileAggregates = hostileFolder{"employment", "outcomes"}
	// The overpriced variant keeps the columns of a fuller contract (a savings
	// term, participant caps, a floor with a guarantor) for the corpus to corrupt.
	hostileScenario   = hostileFolder{"estonia", "overpriced"}
	hostilePreschool  = hostileFolder{"preschool", "scenario"}
	hostileEmployment = hostileFolder{"employment", "scenario"}
	hostileSpec       = hostileFolder{"estonia", "uncertainty"}
)

// hostileFiles: every input file kind of every folder kind (docs/*.md).
var hostileFiles = []hostileFile{
	{hostileCosting, "ledger.csv", true, true, true, true, true, []hostileCell{{1, "amount", "money-costing", true}, {1, "price_year", "year", true}}},
	{hostileCosting, "activity.csv", true, true, false, true, false, []hostileCell{{1, "units", "count", true}, {1, "target_units", "count", true}, {1, "members", "positive", false}, {1, "year", "year", true}}},
	{hostileCosting, "deflator.csv", false, true, false, true, false, []hostileCell{{2, "index", "positive", true}}},
	{hostileCosting, "pools.csv", true, false, true, false, false, []hostileCell{{1, "amount", "money-costing", true}}},
	{hostileCosting, "drivers.csv", true, false, false, false, false, []hostileCell{{1, "value", "count", true}}},

	{hostileOutcomes, "metrics.csv", true, true, false, true, false, []hostileCell{{4, "baseline", "share", true}}},
	{hostileOutcomes, "participants.csv", true, true, true, true, true, []hostileCell{{1, "custody_days", "count", false}, {1, "reoffend", "binary", false}, {1, "period", "period", true}}},
	{hostileOutcomes, "cohorts.csv", false, true, false, false, false, nil},
	{hostileOutcomes, "adjustments.csv", true, false, true, false, false, []hostileCell{{1, "deadweight", "share", false}, {1, "attribution", "share", false}, {1, "years", "whole", false}}},
	{hostileOutcomes, "decay.csv", false, false, false, false, false, []hostileCell{{2, "factor", "share", true}}},
	{hostileAggregates, "aggregates.csv", true, true, true, true, true, []hostileCell{{1, "n", "positive-whole", true}, {1, "sum", "any", true}, {1, "sd", "count", false}}},
	{hostileAggregates, "metrics.csv", true, true, false, true, false, nil},
	{hostileAggregates, "cohorts.csv", false, true, false, false, false, nil},
	{hostileAggregates, "adjustments.csv", true, false, false, false, false, []hostileCell{{1, "drop_off", "share", false}, {1, "displacement", "share", false}}},

	{hostileScenario, "scenario.csv", true, true, false, true, false, []hostileCell{{4, "value", "periods", true}, {7, "value", "rate", false}, {6, "value", "price-base", true}}},
	{hostileScenario, "cohorts.csv", true, true, false, true, false, []hostileCell{{1, "size", "count", true}, {1, "take_up", "share", false}}},
	{hostileScenario, "metrics.csv", true, true, false, true, false, []hostileCell{{1, "to", "window", true}, {1, "decay", "share", false}, {1, "baseline", "count", false}}},
	{hostileScenario, "avoided.csv", true, false, false, true, false, []hostileCell{{1, "units", "any", true}}},
	{hostileScenario, "payments.csv", true, true, true, true, true, []hostileCell{{1, "price", "price", true}, {1, "threshold", "any", false}, {1, "lag", "lag", false}, {1, "participant_cap", "price", false}, {2, "share", "share", true}}},
	{hostileScenario, "delivery.csv", true, false, false, true, false, []hostileCell{{1, "amount", "money", true}, {1, "from", "window", false}}},
	{hostileScenario, "fees.csv", true, false, false, false, false, []hostileCell{{1, "amount", "money", true}, {2, "amount", "share", true}}},
	{hostileScenario, "capital.csv", true, true, false, true, false, []hostileCell{{1, "commitment", "money", true}, {1, "priority", "priority", true}, {1, "coupon", "coupon", false}}},
	{hostileScenario, "tiers.csv", true, true, true, false, false, []hostileCell{{1, "value", "money", true}, {1, "effect", "any", true}}},
	{hostilePreschool, "services.csv", true, true, true, false, false, []hostileCell{{1, "unit_cost", "money", true}, {1, "cashable", "share", false}, {2, "step_size", "positive", false}}},
	{hostilePreschool, "discount.csv", true, false, false, false, false, []hostileCell{{1, "rate", "rate", true}, {2, "from_year", "whole", true}}},
	{hostileEmployment, "payments.csv", true, true, false, true, false, []hostileCell{{1, "share", "share", true}, {1, "lag", "lag", false}}},

	{hostileSpec, "uncertainty.csv", true, true, true, true, true, []hostileCell{{1, "arg1", "any", true}, {1, "arg2", "positive", true}, {6, "arg1", "positive", true}}},
	{hostileSpec, "correlations.csv", true, false, true, false, false, []hostileCell{{1, "rank_correlation", "corr", true}}},
}

// hostileValue is a bad number and the message it must (not) give.
type hostileValue struct {
	name, value string
	fileLevel   bool
	msg, notMsg *regexp.Regexp
}

// hostileBadNumbers are wrong wherever a number goes.
var hostileBadNumbers = []hostileValue{
	{name: "thousands-comma", value: "1,234"},
	{name: "exponent", value: "1e3"},
	{name: "forty-digits", value: "1234567890123456789012345678901234567890",
		msg:    regexp.MustCompile(`(?i)digit|limit|too (large|long|big|many)|at most|exceed|range|between`),
		notMsg: regexp.MustCompile(`expected a decimal number with a point`)},
	{name: "nan", value: "NaN"},
	{name: "inf", value: "Inf"},
	{name: "minus-inf", value: "-Inf"},
	{name: "text", value: "abc"},
	{name: "hex", value: "0x1A"},
	{name: "two-points", value: "1.2.3"},
}

// hostileSomeBadNumbers are the ones tried in every number of a file.
var hostileSomeBadNumbers = func() []hostileValue {
	var vs []hostileValue
	for _, v := range hostileBadNumbers {
		switch v.name {
		case "exponent", "forty-digits", "nan", "text":
			vs = append(vs, v)
		}
	}
	return vs
}()

var (
	hostileNegative = hostileValue{name: "negative", value: "-5"}
	hostileZero     = hostileValue{name: "zero", value: "0"}
	hostileAboveOne = hostileValue{name: "above-one", value: "1.5"}
	hostileFraction = hostileValue{name: "fraction", value: "1.5"}
)

// hostileKindValues are the values that break a kind of number as the docs
// define it, on top of hostileBadNumbers.
var hostileKindValues = map[string][]hostileValue{
	"money": {hostileNegative, {name: "over-ledger-limit", value: "99999999999999.99"}},
	"money-costing": {hostileNegative, {name: "over-1e15", value: "9999999999999999.99", fileLevel: true},
		{name: "three-decimals", value: "1.005"}},
	"price":          {hostileNegative}, // a price or cap may be large: only what it pays meets the ledger's limit
	"count":          {hostileNegative},
	"positive":       {hostileNegative, hostileZero},
	"positive-whole": {hostileNegative, hostileZero, hostileFraction},
	"share":          {hostileNegative, hostileAboveOne, {name: "percent", value: "50%"}},
	"binary":         {hostileNegative, hostileAboveOne, {name: "two", value: "2"}},
	"rate":           {hostileNegative, hostileAboveOne},
	"corr":           {hostileNegative, hostileAboveOne},
	"coupon":         {{name: "below-minus-0.99", value: "-1"}, {name: "above-10", value: "11"}},
	"whole":          {hostileNegative, hostileFraction},
	"periods":        {hostileNegative, hostileZero, hostileFraction, {name: "over-2400", value: "2401"}},
	"window":         {hostileZero, hostileFraction, {name: "past-horizon", value: "25"}},
	"lag":            {hostileNegative, hostileFraction, {name: "over-1200", value: "1201"}, {name: "horizon", value: "24"}},
	"priority":       {hostileNegative, hostileZero, hostileFraction, {name: "over-1000", value: "1001"}},
	"year":           {hostileFraction, {name: "not-in-deflator", value: "1850"}},
	"price-base":     {{name: "1899", value: "1899"}, {name: "2201", value: "2201"}},
	"period":         {hostileFraction},
	"any":            {},
}

// hostileMutation is one change to one file.
type hostileMutation struct {
	name  string
	apply func(path string) error
	want  hostileExpect
	heavy bool // skipped under -short
}

// hostileGeneric are the mutations any CSV input can suffer. blame "" is
// filled in with the mutated file.
func hostileGeneric(f hostileFile) []hostileMutation {
	ms := []hostileMutation{
		{"empty-file", hostileBytes(func([]byte) []byte { return nil }), hostileExpect{fileLevel: true}, false},
		{"truncated-last-record", hostileBytes(func(b []byte) []byte {
			b = bytes.TrimRight(b, "\r\n")
			start := bytes.LastIndexByte(b, '\n') + 1
			last := b[start:]
			// keep fewer fields than the header
			var cut int
			first := bytes.IndexByte(last, ',')
			switch fields := bytes.Count(last, []byte(",")) + 1; {
			case fields >= 3:
				cut = first + 2 // "name,x" of a longer record
			case fields == 2:
				cut = max(1, first/2) // half of the first field
			default:
				cut = len(last) / 2 // a one-column file: half of the value
			}
			return b[:start+cut]
		}), hostileExpect{blame: "*"}, false},
		{"invalid-utf8", hostileBytes(func(b []byte) []byte { return hostileInsert(b, hostileLine2(b)+1, "\xff\xfe") }), hostileExpect{fileLevel: true}, false},
		{"utf16", hostileBytes(func(b []byte) []byte {
			out := []byte{0xff, 0xfe}
			for _, u := range utf16.Encode([]rune(string(b))) {
				out = append(out, byte(u), byte(u>>8))
			}
			return out
		}), hostileExpect{fileLevel: true}, false},
		{"nul-in-header", hostileBytes(func(b []byte) []byte { return hostileInsert(b, 2, "\x00") }), hostileExpect{fileLevel: true}, false},
		{"stray-quote", hostileBytes(func(b []byte) []byte { return hostileInsert(b, hostileLine2(b)+2, `"`) }), hostileExpect{}, false},
		{"unterminated-quote", hostileBytes(func(b []byte) []byte { return hostileInsert(b, hostileLine2(b), `"`) }), hostileExpect{}, false},
		{"unknown-column", hostileRecords(func(r [][]string) ([][]string, error) { r[0][0] += "x"; return r, nil }), hostileExpect{}, false},
		{"repeated-column", hostileRecords(func(r [][]string) ([][]string, error) {
			for i := range r { // the first (key) column again at the end
				r[i] = append(r[i], r[i][0])
			}
			return r, nil
		}), hostileExpect{}, false},
		{"extra-field", hostileRecords(func(r [][]string) ([][]string, error) { r[1] = append(r[1], "x"); return r, nil }), hostileExpect{}, false},
	}
	if f.name != "cohorts.csv" || f.example != "estonia" { // a one-column file has no other column to keep
		ms = append(ms, hostileMutation{"missing-first-column", hostileRecords(func(r [][]string) ([][]string, error) {
			for i := range r {
				r[i] = r[i][1:]
			}
			return r, nil
		}), hostileExpect{}, false})
	}
	if f.needRows {
		ms = append(ms, hostileMutation{"header-only", hostileRecords(func(r [][]string) ([][]string, error) { return r[:1], nil }), hostileExpect{blame: "*", fileLevel: true}, false})
	}
	if f.keyed {
		ms = append(ms, hostileMutation{"repeated-row", hostileRecords(func(r [][]string) ([][]string, error) {
			dup := append([]string{}, r[1]...)
			return append(r[:2], append([][]string{dup}, r[2:]...)...), nil
		}), hostileExpect{}, false})
	}
	if f.huge {
		ms = append(ms, hostileMutation{"16MiB-field", hostileBytes(func(b []byte) []byte {
			i := hostileLine2(b)
			j := i + bytes.IndexByte(b[i:], ',')
			return append(append(append([]byte{}, b[:i]...), bytes.Repeat([]byte("a"), 16<<20)...), b[j:]...)
		}), hostileExpect{blame: "*", fileLevel: true}, true})
	}
	return ms
}

// hostileSpecialFile replaces an input file by something that is not one.
func hostileSpecialFile(kind string) func(path string) error {
	return func(path string) error {
		switch kind {
		case "unreadable":
			return os.Chmod(path, 0)
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		switch kind {
		case "folder":
			return os.Mkdir(path, 0o755)
		case "fifo":
			return syscall.Mkfifo(path, 0o644)
		case "link-to-dev-zero":
			return os.Symlink("/dev/zero", path)
		case "link-to-dev-urandom":
			return os.Symlink("/dev/urandom", path)
		case "dangling-link":
			return os.Symlink(filepath.Join(filepath.Dir(path), "nowhere", filepath.Base(path)), path)
		case "missing":
			return nil
		}
		return fmt.Errorf("unknown special file %q", kind)
	}
}

func hostileSpecials(f hostileFile) []hostileMutation {
	kinds := []string{"folder", "fifo", "link-to-dev-zero", "dangling-link"}
	if f.name == "ledger.csv" || f.name == "participants.csv" {
		kinds = append(kinds, "link-to-dev-urandom")
	}
	if f.required {
		kinds = append(kinds, "missing")
	}
	if os.Geteuid() != 0 { // root reads anything
		kinds = append(kinds, "unreadable")
	}
	var ms []hostileMutation
	for _, k := range kinds {
		ms = append(ms, hostileMutation{k, hostileSpecialFile(k), hostileExpect{fileLevel: true}, false})
	}
	return ms
}

// hostileEdit is a hand-picked wrong value: an unknown name in a
// cross-reference, a date or period out of range, a rule between columns.
type hostileEdit struct {
	file  hostileFolder
	name  string // file name
	what  string
	apply func(string) error
	blame string // FOLDER/NAME.csv the error must point at ("" the edited file, "*" any)
}

var hostileEdits = []hostileEdit{
	// costing: names are compared exactly
	{hostileCosting, "drivers.csv", "misspelt-driver", hostileSet(1, "driver", "staff_ftx"), "*"},
	{hostileCosting, "drivers.csv", "unknown-service", hostileSet(1, "service", "prosecution_casex"), ""},
	{hostileCosting, "pools.csv", "unknown-driver", hostileSet(2, "driver", "staff_ftex"), ""},
	{hostileCosting, "ledger.csv", "service-without-activity", hostileSet(1, "service", "police_casex"), ""},
	{hostileCosting, "activity.csv", "misspelt-service", hostileSet(1, "service", "police_casx"), "*"},
	{hostileCosting, "ledger.csv", "unknown-behaviour", hostileSet(1, "behaviour", "variabel"), ""},
	{hostileCosting, "ledger.csv", "step-size-on-variable", hostileSet(1, "step_size", "10"), ""},
	{hostileCosting, "pools.csv", "step-pool", hostileSet(1, "behaviour", "step"), ""},
	{hostileCosting, "ledger.csv", "price-year-not-in-deflator", hostileSet(1, "price_year", "2030"), ""},
	{hostileCosting, "activity.csv", "target-above-units", hostileSet(1, "target_units", "99999"), ""},
	{hostileCosting, "activity.csv", "members-disagree", hostileSet(4, "members", "431"), ""},
	// outcomes
	{hostileOutcomes, "participants.csv", "unknown-group", hostileSet(1, "group", "Treatment"), ""},
	{hostileOutcomes, "participants.csv", "unknown-cohort", hostileSet(1, "cohort", "2024x"), "*"},
	{hostileOutcomes, "participants.csv", "period-text", hostileSet(1, "period", "2025a"), ""},
	{hostileOutcomes, "metrics.csv", "misspelt-comparison", hostileSet(1, "comparison", "controlx"), "*"},
	{hostileOutcomes, "metrics.csv", "unknown-kind", hostileSet(1, "kind", "binery"), ""},
	{hostileOutcomes, "metrics.csv", "unknown-method", hostileSet(1, "method", "trnd"), ""},
	{hostileOutcomes, "metrics.csv", "unknown-direction", hostileSet(1, "direction", "down"), ""},
	{hostileOutcomes, "metrics.csv", "post-reversed", hostileSet(1, "post", "2026-2025"), ""},
	{hostileOutcomes, "metrics.csv", "post-open", hostileSet(1, "post", "2025-"), ""},
	{hostileOutcomes, "metrics.csv", "pre-reversed", hostileSet(3, "pre", "2023-2019"), ""},
	{hostileOutcomes, "metrics.csv", "renamed-metric", hostileSet(1, "metric", "reoffendx"), "*"},
	{hostileOutcomes, "metrics.csv", "metric-bad-characters", hostileSet(1, "metric", "re offend"), "*"},
	{hostileOutcomes, "adjustments.csv", "unknown-metric", hostileSet(1, "metric", "reoffendx"), ""},
	{hostileOutcomes, "decay.csv", "unknown-metric", hostileSet(1, "metric", "custody_daysx"), ""},
	{hostileOutcomes, "decay.csv", "year-gap", hostileSet(3, "year", "5"), ""},
	{hostileOutcomes, "adjustments.csv", "drop-off-and-decay", hostileAppend(map[string]string{"metric": "custody_days", "drop_off": "0.1"}), "*"},
	{hostileOutcomes, "cohorts.csv", "misspelt-cohort", hostileSet(1, "cohort", "2024x"), "*"},
	{hostileAggregates, "aggregates.csv", "unknown-metric", hostileSet(1, "metric", "months_in_workx"), ""},
	{hostileAggregates, "aggregates.csv", "unknown-group", hostileSet(2, "group", "controlx"), ""},
	{hostileAggregates, "aggregates.csv", "unknown-cohort", hostileSet(1, "cohort", "pilot9"), "*"},
	// scenario.csv: folder references are errors of scenario.csv
	{hostileScenario, "scenario.csv", "costing-dot", hostileSet(11, "value", "."), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "costing-missing", hostileSet(11, "value", "../nowhere"), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "costing-is-outcomes", hostileSet(11, "value", "../outcomes"), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "costing-is-a-file", hostileSet(11, "value", "../costing/ledger.csv"), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "outcomes-dot", hostileSet(12, "value", "."), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "outcomes-is-costing", hostileSet(12, "value", "../costing"), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "outcomes-missing", hostileSet(12, "value", "../nowhere"), "overpriced/scenario.csv"},
	{hostileScenario, "scenario.csv", "start-mid-month", hostileSet(2, "value", "2026-01-15"), ""},
	{hostileScenario, "scenario.csv", "start-month-13", hostileSet(2, "value", "2026-13-01"), ""},
	{hostileScenario, "scenario.csv", "start-february-30", hostileSet(2, "value", "2026-02-30"), ""},
	{hostileScenario, "scenario.csv", "start-two-digit-year", hostileSet(2, "value", "26-01-01"), ""},
	{hostileScenario, "scenario.csv", "start-year-0", hostileSet(2, "value", "0000-01-01"), "*"},
	{hostileScenario, "scenario.csv", "start-year-99999", hostileSet(2, "value", "99999-01-01"), ""},
	{hostileScenario, "scenario.csv", "start-empty", hostileSet(2, "value", ""), ""},
	{hostileScenario, "scenario.csv", "unknown-period", hostileSet(3, "value", "fortnight"), ""},
	{hostileScenario, "scenario.csv", "unknown-setting", hostileAppend(map[string]string{"setting": "discount_rat", "value": "0.04"}), ""},
	{hostileScenario, "scenario.csv", "recycle-maybe", hostileSet(13, "value", "maybe"), ""},
	{hostileScenario, "cohorts.csv", "entry-before-start", hostileSet(1, "entry", "2025-12-01"), ""},
	{hostileScenario, "cohorts.csv", "entry-after-horizon", hostileSet(4, "entry", "2040-01-01"), ""},
	{hostileScenario, "cohorts.csv", "entry-february-30", hostileSet(1, "entry", "2026-02-30"), ""},
	{hostileScenario, "cohorts.csv", "entry-out-of-order", hostileSet(3, "entry", "2026-04-01"), ""},
	{hostileScenario, "cohorts.csv", "name-with-space", hostileSet(1, "cohort", "c 1"), ""},
	{hostileScenario, "cohorts.csv", "name-with-slash", hostileSet(1, "cohort", "c/1"), ""},
	{hostileScenario, "cohorts.csv", "empty-name", hostileSet(1, "cohort", ""), ""},
	{hostileScenario, "metrics.csv", "unknown-per", hostileSet(1, "per", "daily"), ""},
	{hostileScenario, "metrics.csv", "from-after-to", hostileSet(1, "from", "9"), ""},
	{hostileScenario, "metrics.csv", "cohort-row-unknown-cohort", hostileAppend(map[string]string{"metric": "reconvictions", "cohort": "c9", "effect": "0.1"}), ""},
	{hostileScenario, "avoided.csv", "unknown-metric", hostileSet(1, "metric", "reconvictionx"), ""},
	{hostileScenario, "avoided.csv", "unknown-service", hostileSet(1, "service", "police_casx"), ""},
	{hostileScenario, "payments.csv", "unknown-metric", hostileSet(2, "metric", "custodydays"), ""},
	{hostileScenario, "payments.csv", "unknown-basis", hostileSet(1, "basis", "outcome"), ""},
	{hostileScenario, "payments.csv", "unknown-schedule", hostileSet(3, "schedule", "school_tierz"), ""},
	{hostileScenario, "payments.csv", "price-on-savings-term", hostileSet(2, "price", "10"), ""},
	{hostileScenario, "payments.csv", "unknown-claims", hostileSet(1, "claims", "twice"), ""},
	{hostileScenario, "payments.csv", "unknown-interpolation", hostileSet(3, "interpolation", "cubic"), ""},
	{hostileScenario, "payments.csv", "share-after-without-interest", hostileSet(2, "share_after", "0.3"), ""},
	{hostileScenario, "delivery.csv", "unknown-basis", hostileSet(1, "basis", "per_day"), ""},
	{hostileScenario, "delivery.csv", "empty-party", hostileSet(1, "party", ""), ""},
	{hostileScenario, "delivery.csv", "from-after-to", hostileSet(1, "from", "7"), ""},
	{hostileScenario, "fees.csv", "unknown-basis", hostileSet(1, "basis", "per_participant_day"), ""},
	{hostileScenario, "capital.csv", "repeated-priority", hostileSet(2, "priority", "1"), ""},
	{hostileScenario, "capital.csv", "floor-without-guarantor", hostileSet(1, "guarantor", ""), ""},
	{hostileScenario, "capital.csv", "cap-below-floor", hostileSet(1, "cap", "0.5"), ""},
	{hostileScenario, "tiers.csv", "effects-not-increasing", hostileSet(2, "effect", "0.01"), ""},
	{hostileScenario, "tiers.csv", "renamed-schedule", hostileRename("schedule", "school_tiers", "school_tierz"), "*"},
	{hostilePreschool, "services.csv", "renamed-service", hostileSet(1, "service", "special_education_yr"), "*"},
	{hostilePreschool, "discount.csv", "first-band-not-0", hostileSet(1, "from_year", "1"), ""},
	{hostilePreschool, "scenario.csv", "discount-rate-and-bands", hostileAppend(map[string]string{"setting": "discount_rate", "value": "0.03"}), "*"},
	// uncertainty
	{hostileSpec, "uncertainty.csv", "misspelt-param", hostileSet(1, "param", "outcome.reconvictions.efect"), ""},
	{hostileSpec, "uncertainty.csv", "unknown-cohort-param", hostileSet(6, "param", "cohort.c9.take_up"), ""},
	{hostileSpec, "uncertainty.csv", "unknown-dist", hostileSet(1, "dist", "normall"), ""},
	{hostileSpec, "uncertainty.csv", "low-above-high", hostileSet(16, "low", "0.06"), ""},
	{hostileSpec, "uncertainty.csv", "normal-take-up", hostileSet(6, "dist", "normal"), ""},
	{hostileSpec, "correlations.csv", "misspelt-param", hostileSet(1, "param_a", "outcome.reconvictions.efect"), ""},
	{hostileSpec, "correlations.csv", "fixed-param", hostileSet(1, "param_b", "setting.discount_rate"), ""},
}

// hostileCase is one corpus case.
type hostileCase struct {
	name   string
	file   hostileFile
	apply  func(string) error
	want   hostileExpect
	heavy  bool
	target string // FOLDER/NAME.csv
}

// hostileCorpus generates the cases: generic mutations, bad numbers and
// special files for every file, then the hand-picked edits.
func hostileCorpus() []hostileCase {
	var cs []hostileCase
	add := func(f hostileFile, what string, apply func(string) error, want hostileExpect, heavy bool) {
		if want.blame == "" {
			want.blame = f.path()
		}
		want.code = 1
		cs = append(cs, hostileCase{
			name:   fmt.Sprintf("%s/%s/%s/%s", f.example, f.folder, f.name, what),
			file:   f,
			apply:  apply,
			want:   want,
			heavy:  heavy,
			target: f.path(),
		})
	}
	for _, f := range hostileFiles {
		for _, m := range hostileGeneric(f) {
			add(f, m.name, m.apply, m.want, m.heavy)
		}
		for i, c := range f.cells {
			// every bad number in the file's first number, a few in the others
			values := hostileBadNumbers
			if i > 0 {
				values = hostileSomeBadNumbers
			}
			values = append(append([]hostileValue{}, values...), hostileKindValues[c.kind]...)
			if c.required {
				values = append(values, hostileValue{name: "empty", value: ""})
			}
			for _, v := range values {
				add(f, fmt.Sprintf("%s@%d=%s", c.col, c.row, v.name), hostileSet(c.row, c.col, v.value),
					hostileExpect{fileLevel: v.fileLevel, msg: v.msg, notMsg: v.notMsg}, false)
			}
		}
		if f.special {
			for _, m := range hostileSpecials(f) {
				add(f, m.name, m.apply, m.want, false)
			}
		}
	}
	for _, e := range hostileEdits {
		f := hostileFile{hostileFolder: e.file, name: e.name}
		add(f, e.what, e.apply, hostileExpect{blame: e.blame}, false)
	}
	return cs
}

// hostileRunCase copies the example, applies the mutation, runs the folder's
// command and judges the run.
func hostileRunCase(t *testing.T, root string, c hostileCase) (hostileVerdict, hostileResult) {
	dir, err := os.MkdirTemp(root, "case")
	if err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, c.file.example)
	hostileCopy(t, filepath.Join(hostileExamples, c.file.example), ws)
	if err := c.apply(filepath.Join(ws, c.target)); err != nil {
		return hostileVerdict{class: hostileOther, problems: []string{"the test could not apply the mutation: " + err.Error()}}, hostileResult{}
	}
	cwd := filepath.Join(dir, "cwd")
	os.Mkdir(cwd, 0o755)
	before := hostileSnapshot(t, dir)
	res := hostileExec(t, hostileRun{args: c.file.command(ws), dir: cwd})
	return hostileJudge(res, c.want, before, hostileSnapshot(t, dir)), res
}

// TestHostileCorpus runs every generated bad input: each must fail with exit
// 1, a position, nothing on stdout, untouched inputs and nothing left behind.
func TestHostileCorpus(t *testing.T) {
	hostileBinary(t)
	cases := hostileCorpus()
	if len(cases) < 150 {
		t.Fatalf("only %d cases", len(cases))
	}
	root := t.TempDir()
	verdicts := make([]hostileVerdict, len(cases))
	results := make([]hostileResult, len(cases))
	sem := make(chan struct{}, hostileWorkers)
	var wg sync.WaitGroup
	for i, c := range cases {
		if c.heavy && testing.Short() {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			verdicts[i], results[i] = hostileRunCase(t, root, c)
		}()
	}
	wg.Wait()
	var tally hostileTally
	for i, c := range cases {
		if c.heavy && testing.Short() {
			continue
		}
		hostileReport(t, &tally, c.name, verdicts[i])
	}
	tally.log(t, fmt.Sprintf("corpus: %d generated bad inputs", tally.tried))
}

// ---------------------------------------------------------------------------
// Hand-made regression cases (testdata/hostile)

// hostileRegressions are inputs kept because they caught a defect of issue 12.
var hostileRegressions = []struct {
	dir  string // under testdata/hostile
	args func(in string) []string
	want hostileExpect
}{
	{"misspelt-driver", func(in string) []string { return []string{"cost", in + "/costing"} },
		hostileExpect{code: 1, blame: "*"}},
	{"costing-dot", func(in string) []string { return []string{"run", in + "/scenario"} },
		hostileExpect{code: 1, blame: "scenario/scenario.csv"}},
	{"ledger-limit", func(in string) []string { return []string{"run", in + "/scenario"} },
		hostileExpect{code: 1, blame: "scenario/delivery.csv"}},
	{"forty-digits", func(in string) []string { return []string{"cost", in + "/costing"} },
		hostileExpect{code: 1, blame: "costing/ledger.csv",
			msg:    regexp.MustCompile(`(?i)digit|limit|too (large|long|big|many)|at most|exceed`),
			notMsg: regexp.MustCompile(`expected a decimal number with a point`)}},
}

func TestHostileRegressions(t *testing.T) {
	var tally hostileTally
	for _, rc := range hostileRegressions {
		dir := t.TempDir()
		in := filepath.Join(dir, "in")
		hostileCopy(t, filepath.Join(hostileCaseDir, rc.dir), in)
		cwd := filepath.Join(dir, "cwd")
		os.Mkdir(cwd, 0o755)
		before := hostileSnapshot(t, dir)
		res := hostileExec(t, hostileRun{args: rc.args(in), dir: cwd})
		hostileReport(t, &tally, rc.dir, hostileJudge(res, rc.want, before, hostileSnapshot(t, dir)))
	}
	tally.log(t, "regressions (testdata/hostile)")
}

// ---------------------------------------------------------------------------
// Output safety

// hostileWS is a workspace: copies of the three examples, a folder holding
// every kind of input file (mix), an output folder (out), user files that must
// survive, and the working folder of the runs (cwd).
type hostileWS struct{ root string }

func (w hostileWS) p(rel ...string) string { return filepath.Join(append([]string{w.root}, rel...)...) }

func (w hostileWS) estonia() (scenario, uncertainty string) {
	return w.p("estonia", "scenario"), w.p("estonia", "uncertainty")
}

// hostileMixSources are the folders whose files make up the mix folder.
var hostileMixSources = []string{
	"estonia/costing", "estonia/outcomes", "estonia/scenario", "estonia/uncertainty",
	"preschool/scenario", "employment/outcomes", "employment/scenario",
}

func newHostileWS(t *testing.T) hostileWS {
	t.Helper()
	w := hostileWS{t.TempDir()}
	for _, ex := range []string{"estonia", "preschool", "employment"} {
		hostileCopy(t, filepath.Join(hostileExamples, ex), w.p(ex))
	}
	for _, d := range []string{"mix", "out", "cwd"} {
		os.Mkdir(w.p(d), 0o755)
	}
	for _, src := range hostileMixSources {
		entries, err := os.ReadDir(filepath.Join(hostileExamples, src))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, err := os.Stat(w.p("mix", e.Name())); err == nil {
				continue
			}
			b, _ := os.ReadFile(filepath.Join(hostileExamples, src, e.Name()))
			os.WriteFile(w.p("mix", e.Name()), b, 0o644)
		}
	}
	b, _ := os.ReadFile(filepath.Join(hostileExamples, "estonia", "README.md"))
	os.WriteFile(w.p("mix", "README.md"), b, 0o644)
	os.WriteFile(w.p("mix", "chart.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><!-- the user's own chart --></svg>`), 0o644)
	os.WriteFile(w.p("mix", "chart.png"), []byte("\x89PNG\r\n\x1a\nthe user's own chart"), 0o644)
	os.WriteFile(w.p("mix", "notes.txt"), []byte("the user's notes\n"), 0o644)
	os.WriteFile(w.p("victim.csv"), []byte("a file the tool did not write\n"), 0o644)
	return w
}

// What an output case must do.
const (
	hostileRefuse  = "refuse"  // fail (exit 1 or 2), everything unchanged, nothing new
	hostileClash   = "clash"   // fail with exit 1 (a name clash with a file the tool did not write), everything unchanged
	hostileFree    = "free"    // succeed writing only new files, or fail leaving everything as it was
	hostileSucceed = "succeed" // exit 0 (a re-run into the tool's own outputs); files it did not write unchanged
)

// hostileJudgeOutput checks an output case against the snapshot of the whole
// workspace. own lists the paths (relative to the workspace) that the tool
// wrote earlier and may replace.
func hostileJudgeOutput(res hostileResult, expect string, flag string, before, after map[string]hostileEntry, own map[string]bool) hostileVerdict {
	var v hostileVerdict
	switch {
	case res.hang:
		v.class = hostileHang
		v.fail("hang: no answer within %v (killed)", res.elapsed.Round(time.Second))
	case res.memKilled:
		v.class = hostileMemory
		v.fail("memory: killed above %d MB", hostileKillRSS>>20)
	case res.crashed():
		v.class = hostileCrash
		v.fail("crash: %s", res)
	case res.code == 0:
		v.class = hostileOK
		if expect == hostileRefuse || expect == hostileClash {
			v.class = hostileAccepted
		}
	default:
		v.class = hostilePositional
		if flag != "" && !strings.Contains(res.stderr, flag) {
			v.class = hostileOther
			v.fail("the message does not name %s", flag)
		}
		if res.stdout != "" {
			v.class = hostileOther
			v.fail("failed with %d bytes on standard output", len(res.stdout))
		}
	}
	changed, removed, added := hostileDiff(before, after)
	var foreign []string // changed or removed files the tool did not write
	for _, p := range append(changed, removed...) {
		if !own[p] {
			foreign = append(foreign, p)
		}
	}
	if len(foreign) > 0 {
		v.changed = true
		v.fail("a file the tool did not write was changed or removed: %s", strings.Join(foreign, ", "))
	}
	failed := res.code != 0 || res.hang || res.memKilled || res.signal != ""
	for _, p := range added {
		if strings.HasPrefix(p, "cwd"+string(filepath.Separator)) {
			v.leftBehind = true
			v.fail("left behind in the working folder: %s", p)
		}
	}
	if failed && len(changed)+len(removed)+len(added) > 0 {
		if len(added) > 0 {
			v.leftBehind = true
		}
		v.changed = v.changed || len(changed)+len(removed) > 0
		v.fail("a failed run did not leave the workspace as it was: changed %v, removed %v, new %v", changed, removed, added)
	}
	switch expect {
	case hostileRefuse:
		if res.code == 0 {
			v.fail("not refused: exit 0")
		} else if !failed || res.code > 2 {
			v.fail("exit %d, want 1 or 2", res.code)
		}
	case hostileClash:
		if res.code != 1 {
			v.fail("exit %d, want 1: a name clash with a file the tool did not write is an error", res.code)
		}
	case hostileSucceed:
		if res.code != 0 {
			v.fail("a re-run into the tool's own outputs failed: exit %d", res.code)
		}
	case hostileFree:
		if res.code != 0 && res.code != 1 && res.code != 2 {
			v.fail("exit %d", res.code)
		}
	}
	if len(v.problems) > 0 && v.class != hostileCrash {
		v.problems[len(v.problems)-1] += fmt.Sprintf(" (exit %d; stderr: %q)", res.code, res.firstLine())
	}
	return v
}

// hostileOutCase is one output-safety case on a fresh workspace.
type hostileOutCase struct {
	name   string
	prep   func(t *testing.T, w hostileWS) // optional: set the stage (earlier runs, links, ...)
	args   func(w hostileWS) []string
	expect string
	flag   string // the flag a refusal should name
	fsize  int64
	own    func(w hostileWS) map[string]bool // outputs of earlier runs that may be replaced
	after  func(t *testing.T, w hostileWS) []string
}

// hostileMustRun runs sib for the stage of a case and fails the test if it fails.
func hostileMustRun(t *testing.T, w hostileWS, args ...string) {
	t.Helper()
	res := hostileExec(t, hostileRun{args: args, dir: w.p("cwd")})
	if res.code != 0 {
		t.Fatalf("setting the stage: sib %s: %s", strings.Join(args, " "), res)
	}
}

// hostileOwnOutputs lists the files under a folder as the tool's own (they
// were written by a run in prep).
func hostileOwnOutputs(w hostileWS, dir string) map[string]bool {
	own := map[string]bool{}
	filepath.WalkDir(w.p(dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(w.root, p)
			own[rel] = true
		}
		return nil
	})
	return own
}

// hostileStillRuns checks that an input folder is still usable afterwards.
func hostileStillRuns(args ...string) func(t *testing.T, w hostileWS) []string {
	return func(t *testing.T, w hostileWS) []string {
		full := make([]string, len(args))
		for i, a := range args {
			full[i] = a
			if strings.Contains(a, "/") {
				full[i] = w.p(a)
			}
		}
		if res := hostileExec(t, hostileRun{args: full, dir: w.p("cwd")}); res.code != 0 {
			return []string{fmt.Sprintf("afterwards `sib %s` fails: %s", strings.Join(args, " "), res.firstLine())}
		}
		return nil
	}
}

func hostileOutputCases() []hostileOutCase {
	sim := func(w hostileWS, extra ...string) []string {
		s, u := w.estonia()
		return append(append([]string{"simulate", "--draws", "200"}, extra...), s, u)
	}
	plot := func(cmd string, w hostileWS, target string) []string {
		s, u := w.estonia()
		switch cmd {
		case "tornado":
			return []string{"tornado", "--plot", target, s, u}
		case "grid":
			return []string{"grid", "--x", "outcome.reconvictions.effect", "--y", "term.custody.share", "--steps", "3", "--plot", target, s, u}
		default:
			return []string{"sobol", "--n", "64", "--boot", "10", "--plot", target, s, u}
		}
	}
	cs := []hostileOutCase{
		// issue 12, defect 1: cost --out into a scenario folder
		{name: "cost-out-into-scenario", args: func(w hostileWS) []string {
			return []string{"cost", "--out", w.p("estonia", "scenario"), w.p("estonia", "costing")}
		}, expect: hostileFree, flag: "--out"},
		{name: "cost-out-into-scenario-with-avoid", args: func(w hostileWS) []string {
			return []string{"cost", "--avoid", "custody_day=10%", "--out", w.p("estonia", "scenario"), w.p("estonia", "costing")}
		}, expect: hostileClash, flag: "--out", after: hostileStillRuns("run", "estonia/scenario")},
		// defect 2: run --out into other input folders
		{name: "run-out-into-other-scenario", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("preschool", "scenario"), w.p("estonia", "scenario")}
		}, expect: hostileClash, flag: "--out", after: hostileStillRuns("run", "preschool/scenario")},
		{name: "run-out-into-its-costing", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("estonia", "costing"), w.p("estonia", "scenario")}
		}, expect: hostileRefuse, flag: "--out", after: hostileStillRuns("run", "estonia/scenario")},
		{name: "run-out-into-its-outcomes", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("estonia", "outcomes"), w.p("estonia", "scenario")}
		}, expect: hostileRefuse, flag: "--out", after: hostileStillRuns("run", "estonia/scenario")},
		{name: "run-out-into-its-own-scenario", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("estonia", "scenario"), w.p("estonia", "scenario")}
		}, expect: hostileRefuse, flag: "--out"},
		{name: "run-out-into-another-outcomes", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("employment", "outcomes"), w.p("estonia", "scenario")}
		}, expect: hostileFree, flag: "--out"},
		{name: "run-out-into-uncertainty", args: func(w hostileWS) []string {
			return []string{"run", "--out", w.p("estonia", "uncertainty"), w.p("estonia", "scenario")}
		}, expect: hostileFree, flag: "--out"},
		{name: "outcomes-out-into-costing", args: func(w hostileWS) []string {
			return []string{"outcomes", "--out", w.p("estonia", "costing"), w.p("estonia", "outcomes")}
		}, expect: hostileFree, flag: "--out"},
		{name: "outcomes-out-into-itself", args: func(w hostileWS) []string {
			return []string{"outcomes", "--out", w.p("estonia", "outcomes"), w.p("estonia", "outcomes")}
		}, expect: hostileRefuse, flag: "--out"},
		// defect 3: --draws-out
		{name: "draws-out-onto-input", args: func(w hostileWS) []string {
			return sim(w, "--draws-out", w.p("estonia", "scenario", "payments.csv"))
		}, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-spec", args: func(w hostileWS) []string {
			return sim(w, "--draws-out", w.p("estonia", "uncertainty", "uncertainty.csv"))
		}, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-symlink-to-file", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("victim.csv"), w.p("out", "draws.csv"))
		}, args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("out", "draws.csv")) }, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-dangling-symlink", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("created.csv"), w.p("out", "draws.csv"))
		}, args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("out", "draws.csv")) }, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-fifo", prep: func(t *testing.T, w hostileWS) {
			syscall.Mkfifo(w.p("out", "draws.csv"), 0o644)
		}, args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("out", "draws.csv")) }, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-stdout-link", prep: func(t *testing.T, w hostileWS) {
			// like /dev/stdout, but a link of our own, which a faulty run may delete
			os.Symlink("/proc/self/fd/1", w.p("out", "stdout"))
		}, args: func(w hostileWS) []string {
			s, u := w.estonia()
			return []string{"simulate", "--draws", "200000", "--draws-out", w.p("out", "stdout"), s, u}
		}, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-onto-folder", args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("out")) }, expect: hostileRefuse, flag: "--draws-out"},
		{name: "draws-out-new-file", args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("out", "draws.csv")) }, expect: hostileFree},
		// defect 4: symlinks in an --out folder
		{name: "run-out-symlink-to-user-file", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("victim.csv"), w.p("out", "summary.csv"))
		}, args: func(w hostileWS) []string { return []string{"run", "--out", w.p("out"), w.p("estonia", "scenario")} }, expect: hostileRefuse, flag: "--out"},
		{name: "run-out-dangling-symlink", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("created.csv"), w.p("out", "cash.csv"))
		}, args: func(w hostileWS) []string { return []string{"run", "--out", w.p("out"), w.p("estonia", "scenario")} }, expect: hostileRefuse, flag: "--out"},
		{name: "run-out-symlink-among-own-tables", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, "run", "--out", w.p("out"), w.p("estonia", "scenario"))
			os.Remove(w.p("out", "state.csv"))
			os.Symlink(w.p("victim.csv"), w.p("out", "state.csv"))
		}, args: func(w hostileWS) []string {
			return []string{"run", "--set", "outcome.reconvictions.effect=0.05", "--out", w.p("out"), w.p("estonia", "scenario")}
		}, expect: hostileRefuse, flag: "--out"},
		{name: "cost-out-symlink-to-user-file", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("victim.csv"), w.p("out", "units.csv"))
		}, args: func(w hostileWS) []string { return []string{"cost", "--out", w.p("out"), w.p("estonia", "costing")} }, expect: hostileRefuse, flag: "--out"},
		{name: "outcomes-out-symlink-to-user-file", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("victim.csv"), w.p("out", "effects.csv"))
		}, args: func(w hostileWS) []string {
			return []string{"outcomes", "--out", w.p("out"), w.p("estonia", "outcomes")}
		}, expect: hostileRefuse, flag: "--out"},
		{name: "plot-onto-symlink", prep: func(t *testing.T, w hostileWS) {
			os.Symlink(w.p("victim.csv"), w.p("out", "tornado.svg"))
		}, args: func(w hostileWS) []string { return plot("tornado", w, w.p("out", "tornado.svg")) }, expect: hostileRefuse, flag: "--plot"},
		// re-runs into the tool's own outputs must succeed
		{name: "rerun-run-out", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, "run", "--out", w.p("out"), w.p("estonia", "scenario"))
			os.WriteFile(w.p("out", "notes.txt"), []byte("the user's notes\n"), 0o644)
		}, args: func(w hostileWS) []string {
			return []string{"run", "--set", "outcome.reconvictions.effect=0.05", "--out", w.p("out"), w.p("estonia", "scenario")}
		}, expect: hostileSucceed, own: func(w hostileWS) map[string]bool {
			own := hostileOwnOutputs(w, "out")
			delete(own, filepath.Join("out", "notes.txt"))
			return own
		}},
		{name: "rerun-cost-out", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, "cost", "--out", w.p("out"), w.p("estonia", "costing"))
		}, args: func(w hostileWS) []string {
			return []string{"cost", "--avoid", "custody_day=10%", "--out", w.p("out"), w.p("estonia", "costing")}
		}, expect: hostileSucceed, own: func(w hostileWS) map[string]bool { return hostileOwnOutputs(w, "out") }},
		{name: "rerun-outcomes-out", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, "outcomes", "--out", w.p("out"), w.p("estonia", "outcomes"))
		}, args: func(w hostileWS) []string {
			return []string{"outcomes", "--confidence", "0.9", "--out", w.p("out"), w.p("estonia", "outcomes")}
		}, expect: hostileSucceed, own: func(w hostileWS) map[string]bool { return hostileOwnOutputs(w, "out") }},
		{name: "rerun-draws-out", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, sim(w, "--draws-out", w.p("out", "draws.csv"))...)
		}, args: func(w hostileWS) []string { return sim(w, "--seed", "2", "--draws-out", w.p("out", "draws.csv")) },
			expect: hostileSucceed, own: func(w hostileWS) map[string]bool { return hostileOwnOutputs(w, "out") }},
		{name: "rerun-plot", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, plot("tornado", w, w.p("out", "tornado.svg"))...)
		}, args: func(w hostileWS) []string { return plot("tornado", w, w.p("out", "tornado.svg")) },
			expect: hostileSucceed, own: func(w hostileWS) map[string]bool { return hostileOwnOutputs(w, "out") }},
		{name: "rerun-hist-cdf", prep: func(t *testing.T, w hostileWS) {
			hostileMustRun(t, w, sim(w, "--hist", w.p("out", "h.png"), "--cdf", w.p("out", "c.svg"))...)
		}, args: func(w hostileWS) []string {
			return sim(w, "--seed", "3", "--hist", w.p("out", "h.png"), "--cdf", w.p("out", "c.svg"))
		},
			expect: hostileSucceed, own: func(w hostileWS) map[string]bool { return hostileOwnOutputs(w, "out") }},
	}

	// Every output flag pointed at the folder holding every kind of input file.
	cs = append(cs,
		hostileOutCase{name: "mix/cost-out", args: func(w hostileWS) []string { return []string{"cost", "--out", w.p("mix"), w.p("estonia", "costing")} }, expect: hostileFree, flag: "--out"},
		hostileOutCase{name: "mix/cost-out-avoid", args: func(w hostileWS) []string {
			return []string{"cost", "--avoid", "custody_day=10%", "--out", w.p("mix"), w.p("estonia", "costing")}
		}, expect: hostileClash, flag: "--out"},
		hostileOutCase{name: "mix/outcomes-out", args: func(w hostileWS) []string {
			return []string{"outcomes", "--out", w.p("mix"), w.p("estonia", "outcomes")}
		}, expect: hostileFree, flag: "--out"},
		hostileOutCase{name: "mix/run-out", args: func(w hostileWS) []string { return []string{"run", "--out", w.p("mix"), w.p("estonia", "scenario")} }, expect: hostileClash, flag: "--out"},
		hostileOutCase{name: "mix/draws-out-folder", args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("mix")) }, expect: hostileRefuse, flag: "--draws-out"},
		hostileOutCase{name: "mix/draws-out-new", args: func(w hostileWS) []string { return sim(w, "--draws-out", w.p("mix", "new-draws.csv")) }, expect: hostileFree},
		hostileOutCase{name: "mix/hist-folder", args: func(w hostileWS) []string { return sim(w, "--hist", w.p("mix")) }, expect: hostileRefuse, flag: "--hist"},
		hostileOutCase{name: "mix/hist-user-png", args: func(w hostileWS) []string { return sim(w, "--hist", w.p("mix", "chart.png")) }, expect: hostileRefuse, flag: "--hist"},
		hostileOutCase{name: "mix/cdf-user-svg", args: func(w hostileWS) []string { return sim(w, "--cdf", w.p("mix", "chart.svg")) }, expect: hostileRefuse, flag: "--cdf"},
		hostileOutCase{name: "mix/hist-cdf-new", args: func(w hostileWS) []string {
			return sim(w, "--hist", w.p("mix", "new-hist.png"), "--cdf", w.p("mix", "new-cdf.svg"))
		}, expect: hostileFree},
	)
	mixNames := []string{"README.md", "chart.png", "chart.svg", "notes.txt"}
	for _, src := range hostileMixSources {
		entries, _ := os.ReadDir(filepath.Join(hostileExamples, src))
		for _, e := range entries {
			if !e.IsDir() && !hostileContains(mixNames, e.Name()) {
				mixNames = append(mixNames, e.Name())
			}
		}
	}
	for _, name := range mixNames {
		cs = append(cs, hostileOutCase{name: "mix/draws-out-onto/" + name, args: func(w hostileWS) []string {
			return sim(w, "--draws-out", w.p("mix", name))
		}, expect: hostileRefuse, flag: "--draws-out"})
	}
	for _, cmd := range []string{"tornado", "grid", "sobol"} {
		cs = append(cs,
			hostileOutCase{name: "mix/" + cmd + "-plot-folder", args: func(w hostileWS) []string { return plot(cmd, w, w.p("mix")) }, expect: hostileRefuse, flag: "--plot"},
			hostileOutCase{name: "mix/" + cmd + "-plot-user-svg", args: func(w hostileWS) []string { return plot(cmd, w, w.p("mix", "chart.svg")) }, expect: hostileRefuse, flag: "--plot"},
			hostileOutCase{name: "mix/" + cmd + "-plot-user-png", args: func(w hostileWS) []string { return plot(cmd, w, w.p("mix", "chart.png")) }, expect: hostileRefuse, flag: "--plot"},
			hostileOutCase{name: "mix/" + cmd + "-plot-onto-input", args: func(w hostileWS) []string { return plot(cmd, w, w.p("mix", "payments.csv")) }, expect: hostileRefuse, flag: "--plot"},
			hostileOutCase{name: "mix/" + cmd + "-plot-new", args: func(w hostileWS) []string { return plot(cmd, w, w.p("mix", "new-"+cmd+".svg")) }, expect: hostileFree},
		)
	}
	return cs
}

func hostileContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestHostileOutputSafety: an output never replaces or deletes a file the
// tool did not write, is never an input of the same run, and never follows a
// link; a re-run into the tool's own outputs succeeds.
func TestHostileOutputSafety(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	for _, c := range hostileOutputCases() {
		w := newHostileWS(t)
		if c.prep != nil {
			c.prep(t, w)
		}
		before := hostileSnapshot(t, w.root)
		res := hostileExec(t, hostileRun{args: c.args(w), dir: w.p("cwd"), fsize: c.fsize})
		var own map[string]bool
		if c.own != nil {
			own = c.own(w)
		}
		v := hostileJudgeOutput(res, c.expect, c.flag, before, hostileSnapshot(t, w.root), own)
		t.Logf("%-45s %s", c.name, res)
		if c.after != nil {
			for _, p := range c.after(t, w) {
				v.fail("%s", p)
			}
		}
		hostileReport(t, &tally, c.name, v)
	}
	hostileSpecialTargets(t, &tally)
	tally.log(t, "output safety")
}

// hostileSpecialTargets: --draws-out onto a character device (refused, the
// device kept) and --draws-out - into a reader that goes away (ends).
func hostileSpecialTargets(t *testing.T, tally *hostileTally) {
	// A device node. As root a faulty run could delete /dev/null itself, so
	// root uses a private node with /dev/null's numbers.
	w := newHostileWS(t)
	device := "/dev/null"
	if os.Geteuid() == 0 {
		device = w.p("out", "null")
		if err := syscall.Mknod(device, syscall.S_IFCHR|0o666, int(1<<8|3)); err != nil {
			t.Logf("draws-out-onto-device: skipped: cannot make a private device node as root: %v", err)
			device = ""
		}
	}
	if device != "" {
		before := hostileSnapshot(t, w.root)
		s, u := w.estonia()
		res := hostileExec(t, hostileRun{args: []string{"simulate", "--draws", "200", "--draws-out", device, s, u}, dir: w.p("cwd")})
		v := hostileJudgeOutput(res, hostileRefuse, "--draws-out", before, hostileSnapshot(t, w.root), nil)
		t.Logf("%-45s %s", "draws-out-onto-device", res)
		if info, err := os.Lstat(device); err != nil || info.Mode()&fs.ModeCharDevice == 0 {
			v.fail("the device %s is gone or replaced", device)
		}
		hostileReport(t, tally, "draws-out-onto-device", v)
	}

	// --draws-out - | head -1: the run must end when its reader goes.
	w = newHostileWS(t)
	before := hostileSnapshot(t, w.root)
	s, u := w.estonia()
	res := hostileExec(t, hostileRun{args: []string{"simulate", "--draws", "1000000", "--draws-out", "-", s, u}, dir: w.p("cwd"), headLines: 1})
	t.Logf("%-45s %s", "draws-out-stdout-closed-early", res)
	var v hostileVerdict
	v.class = hostileOK
	switch {
	case res.hang:
		v.class = hostileHang
		v.fail("--draws-out - | head -1 did not end within %v", hostileTimeout)
	case strings.Contains(res.stderr, "goroutine ") || strings.Contains(res.stderr, "panic:"):
		v.class = hostileCrash
		v.fail("crash: %s", res)
	case res.signal != "" && res.signal != syscall.SIGPIPE.String():
		v.class = hostileCrash
		v.fail("ended by %s", res.signal)
	}
	if changed, removed, added := hostileDiff(before, hostileSnapshot(t, w.root)); len(changed)+len(removed)+len(added) > 0 {
		v.fail("the workspace changed: %v %v %v", changed, removed, added)
	}
	hostileReport(t, tally, "draws-out-stdout-closed-early", v)
}

// ---------------------------------------------------------------------------
// Atomicity

// TestHostileAtomicity: an output that cannot be completed leaves the output
// folder exactly as it was (no table of the new run, no cut-off file, no
// temporary file).
func TestHostileAtomicity(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	earlier := func(args ...string) func(t *testing.T, w hostileWS) {
		return func(t *testing.T, w hostileWS) {
			full := make([]string, len(args))
			for i, a := range args {
				full[i] = strings.ReplaceAll(a, "WS", w.root)
			}
			hostileMustRun(t, w, full...)
		}
	}
	table := func(name string) func(t *testing.T, w hostileWS) {
		return func(t *testing.T, w hostileWS) {
			os.Remove(w.p("out", name))
			os.MkdirAll(w.p("out", name), 0o755)
		}
	}
	both := func(fs ...func(t *testing.T, w hostileWS)) func(t *testing.T, w hostileWS) {
		return func(t *testing.T, w hostileWS) {
			for _, f := range fs {
				f(t, w)
			}
		}
	}
	run := func(w hostileWS) []string {
		return []string{"run", "--set", "outcome.reconvictions.effect=0.05", "--out", w.p("out"), w.p("estonia", "scenario")}
	}
	cases := []hostileOutCase{
		{name: "run-out-table-is-a-folder", prep: table("tranches.csv"), args: run, expect: hostileRefuse},
		{name: "run-out-rerun-table-is-a-folder",
			prep: both(earlier("run", "--out", "WS/out", "WS/estonia/scenario"), table("tranche_flows.csv")),
			args: run, expect: hostileRefuse},
		{name: "run-out-full-disk", args: run, fsize: 2048, expect: hostileRefuse},
		{name: "run-out-rerun-full-disk", prep: earlier("run", "--out", "WS/out", "WS/estonia/scenario"),
			args: run, fsize: 2048, expect: hostileRefuse},
		{name: "cost-out-table-is-a-folder", prep: table("members.csv"), args: func(w hostileWS) []string {
			return []string{"cost", "--out", w.p("out"), w.p("estonia", "costing")}
		}, expect: hostileRefuse},
		{name: "cost-out-rerun-full-disk", prep: earlier("cost", "--out", "WS/out", "WS/estonia/costing"), args: func(w hostileWS) []string {
			return []string{"cost", "--avoid", "custody_day=10%", "--out", w.p("out"), w.p("estonia", "costing")}
		}, fsize: 1024, expect: hostileRefuse},
		{name: "outcomes-out-rerun-full-disk", prep: earlier("outcomes", "--out", "WS/out", "WS/estonia/outcomes"), args: func(w hostileWS) []string {
			return []string{"outcomes", "--confidence", "0.9", "--out", w.p("out"), w.p("estonia", "outcomes")}
		}, fsize: 1024, expect: hostileRefuse},
		{name: "draws-out-full-disk", args: func(w hostileWS) []string {
			s, u := w.estonia()
			return []string{"simulate", "--draws", "5000", "--draws-out", w.p("out", "draws.csv"), s, u}
		}, fsize: 4096, expect: hostileRefuse},
		{name: "draws-out-rerun-full-disk", prep: earlier("simulate", "--draws", "10", "--draws-out", "WS/out/draws.csv", "WS/estonia/scenario", "WS/estonia/uncertainty"),
			args: func(w hostileWS) []string {
				s, u := w.estonia()
				return []string{"simulate", "--draws", "5000", "--draws-out", w.p("out", "draws.csv"), s, u}
			}, fsize: 4096, expect: hostileRefuse},
		{name: "draws-out-bad-input-leaves-no-file", prep: func(t *testing.T, w hostileWS) {
			hostileSet(1, "arg2", "-1")(w.p("estonia", "uncertainty", "uncertainty.csv"))
		}, args: func(w hostileWS) []string {
			s, u := w.estonia()
			return []string{"simulate", "--draws", "100", "--draws-out", w.p("out", "draws.csv"), s, u}
		}, expect: hostileRefuse},
	}
	if os.Geteuid() != 0 {
		cases = append(cases, hostileOutCase{name: "run-out-read-only-folder",
			prep: both(earlier("run", "--out", "WS/out", "WS/estonia/scenario"), func(t *testing.T, w hostileWS) {
				os.Chmod(w.p("out"), 0o555)
				t.Cleanup(func() { os.Chmod(w.p("out"), 0o755) })
			}), args: run, expect: hostileRefuse})
	} else {
		t.Log("run-out-read-only-folder: skipped as root (permissions do not stop root)")
	}
	for _, c := range cases {
		w := newHostileWS(t)
		if c.prep != nil {
			c.prep(t, w)
		}
		before := hostileSnapshot(t, w.root)
		res := hostileExec(t, hostileRun{args: c.args(w), dir: w.p("cwd"), fsize: c.fsize})
		t.Logf("%-40s %s", c.name, res)
		hostileReport(t, &tally, c.name, hostileJudgeOutput(res, c.expect, "", before, hostileSnapshot(t, w.root), nil))
	}
	tally.log(t, "atomicity")
}

// ---------------------------------------------------------------------------
// Memory and special inputs

// TestHostileMemory: a 1 GB field, a very long line, a long name, a link to
// /dev/zero and a model too big for memory fail fast (exit 1, a position)
// under 200 MB of RSS; a FIFO as an input is refused at once.
func TestHostileMemory(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	type memCase struct {
		name   string
		folder hostileFolder
		file   string
		heavy  bool
		make   func(path string) error
		want   hostileExpect
	}
	sparse := func(header string) func(string) error {
		return func(path string) error {
			if err := os.WriteFile(path, []byte(header), 0o644); err != nil {
				return err
			}
			return os.Truncate(path, 1<<30)
		}
	}
	longLine := func(header, prefix string, size int) func(string) error {
		return func(path string) error {
			f, err := os.Create(path)
			if err != nil {
				return err
			}
			defer f.Close()
			bw := bufio.NewWriterSize(f, 1<<20)
			bw.WriteString(header + "\n" + prefix)
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for n := 0; n < size; n += len(chunk) {
				bw.Write(chunk)
			}
			bw.WriteString("\n")
			return bw.Flush()
		}
	}
	manyCohorts := func(path string) error {
		var b bytes.Buffer
		b.WriteString("cohort,entry,size,take_up\n")
		for i := 0; i < 1000000; i++ {
			fmt.Fprintf(&b, "k%d,2026-01-01,1,\n", i)
		}
		return os.WriteFile(path, b.Bytes(), 0o644)
	}
	fast := hostileExpect{code: 1, within: hostileFastFail}
	with := func(e hostileExpect, blame string, fileLevel bool) hostileExpect {
		e.blame, e.fileLevel = blame, fileLevel
		return e
	}
	cases := []memCase{
		{"1GiB-single-field-ledger", hostileCosting, "ledger.csv", true, sparse("service"), with(fast, "costing/ledger.csv", true)},
		{"1GiB-single-field-participants", hostileOutcomes, "participants.csv", true, sparse("id"), with(fast, "outcomes/participants.csv", true)},
		{"1GiB-single-field-uncertainty", hostileSpec, "uncertainty.csv", true, sparse("param"), with(fast, "uncertainty/uncertainty.csv", true)},
		{"300MB-line-ledger", hostileCosting, "ledger.csv", true,
			longLine("service,agency,item,amount,price_year,behaviour,step_size,note", "police_case,police,investigators,1.00,2022,variable,,", 300<<20),
			with(fast, "costing/ledger.csv", false)},
		{"300MB-line-participants", hostileOutcomes, "participants.csv", true,
			longLine("id,group,cohort,period,reoffend,reconvictions,custody_days,school_dropout", "", 300<<20),
			with(fast, "outcomes/participants.csv", false)},
		{"100MB-name-activity", hostileCosting, "activity.csv", true,
			longLine("units,target_units,members,year,service", "10,5,4,2022,", 100<<20),
			with(fast, "costing/activity.csv", false)},
		{"100MB-name-cohorts", hostileScenario, "cohorts.csv", true,
			longLine("entry,size,take_up,cohort", "2026-01-01,10,,", 100<<20),
			with(fast, "overpriced/cohorts.csv", false)},
		{"million-cohorts-2400-months", hostileScenario, "cohorts.csv", true, func(path string) error {
			if err := manyCohorts(path); err != nil {
				return err
			}
			sc := filepath.Join(filepath.Dir(path), "scenario.csv")
			if err := hostileSet(3, "value", "month")(sc); err != nil {
				return err
			}
			if err := hostileSet(4, "value", "2400")(sc); err != nil {
				return err
			}
			return hostileSet(1, "to", "2400")(filepath.Join(filepath.Dir(path), "metrics.csv"))
		}, with(hostileExpect{code: 1, rss: 1 << 20}, "*", true)}, // reading a million rows takes seconds
	}
	for _, f := range []struct {
		folder hostileFolder
		file   string
	}{{hostileCosting, "ledger.csv"}, {hostileCosting, "deflator.csv"}, {hostileOutcomes, "participants.csv"}, {hostileOutcomes, "metrics.csv"},
		{hostileAggregates, "aggregates.csv"}, {hostileScenario, "scenario.csv"}, {hostileScenario, "payments.csv"}, {hostileSpec, "uncertainty.csv"}} {
		cases = append(cases,
			memCase{"dev-zero-" + f.folder.example + "-" + f.file, f.folder, f.file, false, hostileSpecialFile("link-to-dev-zero"), with(fast, f.folder.folder+"/"+f.file, true)},
			memCase{"fifo-" + f.folder.example + "-" + f.file, f.folder, f.file, false, hostileSpecialFile("fifo"), with(fast, f.folder.folder+"/"+f.file, true)},
		)
	}
	for _, c := range cases {
		if c.heavy && testing.Short() {
			t.Logf("%s: skipped in -short", c.name)
			continue
		}
		dir := t.TempDir()
		ws := filepath.Join(dir, c.folder.example)
		hostileCopy(t, filepath.Join(hostileExamples, c.folder.example), ws)
		if err := c.make(filepath.Join(ws, c.folder.folder, c.file)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cwd := filepath.Join(dir, "cwd")
		os.Mkdir(cwd, 0o755)
		before := hostileSnapshot(t, dir)
		res := hostileExec(t, hostileRun{args: c.folder.command(ws), dir: cwd})
		v := hostileJudge(res, c.want, before, hostileSnapshot(t, dir))
		t.Logf("%-40s %s", c.name, res)
		hostileReport(t, &tally, c.name, v)
		os.RemoveAll(dir) // the big files go at once
	}
	tally.log(t, "memory and special inputs")
}

// ---------------------------------------------------------------------------
// Spreadsheet safety

// hostileFormulas are names a spreadsheet would run as formulas.
const hostileHyperlink = `=HYPERLINK("http://x")`

// hostileNumber is a number as the tool formats it (these may begin with -).
var hostileNumber = regexp.MustCompile(`^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$`)

// hostileUnsafeCells parses CSV output and lists the text cells that begin
// with = + - @ tab or CR and are not neutralised, and the neutralised ones.
func hostileUnsafeCells(data []byte) (unsafe, neutralised []string, err error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell == "" {
				continue
			}
			if cell[0] == '\'' {
				neutralised = append(neutralised, cell[1:])
				continue
			}
			if strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !hostileNumber.MatchString(cell) {
				unsafe = append(unsafe, cell)
			}
		}
	}
	return unsafe, neutralised, nil
}

// TestHostileSpreadsheet: names beginning with = + - @ tab and CR are
// accepted as written, and every CSV text cell carrying them is neutralised
// with a leading '.
func TestHostileSpreadsheet(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	type rename struct{ file, col, old, new string }
	type tool struct {
		name    string
		example string
		renames []rename
		runs    func(in string) [][]string // --format csv runs
		out     func(in, out string) []string
		appear  []string // injected names the outputs must show (neutralised)
	}
	costRenames := []rename{}
	for _, f := range []string{"ledger.csv", "activity.csv", "drivers.csv"} {
		costRenames = append(costRenames,
			rename{f, "service", "custody_day", hostileHyperlink},
			rename{f, "service", "court_case", "+1+1"},
			rename{f, "service", "probation_month", "-2+3"},
			rename{f, "service", "police_case", "@SUM(A1)"})
	}
	for _, f := range []string{"ledger.csv", "pools.csv"} {
		costRenames = append(costRenames,
			rename{f, "agency", "police", "=cmd|' /C calc'!A0"},
			rename{f, "agency", "courts", "@courts"},
			rename{f, "agency", "prosecution", "-prosecution"},
			rename{f, "agency", "probation", "\tprobation"},
			rename{f, "agency", "prison_service", "\rprison"})
	}
	costRenames = append(costRenames, rename{"ledger.csv", "item", "investigators", "+investigators"}, rename{"pools.csv", "pool", "municipal_it", "=pool"})
	avoid := []string{"--avoid=+1+1=10%", "--avoid=@SUM(A1)=5", "--avoid=-2+3=1"}
	tools := []tool{
		{name: "cost", example: "estonia", renames: costRenames,
			runs: func(in string) [][]string {
				var rs [][]string
				for _, tb := range []string{"units", "members", "reconciliation", "avoided", "avoided_lines"} {
					rs = append(rs, append(append([]string{"cost", "--format", "csv", "--table", tb}, avoid...), in+"/costing"))
				}
				return rs
			},
			out: func(in, out string) []string {
				return append(append([]string{"cost", "--out", out}, avoid...), in+"/costing")
			},
			// names beginning with a tab or CR may also come out trimmed
			appear: []string{hostileHyperlink, "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "@courts", "-prosecution"}},
		{name: "outcomes", example: "estonia",
			renames: []rename{
				{"cohorts.csv", "cohort", "2024", hostileHyperlink}, {"participants.csv", "cohort", "2024", hostileHyperlink},
				{"cohorts.csv", "cohort", "2025", "@SUM(A1)"}, {"participants.csv", "cohort", "2025", "@SUM(A1)"},
				{"metrics.csv", "unit", "share", "+1+1"}, {"metrics.csv", "unit", "per person", "-2+3"}, {"metrics.csv", "unit", "days", "\tdays"},
			},
			runs: func(in string) [][]string {
				return [][]string{
					{"outcomes", "--format", "csv", "--table", "effects", in + "/outcomes"},
					{"outcomes", "--format", "csv", "--table", "waterfall", in + "/outcomes"},
				}
			},
			out:    func(in, out string) []string { return []string{"outcomes", "--out", out, in + "/outcomes"} },
			appear: []string{hostileHyperlink, "@SUM(A1)", "+1+1", "-2+3"}},
		{name: "run", example: "preschool",
			renames: []rename{
				{"scenario.csv", "value", "EUR", hostileHyperlink},
				{"services.csv", "agency", "ministry_of_education", "-moe"}, {"payments.csv", "payer", "ministry_of_education", "-moe"},
				{"services.csv", "agency", "municipalities", "-2-3"},
				{"delivery.csv", "party", "provider", "-provider"},
				{"services.csv", "unit", "pupil-year of special education", "@SUM(A1)"},
				{"metrics.csv", "unit", "years in special education per child a year", "+1+1"},
			},
			runs: func(in string) [][]string {
				var rs [][]string
				for _, tb := range []string{"summary", "state", "terms", "tranches", "parties", "cash", "periods", "savings", "payments", "costs", "tranche_flows", "flows"} {
					rs = append(rs, []string{"run", "--format", "csv", "--table", tb, in + "/scenario"})
				}
				return rs
			},
			out:    func(in, out string) []string { return []string{"run", "--out", out, in + "/scenario"} },
			appear: []string{hostileHyperlink, "-moe", "-2-3", "-provider"}},
	}
	for _, tl := range tools {
		dir := t.TempDir()
		in := filepath.Join(dir, tl.example)
		hostileCopy(t, filepath.Join(hostileExamples, tl.example), in)
		folder := map[string]string{"cost": "costing", "outcomes": "outcomes", "run": "scenario"}[tl.name]
		for _, r := range tl.renames {
			if err := hostileRenameAny(r.col, r.old, r.new)(filepath.Join(in, folder, r.file)); err != nil {
				t.Fatalf("%s: %s: %v", tl.name, r.file, err)
			}
		}
		out := filepath.Join(dir, "out")
		runs := tl.runs(in)
		runs = append(runs, tl.out(in, out))
		seen := map[string]bool{}
		for i, args := range runs {
			name := fmt.Sprintf("%s/%s", tl.name, strings.Join(args[1:len(args)-1], " "))
			if i == len(runs)-1 {
				name = tl.name + "/--out"
			}
			res := hostileExec(t, hostileRun{args: args, dir: dir})
			var v hostileVerdict
			v.class = hostileOK
			if res.crashed() || res.hang || res.code != 0 {
				v.class = hostileOther
				if res.crashed() {
					v.class = hostileCrash
				}
				v.fail("names beginning with = + - @ tab or CR must be accepted as written: %s", res)
				hostileReport(t, &tally, name, v)
				continue
			}
			outputs := map[string][]byte{"stdout": []byte(res.stdout)}
			if i == len(runs)-1 {
				outputs = map[string][]byte{}
				files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
				for _, f := range files {
					outputs[filepath.Base(f)], _ = os.ReadFile(f)
				}
				if len(files) == 0 {
					v.fail("--out wrote no CSV file")
				}
			}
			for src, data := range outputs {
				unsafe, neutral, err := hostileUnsafeCells(data)
				if err != nil {
					v.fail("%s: not CSV: %v", src, err)
					continue
				}
				for _, n := range neutral {
					seen[n] = true
				}
				if len(unsafe) > 0 {
					v.class = hostileOther
					quoted := make([]string, 0, 4)
					for _, u := range unsafe[:min(4, len(unsafe))] {
						quoted = append(quoted, strconv.Quote(u))
					}
					v.fail("%s: %d text cells not neutralised, such as %s", src, len(unsafe), strings.Join(quoted, ", "))
				}
			}
			hostileReport(t, &tally, name, v)
		}
		var missing []string
		for _, a := range tl.appear {
			if !seen[a] {
				missing = append(missing, strconv.Quote(a))
			}
		}
		var v hostileVerdict
		v.class = hostileOK
		if len(missing) > 0 {
			v.class = hostileOther
			v.fail("no neutralised cell '%s in any CSV output (the names must reach the output as written, with a leading ')", strings.Join(missing, ", '"))
		}
		hostileReport(t, &tally, tl.name+"/names-reach-the-output", v)
	}
	tally.log(t, "spreadsheet safety")
}

// ---------------------------------------------------------------------------
// Usage errors and JSON

// TestHostileUsage: a count that must be positive is a usage error (exit 2)
// naming the flag.
func TestHostileUsage(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	w := newHostileWS(t)
	s, u := w.estonia()
	cases := []struct {
		name string
		args []string
		flag string
	}{
		{"simulate-draws-0", []string{"simulate", "--draws", "0", s, u}, "--draws"},
		{"simulate-draws-minus-1", []string{"simulate", "--draws", "-1", s, u}, "--draws"},
		{"sobol-n-0", []string{"sobol", "--n", "0", s, u}, "--n"},
		{"sobol-n-minus-5", []string{"sobol", "--n", "-5", s, u}, "--n"},
		{"run-set-huge", []string{"run", "--set", "delivery.mentoring.amount=99999999999999", s}, "delivery.mentoring.amount"},
	}
	for _, c := range cases {
		before := hostileSnapshot(t, w.root)
		res := hostileExec(t, hostileRun{args: c.args, dir: w.p("cwd")})
		want := hostileExpect{code: 2, flag: c.flag}
		if c.name == "run-set-huge" && res.code == 1 {
			// within the parameter's range but beyond the ledger's: a data
			// error (1) is as right as a usage error (2); the name is what counts
			want.code = 1
		}
		hostileReport(t, &tally, c.name, hostileJudge(res, want, before, hostileSnapshot(t, w.root)))
	}
	tally.log(t, "usage errors")
}

// hostileDuplicateKeys walks a JSON document token by token and lists the
// keys that appear twice in one object, with their path.
func hostileDuplicateKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var dups []string
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k := kt.(string)
				if seen[k] {
					dups = append(dups, path+"."+k)
				}
				seen[k] = true
				if err := walk(path + "." + k); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(""); err != nil {
		return dups, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return dups, fmt.Errorf("more than one JSON value")
	}
	return dups, nil
}

// TestHostileJSON: every --format json output has no repeated key at any level.
func TestHostileJSON(t *testing.T) {
	hostileBinary(t)
	var tally hostileTally
	w := newHostileWS(t)
	s, u := w.estonia()
	cases := [][]string{
		{"run", "--format", "json", s},
		{"run", "--format", "json", w.p("preschool", "scenario")},
		{"run", "--format", "json", w.p("employment", "scenario")},
		{"cost", "--format", "json", "--avoid", "custody_day=10%", w.p("estonia", "costing")},
		{"outcomes", "--format", "json", w.p("estonia", "outcomes")},
		{"params", "--format", "json", s},
		{"outputs", "--format", "json", s},
		{"tornado", "--format", "json", s, u},
		{"simulate", "--format", "json", "--draws", "200", s, u},
		{"sobol", "--format", "json", "--n", "64", "--boot", "10", s, u},
		{"breakeven", "--format", "json", "--param", "outcome.reconvictions.effect", s, u},
		{"power", "--format", "json", "--kind", "binary", "--baseline", "0.42", "--n", "200,400"},
	}
	for _, args := range cases {
		name := args[0] + "/" + filepath.Base(filepath.Dir(args[len(args)-1]))
		if args[0] == "power" {
			name = "power"
		}
		res := hostileExec(t, hostileRun{args: args, dir: w.p("cwd")})
		var v hostileVerdict
		v.class = hostileOK
		if res.code != 0 || res.crashed() {
			v.class = hostileOther
			v.fail("%s", res)
		} else if dups, err := hostileDuplicateKeys([]byte(res.stdout)); err != nil {
			v.class = hostileOther
			v.fail("not one JSON value: %v", err)
		} else if len(dups) > 0 {
			v.class = hostileOther
			v.fail("repeated keys: %s", strings.Join(dups, ", "))
		}
		hostileReport(t, &tally, name, v)
	}
	tally.log(t, "JSON")
}

// TestHostileZSummary prints the counts of every case the hostile tests ran
// (it runs last: tests run in file order).
func TestHostileZSummary(t *testing.T) {
	hostileTotal.log(t, "all hostile cases")
	hostileTotal.mu.Lock()
	defer hostileTotal.mu.Unlock()
	if n := len(hostileTotal.failed); n > 0 {
		t.Logf("%d failing cases (see the subtests above)", n)
	}
}
